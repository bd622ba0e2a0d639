/**
 * Where token keys come from: a Secrets Manager secret in AWS (TOKEN_SECRET_ARN), a generated file in
 * DATA_DIR locally (TOKEN_KEYS_FILE). Either is read lazily on first use and cached for 5 minutes,
 * like the admin API key, so a rotation (new current, old one as previous) takes effect within the
 * cache time without a redeploy.
 */
import { readFile } from 'node:fs/promises';
import { SUBSCRIPTION_ENV, ConfigError } from '../shared/env';
import { SUBSCRIPTION_LIMITS } from '../shared/limits';
import { parseTokenKeys, type TokenKeys } from './tokens';

export type TokenKeyProvider = () => Promise<TokenKeys>;

/** Caches a provider's value for ttlMs; a failed load is not cached (the next call retries). */
export function cachedTokenKeys(
  load: TokenKeyProvider,
  ttlMs: number = SUBSCRIPTION_LIMITS.tokenKeysCacheMs,
  now: () => number = Date.now,
): TokenKeyProvider {
  let value: { keys: TokenKeys; at: number } | undefined;
  let inflight: Promise<TokenKeys> | undefined;
  return async () => {
    if (value !== undefined && now() - value.at <= ttlMs) return value.keys;
    inflight ??= load().then(
      (keys) => {
        value = { keys, at: now() };
        inflight = undefined;
        return keys;
      },
      (error: unknown) => {
        inflight = undefined;
        throw error;
      },
    );
    return inflight;
  };
}

export function fileTokenKeys(path: string): TokenKeyProvider {
  return cachedTokenKeys(async () => parseTokenKeys(await readFile(path, 'utf8')));
}

export function secretTokenKeys(secretArn: string): TokenKeyProvider {
  return cachedTokenKeys(async () => {
    // Loaded on first use only: requests that never touch a token never pay for this client.
    const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
    const out = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: secretArn }));
    if (out.SecretString === undefined) throw new ConfigError('the token key secret has no string value');
    return parseTokenKeys(out.SecretString);
  });
}

/** TOKEN_KEYS_FILE (local stack) wins over TOKEN_SECRET_ARN (AWS); one of them must be set. */
export function tokenKeysFromEnv(env: NodeJS.ProcessEnv = process.env): TokenKeyProvider {
  const file = env[SUBSCRIPTION_ENV.tokenKeysFile];
  if (file !== undefined && file !== '') return fileTokenKeys(file);
  const arn = env[SUBSCRIPTION_ENV.tokenSecretArn];
  if (arn !== undefined && arn !== '') return secretTokenKeys(arn);
  throw new ConfigError(`missing required environment variable ${SUBSCRIPTION_ENV.tokenSecretArn}`);
}
