/**
 * Signed links. A token is `<purpose>.<subscriberId>.<expiry>.<keyId>.<mac>`:
 * - purpose: what the link may do (confirm, manage, unsubscribe, export, erase); a token for one
 *   purpose is refused by every other route;
 * - expiry: epoch seconds in base 36, or `0` for "does not expire";
 * - keyId: which key signed it, so a rotated-out key's tokens keep verifying while it is `previous`;
 * - mac: base64url HMAC-SHA256 over `careerwire-token:v1|purpose|subscriberId|expiry|keyId`, compared
 *   with timingSafeEqual after a canonical-encoding check (no two strings verify as the same token).
 *
 * Lifetimes (documented choice):
 * - confirm: 7 days, like the pending sign-up it confirms;
 * - unsubscribe: never — an unsubscribe link in any email must keep working (RFC 8058, Gmail/Yahoo);
 * - manage: never — it is in the welcome email and in every digest; whoever holds it could already
 *   hold the unsubscribe link of the same email. The destructive and data-revealing actions need
 *   their own tokens:
 * - export, erase: 60 minutes, minted by the manage page (and its JSON) when it is shown.
 * "Never" is bounded by key rotation: once a key is dropped from `previous`, its links stop
 * verifying, so keep a retired key as `previous` for longer than the oldest email you want to honour.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { SUBSCRIPTION_LIMITS } from '../shared/limits';
import { SUBSCRIBER_ID_PATTERN } from './address';

export const TOKEN_PURPOSES = ['confirm', 'manage', 'unsubscribe', 'export', 'erase'] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

/** Seconds a token of each purpose lives; null: no expiry. */
export const TOKEN_LIFETIME_SECONDS: Record<TokenPurpose, number | null> = {
  confirm: SUBSCRIPTION_LIMITS.pendingDays * 86_400,
  manage: null,
  unsubscribe: null,
  export: SUBSCRIPTION_LIMITS.pageTokenMinutes * 60,
  erase: SUBSCRIPTION_LIMITS.pageTokenMinutes * 60,
};

export interface TokenKey {
  id: string;
  key: Buffer;
}

/** The current key signs; the current and the previous key both verify (rotation). */
export interface TokenKeys {
  current: TokenKey;
  previous?: TokenKey;
}

export type TokenFailure = 'malformed' | 'unknown-key' | 'bad-signature' | 'wrong-purpose' | 'expired';

export class TokenError extends Error {
  override readonly name = 'TokenError';
  constructor(readonly reason: TokenFailure) {
    super(`token rejected: ${reason}`);
  }
}

export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
export const MIN_KEY_BYTES = 32;
const MAC_BYTES = 32;
const TOKEN_PATTERN = /^([a-z]{1,16})\.([A-Za-z0-9_-]{22})\.(0|[1-9a-z][0-9a-z]{0,12})\.([A-Za-z0-9_-]{1,32})\.([A-Za-z0-9_-]{43})$/;

function mac(key: Buffer, purpose: string, id: string, expiry: string, keyId: string): Buffer {
  return createHmac('sha256', key).update(`careerwire-token:v1|${purpose}|${id}|${expiry}|${keyId}`, 'utf8').digest();
}

/** Signs a token for `purpose` and subscriber `id`, expiring per TOKEN_LIFETIME_SECONDS from `now`. */
export function signToken(keys: TokenKeys, purpose: TokenPurpose, id: string, now: Date): string {
  if (!SUBSCRIBER_ID_PATTERN.test(id)) throw new Error('not a subscriber id');
  const lifetime = TOKEN_LIFETIME_SECONDS[purpose];
  const expiry = lifetime === null ? '0' : (Math.floor(now.getTime() / 1000) + lifetime).toString(36);
  const { id: keyId, key } = keys.current;
  return `${purpose}.${id}.${expiry}.${keyId}.${mac(key, purpose, id, expiry, keyId).toString('base64url')}`;
}

export interface VerifiedToken {
  subscriberId: string;
  purpose: TokenPurpose;
  /** null: does not expire. */
  expiresAt: Date | null;
  keyId: string;
}

/**
 * Verifies a token for one purpose. The signature is checked first (constant time), then the purpose
 * and the expiry, so the failure reason never tells a forger more than "bad signature".
 */
export function verifyToken(keys: TokenKeys, token: string, purpose: TokenPurpose, now: Date): VerifiedToken {
  const m = TOKEN_PATTERN.exec(token);
  if (m === null) throw new TokenError('malformed');
  const [, tokenPurpose, id, expiry, keyId, macText] = m as unknown as [string, string, string, string, string, string];
  const key = [keys.current, keys.previous].find((k) => k !== undefined && k.id === keyId);
  if (key === undefined) throw new TokenError('unknown-key');
  const given = Buffer.from(macText, 'base64url');
  // Canonical encoding only: base64url's last character carries spare bits that decode the same.
  if (given.length !== MAC_BYTES || given.toString('base64url') !== macText) throw new TokenError('malformed');
  const expected = mac(key.key, tokenPurpose, id, expiry, keyId);
  if (!timingSafeEqual(given, expected)) throw new TokenError('bad-signature');
  if (tokenPurpose !== purpose) throw new TokenError('wrong-purpose');
  const expiresAt = expiry === '0' ? null : new Date(parseInt(expiry, 36) * 1000);
  if (expiresAt !== null && now.getTime() >= expiresAt.getTime()) throw new TokenError('expired');
  return { subscriberId: id, purpose, expiresAt, keyId };
}

/**
 * Parses the key JSON (Secrets Manager secret or local key file). Keys are base64 or base64url of at
 * least 32 bytes. Two shapes:
 * - {"current":{"id":"k2","key":"…"},"previous":{"id":"k1","key":"…"}} (previous optional);
 * - flat, which CloudFormation can generate (generateSecretString with secretStringTemplate
 *   {"currentId":"k1"}, generateStringKey "currentKey", excludePunctuation, length ≥ 44):
 *   {"currentId":"k2","currentKey":"…","previousId":"k1","previousKey":"…"}.
 */
export function parseTokenKeys(text: string): TokenKeys {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error('token keys: not JSON');
  }
  let record = value as { current?: unknown; previous?: unknown; currentId?: unknown; currentKey?: unknown; previousId?: unknown; previousKey?: unknown } | null;
  if (typeof record !== 'object' || record === null) throw new Error('token keys: expected an object');
  if (record.current === undefined && record.currentKey !== undefined) {
    record = {
      current: { id: record.currentId, key: record.currentKey },
      ...(record.previousKey !== undefined ? { previous: { id: record.previousId, key: record.previousKey } } : {}),
    };
  }
  const current = parseKey(record.current, 'current');
  if (record.previous === undefined || record.previous === null) return { current };
  const previous = parseKey(record.previous, 'previous');
  if (previous.id === current.id) throw new Error('token keys: previous and current have the same id');
  return { current, previous };
}

function parseKey(value: unknown, name: string): TokenKey {
  const k = value as { id?: unknown; key?: unknown } | null | undefined;
  if (typeof k !== 'object' || k === null) throw new Error(`token keys: ${name} is missing`);
  if (typeof k.id !== 'string' || !KEY_ID_PATTERN.test(k.id)) throw new Error(`token keys: ${name}.id must match ${KEY_ID_PATTERN}`);
  if (typeof k.key !== 'string') throw new Error(`token keys: ${name}.key must be a base64 string`);
  // Node's base64 decoder takes both the standard and the URL-safe alphabet.
  const key = Buffer.from(k.key, 'base64');
  if (key.length < MIN_KEY_BYTES) throw new Error(`token keys: ${name}.key must decode to at least ${MIN_KEY_BYTES} bytes`);
  return { id: k.id, key };
}

/** A fresh key file / secret value: one current key of 32 random bytes. */
export function generateTokenKeysJson(id = `k${Date.now().toString(36)}`): string {
  return `${JSON.stringify({ current: { id, key: randomBytes(32).toString('base64url') } }, null, 2)}\n`;
}
