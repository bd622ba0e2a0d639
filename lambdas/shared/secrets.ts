/**
 * Secrets (the token keys, the admin API key) through Powertools Parameters: fetched on first use and
 * kept `maxAge` seconds, so a rotation takes effect within that time without a redeploy, and a failed
 * fetch is not kept (the next call tries again). The Secrets Manager client and Parameters are imported
 * on that first use: a cold start that serves a guide never loads them. Locally the value comes from a
 * file, through a Parameters provider of its own, with the same cache.
 */
import type { AwsClients } from './aws';
import { ConfigError } from './env';

/** Where a secret's value lives: a Secrets Manager secret (AWS) or a file (the local stack). */
export type SecretSource = { secretId: string } | { file: string };

/** The secret's current value. */
export type SecretValue = () => Promise<string>;

/** What the secrets' Parameters providers have in common (get with maxAge). */
interface ValueProvider {
  get(name: string, options: { maxAge: number }): Promise<unknown>;
}

export function secretValue(source: SecretSource, clients: AwsClients, maxAgeSeconds: number): SecretValue {
  const name = 'file' in source ? source.file : source.secretId;
  let provider: Promise<ValueProvider> | undefined;
  const load = async (): Promise<ValueProvider> => {
    if ('file' in source) return new (await import('./file-secrets')).FileProvider();
    const [{ SecretsProvider }, { SecretsManagerClient }] = await Promise.all([
      import('@aws-lambda-powertools/parameters/secrets'),
      import('@aws-sdk/client-secrets-manager'),
    ]);
    return new SecretsProvider({ awsSdkV3Client: clients.client('secretsmanager', (config) => new SecretsManagerClient(config)) });
  };
  return async () => {
    provider ??= load().catch((error: unknown) => {
      provider = undefined;
      throw error;
    });
    const value = await (await provider).get(name, { maxAge: maxAgeSeconds });
    if (typeof value !== 'string') throw new ConfigError(`the secret ${name} has no string value`);
    return value;
  };
}

/** `read` with `parse` applied, parsed again only when the value changes (a rotation). */
export function parsedSecret<T>(read: SecretValue, parse: (text: string) => T): () => Promise<T> {
  let last: { text: string; value: T } | undefined;
  return async () => {
    const text = await read();
    if (last?.text !== text) last = { text, value: parse(text) };
    return last.value;
  };
}
