/**
 * Opaque page cursors: base64url JSON bound to the query that issued them, so a cursor replayed with
 * other filters is a 400, not a silently wrong page.
 */
import { createHash } from 'node:crypto';
import { HttpProblem } from './problems';

export function queryFingerprint(query: Record<string, unknown>): string {
  const entries = Object.entries(query)
    .filter(([k, v]) => k !== 'cursor' && k !== 'limit' && v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return createHash('sha256').update(JSON.stringify(entries)).digest('base64url').slice(0, 12);
}

export function encodeCursor(position: unknown, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ p: position, f: fingerprint })).toString('base64url');
}

/** The position inside a cursor, after checking it was issued for this query. `valid` checks its shape. */
export function decodeCursor<T>(cursor: string, fingerprint: string, valid: (p: unknown) => p is T): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const c = value as { p?: unknown; f?: unknown } | null | undefined;
  if (typeof c !== 'object' || c === null || !valid(c.p)) {
    throw new HttpProblem(400, 'invalid-request', 'The cursor is not one this API issued.', [
      { field: 'cursor', message: 'is malformed' },
    ]);
  }
  if (c.f !== fingerprint) {
    throw new HttpProblem(400, 'invalid-request', 'The cursor belongs to another query.', [
      { field: 'cursor', message: 'was issued for different filters' },
    ]);
  }
  return c.p;
}
