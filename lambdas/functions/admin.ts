/**
 * API Gateway `ANY /admin/{proxy+}` → the operators' API. The only HTTP function with write grants;
 * every route checks x-api-key against the key in Secrets Manager (or ADMIN_API_KEY locally).
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { DynamoGuideStore } from '../guides/store';
import { cachedKey, type KeyProvider } from '../http/api-key';
import { createAdminApi } from '../http/api';
import { DynamoJobStore } from '../jobs/store';
import { guideLinker } from '../jobs/sync';
import { dynamo, tableName } from '../shared/aws';
import { ENV, requireEnv } from '../shared/env';
import { logger } from '../shared/observability';
import { GuidesTable, JobsTable } from '../shared/tables';
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
const admin = createAdminApi({
  jobs: new DynamoJobStore(dynamo(), tableName(JobsTable)),
  linker: () => guideLinker(guides),
  apiKey: keyProvider(),
  now: () => new Date(),
  log: logger,
  subscribers: { store: subscriberStoreFromEnv({ withDeliveries: false }), log: logger },
});

export const handler = async (
  event: APIGatewayProxyEventV2,
  context: Context,
): Promise<APIGatewayProxyStructuredResultV2> => {
  logger.addContext(context);
  return admin(event);
};
