import { createHash } from 'node:crypto';
import { contentHash } from '../../../lambdas/guides/hash';
import { importGuide, parseGuide } from '../../../lambdas/guides/parse';
import { canonicalJson } from '../../../lambdas/shared/json';
import { SEED, UPDATED_AT } from './fixtures';

describe('contentHash', () => {
  const guide = parseGuide(SEED, { file: 'seed.txt', updatedAt: UPDATED_AT });
  const { contentHash: hash, updatedAt: _updatedAt, ...content } = guide;

  it('is the sha256 hex of the canonical JSON of everything but contentHash and updatedAt', () => {
    expect(hash).toBe(createHash('sha256').update(canonicalJson(content)).digest('hex'));
    expect(contentHash(content)).toBe(hash);
    expect(contentHash(guide)).toBe(hash); // a whole Guide gives the same hash
  });

  it('ignores updatedAt and key order, and changes with any content', () => {
    expect(parseGuide(SEED, { file: 'seed.txt', updatedAt: '2031-01-01T00:00:00.000Z' }).contentHash).toBe(hash);
    const reversed = Object.fromEntries(Object.entries(content).reverse()) as typeof content;
    expect(contentHash(reversed)).toBe(hash);
    expect(contentHash({ ...content, pros: [...content.pros, 'More'] })).not.toBe(hash);
    expect(contentHash({ ...content, slug: 'other' })).not.toBe(hash);
  });

  it('is the same whichever layout the guide came from', () => {
    const markdown = importGuide(SEED, { file: 'seed.txt', updatedAt: UPDATED_AT });
    expect(parseGuide(markdown, { file: 'seed.md' }).contentHash).toBe(hash);
  });
});
