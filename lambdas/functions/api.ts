/**
 * API Gateway HTTP API ($default route, payload 2.0) → the public API: guides and jobs (read-only)
 * and the subscription routes (sign-up, token links), which write the subscriber tables and send
 * through SES.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { HashCheckedGuideReader } from '../guides/cache';
import { DynamoGuideStore } from '../guides/store';
import { createApi } from '../http/api';
import { MarkerCheckedJobReader } from '../jobs/cache';
import { DynamoJobStore } from '../jobs/store';
import { dynamo, tableName } from '../shared/aws';
import { logger, metrics } from '../shared/logging';
import { GuidesTable, JobsTable } from '../shared/tables';
import { tokenKeysFromEnv } from '../subscriptions/token-keys';
import { subscriptionServicesFromEnv } from '../subscriptions/wiring';

// Read at cold start: a missing binding fails the first invocation loudly, not a request later.
// (Token keys are still fetched on first use: guide and job requests never wait for Secrets Manager.)
// A guide read once is kept and re-checked by its content hash only (see HashCheckedGuideReader).
const guides = new HashCheckedGuideReader(new DynamoGuideStore(dynamo(), tableName(GuidesTable)));
// Sign-ups a limit turned away (signup-limits.ts); the overall ceiling is alarmed.
const subscriptions = subscriptionServicesFromEnv(guides, (limit) => {
  metrics.addMetric(limit === 'ceiling' ? 'SignUpCeilingReached' : 'SignUpsLimited', MetricUnit.Count, 1);
  metrics.publishStoredMetrics();
});
// Page cursors are signed with the token keys: shared by every instance, rotated with them.
const tokenKeys = tokenKeysFromEnv();
const api = createApi({
  guides,
  // Job lists come from memory while the jobs' version marker is unchanged (see MarkerCheckedJobReader).
  jobs: new MarkerCheckedJobReader(new DynamoJobStore(dynamo(), tableName(JobsTable))),
  subscriptions: () => subscriptions,
  cursorKeys: async () => {
    const { current, previous } = await tokenKeys();
    return previous === undefined ? [current.key] : [current.key, previous.key];
  },
  siteUrl: subscriptions.links.baseUrl,
  log: logger,
});

export const handler = async (
  event: APIGatewayProxyEventV2,
  context: Context,
): Promise<APIGatewayProxyStructuredResultV2> => {
  logger.addContext(context);
  return api(event);
};
