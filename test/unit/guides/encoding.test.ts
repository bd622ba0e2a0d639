import fc from 'fast-check';
import { CP1252_HIGH, CP1253_HIGH, repairEncoding } from '../../../lambdas/guides/encoding';
import { SEED } from './fixtures';

/** The damage itself: UTF-8 bytes decoded as windows-1253, with windows-1252 (then C1) for the gaps. */
function damage(text: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(text)) {
    if (byte < 0x80) {
      out += String.fromCharCode(byte);
      continue;
    }
    const greek = CP1253_HIGH[byte - 0x80] as string;
    const latin = CP1252_HIGH[byte - 0x80] as string;
    out += greek !== '\ufffd' ? greek : latin !== '\ufffd' ? latin : String.fromCharCode(byte);
  }
  return out;
}

/**
 * Independent detector: a lead character followed by continuation characters whose bytes decode as
 * UTF-8 (checked with the platform's strict decoder, not with the code under test).
 */
function damagedSequences(text: string): string[] {
  const byteOf = new Map<string, number>();
  for (let i = 0; i < 128; i++) {
    for (const table of [CP1253_HIGH, CP1252_HIGH]) {
      const ch = table[i] as string;
      if (ch !== '\ufffd' && !byteOf.has(ch)) byteOf.set(ch, 0x80 + i);
    }
  }
  for (let b = 0x80; b <= 0x9f; b++) if (!byteOf.has(String.fromCharCode(b))) byteOf.set(String.fromCharCode(b), b);
  const chars = (test: (b: number) => boolean): string =>
    [...byteOf].filter(([, b]) => test(b)).map(([c]) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
  const pattern = new RegExp(`[${chars((b) => b >= 0xc2 && b <= 0xf4)}][${chars((b) => b >= 0x80 && b <= 0xbf)}]+`, 'g');
  const found: string[] = [];
  const strict = new TextDecoder('utf-8', { fatal: true });
  for (const match of text.matchAll(pattern)) {
    const bytes = [...match[0]].map((c) => byteOf.get(c) as number);
    for (let n = 2; n <= Math.min(4, bytes.length); n++) {
      try {
        const decoded = strict.decode(Uint8Array.from(bytes.slice(0, n)));
        if ([...decoded].length === 1 && (decoded.codePointAt(0) as number) >= 0xa0) found.push(match[0].slice(0, n));
        break;
      } catch {
        // not (yet) a complete sequence
      }
    }
  }
  return found;
}

describe('repairEncoding', () => {
  it.each([
    ['β€”', '—'],
    ['πŸ“ˆ', '📈'],
    ['βœ…', '✅'],
    ['πŸ‡ΊπŸ‡Έ', '🇺🇸'],
    ['β€Ί', '›'],
    ['â€”', '—'],
    ['â€™', '’'],
    ['cafÃ©', 'café'],
    ['developmentβ€”such as', 'development—such as'],
  ])('repairs %s → %s', (damaged, repaired) => {
    expect(repairEncoding(damaged)).toBe(repaired);
  });

  it.each([
    ['a Greek word', 'αβγ'],
    ['a lone beta', 'β'],
    ['a Greek sentence', 'Καλημέρα κόσμε, ένα δύο τρία'],
    ['intact typography', 'doctors’ offices • “quoted” – ❌'],
    ['Latin-1 text', 'naïve café déjà vu'],
    ['a beta before a quote (would decode to a C1 control)', 'Β’'],
    ['an overlong sequence', 'ΰ€€'],
    ['a surrogate sequence', 'ν\u00a0€'],
    ['a truncated emoji', 'πŸ“x'],
    ['ASCII', 'plain text 123'],
  ])('leaves %s untouched', (_what, text) => {
    expect(repairEncoding(text)).toBe(text);
  });

  it('undoes the damage of any text without C1 controls', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !/[\u0080-\u009f]/.test(s));
    fc.assert(
      fc.property(text, (s) => {
        expect(repairEncoding(damage(s))).toBe(s);
      }),
      { numRuns: 300 },
    );
  });

  it('repairs every damaged sequence of the seed and nothing else', () => {
    expect(damagedSequences(SEED)).toEqual(['πŸ“ˆ', 'πŸ‡Ί', 'πŸ‡Έ', 'β€”', 'βœ…', 'β€”', 'β€”', 'β€Ί']);
    const repaired = repairEncoding(SEED);
    expect(damagedSequences(repaired)).toEqual([]);
    for (const emoji of ['📈', '🇺🇸', '✅', '❌', '—', '›']) expect(repaired).toContain(emoji);
    // Characters that were intact stay as they were; line structure is unchanged.
    const count = (text: string, ch: string): number => text.split(ch).length - 1;
    expect(count(repaired, '’')).toBe(count(SEED, '’'));
    expect(count(repaired, '•')).toBe(count(SEED, '•'));
    expect(repaired.split('\n')).toHaveLength(SEED.split('\n').length);
  });

  it('returns clean text as is', () => {
    const clean = repairEncoding(SEED);
    expect(repairEncoding(clean)).toBe(clean);
  });
});
