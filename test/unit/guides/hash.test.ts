import { createHash } from 'node:crypto';
import { contentHash, hashedText, withContentHash } from '../../../lambdas/guides/hash';
import { importGuide, parseGuide } from '../../../lambdas/guides/parse';
import { sampleGuide } from '../../support/guides';
import { SEED, SOLAR, UPDATED_AT } from './fixtures';

describe('contentHash', () => {
  const guide = withContentHash(parseGuide(SEED, { file: 'seed.txt', updatedAt: UPDATED_AT }));
  const { contentHash: hash, updatedAt: _updatedAt, ...content } = guide;

  it('is added by withContentHash between the content and updatedAt, as the Guide JSON reads', () => {
    const keys = Object.keys(guide);
    expect(keys.slice(-3)).toEqual(['faq', 'contentHash', 'updatedAt']);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is the sha256 hex of the UTF-8 of hashedText, over everything but contentHash and updatedAt', () => {
    expect(hash).toBe(createHash('sha256').update(hashedText(content), 'utf8').digest('hex'));
    expect(contentHash(content)).toBe(hash);
    expect(contentHash(guide)).toBe(hash); // a whole Guide gives the same hash
  });

  it('hashes texts as <length>:<text>, lists as <count>[, numbers as #<n>; and null as ~, in the Guide order', () => {
    const small = sampleGuide({ slug: 'a-b', title: 'A: B', summary: 'x\n"y"', growthRatePercent: -1.5, relatedRoles: ['r', ''] });
    expect(hashedText(small)).toBe(
      '3:a-b4:A: B5:x\n"y"#-1.5;~~~0[0[~0[~0[0[0[0[0[0[0[0[0[0[~0[0[0[0[0[0[0[~2[1:r0:0[',
    );
  });

  it('ignores updatedAt and key order, and changes with any content', () => {
    expect(contentHash(parseGuide(SEED, { file: 'seed.txt', updatedAt: '2031-01-01T00:00:00.000Z' }))).toBe(hash);
    const reversed = Object.fromEntries(Object.entries(content).reverse()) as typeof content;
    expect(contentHash(reversed)).toBe(hash);
    expect(contentHash({ ...content, pros: [...content.pros, 'More'] })).not.toBe(hash);
    expect(contentHash({ ...content, slug: 'other' })).not.toBe(hash);
  });

  it('changes with every value anywhere in the guide, nested ones included', () => {
    // Every text, number and null of a full guide, changed one at a time: a field left out of the hash fails here.
    const { updatedAt: _time, ...fullContent } = parseGuide(SOLAR, { file: 'solar.txt', updatedAt: UPDATED_AT });
    const fullHash = contentHash(fullContent);
    let checked = 0;
    const visit = (value: unknown, replace: (next: unknown) => void): void => {
      if (Array.isArray(value)) {
        value.forEach((item: unknown, i) => visit(item, (next) => (value[i] = next)));
        replace([...value, value[0] ?? 'added']);
        replace(value);
        return;
      }
      if (value !== null && typeof value === 'object') {
        const record = value as Record<string, unknown>;
        for (const key of Object.keys(record)) visit(record[key], (next) => (record[key] = next));
        return;
      }
      replace(typeof value === 'number' ? value + 1 : typeof value === 'string' ? `${value}!` : 'was null');
      expect(contentHash(fullContent)).not.toBe(fullHash);
      checked++;
      replace(value);
    };
    visit(fullContent, () => undefined);
    expect(contentHash(fullContent)).toBe(fullHash); // every change was undone
    expect(checked).toBeGreaterThan(100);
  });

  it('tells apart values that only differ in where a text ends or whether it is there', () => {
    const base = sampleGuide({ slug: 'g', title: 'G' });
    const hashes = [
      sampleGuide({ slug: 'g', title: 'G', pros: ['ab', 'c'] }),
      sampleGuide({ slug: 'g', title: 'G', pros: ['a', 'bc'] }),
      sampleGuide({ slug: 'g', title: 'G', pros: ['abc'] }),
      sampleGuide({ slug: 'g', title: 'G', workSetting: '' }),
      sampleGuide({ slug: 'g', title: 'G', summary: '' }),
      sampleGuide({ slug: 'g', title: 'G', cons: ['ab', 'c'] }),
      base,
    ].map((g) => g.contentHash);
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it('is the same whichever layout the guide came from', () => {
    const markdown = importGuide(SEED, { file: 'seed.txt', updatedAt: UPDATED_AT });
    expect(contentHash(parseGuide(markdown, { file: 'seed.md' }))).toBe(hash);
  });
});
