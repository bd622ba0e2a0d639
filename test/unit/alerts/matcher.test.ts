import fc from 'fast-check';
import { JobIndex } from '../../../lambdas/alerts/matcher';
import type { Preferences } from '../../../lambdas/subscriptions/subscriber';
import { naiveMatch } from '../../support/naive-match';
import { rng, syntheticJobs, syntheticPreferences } from '../../support/synthetic';

const none: Preferences = { keywords: [], industries: [], geos: [], jobTypes: [], guides: [] };
const jobs = syntheticJobs(300, 7);
const index = new JobIndex(jobs);
const AFTER = '2026-11-20T07:00:00.000Z';

it('with no preferences, gives the newest jobs after the watermark', () => {
  const got = index.match({ preferences: none, after: '2026-11-26T07:00:00.000Z', limit: 5 });
  expect(got).toHaveLength(5);
  expect(got.every((j) => j.postedAt > '2026-11-26T07:00:00.000Z')).toBe(true);
  const posted = got.map((j) => j.postedAt);
  expect([...posted].sort().reverse()).toEqual(posted);
});

it('requires every given list to match, any entry of a list, and ranks title words above tags', () => {
  const got = index.match({ preferences: { ...none, keywords: ['nurse', 'billing'], geos: ['UK'] }, after: AFTER, limit: 20 });
  expect(got.length).toBeGreaterThan(0);
  expect(got.every((j) => ['UK', 'Anywhere'].includes(j.geo))).toBe(true);
  expect(got.every((j) => /nurse/i.test(j.title) || j.tags.includes('billing'))).toBe(true);
  const inTitle = got.map((j) => /nurse/i.test(j.title));
  expect(inTitle).toEqual([...inTitle].sort((a, b) => Number(b) - Number(a)));
  expect(inTitle).toContain(true);
});

it('never returns excluded jobs or jobs at or before the watermark', () => {
  const all = index.match({ preferences: none, after: AFTER, limit: 1000 });
  const exclude = new Set(all.slice(0, 10).map((j) => j.id));
  const got = index.match({ preferences: none, after: AFTER, exclude, limit: 1000 });
  expect(got).toHaveLength(all.length - 10);
  expect(got.some((j) => exclude.has(j.id))).toBe(false);
  expect(index.match({ preferences: none, after: '2030-01-01T00:00:00.000Z', limit: 10 })).toEqual([]);
});

it('links guide preferences to jobs of that career guide only', () => {
  const got = index.match({ preferences: { ...none, guides: ['medical-office-administrator'] }, after: AFTER, limit: 50 });
  expect(got.length).toBeGreaterThan(0);
  expect(got.every((j) => j.guideSlug === 'medical-office-administrator')).toBe(true);
});

it('agrees with the naive scan on random subscribers, watermarks and exclusions', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 0, max: 8 * 24 }), fc.integer({ min: 1, max: 25 }), (seed, hoursBack, limit) => {
      const r = rng(seed);
      const preferences = syntheticPreferences(r);
      const after = new Date(Date.parse('2026-11-27T07:00:00Z') - hoursBack * 3_600_000).toISOString();
      const exclude = new Set(jobs.filter(() => r() < 0.05).map((j) => j.id));
      const request = { preferences, after, exclude, limit };
      expect(index.match(request).map((j) => j.id)).toEqual(naiveMatch(jobs, request).map((j) => j.id));
    }),
    { numRuns: 500 },
  );
});
