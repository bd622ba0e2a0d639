/**
 * Feeds in the shapes of public job boards (our own invented samples in test/fixtures/jobs/boards):
 * We Work Remotely RSS, Himalayas/Jobicy-style RSS, Remotive's JSON API and RemoteOK's JSON array.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFeed, type ParsedFeed } from '../../../lambdas/jobs/feeds';
import type { Job } from '../../../lambdas/jobs/job';
import { companyFromTitle } from '../../../lambdas/jobs/rss-feed';
import { expectValidJob } from './expect-job';

const NOW = new Date('2026-11-27T00:00:00Z');
const board = (name: string, file: string): ParsedFeed =>
  parseFeed(name, readFileSync(join(__dirname, '../../fixtures/jobs/boards', file), 'utf8'), undefined, NOW);

function only(feed: ParsedFeed, sourceId: string): Job {
  const job = feed.jobs.find((j) => j.sourceId === sourceId);
  if (job === undefined) throw new Error(`no job ${sourceId}: ${JSON.stringify(feed.skipped)}`);
  return job;
}

describe('We Work Remotely RSS: "Company: Role" titles, no company element', () => {
  const feed = board('wwr', 'weworkremotely.rss');

  it('keeps every item, the company from the title and the role as the title', () => {
    expect(feed.error).toBeUndefined();
    expect(feed.skipped).toEqual([]);
    expect(feed.jobs.map((j) => [j.company, j.title])).toEqual([
      ['Brightpath Dental', 'Patient Support Specialist'],
      ['Lumen & Co', 'Senior Billing Coordinator'],
    ]);
    for (const job of feed.jobs) expectValidJob(job, 'wwr');
    expect(feed.companyFallbacks).toEqual({ title: 2, creator: 0, unknown: 0 });
  });

  it('reads region and type: "Anywhere in the World" is Anywhere and remote, "USA Only" is USA', () => {
    const [first, second] = feed.jobs as [Job, Job];
    expect(first).toMatchObject({ geo: 'Anywhere', remote: true, types: ['full-time'], companyLogo: 'https://logos.wwr.example/brightpath.png' });
    expect(second).toMatchObject({ geo: 'USA', remote: false, types: ['contract'], level: 'Senior' });
  });
});

describe('Himalayas/Jobicy-style RSS: "Role at Company", dc:creator, and nothing at all', () => {
  const feed = board('himalayas', 'himalayas.rss');

  it('takes the company from the title, then dc:creator, else keeps the job as "Unknown", counting each', () => {
    expect(feed.skipped).toEqual([]);
    expect(only(feed, 'hm-1001')).toMatchObject({ title: 'Data Analyst', company: 'Northwind Health', geo: 'Europe', remote: true });
    expect(only(feed, 'hm-1002')).toMatchObject({ title: 'Medical Office Administrator', company: 'Sunrise Family Practice', geo: 'Denver, CO', remote: false });
    expect(only(feed, 'hm-1003')).toMatchObject({ title: 'Scheduling Coordinator', company: 'Unknown', geo: 'Unspecified', remote: false });
    for (const job of feed.jobs) expectValidJob(job, 'himalayas');
    expect(feed.companyFallbacks).toEqual({ title: 1, creator: 1, unknown: 1 });
  });
});

describe("Remotive's JSON API", () => {
  const feed = board('remotive', 'remotive.json');

  it('reads title, company_name, category, job_type, candidate_required_location and publication_date', () => {
    expect(feed.error).toBeUndefined();
    expect(feed.skipped).toEqual([]);
    const claims = only(feed, '2001');
    expect(claims).toMatchObject({
      title: 'Claims Specialist',
      company: 'Harbor Insurance',
      industries: ['Medical / Health'],
      types: ['full-time'],
      geo: 'Anywhere',
      remote: true,
      url: 'https://remotive.example/remote-jobs/medical/claims-specialist-2001',
    });
    expect(claims.tags).toEqual(expect.arrayContaining(['billing', 'claims']));
    expect(claims.excerpt).not.toContain('alert');
    expect(only(feed, '2002')).toMatchObject({ company: 'Cedar Clinics', geo: 'USA', remote: false, types: ['contract'], companyLogo: null });
    for (const job of feed.jobs) expectValidJob(job, 'remotive');
    expect(feed.companyFallbacks).toEqual({ title: 0, creator: 0, unknown: 0 });
  });
});

describe("RemoteOK's JSON array", () => {
  const feed = board('remoteok', 'remoteok.json');

  it('reads the array after its legal notice (not counted as a skipped item), position as the title and apply_url', () => {
    expect(feed.error).toBeUndefined();
    expect(feed.skipped).toEqual([]);
    expect(feed.total).toBe(2);
    expect(only(feed, '3001')).toMatchObject({
      title: 'Senior Nurse Educator',
      company: 'QuietCare',
      level: 'Senior',
      geo: 'Anywhere',
      remote: true,
      url: 'https://remoteok.example/remote-jobs/3001/apply',
      postedAt: '2026-11-25T07:00:00.000Z',
    });
    expect(only(feed, '3002')).toMatchObject({ title: 'Dispatcher', geo: 'Canada', remote: false });
    for (const job of feed.jobs) expectValidJob(job, 'remoteok');
  });
});

describe('companyFromTitle', () => {
  it.each([
    ['Acme: Nurse', { company: 'Acme', title: 'Nurse' }],
    ['Billing Lead at Acme Health', { company: 'Acme Health', title: 'Billing Lead' }],
    ['Remote: Nurse', null], // a prefix that is not a company
    ['Work at scale', null], // a lower-case word after "at" is not a name
    ['Nurse', null],
    [`${'A'.repeat(81)}: Nurse`, null], // a sentence, not a name
  ])('%p → %p', (title, expected) => {
    expect(companyFromTitle(title)).toEqual(expected);
  });
});
