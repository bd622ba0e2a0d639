import fc from 'fast-check';
import { JobIndex } from '../../../lambdas/alerts/matcher';
import type { Job } from '../../../lambdas/jobs/job';
import type { Preferences } from '../../../lambdas/subscriptions/subscriber';
import { naiveMatch } from '../../support/naive-match';
import { rng, syntheticJobs, syntheticPreferences } from '../../support/synthetic';
import { emptyPreferences } from '../../support/preferences';

const none: Preferences = emptyPreferences();
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

describe('levels, salary floor and remote only', () => {
  const base = jobs[0] as Job;
  const job = (id: string, hoursAgo: number, over: Partial<Job>): Job => ({
    ...base,
    id,
    sourceId: id,
    title: 'Billing Specialist',
    tags: [],
    postedAt: new Date(Date.parse('2026-11-27T07:00:00Z') - hoursAgo * 3_600_000).toISOString(),
    ...over,
  });
  const usd = (max: number) => ({ min: max - 10_000, max, currency: 'USD', period: 'year' as const, sourcePeriod: 'year' as const });
  const set = new JobIndex([
    job('low', 1, { salary: usd(50_000), level: 'Senior', remote: true }),
    job('high', 2, { salary: usd(90_000), level: 'Senior', remote: false }),
    job('none', 3, { salary: null, level: null, remote: true }),
    job('eur', 4, { salary: { ...usd(10_000), currency: 'EUR' }, level: 'Entry', remote: true }),
    job('monthly', 5, { salary: { ...usd(5_000), period: null, sourcePeriod: 'month' }, level: 'Mid', remote: true }),
  ]);
  const ids = (p: Partial<Preferences>) => set.match({ preferences: { ...none, ...p }, after: AFTER, limit: 20 }).map((j) => j.id);

  it('leaves out jobs stating a yearly salary in the currency below the floor; unstated ones come after those that meet it', () => {
    expect(ids({ salaryMin: 60_000 })).toEqual(['high', 'none', 'eur', 'monthly']);
    // Another currency's floor: USD salaries are unstated for it.
    expect(ids({ salaryMin: 60_000, salaryCurrency: 'EUR' })).toEqual(['low', 'high', 'none', 'monthly']);
  });

  it('keeps jobs at the chosen levels first, then jobs with no level, never other levels', () => {
    expect(ids({ levels: ['Senior'] })).toEqual(['low', 'high', 'none']);
    expect(ids({ levels: ['entry', 'Mid'] })).toEqual(['eur', 'monthly', 'none']);
  });

  it('keeps only remote jobs when asked', () => {
    expect(ids({ remoteOnly: true })).toEqual(['low', 'none', 'eur', 'monthly']);
    expect(ids({ remoteOnly: true, levels: ['Senior'], salaryMin: 60_000 })).toEqual(['none']);
  });

  it('at equal keyword relevance, ranks jobs that meet levels and salary first; keywords still filter', () => {
    const withTitle = new JobIndex([job('titled', 9, { title: 'Nurse', salary: null, level: null }), job('met', 1, { salary: usd(90_000), level: 'Senior' })]);
    const got = withTitle.match({ preferences: { ...none, keywords: ['nurse', 'billing'], levels: ['Senior'], salaryMin: 60_000 }, after: AFTER, limit: 20 });
    expect(got.map((j) => j.id)).toEqual(['met', 'titled']);
    const one = withTitle.match({ preferences: { ...none, keywords: ['nurse'], salaryMin: 60_000 }, after: AFTER, limit: 20 });
    expect(one.map((j) => j.id)).toEqual(['titled']);
  });
});
