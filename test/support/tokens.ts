/** Tokens as the first version signed them: still in emails sent before links became revocable. */
import { createHmac } from 'node:crypto';
import type { TokenKey, TokenPurpose } from '../../lambdas/subscriptions/tokens';

/** `<purpose>.<subscriberId>.<expiry>.<keyId>.<mac>`; expiry in base-36 epoch seconds, `0` for never. */
export function firstVersionToken(key: TokenKey, purpose: TokenPurpose, subscriberId: string, expiry = '0'): string {
  const mac = createHmac('sha256', key.key).update(`careerwire-token:v1|${purpose}|${subscriberId}|${expiry}|${key.id}`, 'utf8').digest('base64url');
  return `${purpose}.${subscriberId}.${expiry}.${key.id}.${mac}`;
}
