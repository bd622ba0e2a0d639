/** The promises content/jobs/README.md makes about the sample feeds. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFeedDate, shiftFeedDates } from '../../../lambdas/jobs/dates';
import { parseFeed, type ParsedFeed } from '../../../lambdas/jobs/feeds';
import { createGuideLinker } from '../../../lambdas/jobs/guide-link';
import type { Job } from '../../../lambdas/jobs/job';
import { SAMPLE_FEED_ANCHOR, SAMPLE_FEEDS } from '../../../lambdas/jobs/samples';
import { expectValidJob } from './expect-job';

const CONTENT = join(__dirname, '../../../content/jobs');
const linkGuide = createGuideLinker([
  {
    slug: 'medical-office-administrator',
    title: 'Medical Office Administrator',
    relatedTitles: ['Entry-Level Medical Office Assistant', 'Medical Office Administrator', 'Senior Medical Office Manager'],
  },
]);

const bodies = SAMPLE_FEEDS.map((feed) => ({ ...feed, body: readFileSync(join(CONTENT, feed.file), 'utf8') }));
const parsed: ParsedFeed[] = bodies.map((f) => parseFeed(f.name, f.body, f.contentType, SAMPLE_FEED_ANCHOR, { linkGuide }));
const jobs: Job[] = parsed.flatMap((p) => p.jobs);

describe('sample feeds', () => {
  it('parse cleanly, with nothing skipped and nothing repaired', () => {
    for (const feed of parsed) {
      expect(feed.error).toBeUndefined();
      expect(feed.skipped).toEqual([]);
      expect(feed.notes).toEqual([]);
    }
    expect(parsed[0]?.kind).toBe('json');
    expect(parsed[1]?.kind).toBe('rss');
  });

  it('hold at least 60 valid jobs: 40 JSON and 20 RSS', () => {
    expect(parsed[0]?.jobs.length).toBeGreaterThanOrEqual(40);
    expect(parsed[1]?.jobs.length).toBeGreaterThanOrEqual(20);
    expect(jobs.length).toBeGreaterThanOrEqual(60);
    parsed.forEach((feed, i) => feed.jobs.forEach((job) => expectValidJob(job, bodies[i]!.name)));
    expect(new Set(jobs.map((j) => j.id)).size).toBe(jobs.length);
  });

  it('spread over industries, geos, types and levels', () => {
    const industries = new Set(jobs.flatMap((j) => j.industries));
    for (const industry of ['Healthcare', 'Software Development', 'Finance', 'Education', 'Marketing', 'Logistics']) {
      expect(industries).toContain(industry);
    }
    const geos = new Set(jobs.map((j) => j.geo));
    for (const geo of ['Anywhere', 'USA', 'Europe', 'UK', 'Canada', 'Canada, USA']) expect(geos).toContain(geo);
    const types = new Set(jobs.flatMap((j) => j.types));
    for (const type of ['full-time', 'part-time', 'contract', 'freelance', 'temporary']) expect(types).toContain(type);
    const levels = new Set(jobs.map((j) => j.level));
    for (const level of ['Entry', 'Mid', 'Senior', null]) expect(levels).toContain(level);
    const periods = new Set(jobs.map((j) => j.salary?.sourcePeriod));
    for (const period of ['year', 'month', 'hour', undefined]) expect(periods).toContain(period);
  });

  it('date every job in the 14 days before the anchor', () => {
    const anchor = SAMPLE_FEED_ANCHOR.getTime();
    for (const job of jobs) {
      const t = Date.parse(job.postedAt);
      expect(t).toBeLessThan(anchor);
      expect(t).toBeGreaterThanOrEqual(anchor - 14 * 86_400_000);
    }
  });

  it('link at least six jobs of the Medical Office Administrator family, and no look-alike', () => {
    const linked = jobs.filter((j) => j.guideSlug === 'medical-office-administrator').map((j) => j.title);
    expect(linked.length).toBeGreaterThanOrEqual(6);
    for (const title of linked) expect(title).toMatch(/^(?:Senior |Entry-Level )?Medical (?:Office|Administrative) /);
    const lookAlikes = [
      'Office Manager', 'Medical Device Sales Representative', 'Administrative Assistant', 'Medical Assistant',
      'Medical Billing Specialist', 'Medical Coder', 'Dental Office Manager', 'Medical Receptionist', 'Patient Services Representative',
    ];
    for (const title of lookAlikes) {
      const found = jobs.filter((j) => j.title === title);
      expect(found.length).toBeGreaterThan(0);
      for (const job of found) expect(job.guideSlug).toBeNull();
    }
  });

  it('move with shiftFeedDates: same jobs, every date shifted by now − anchor, formats kept', () => {
    const now = new Date('2027-05-04T08:09:10Z');
    const delta = now.getTime() - SAMPLE_FEED_ANCHOR.getTime();
    bodies.forEach((feed, i) => {
      const shifted = shiftFeedDates(feed.body, feed.kind, SAMPLE_FEED_ANCHOR, now);
      const again = parseFeed(feed.name, shifted, feed.contentType, now, { linkGuide });
      expect(again.skipped).toEqual([]);
      const before = parsed[i]!.jobs;
      expect(again.jobs.map((j) => j.id)).toEqual(before.map((j) => j.id));
      again.jobs.forEach((job, k) => {
        expect(Date.parse(job.postedAt) - Date.parse(before[k]!.postedAt)).toBe(delta);
        expect({ ...job, postedAt: '', contentHash: '' }).toEqual({ ...before[k]!, postedAt: '', contentHash: '' });
      });
      const original = feed.kind === 'json' ? /"pubDate": "\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"/g : /<pubDate>\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d (?:GMT|[+-]\d{4})<\/pubDate>/g;
      expect(shifted.match(original)?.length).toBe(feed.body.match(original)?.length);
    });
    expect(parseFeedDate('2026-11-20 10:00:00').ok).toBe(true);
  });
});
