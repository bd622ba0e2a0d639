/**
 * The admin function (API Gateway `ANY /admin/{proxy+}`): the operators' API. The only HTTP function
 * with write grants; every route checks x-api-key against the key in Secrets Manager (or the local
 * stack's key).
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { PlannerEvent } from '../alerts/planner-handler';
import { DynamoRunStore } from '../alerts/runs';
import { DynamoGuideStore } from '../guides/store';
import type { KeyProvider } from '../http/api-key';
import { DynamoJobStore } from '../jobs/store';
import { createGuideLinker } from '../jobs/guide-link';
import type { AwsClients } from '../shared/aws';
import { logger } from '../shared/logging';
import { secretValue } from '../shared/secrets';
import { DynamoSubscriberStore } from '../subscriptions/dynamo-store';
import type { AdminConfig } from './config';
import { createAdminApi } from './admin-routes';
import type { HttpHandler } from './routes';

/** How long the admin key is kept before it is read again (a rotation takes effect within this). */
const ADMIN_KEY_MAX_AGE_SECONDS = 300;

function adminKey(source: AdminConfig['adminKey'], clients: AwsClients): KeyProvider {
  if ('value' in source) {
    const { value } = source;
    return async () => value;
  }
  // Loaded on the first admin request only: public cold starts never pay for Secrets Manager.
  return secretValue(source, clients, ADMIN_KEY_MAX_AGE_SECONDS);
}

export function buildAdmin(config: AdminConfig, clients: AwsClients): HttpHandler {
  const doc = clients.dynamo();
  const guides = new DynamoGuideStore(doc, config.tables.guides);
  return createAdminApi({
    jobs: new DynamoJobStore(doc, config.tables.jobs),
    // From guide-link.ts, not jobs/sync.ts: the feed parsers (and htmlparser2) stay out of the cold start.
    linker: async () => createGuideLinker(await guides.listRoles()),
    apiKey: adminKey(config.adminKey, clients),
    now: () => new Date(),
    log: logger,
    // Tier changes only: no deliveries table (no export or erase here).
    subscribers: { store: new DynamoSubscriberStore(doc, config.tables.subscribers, undefined), log: logger },
    alerts: {
      runs: new DynamoRunStore(doc, config.tables.runs),
      // The planner runs on its own (up to 15 minutes); the caller polls GET /admin/runs/{id}.
      startRun: async ({ tier, dryRun, runId, allZones }) => {
        // The run's instant is the request's: a retried invocation plans the zones due then, not later.
        const event: PlannerEvent = { tier, dryRun, runId, now: new Date().toISOString(), ...(allZones ? { allZones } : {}) };
        await clients.client('lambda', (c) => new LambdaClient(c)).send(
          new InvokeCommand({ FunctionName: config.plannerFunctionName, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(event)) }),
        );
      },
    },
  });
}
