/**
 * Secrets through Powertools Parameters: Secrets Manager (mocked) read on first use only, kept for
 * maxAge, read again after it (a rotation without a redeploy), a failure not kept; the local key file
 * through a provider of the same interface; the token keys parsed from either.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { awsClients } from '../../../lambdas/shared/aws';
import { secretValue } from '../../../lambdas/shared/secrets';
import { SUBSCRIPTION_LIMITS } from '../../../lambdas/shared/limits';
import { tokenKeyProvider } from '../../../lambdas/subscriptions/token-keys';
import { generateTokenKeysJson } from '../../../lambdas/subscriptions/tokens';

const secrets = mockClient(SecretsManagerClient);
const ARN = 'arn:aws:secretsmanager:us-east-1:1:secret:tokens';
let dir = '';
/** Moves the clock Parameters reads (Date only: the SDK's and fs's timers stay real). */
const advance = (ms: number) => jest.setSystemTime(Date.now() + ms);

beforeEach(() => {
  secrets.reset();
  jest.useFakeTimers({
    now: Date.parse('2026-11-28T12:00:00Z'),
    doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
  });
  dir = mkdtempSync(join(tmpdir(), 'secrets-'));
});
afterEach(() => {
  jest.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

const clients = () => awsClients({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });

it('reads a Secrets Manager secret on first use, keeps it for maxAge, then reads it again', async () => {
  secrets.on(GetSecretValueCommand).resolvesOnce({ SecretString: 'first' }).resolves({ SecretString: 'rotated' });
  const read = secretValue({ secretId: ARN }, clients(), 300);
  expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(0);
  expect(await read()).toBe('first');
  advance(299_000);
  expect(await read()).toBe('first');
  expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  advance(2_000);
  expect(await read()).toBe('rotated');
  expect(secrets.commandCalls(GetSecretValueCommand).map((c) => c.args[0].input.SecretId)).toEqual([ARN, ARN]);
});

it('does not keep a failed read: the next call asks again', async () => {
  secrets.on(GetSecretValueCommand).rejectsOnce(new Error('unreachable')).resolves({ SecretString: 'value' });
  const read = secretValue({ secretId: ARN }, clients(), 300);
  await expect(read()).rejects.toThrow();
  expect(await read()).toBe('value');
  expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
});

it('refuses a secret without a string value', async () => {
  secrets.on(GetSecretValueCommand).resolves({ SecretBinary: new Uint8Array([1, 2]) });
  await expect(secretValue({ secretId: ARN }, clients(), 300)()).rejects.toThrow(`the secret ${ARN} has no string value`);
});

it('reads the local file through a provider with the same cache', async () => {
  const file = join(dir, 'key');
  writeFileSync(file, 'one');
  const read = secretValue({ file }, clients(), 300);
  expect(await read()).toBe('one');
  writeFileSync(file, 'two');
  expect(await read()).toBe('one');
  advance(301_000);
  expect(await read()).toBe('two');
  expect(secrets.calls()).toHaveLength(0);
});

it('token keys: parsed from the secret, kept for the token key cache time', async () => {
  secrets.on(GetSecretValueCommand).resolvesOnce({ SecretString: generateTokenKeysJson('prod-1') }).resolves({ SecretString: generateTokenKeysJson('prod-2') });
  const keys = tokenKeyProvider({ secretId: ARN }, clients());
  expect((await keys()).current.id).toBe('prod-1');
  advance(SUBSCRIPTION_LIMITS.tokenKeysCacheMs - 1_000);
  expect((await keys()).current.id).toBe('prod-1');
  advance(2_000);
  expect((await keys()).current.id).toBe('prod-2');
});

it('token keys: a file that is not a key document fails the call that needs it', async () => {
  const file = join(dir, 'token-keys.json');
  writeFileSync(file, '{"current":1}');
  await expect(tokenKeyProvider({ file }, clients())()).rejects.toThrow();
  await expect(tokenKeyProvider({ file: join(dir, 'missing.json') }, clients())()).rejects.toThrow();
});
