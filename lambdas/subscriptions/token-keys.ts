/**
 * The token keys: a Secrets Manager secret in AWS, the generated key file in DATA_DIR locally, read on
 * first use and kept for SUBSCRIPTION_LIMITS.tokenKeysCacheMs (shared/secrets.ts), so a rotation (new
 * current, old one as previous) takes effect within that time without a redeploy.
 */
import type { AwsClients } from '../shared/aws';
import { SUBSCRIPTION_LIMITS } from '../shared/limits';
import { parsedSecret, secretValue, type SecretSource } from '../shared/secrets';
import { parseTokenKeys, type TokenKeys } from './tokens';

export type TokenKeyProvider = () => Promise<TokenKeys>;

export function tokenKeyProvider(source: SecretSource, clients: AwsClients): TokenKeyProvider {
  return parsedSecret(secretValue(source, clients, SUBSCRIPTION_LIMITS.tokenKeysCacheMs / 1000), parseTokenKeys);
}
