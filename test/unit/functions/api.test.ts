/** The deployed API entry, with DynamoDB mocked: config from env, store wiring, errors. */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { generateTokenKeysJson } from '../../../lambdas/subscriptions/tokens';
import { httpEvent, json, lambdaContext } from '../../support/events';
import { sampleGuide } from '../../support/guides';

const dynamo = mockClient(DynamoDBDocumentClient);
// The token keys, which also sign page cursors.
const secrets = mockClient(SecretsManagerClient);
secrets.on(GetSecretValueCommand).resolves({ SecretString: generateTokenKeysJson('k1') });

beforeAll(() => {
  process.env.GUIDES_TABLE = 'guides-table-from-env';
  process.env.JOBS_TABLE = 'jobs-table-from-env';
  process.env.SUBSCRIBERS_TABLE = 'subscribers';
  process.env.SUPPRESSIONS_TABLE = 'suppressions';
  process.env.DELIVERIES_TABLE = 'deliveries';
  process.env.RATE_LIMITS_TABLE = 'rate-limits';
  process.env.TOKEN_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:tokens';
  process.env.PUBLIC_BASE_URL = 'https://api.careerwire.example';
  process.env.SENDER_EMAIL = 'alerts@careerwire.example';
  process.env.AWS_REGION = 'us-east-1';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});
beforeEach(() => dynamo.reset());

const load = async () => (await import('../../../lambdas/functions/api')).handler;

it('reads the guide from the table named in GUIDES_TABLE', async () => {
  const guide = sampleGuide({ slug: 'nurse', title: 'Nurse' });
  dynamo.on(GetCommand).resolves({ Item: { body: JSON.stringify(guide) } });
  const handler = await load();
  const result = await handler(httpEvent('GET', '/guides/nurse'), lambdaContext);
  expect(result.statusCode).toBe(200);
  expect(json(result)).toEqual(guide);
  expect(dynamo.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({
    TableName: 'guides-table-from-env',
    Key: { slug: 'nurse' },
  });
  // A guide read never waits for Secrets Manager: only routes that page need the (cursor) keys.
  expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(0);
});

it('lists guides with one Query on the title index', async () => {
  dynamo.on(QueryCommand).resolves({
    Items: [{ slug: 'nurse', title: 'Nurse', kind: 'guide', summary: 's', updatedAt: '2026-11-01T00:00:00.000Z' }],
  });
  const handler = await load();
  const result = await handler(httpEvent('GET', '/guides'), lambdaContext);
  expect(json(result)).toMatchObject({ items: [{ slug: 'nurse', medianSalary: null }], nextCursor: null });
  expect(dynamo.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({ IndexName: 'byTitle' });
  expect(secrets.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({ SecretId: process.env.TOKEN_SECRET_ARN });
});

it('answers 503 problem+json when DynamoDB throttles', async () => {
  dynamo.on(GetCommand).rejects(Object.assign(new Error('slow down'), { name: 'ProvisionedThroughputExceededException' }));
  const handler = await load();
  const result = await handler(httpEvent('GET', '/guides/nurse'), lambdaContext);
  expect(result.statusCode).toBe(503);
  expect(result.headers?.['content-type']).toBe('application/problem+json');
});

it('fails fast at cold start when GUIDES_TABLE is missing', async () => {
  const saved = process.env.GUIDES_TABLE;
  delete process.env.GUIDES_TABLE;
  try {
    await jest.isolateModulesAsync(async () => {
      await expect(import('../../../lambdas/functions/api')).rejects.toThrow('missing required environment variable GUIDES_TABLE');
    });
  } finally {
    process.env.GUIDES_TABLE = saved;
  }
});
