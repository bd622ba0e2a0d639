/**
 * Email addresses: validation, normalisation and the two stable, one-way names derived from them.
 *
 * Normalisation (documented choice):
 * - surrounding whitespace is trimmed; the domain is lower-cased and IDNs are turned into their
 *   ASCII (punycode) form, which is what SES accepts;
 * - the local part is KEPT AS TYPED for delivery (RFC 5321 lets a mailbox be case-sensitive, and we
 *   send to exactly what the subscriber gave us), but identity is case-insensitive: subscriberId and
 *   emailHash are computed over the fully lower-cased address. So `Ann@x.com` and `ann@x.com` are one
 *   subscriber (one confirmation limit, one suppression) — case variants cannot multiply the
 *   3-emails-a-day limit. Plus tags and Gmail dots are not stripped: they are real, distinct addresses.
 *
 * Accepted syntax is deliberately narrower than RFC 5322 (what SES and real mailboxes take): a
 * dot-atom ASCII local part (no quoted strings, no comments), a DNS domain of at least two labels
 * (no IP literals, no reserved TLDs like .invalid/.localhost/.test/.example/.local), at most 64
 * characters before the @ and 254 in all.
 */
import { createHash } from 'node:crypto';
import { domainToASCII } from 'node:url';

export const EMAIL_MAX_LENGTH = 254;
const LOCAL_MAX_LENGTH = 64;
const DOMAIN_MAX_LENGTH = 253;

/** RFC 5322 atext, ASCII only. */
const ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
/** Special-use names that never receive mail (RFC 2606, RFC 6761, RFC 6762). */
const RESERVED_TLDS = new Set(['invalid', 'localhost', 'test', 'example', 'local', 'internal', 'onion']);

export class InvalidEmailError extends Error {
  override readonly name = 'InvalidEmailError';
}

export interface NormalisedEmail {
  /** What we deliver to: the local part as typed, the domain lower-case ASCII. */
  address: string;
  /** The identity key: the whole address lower-cased. Never logged. */
  key: string;
}

function reject(reason: string): never {
  throw new InvalidEmailError(reason);
}

/** Validates and normalises an address; throws InvalidEmailError with a reason fit for a 400. */
export function normaliseEmail(raw: string): NormalisedEmail {
  const input = raw.trim();
  if (input === '') reject('is empty');
  if (input.length > EMAIL_MAX_LENGTH) reject(`must be at most ${EMAIL_MAX_LENGTH} characters`);
  if (/[\u0000-\u001f\u007f\s]/u.test(input)) reject('must not contain spaces or control characters');
  const at = input.lastIndexOf('@');
  if (at <= 0 || at === input.length - 1) reject('must look like name@example.com');
  const local = input.slice(0, at);
  const rawDomain = input.slice(at + 1);
  if (local.includes('@')) reject('must contain exactly one @');
  if (local.length > LOCAL_MAX_LENGTH) reject(`must have at most ${LOCAL_MAX_LENGTH} characters before the @`);
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) reject('has a misplaced dot before the @');
  if (!local.split('.').every((atom) => ATOM.test(atom))) reject('has characters that are not allowed before the @');

  if (rawDomain.startsWith('[')) reject('must use a domain name, not an IP address');
  const ascii = domainToASCII(rawDomain.replace(/\.$/, '').toLowerCase());
  if (ascii === '') reject('has an invalid domain');
  const domain = ascii.toLowerCase();
  if (domain.length > DOMAIN_MAX_LENGTH) reject('has a domain that is too long');
  const labels = domain.split('.');
  if (labels.length < 2) reject('must have a domain with a dot, like example.com');
  if (!labels.every((label) => LABEL.test(label))) reject('has an invalid domain');
  const tld = labels[labels.length - 1] as string;
  if (!TLD.test(tld)) reject('has an invalid top-level domain');
  if (RESERVED_TLDS.has(tld)) reject('uses a domain that cannot receive email');

  const address = `${local}@${domain}`;
  if (address.length > EMAIL_MAX_LENGTH) reject(`must be at most ${EMAIL_MAX_LENGTH} characters`);
  return { address, key: address.toLowerCase() };
}

/** True when the address passes normaliseEmail. */
export function isValidEmail(raw: string): boolean {
  try {
    normaliseEmail(raw);
    return true;
  } catch {
    return false;
  }
}

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

const EMAILISH = /[^\s<>()"',;:@]+@[^\s<>()"',;:@]+/g;

/** Replaces anything that looks like an address, for text that may reach a log (SES error messages). */
export function redactEmails(text: string): string {
  return text.replace(EMAILISH, '<redacted-address>');
}
