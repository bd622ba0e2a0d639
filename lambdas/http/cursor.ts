/**
 * Opaque page cursors: base64url JSON bound to the query that issued them (a cursor replayed with
 * other filters is a 400, not a silently wrong page) and signed, so a client can neither forge a
 * position the store never issued (one before `since` made the jobs query fail with a 500) nor alter
 * one. A cursor is `<payload><mac>`: both base64url, so it fits the routes' `^[A-Za-z0-9_-]+$`.
 *
 * The keys come from the router (RouterOptions.cursorKeys) for the routes that page: the api function
 * passes the token keys, so every instance verifies every other's cursors and a rotation keeps the
 * previous key's cursors working. The MAC covers a label of its own, so no cursor is ever a valid
 * link token or the other way round.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { HttpProblem } from './problems';

/** The signing keys: the first signs, every one verifies (rotation). */
export type CursorKeys = readonly Buffer[];
export type CursorKeyProvider = () => Promise<CursorKeys>;

/** 16 bytes of HMAC-SHA256 as base64url: ample against guessing, short in a URL. */
const MAC_CHARS = 22;
const MAC_LABEL = 'careerwire-cursor:v1|';

const signing = new AsyncLocalStorage<CursorKeys>();

/** Runs `fn` with the keys that encodeCursor and decodeCursor use inside it (the router does this). */
export function withCursorKeys<T>(keys: CursorKeys, fn: () => T): T {
  if (keys.length === 0) throw new Error('cursor keys: at least one key is needed');
  return signing.run(keys, fn);
}

/** A key made once per process: enough where one process serves every page (tests, in-memory APIs). */
export function processCursorKeys(): CursorKeyProvider {
  const keys = [randomBytes(32)];
  return async () => keys;
}

function currentKeys(): CursorKeys {
  const keys = signing.getStore();
  if (keys === undefined) throw new Error('cursor keys are not set: page cursors are made only inside a route the router runs');
  return keys;
}

const mac = (key: Buffer, payload: string): string => createHmac('sha256', key).update(MAC_LABEL + payload).digest('base64url').slice(0, MAC_CHARS);

export function queryFingerprint(query: Record<string, unknown>): string {
  const entries = Object.entries(query)
    .filter(([k, v]) => k !== 'cursor' && k !== 'limit' && v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return createHash('sha256').update(JSON.stringify(entries)).digest('base64url').slice(0, 12);
}

export function encodeCursor(position: unknown, fingerprint: string): string {
  const payload = Buffer.from(JSON.stringify({ p: position, f: fingerprint })).toString('base64url');
  return payload + mac(currentKeys()[0] as Buffer, payload);
}

const notIssued = () =>
  new HttpProblem(400, 'invalid-request', 'The cursor is not one this API issued.', [{ field: 'cursor', message: 'is malformed or altered' }]);

/** The position inside a cursor, after checking its signature and that it was issued for this query. `valid` checks its shape. */
export function decodeCursor<T>(cursor: string, fingerprint: string, valid: (p: unknown) => p is T): T {
  const payload = cursor.slice(0, -MAC_CHARS);
  const given = Buffer.from(cursor.slice(-MAC_CHARS));
  // Compared as text: base64url has several spellings of the same bytes, and only the one issued is accepted.
  const signedBy = (key: Buffer) => timingSafeEqual(Buffer.from(mac(key, payload)), given);
  if (payload === '' || given.length !== MAC_CHARS || !currentKeys().some(signedBy)) throw notIssued();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const c = value as { p?: unknown; f?: unknown } | null | undefined;
  if (typeof c !== 'object' || c === null || !valid(c.p)) throw notIssued();
  if (c.f !== fingerprint) {
    throw new HttpProblem(400, 'invalid-request', 'The cursor belongs to another query.', [
      { field: 'cursor', message: 'was issued for different filters' },
    ]);
  }
  return c.p;
}
