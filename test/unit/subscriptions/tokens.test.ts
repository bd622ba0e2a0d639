import { randomBytes } from 'node:crypto';
import { subscriberId } from '../../../lambdas/subscriptions/address';
import {
  TOKEN_LIFETIME_SECONDS,
  TOKEN_PURPOSES,
  TokenError,
  generateTokenKeysJson,
  parseTokenKeys,
  signToken,
  verifyToken,
  type TokenKeys,
  type TokenPurpose,
} from '../../../lambdas/subscriptions/tokens';

const key = (id: string) => ({ id, key: randomBytes(32) });
const keys: TokenKeys = { current: key('k2') };
const id = subscriberId('ann@example.com');
const NOW = new Date('2026-11-27T12:00:00Z');
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
  it.each(TOKEN_PURPOSES)('round-trips a %s token', (purpose) => {
    const token = signToken(keys, purpose, id, NOW);
    expect(token).toMatch(/^[A-Za-z0-9_.-]+$/);
    expect(verifyToken(keys, token, purpose, NOW)).toMatchObject({ subscriberId: id, purpose, keyId: 'k2' });
  });

  it('refuses a token for another purpose, whatever the pair', () => {
    for (const signed of TOKEN_PURPOSES) {
      const token = signToken(keys, signed, id, NOW);
      for (const wanted of TOKEN_PURPOSES.filter((p) => p !== signed)) {
        expect([signed, wanted, reason(() => verifyToken(keys, token, wanted, NOW))]).toEqual([signed, wanted, 'wrong-purpose']);
      }
    }
  });

  it('refuses a token changed at any position, to any character class', () => {
    const token = signToken(keys, 'unsubscribe', id, NOW);
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
    const token = signToken(keys, 'manage', id, NOW);
    const variants = [
      token.slice(0, -1),
      `${token}A`,
      `${token}.`,
      token.toUpperCase(),
      token.replace('manage.', 'Manage.'),
      encodeURIComponent(token).replace(/\./g, '%2E'),
      token.split('.').slice(0, 4).join('.'),
      '',
      '....',
    ];
    for (const v of variants) expect(reason(() => verifyToken(keys, v, 'manage', NOW))).not.toBe('accepted');
  });

  it('refuses the other encodings of the same MAC bytes (base64url spare bits)', () => {
    const token = signToken(keys, 'manage', id, NOW);
    const last = token.at(-1) as string;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // The 43rd character carries 4 data bits and 2 spare bits: its 3 siblings decode to the same bytes.
    const index = alphabet.indexOf(last);
    const siblings = [0, 1, 2, 3].map((n) => alphabet[(index & ~3) + n] as string).filter((c) => c !== last);
    for (const s of siblings) expect(reason(() => verifyToken(keys, token.slice(0, -1) + s, 'manage', NOW))).toBe('malformed');
  });

  it('refuses a token for another subscriber id spliced in', () => {
    const token = signToken(keys, 'erase', id, NOW);
    const other = subscriberId('bob@example.com');
    expect(reason(() => verifyToken(keys, token.replace(id, other), 'erase', NOW))).toBe('bad-signature');
  });

  it('refuses a token whose expiry was pushed back', () => {
    const token = signToken(keys, 'confirm', id, NOW);
    const [p, i, expiry, k, mac] = token.split('.') as [string, string, string, string, string];
    const pushed = (parseInt(expiry, 36) + 86_400).toString(36);
    expect(reason(() => verifyToken(keys, [p, i, pushed, k, mac].join('.'), 'confirm', NOW))).toBe('bad-signature');
    expect(reason(() => verifyToken(keys, [p, i, '0', k, mac].join('.'), 'confirm', NOW))).toBe('bad-signature');
  });

  it('expires confirmation links after 7 days and export/erase after an hour; manage and unsubscribe never', () => {
    expect(TOKEN_LIFETIME_SECONDS).toEqual({ confirm: 7 * 86_400, manage: null, unsubscribe: null, export: 3600, erase: 3600 });
    const confirm = signToken(keys, 'confirm', id, NOW);
    expect(reason(() => verifyToken(keys, confirm, 'confirm', later(7 * 86_400 - 1)))).toBe('accepted');
    expect(reason(() => verifyToken(keys, confirm, 'confirm', later(7 * 86_400)))).toBe('expired');
    const erase = signToken(keys, 'erase', id, NOW);
    expect(reason(() => verifyToken(keys, erase, 'erase', later(3599)))).toBe('accepted');
    expect(reason(() => verifyToken(keys, erase, 'erase', later(3600)))).toBe('expired');
    for (const purpose of ['manage', 'unsubscribe'] as TokenPurpose[]) {
      const token = signToken(keys, purpose, id, NOW);
      expect(verifyToken(keys, token, purpose, later(10 * 365 * 86_400)).expiresAt).toBeNull();
    }
  });

  it('checks the signature before the purpose and the expiry', () => {
    const token = signToken(keys, 'confirm', id, NOW);
    const forged = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BA' : 'AA'}`;
    expect(reason(() => verifyToken(keys, forged, 'manage', later(30 * 86_400)))).not.toMatch(/wrong-purpose|expired/);
  });

  describe('key rotation', () => {
    const old = key('k1');
    const next = key('k2');

    it('verifies tokens of the previous key while it is kept, and signs with the current one', () => {
      const before = signToken({ current: old }, 'unsubscribe', id, NOW);
      const during: TokenKeys = { current: next, previous: old };
      expect(verifyToken(during, before, 'unsubscribe', NOW).keyId).toBe('k1');
      expect(signToken(during, 'unsubscribe', id, NOW).split('.')[3]).toBe('k2');
      expect(reason(() => verifyToken({ current: next }, before, 'unsubscribe', NOW))).toBe('unknown-key');
    });

    it('refuses a token whose key id was swapped to the other key', () => {
      const during: TokenKeys = { current: next, previous: old };
      const token = signToken(during, 'manage', id, NOW);
      expect(reason(() => verifyToken(during, token.replace('.k2.', '.k1.'), 'manage', NOW))).toBe('bad-signature');
    });

    it('refuses a key with the right id but other bytes', () => {
      const token = signToken({ current: old }, 'manage', id, NOW);
      expect(reason(() => verifyToken({ current: key('k1') }, token, 'manage', NOW))).toBe('bad-signature');
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
