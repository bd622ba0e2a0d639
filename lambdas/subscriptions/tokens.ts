/**
 * Signed links. A token is `2.<purpose>.<keyId>.<box>`:
 * - purpose: what the link may do (confirm, manage, unsubscribe, export, erase, feed); a token for one
 *   purpose is refused by every other route;
 * - keyId: which key sealed it, so a rotated-out key's tokens keep verifying while it is `previous`;
 * - box: base64url of a 16-byte tag and the encrypted payload (subscriber id, issue time, the
 *   confirmation slot, the subscriber's link secret). The tag is HMAC-SHA256 over the header and the
 *   payload, and also the AES-256-CTR IV that encrypts the payload (a synthetic IV: no nonce to
 *   repeat). Both keys are derived from the token key with HKDF. The tag is compared with
 *   timingSafeEqual after a canonical-encoding check (no two strings verify as the same token).
 *
 * The payload is encrypted so that no token shows the subscriber id, a hash of the address that anyone
 * holding an address could recompute. The link secret is random per subscriber item: the routes honour
 * a token only while it matches the stored one, so erasing (which deletes the item) revokes every link,
 * and a new sign-up gets a new secret and new links.
 *
 * Lifetimes count from the issue time in the token, so shortening one applies to links already sent.
 * Tokens of the first version (`<purpose>.<id>.<expiry>.<keyId>.<mac>`, in emails sent before this
 * version) carry no secret: unsubscribe ones are honoured while their subscriber item has
 * no secret either (it predates this version and has not been erased since), every other purpose is
 * refused as 'outdated'.
 */
import { createCipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { SUBSCRIPTION_LIMITS } from '../shared/limits';
import { SUBSCRIBER_ID_PATTERN } from './address';

export const TOKEN_PURPOSES = ['confirm', 'manage', 'unsubscribe', 'export', 'erase', 'feed'] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

/** Seconds a token of each purpose is honoured after it was issued. */
export const TOKEN_LIFETIME_SECONDS: Record<TokenPurpose, number> = {
  confirm: SUBSCRIPTION_LIMITS.pendingDays * 86_400,
  manage: SUBSCRIPTION_LIMITS.manageLinkDays * 86_400,
  unsubscribe: SUBSCRIPTION_LIMITS.unsubscribeLinkDays * 86_400,
  export: SUBSCRIPTION_LIMITS.pageTokenMinutes * 60,
  erase: SUBSCRIPTION_LIMITS.pageTokenMinutes * 60,
  feed: SUBSCRIPTION_LIMITS.feedLinkDays * 86_400,
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

export type TokenFailure = 'malformed' | 'unknown-key' | 'bad-signature' | 'wrong-purpose' | 'expired' | 'outdated';

export class TokenError extends Error {
  override readonly name = 'TokenError';
  constructor(readonly reason: TokenFailure) {
    super(`token rejected: ${reason}`);
  }
}

/** What a token is about. */
export interface TokenSubject {
  subscriberId: string;
  /** The subscriber item's linkSecret; '' for items written before links carried one. */
  linkSecret: string;
  /** Confirmation tokens: the confirmation-email slot whose pending preferences the link applies. */
  slot?: number;
}

export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
export const MIN_KEY_BYTES = 32;
/** A link secret: 16 random bytes, base64url. */
export const LINK_SECRET_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export function newLinkSecret(): string {
  return randomBytes(16).toString('base64url');
}

const VERSION = '2';
const TAG_BYTES = 16;
const ID_BYTES = 16;
const TIME_BYTES = 6;
const NO_SLOT = 0xff;
const SECRET_BYTES = 16;
const PAYLOAD_BYTES = ID_BYTES + TIME_BYTES + 1;
const TOKEN_PATTERN = /^2\.([a-z]{1,16})\.([A-Za-z0-9_-]{1,32})\.([A-Za-z0-9_-]{40,120})$/;

interface DerivedKeys {
  mac: Buffer;
  enc: Buffer;
}
const derived = new WeakMap<Buffer, DerivedKeys>();

function derive(key: Buffer): DerivedKeys {
  let keys = derived.get(key);
  if (keys === undefined) {
    const hkdf = (info: string) => Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `careerwire-token:v2:${info}`, 32));
    keys = { mac: hkdf('mac'), enc: hkdf('enc') };
    derived.set(key, keys);
  }
  return keys;
}

function tagOf(keys: DerivedKeys, purpose: string, keyId: string, payload: Buffer): Buffer {
  return createHmac('sha256', keys.mac).update(`${VERSION}|${purpose}|${keyId}|`, 'utf8').update(payload).digest().subarray(0, TAG_BYTES);
}

/** AES-256-CTR is its own inverse: the same call encrypts and decrypts. */
function ctr(keys: DerivedKeys, iv: Buffer, data: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-ctr', keys.enc, iv);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

/** Seals a token for `purpose` about `subject`, issued at `now`. */
export function signToken(keys: TokenKeys, purpose: TokenPurpose, subject: TokenSubject, now: Date): string {
  if (!SUBSCRIBER_ID_PATTERN.test(subject.subscriberId)) throw new Error('not a subscriber id');
  if (subject.linkSecret !== '' && !LINK_SECRET_PATTERN.test(subject.linkSecret)) throw new Error('not a link secret');
  const slot = subject.slot ?? NO_SLOT;
  if (!Number.isInteger(slot) || slot < 0 || slot > NO_SLOT) throw new Error('not a confirmation slot');
  const payload = Buffer.alloc(PAYLOAD_BYTES);
  Buffer.from(subject.subscriberId, 'base64url').copy(payload, 0);
  payload.writeUIntBE(Math.floor(now.getTime() / 1000), ID_BYTES, TIME_BYTES);
  payload.writeUInt8(slot, ID_BYTES + TIME_BYTES);
  const plain = Buffer.concat([payload, Buffer.from(subject.linkSecret, 'base64url')]);
  const { id: keyId, key } = keys.current;
  const k = derive(key);
  const tag = tagOf(k, purpose, keyId, plain);
  return `${VERSION}.${purpose}.${keyId}.${Buffer.concat([tag, ctr(k, tag, plain)]).toString('base64url')}`;
}

export interface VerifiedToken extends TokenSubject {
  purpose: TokenPurpose;
  /** null only for first-version unsubscribe tokens, which carried no issue time. */
  issuedAt: Date | null;
  expiresAt: Date | null;
  keyId: string;
}

const keyFor = (keys: TokenKeys, keyId: string): TokenKey | undefined =>
  [keys.current, keys.previous].find((k) => k !== undefined && k.id === keyId);

/** Decodes base64url only in its canonical form: the last character's spare bits decode the same. */
function canonical(text: string): Buffer | null {
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : null;
}

/**
 * Verifies a token for one purpose. The tag is checked first (constant time), then the purpose and
 * the expiry, so the failure reason never tells a forger more than "bad signature".
 */
export function verifyToken(keys: TokenKeys, token: string, purpose: TokenPurpose, now: Date): VerifiedToken {
  const m = TOKEN_PATTERN.exec(token);
  if (m === null) return verifyFirstVersion(keys, token, purpose, now);
  // Every group of the pattern is required: the defaults are for the type checker only.
  const [, tokenPurpose = '', keyId = '', boxText = ''] = m;
  const key = keyFor(keys, keyId);
  if (key === undefined) throw new TokenError('unknown-key');
  const box = canonical(boxText);
  if (box === null) throw new TokenError('malformed');
  const plainLength = box.length - TAG_BYTES;
  if (plainLength !== PAYLOAD_BYTES && plainLength !== PAYLOAD_BYTES + SECRET_BYTES) throw new TokenError('malformed');
  const k = derive(key.key);
  const tag = box.subarray(0, TAG_BYTES);
  const plain = ctr(k, tag, box.subarray(TAG_BYTES));
  if (!timingSafeEqual(tag, tagOf(k, tokenPurpose, keyId, plain))) throw new TokenError('bad-signature');
  if (tokenPurpose !== purpose) throw new TokenError('wrong-purpose');
  const issuedAt = new Date(plain.readUIntBE(ID_BYTES, TIME_BYTES) * 1000);
  const expiresAt = new Date(issuedAt.getTime() + TOKEN_LIFETIME_SECONDS[purpose] * 1000);
  if (now.getTime() >= expiresAt.getTime()) throw new TokenError('expired');
  const slot = plain.readUInt8(ID_BYTES + TIME_BYTES);
  return {
    subscriberId: plain.subarray(0, ID_BYTES).toString('base64url'),
    linkSecret: plain.subarray(PAYLOAD_BYTES).toString('base64url'),
    ...(slot !== NO_SLOT ? { slot } : {}),
    purpose,
    issuedAt,
    expiresAt,
    keyId,
  };
}

const FIRST_VERSION_PATTERN = /^([a-z]{1,16})\.([A-Za-z0-9_-]{22})\.(0|[1-9a-z][0-9a-z]{0,12})\.([A-Za-z0-9_-]{1,32})\.([A-Za-z0-9_-]{43})$/;
/** The only first-version links still honoured: the one-click unsubscribe of emails already sent. */
const FIRST_VERSION_HONOURED: readonly TokenPurpose[] = ['unsubscribe'];

function verifyFirstVersion(keys: TokenKeys, token: string, purpose: TokenPurpose, now: Date): VerifiedToken {
  const m = FIRST_VERSION_PATTERN.exec(token);
  if (m === null) throw new TokenError('malformed');
  const [, tokenPurpose = '', id = '', expiry = '', keyId = '', macText = ''] = m;
  const key = keyFor(keys, keyId);
  if (key === undefined) throw new TokenError('unknown-key');
  const given = canonical(macText);
  if (given === null) throw new TokenError('malformed');
  const expected = createHmac('sha256', key.key).update(`careerwire-token:v1|${tokenPurpose}|${id}|${expiry}|${keyId}`, 'utf8').digest();
  if (!timingSafeEqual(given, expected)) throw new TokenError('bad-signature');
  if (tokenPurpose !== purpose) throw new TokenError('wrong-purpose');
  if (!FIRST_VERSION_HONOURED.includes(purpose)) throw new TokenError('outdated');
  const expiresAt = expiry === '0' ? null : new Date(parseInt(expiry, 36) * 1000);
  if (expiresAt !== null && now.getTime() >= expiresAt.getTime()) throw new TokenError('expired');
  return { subscriberId: id, linkSecret: '', purpose, issuedAt: null, expiresAt, keyId };
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
