import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { cachedTokenKeys, fileTokenKeys, tokenKeysFromEnv } from '../../../lambdas/subscriptions/token-keys';
import { generateTokenKeysJson, parseTokenKeys, type TokenKeys } from '../../../lambdas/subscriptions/tokens';

const secrets = mockClient(SecretsManagerClient);
beforeEach(() => secrets.reset());

it('caches keys for the ttl, then reloads (a rotation takes effect without a redeploy)', async () => {
  let clock = 0;
  let loads = 0;
  const first = parseTokenKeys(generateTokenKeysJson('a'));
  const second = parseTokenKeys(generateTokenKeysJson('b'));
  const provider = cachedTokenKeys(async () => (++loads === 1 ? first : second), 1000, () => clock);
  expect((await provider()).current.id).toBe('a');
  clock = 1000;
  expect((await provider()).current.id).toBe('a');
  clock = 1001;
  expect((await provider()).current.id).toBe('b');
  expect(loads).toBe(2);
});

it('shares one load between concurrent callers and does not cache a failure', async () => {
  let loads = 0;
  const keys = parseTokenKeys(generateTokenKeysJson('a'));
  const provider = cachedTokenKeys(async () => {
    loads++;
    if (loads === 1) throw new Error('secrets manager unreachable');
    return keys;
  });
  await expect(provider()).rejects.toThrow('unreachable');
  const [a, b] = await Promise.all([provider(), provider()]);
  expect(a).toBe(b);
  expect(loads).toBe(2);
});

it('reads the local key file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'keys-'));
  try {
    const file = join(dir, 'token-keys.json');
    writeFileSync(file, generateTokenKeysJson('local1'));
    expect((await fileTokenKeys(file)()).current.id).toBe('local1');
  } finally {
    rmSync(dir, { recursive: true });
  }
});

it('reads the Secrets Manager secret named by TOKEN_SECRET_ARN, lazily', async () => {
  secrets.on(GetSecretValueCommand).resolves({ SecretString: generateTokenKeysJson('prod-2026-11') });
  const provider = tokenKeysFromEnv({ TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:1:secret:tokens' });
  expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(0);
  const keys: TokenKeys = await provider();
  expect(keys.current.id).toBe('prod-2026-11');
  await provider();
  expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  expect(secrets.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({ SecretId: 'arn:aws:secretsmanager:us-east-1:1:secret:tokens' });
});

it('prefers the local key file and fails fast when neither is configured', async () => {
  expect(() => tokenKeysFromEnv({})).toThrow('missing required environment variable TOKEN_SECRET_ARN');
  await expect(tokenKeysFromEnv({ TOKEN_KEYS_FILE: '/nowhere/token-keys.json', TOKEN_SECRET_ARN: 'arn' })()).rejects.toThrow('ENOENT');
  expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(0);
});
