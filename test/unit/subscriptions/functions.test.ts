/**
 * The deployed entries with AWS mocked: which environment variables they read, what they call.
 * (The CDK stacks must set exactly these; see the names in lambdas/shared/env.ts.)
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { emailHash, subscriberId } from '../../../lambdas/subscriptions/address';
import { generateTokenKeysJson } from '../../../lambdas/subscriptions/tokens';
import { httpEvent, lambdaContext } from '../../support/events';
import { sesFixture, snsEvent } from '../../support/ses';
import { TABLE_ENV } from '../../support/table-env';

const dynamo = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESv2Client);
const secrets = mockClient(SecretsManagerClient);

const ENV = {
  ...TABLE_ENV,
  TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:careerwire-tokens',
  PUBLIC_BASE_URL: 'https://api.careerwire.example/',
  SENDER_EMAIL: 'alerts@careerwire.example',
  SES_CONFIGURATION_SET: 'careerwire-feedback',
  ADMIN_API_KEY: 'unit-admin-key-0123456789',
  PLANNER_FUNCTION_NAME: 'planner-fn',
  AWS_REGION: 'us-east-1',
};
// The entries read their configuration once, at import (a cold start): each is imported once here,
// with this environment, and the mocks patch the same SDK modules they use.
Object.assign(process.env, ENV);
delete process.env.TOKEN_KEYS_FILE;

beforeEach(() => {
  dynamo.reset();
  ses.reset();
  secrets.reset();
});

it('api: fails at cold start, naming the variable, when the subscription configuration is missing', async () => {
  delete process.env.TOKEN_SECRET_ARN;
  try {
    await jest.isolateModulesAsync(async () => {
      await expect(import('../../../lambdas/functions/api')).rejects.toThrow('missing required environment variable TOKEN_SECRET_ARN');
    });
  } finally {
    process.env.TOKEN_SECRET_ARN = ENV.TOKEN_SECRET_ARN;
  }
  expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
});

it('subscriptions: a sign-up reads the subscriber and suppression tables, and sends through SES with the configured sender and configuration set', async () => {
  secrets.on(GetSecretValueCommand).resolves({ SecretString: generateTokenKeysJson('prod1') });
  dynamo.on(QueryCommand).resolves({ Items: [] });
  dynamo.on(GetCommand).resolves({});
  dynamo.on(PutCommand).resolves({});
  dynamo.on(UpdateCommand).resolves({});
  // The confirmation slot is taken on the item the sign-up just wrote: the update answers with it.
  const id = subscriberId('ann@example.com');
  const pending = { id, email: 'ann@example.com', status: 'pending', tier: 'free', preferences: {}, linkSecret: 'AAAAAAAAAAAAAAAAAAAAAA', createdAt: 'x', updatedAt: 'x' };
  dynamo.on(UpdateCommand, { TableName: 'subscribers-t' }).resolves({ Attributes: pending });
  ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
  const { handler } = await import('../../../lambdas/functions/subscriptions');
  const res = await handler(
    httpEvent('POST', '/subscriptions', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ann@example.com' }) }),
    lambdaContext,
  );
  expect(res.statusCode).toBe(202);
  const gets = dynamo.commandCalls(GetCommand).map((c) => c.args[0].input.TableName);
  expect(gets).toEqual(expect.arrayContaining(['suppressions-t', 'subscribers-t', 'rate-limits-t']));
  expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input).toMatchObject({ TableName: 'subscribers-t', Item: { id: subscriberId('ann@example.com'), status: 'pending' } });
  expect(secrets.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({ SecretId: ENV.TOKEN_SECRET_ARN });
  const send = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
  expect(send).toMatchObject({ FromEmailAddress: 'alerts@careerwire.example', ConfigurationSetName: 'careerwire-feedback', Destination: { ToAddresses: ['ann@example.com'] } });
  expect(send?.Content?.Simple?.Body?.Text?.Data).toContain('https://api.careerwire.example/subscriptions/confirm?token=2.confirm.');
});

it('subscriptions: fails at cold start, naming every variable of the subscription configuration missing', async () => {
  const { SENDER_EMAIL, RATE_LIMITS_TABLE } = process.env;
  delete process.env.SENDER_EMAIL;
  delete process.env.RATE_LIMITS_TABLE;
  try {
    await jest.isolateModulesAsync(async () => {
      await expect(import('../../../lambdas/functions/subscriptions')).rejects.toThrow(
        'configuration: missing required environment variable RATE_LIMITS_TABLE; missing required environment variable SENDER_EMAIL',
      );
    });
  } finally {
    Object.assign(process.env, { SENDER_EMAIL, RATE_LIMITS_TABLE });
  }
});

it('api: the subscription paths are not its routes (API Gateway sends them to the subscriptions function)', async () => {
  const { handler } = await import('../../../lambdas/functions/api');
  const res = await handler(
    httpEvent('POST', '/subscriptions', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ann@example.com' }) }),
    lambdaContext,
  );
  expect(res.statusCode).toBe(404);
  expect(dynamo.calls()).toHaveLength(0);
  expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
});

it('refuses a plain-http PUBLIC_BASE_URL outside localhost', async () => {
  const { parseBaseUrl } = await import('../../../lambdas/subscriptions/links');
  expect(() => parseBaseUrl('http://api.careerwire.example')).toThrow('https');
  expect(() => parseBaseUrl('https://api.careerwire.example/?x=1')).toThrow('query');
  expect(() => parseBaseUrl('not a url')).toThrow('absolute');
  expect(parseBaseUrl('https://api.careerwire.example/v1/')).toBe('https://api.careerwire.example/v1');
  expect(parseBaseUrl('http://127.0.0.1:3000')).toBe('http://127.0.0.1:3000');
});

it('admin: the tier route reads and updates the subscriber table, moving alertShard to the new tier', async () => {
  const id = subscriberId('ann@example.com');
  const item = { id, email: 'ann@example.com', status: 'confirmed', tier: 'free', preferences: {}, createdAt: 'x', updatedAt: 'x' };
  dynamo.on(GetCommand).resolves({ Item: item });
  dynamo.on(UpdateCommand).resolves({ Attributes: { ...item, tier: 'plus' } });
  const { handler } = await import('../../../lambdas/functions/admin');
  const res = await handler(
    httpEvent('PUT', '/admin/subscribers/ann%40example.com/tier', {
      headers: { 'content-type': 'application/json', 'x-api-key': ENV.ADMIN_API_KEY },
      body: JSON.stringify({ tier: 'plus' }),
    }),
    lambdaContext,
  );
  expect(res.statusCode).toBe(200);
  const update = dynamo.commandCalls(UpdateCommand)[0]?.args[0].input;
  expect(update).toMatchObject({ TableName: 'subscribers-t', Key: { id } });
  expect(update?.ExpressionAttributeValues?.[':shard']).toBe('plus#default');
});

it('feedback: a permanent bounce writes the suppression list and marks the subscriber', async () => {
  dynamo.on(PutCommand).resolves({});
  dynamo.on(UpdateCommand).resolves({ Attributes: { id: 'x', email: 'e', status: 'confirmed', tier: 'free', createdAt: 'x', updatedAt: 'x' } });
  const { handler } = await import('../../../lambdas/functions/feedback');
  const outcomes = await handler(snsEvent(sesFixture('bounce-permanent')), lambdaContext);
  expect(outcomes).toEqual([expect.objectContaining({ kind: 'permanent-bounce', suppressed: 1 })]);
  expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input).toMatchObject({
    TableName: 'suppressions-t',
    Item: { emailHash: emailHash('gone.reader@example.com'), reason: 'bounce' },
  });
  expect(dynamo.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({ TableName: 'subscribers-t', Key: { id: subscriberId('gone.reader@example.com') } });
});

it('feedback: a DynamoDB failure fails the invocation, so Lambda retries the event', async () => {
  dynamo.on(PutCommand).rejects(Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' }));
  const { handler } = await import('../../../lambdas/functions/feedback');
  await expect(handler(snsEvent(sesFixture('complaint')), lambdaContext)).rejects.toThrow('throttled');
});
