/**
 * A subscriber's two stable, one-way names, derived from the identity key of their address (see
 * shared/email.ts: the local part kept as typed for delivery, identity case-insensitive). So
 * `Ann@x.com` and `ann@x.com` are one subscriber (one confirmation limit, one suppression): case
 * variants cannot multiply the 3-emails-a-day limit.
 */
import { createHash } from 'node:crypto';
import { normaliseEmail, type NormalisedEmail } from '../shared/email';

const digest = (purpose: string, key: string): Buffer =>
  // Domain-separated: the same address hashed for another purpose gives an unrelated value.
  createHash('sha256').update(`careerwire:${purpose}:v1\u0000`).update(key, 'utf8').digest();

/**
 * The subscriber's id, the Subscribers table key: base64url of the first 128 bits of a
 * domain-separated SHA-256 of the identity key. Stable (re-sign-ups find the same item) and not
 * reversible, but anyone holding an address can recompute it: it never goes into a token (they carry
 * it encrypted) or a log line. Accepts a raw address (normalised first) or a NormalisedEmail.
 */
export function subscriberId(email: string | NormalisedEmail): string {
  const key = typeof email === 'string' ? normaliseEmail(email).key : email.key;
  return digest('subscriber', key).subarray(0, 16).toString('base64url');
}

/** Shape of a subscriberId: 22 base64url characters. */
export const SUBSCRIBER_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/**
 * The suppression key of an address: hex SHA-256 under another domain tag than subscriberId, so a
 * suppression record outlives the subscriber (erase) without keeping the address.
 */
export function emailHash(email: string | NormalisedEmail): string {
  const key = typeof email === 'string' ? normaliseEmail(email).key : email.key;
  return digest('suppression', key).toString('hex');
}
