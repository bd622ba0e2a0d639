/**
 * API Gateway `ANY /admin/{proxy+}` → the operators' API. The only HTTP function with write grants;
 * every route checks x-api-key against the key in Secrets Manager (or ADMIN_API_KEY locally).
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { PlannerEvent } from '../alerts/handlers';
import { DynamoRunStore } from '../alerts/runs';
import { DynamoGuideStore } from '../guides/store';
import { cachedKey, type KeyProvider } from '../http/api-key';
import { createAdminApi } from '../http/api';
import { DynamoJobStore } from '../jobs/store';
import { guideLinker } from '../jobs/sync';
import { dynamo, tableName } from '../shared/aws';
import { ALERT_ENV, ENV, requireEnv } from '../shared/env';
import { logger, tracer } from '../shared/observability';
import { GuidesTable, JobsTable, RunsTable } from '../shared/tables';
import { subscriberStoreFromEnv } from '../subscriptions/wiring';

function keyProvider(): KeyProvider {
  const local = process.env[ENV.adminApiKey];
  if (local !== undefined && local !== '') return async () => local;
  const secretArn = requireEnv(ENV.adminApiKeySecretArn);
  return cachedKey(async () => {
    // Loaded on the first admin request only: public cold starts never pay for this client.
    const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
    const out = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: secretArn }));
    if (out.SecretString === undefined) throw new Error('the admin API key secret has no string value');
    return out.SecretString;
  });
}

const guides = new DynamoGuideStore(dynamo(), tableName(GuidesTable));
const plannerFunction = requireEnv(ALERT_ENV.plannerFunctionName);
const lambda = tracer.captureAWSv3Client(new LambdaClient({}));
const admin = createAdminApi({
  jobs: new DynamoJobStore(dynamo(), tableName(JobsTable)),
  linker: () => guideLinker(guides),
  apiKey: keyProvider(),
  now: () => new Date(),
  log: logger,
  subscribers: { store: subscriberStoreFromEnv({ withDeliveries: false }), log: logger },
  alerts: {
    runs: new DynamoRunStore(dynamo(), tableName(RunsTable)),
    // The planner runs on its own (up to 15 minutes); the caller polls GET /admin/runs/{id}.
    startRun: async ({ tier, dryRun, runId }) => {
      const event: PlannerEvent = { tier, dryRun, runId };
      await lambda.send(new InvokeCommand({ FunctionName: plannerFunction, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(event)) }));
    },
  },
});

export const handler = async (
  event: APIGatewayProxyEventV2,
  context: Context,
): Promise<APIGatewayProxyStructuredResultV2> => {
  logger.addContext(context);
  return admin(event);
};
