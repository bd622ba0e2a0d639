/**
 * Email addresses: validation with normalisation, and the redaction of text bound for a log. One
 * module, so that an address the sign-up refuses is refused everywhere else too.
 *
 * Normalisation (documented choice):
 * - surrounding whitespace is trimmed; the domain is lower-cased and IDNs are turned into their
 *   ASCII (punycode) form, which is what SES accepts;
 * - the local part is KEPT AS TYPED for delivery (RFC 5321 lets a mailbox be case-sensitive, and we
 *   send to exactly what the subscriber gave us), but identity is case-insensitive: the key is the
 *   fully lower-cased address. Plus tags and Gmail dots are not stripped: they are real, distinct
 *   addresses.
 *
 * Accepted syntax is deliberately narrower than RFC 5322 (what SES and real mailboxes take): a
 * dot-atom ASCII local part (no quoted strings, no comments), a DNS domain of at least two labels
 * (no IP literals), at most 64 characters before the @ and 254 in all. Special-use top-level domains
 * (.invalid, .localhost, .test, .example, .local...) never receive mail and are refused unless the
 * caller allows them: a local stack's sender may well be alerts@careerwire.local.
 */
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

export interface EmailRules {
  /** Accept special-use top-level domains (.test, .local...): for configured addresses of local stacks. */
  reservedDomains?: boolean;
}

function reject(reason: string): never {
  throw new InvalidEmailError(reason);
}

/** Validates and normalises an address; throws InvalidEmailError with a reason fit for a 400. */
export function normaliseEmail(raw: string, rules: EmailRules = {}): NormalisedEmail {
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
  const tld = labels[labels.length - 1] ?? '';
  if (!TLD.test(tld)) reject('has an invalid top-level domain');
  if (rules.reservedDomains !== true && RESERVED_TLDS.has(tld)) reject('uses a domain that cannot receive email');

  const address = `${local}@${domain}`;
  if (address.length > EMAIL_MAX_LENGTH) reject(`must be at most ${EMAIL_MAX_LENGTH} characters`);
  return { address, key: address.toLowerCase() };
}

/** Plain or percent-encoded (a request path holds `ann%40example.com`); URL delimiters end an address. */
const ADDRESS_LIKE = /[^\s<>()"',;:@/?#&=]+(?:@|%40)[^\s<>()"',;:@/?#&=]+/gi;

/** Replaces anything that looks like an address, for text that may reach a log (SES errors, request paths). */
export function redactEmails(text: string): string {
  return text.replace(ADDRESS_LIKE, '<redacted-address>');
}
