import { randomBytes } from 'node:crypto';
import { subscriberId } from '../../../lambdas/subscriptions/address';
import {
  TOKEN_LIFETIME_SECONDS,
  TOKEN_PURPOSES,
  TokenError,
  generateTokenKeysJson,
  newLinkSecret,
  parseTokenKeys,
  signToken,
  verifyToken,
  type TokenKeys,
  type TokenPurpose,
  type TokenSubject,
} from '../../../lambdas/subscriptions/tokens';
import { firstVersionToken } from '../../support/tokens';

const key = (id: string) => ({ id, key: randomBytes(32) });
const keys: TokenKeys = { current: key('k2') };
const id = subscriberId('ann@example.com');
const secret = newLinkSecret();
const ann: TokenSubject = { subscriberId: id, linkSecret: secret };
const NOW = new Date('2026-11-27T12:00:00Z');
const DAY = 86_400;
const later = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

function reason(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof TokenError) return error.reason;
    throw error;
  }
  return 'accepted';
}

describe('signToken / verifyToken', () => {
  it.each(TOKEN_PURPOSES)('round-trips a %s token: subscriber, link secret, issue time', (purpose) => {
    const token = signToken(keys, purpose, ann, NOW);
    expect(token).toMatch(/^[A-Za-z0-9_.-]+$/);
    expect(token.length).toBeLessThan(120);
    expect(verifyToken(keys, token, purpose, NOW)).toEqual({
      subscriberId: id,
      linkSecret: secret,
      purpose,
      issuedAt: NOW,
      expiresAt: later(TOKEN_LIFETIME_SECONDS[purpose]),
      keyId: 'k2',
    });
  });

  it('carries a confirmation slot, and the empty secret of an item that has none', () => {
    const token = signToken(keys, 'confirm', { subscriberId: id, linkSecret: '', slot: 2 }, NOW);
    expect(verifyToken(keys, token, 'confirm', NOW)).toMatchObject({ subscriberId: id, linkSecret: '', slot: 2 });
    expect(verifyToken(keys, signToken(keys, 'confirm', { ...ann, slot: 0 }, NOW), 'confirm', NOW).slot).toBe(0);
    expect(verifyToken(keys, signToken(keys, 'manage', ann, NOW), 'manage', NOW).slot).toBeUndefined();
  });

  it('shows neither the subscriber id nor the link secret, in any encoding', () => {
    for (const purpose of TOKEN_PURPOSES) {
      const token = signToken(keys, purpose, ann, NOW);
      const decoded = token.split('.').map((part) => Buffer.from(part, 'base64url'));
      for (const value of [id, secret]) {
        expect(token).not.toContain(value);
        const bytes = Buffer.from(value, 'base64url');
        expect(decoded.some((part) => part.includes(bytes))).toBe(false);
      }
    }
    // Two subscribers' tokens of the same purpose and second share nothing past the header.
    const bob = signToken(keys, 'manage', { subscriberId: subscriberId('bob@example.com'), linkSecret: secret }, NOW);
    const mine = signToken(keys, 'manage', ann, NOW);
    const box = (t: string) => t.split('.')[3] as string;
    expect(box(bob).slice(0, 8)).not.toBe(box(mine).slice(0, 8));
  });

  it('refuses to sign what is not a subscriber id, a link secret or a slot', () => {
    expect(() => signToken(keys, 'manage', { subscriberId: 'sub-1', linkSecret: secret }, NOW)).toThrow('subscriber id');
    expect(() => signToken(keys, 'manage', { subscriberId: id, linkSecret: 'short' }, NOW)).toThrow('link secret');
    expect(() => signToken(keys, 'confirm', { ...ann, slot: 256 }, NOW)).toThrow('slot');
  });

  it('refuses a token for another purpose, whatever the pair', () => {
    for (const signed of TOKEN_PURPOSES) {
      const token = signToken(keys, signed, ann, NOW);
      for (const wanted of TOKEN_PURPOSES.filter((p) => p !== signed)) {
        expect([signed, wanted, reason(() => verifyToken(keys, token, wanted, NOW))]).toEqual([signed, wanted, 'wrong-purpose']);
      }
    }
  });

  it('refuses a token with its purpose relabelled, or its sealed part moved under another header', () => {
    const manage = signToken(keys, 'manage', ann, NOW);
    expect(reason(() => verifyToken(keys, manage.replace('2.manage.', '2.erase.'), 'erase', NOW))).toBe('bad-signature');
    const unsubscribe = signToken(keys, 'unsubscribe', ann, NOW);
    const moved = `2.export.k2.${unsubscribe.split('.')[3] as string}`;
    expect(reason(() => verifyToken(keys, moved, 'export', NOW))).toBe('bad-signature');
  });

  it('refuses a token changed at any position, to any character class', () => {
    const token = signToken(keys, 'unsubscribe', ann, NOW);
    const replacements = ['A', 'z', '0', '9', '-', '_', '.', '%', ' ', 'é', '\u0000'];
    let tried = 0;
    for (let i = 0; i < token.length; i++) {
      for (const r of replacements) {
        if (token[i] === r) continue;
        const tampered = token.slice(0, i) + r + token.slice(i + 1);
        const result = reason(() => verifyToken(keys, tampered, 'unsubscribe', NOW));
        if (result === 'accepted') throw new Error(`accepted a token changed at ${i} to ${JSON.stringify(r)}`);
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(token.length * 9);
  });

  it('refuses truncated, extended, re-cased and re-encoded tokens', () => {
    const token = signToken(keys, 'manage', ann, NOW);
    const variants = [
      token.slice(0, -1),
      token.slice(0, -4),
      `${token}A`,
      `${token}AAAA`,
      `${token}.`,
      token.toUpperCase(),
      token.replace('manage.', 'Manage.'),
      token.replace('2.', '3.'),
      encodeURIComponent(token).replace(/\./g, '%2E'),
      token.split('.').slice(0, 3).join('.'),
      '',
      '....',
    ];
    for (const v of variants) expect([v, reason(() => verifyToken(keys, v, 'manage', NOW))]).not.toEqual([v, 'accepted']);
  });

  it('refuses the other encodings of the same bytes (base64url spare bits)', () => {
    const token = signToken(keys, 'manage', ann, NOW);
    const last = token.at(-1) as string;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // 55 bytes in 74 characters: the last one carries 2 data bits and 4 spare bits, so 15 siblings decode the same.
    const index = alphabet.indexOf(last);
    const siblings = Array.from({ length: 16 }, (_, n) => alphabet[(index & ~15) + n] as string).filter((c) => c !== last);
    expect(siblings).toHaveLength(15);
    for (const s of siblings) expect(reason(() => verifyToken(keys, token.slice(0, -1) + s, 'manage', NOW))).toBe('malformed');
  });

  it('honours each purpose for its lifetime from the issue time: unsubscribe still at 60 days and beyond', () => {
    expect(TOKEN_LIFETIME_SECONDS).toEqual({ confirm: 7 * DAY, manage: 30 * DAY, unsubscribe: 180 * DAY, export: 3600, erase: 3600, feed: 365 * DAY });
    const at = (purpose: TokenPurpose, seconds: number) => reason(() => verifyToken(keys, signToken(keys, purpose, ann, NOW), purpose, later(seconds)));
    expect(at('confirm', 7 * DAY - 1)).toBe('accepted');
    expect(at('confirm', 7 * DAY)).toBe('expired');
    expect(at('manage', 30 * DAY - 1)).toBe('accepted');
    expect(at('manage', 30 * DAY)).toBe('expired');
    expect(at('unsubscribe', 60 * DAY)).toBe('accepted');
    expect(at('unsubscribe', 180 * DAY - 1)).toBe('accepted');
    expect(at('unsubscribe', 180 * DAY)).toBe('expired');
    expect(at('erase', 3599)).toBe('accepted');
    expect(at('erase', 3600)).toBe('expired');
    expect(at('export', 3600)).toBe('expired');
  });

  it('checks the signature before the purpose and the expiry', () => {
    const token = signToken(keys, 'confirm', ann, NOW);
    const box = token.split('.')[3] as string;
    const forged = `2.confirm.k2.${box.startsWith('A') ? 'B' : 'A'}${box.slice(1)}`;
    expect(reason(() => verifyToken(keys, forged, 'manage', later(30 * DAY)))).toBe('bad-signature');
  });

  describe('key rotation', () => {
    const old = key('k1');
    const next = key('k2');

    it('verifies tokens of the previous key while it is kept, and signs with the current one', () => {
      const before = signToken({ current: old }, 'unsubscribe', ann, NOW);
      const during: TokenKeys = { current: next, previous: old };
      expect(verifyToken(during, before, 'unsubscribe', NOW).keyId).toBe('k1');
      expect(signToken(during, 'unsubscribe', ann, NOW).split('.')[2]).toBe('k2');
      expect(reason(() => verifyToken({ current: next }, before, 'unsubscribe', NOW))).toBe('unknown-key');
    });

    it('refuses a token whose key id was swapped to the other key', () => {
      const during: TokenKeys = { current: next, previous: old };
      const token = signToken(during, 'manage', ann, NOW);
      expect(reason(() => verifyToken(during, token.replace('.k2.', '.k1.'), 'manage', NOW))).toBe('bad-signature');
    });

    it('refuses a key with the right id but other bytes', () => {
      const token = signToken({ current: old }, 'manage', ann, NOW);
      expect(reason(() => verifyToken({ current: key('k1') }, token, 'manage', NOW))).toBe('bad-signature');
    });
  });

  describe('first-version tokens (emails sent before links were revocable)', () => {
    const k = keys.current;

    it('honours an unsubscribe one, with the empty secret: only an item that has none matches it', () => {
      const token = firstVersionToken(k, 'unsubscribe', id);
      expect(verifyToken(keys, token, 'unsubscribe', later(365 * DAY))).toMatchObject({ subscriberId: id, linkSecret: '', issuedAt: null, expiresAt: null });
    });

    it.each(['confirm', 'manage', 'export', 'erase'] as const)('refuses a genuine %s one as outdated', (purpose) => {
      const expiry = purpose === 'manage' ? '0' : (Math.floor(NOW.getTime() / 1000) + 3600).toString(36);
      expect(reason(() => verifyToken(keys, firstVersionToken(k, purpose, id, expiry), purpose, NOW))).toBe('outdated');
    });

    it('refuses forged, re-purposed and unknown-key ones before saying anything else', () => {
      const token = firstVersionToken(k, 'unsubscribe', id);
      const other = subscriberId('bob@example.com');
      expect(reason(() => verifyToken(keys, token.replace(id, other), 'unsubscribe', NOW))).toBe('bad-signature');
      expect(reason(() => verifyToken(keys, firstVersionToken(key('k2'), 'manage', id), 'manage', NOW))).toBe('bad-signature');
      expect(reason(() => verifyToken(keys, token, 'manage', NOW))).toBe('wrong-purpose');
      expect(reason(() => verifyToken(keys, firstVersionToken(key('k0'), 'unsubscribe', id), 'unsubscribe', NOW))).toBe('unknown-key');
    });
  });
});

describe('parseTokenKeys', () => {
  const k = randomBytes(32).toString('base64');
  it('reads current and previous, in either base64 alphabet', () => {
    const parsed = parseTokenKeys(JSON.stringify({ current: { id: 'b', key: k }, previous: { id: 'a', key: randomBytes(40).toString('base64url') } }));
    expect(parsed.current.id).toBe('b');
    expect(parsed.current.key).toHaveLength(32);
    expect(parsed.previous?.key).toHaveLength(40);
    expect(parseTokenKeys(generateTokenKeysJson('local1')).current.id).toBe('local1');
  });

  it('reads the flat shape CloudFormation can generate (an alphanumeric string as the key)', () => {
    const generated = 'Qx7vK2mP9wLr4Tz8Nb3Hc6Jd1Fg5Sa0YeUiOoPlMnBvCxZaQwErTyUi'; // 56 characters, no punctuation
    const flat = parseTokenKeys(JSON.stringify({ currentId: 'k1', currentKey: generated }));
    expect(flat.current.id).toBe('k1');
    expect(flat.current.key.length).toBeGreaterThanOrEqual(32);
    expect(flat.previous).toBeUndefined();
    const rotated = parseTokenKeys(JSON.stringify({ currentId: 'k2', currentKey: k, previousId: 'k1', previousKey: generated }));
    expect([rotated.current.id, rotated.previous?.id]).toEqual(['k2', 'k1']);
    expect(() => parseTokenKeys(JSON.stringify({ currentKey: generated }))).toThrow('current.id');
  });

  it.each([
    ['text', 'not json', /not JSON/],
    ['null', 'null', /object/],
    ['no current key', '{}', /current is missing/],
    ['a bad key id', JSON.stringify({ current: { id: 'a b', key: k } }), /id must match/],
    ['a non-string key', JSON.stringify({ current: { id: 'a', key: 42 } }), /base64/],
    ['a 16-byte key', JSON.stringify({ current: { id: 'a', key: randomBytes(16).toString('base64') } }), /at least 32 bytes/],
    ['two keys with one id', JSON.stringify({ current: { id: 'a', key: k }, previous: { id: 'a', key: k } }), /same id/],
  ])('refuses %s', (_label, text, message) => {
    expect(() => parseTokenKeys(text)).toThrow(message);
  });
});
