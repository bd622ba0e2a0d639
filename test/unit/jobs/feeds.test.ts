import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { feedNameFromUrl, parseFeedList } from '../../../lambdas/jobs/feed-list';
import { detectFeedKind, normaliseJsonItem, parseFeed, type ParsedFeed } from '../../../lambdas/jobs/feeds';
import { jobContentHash, sha256Hex } from '../../../lambdas/jobs/hash';
import type { Job } from '../../../lambdas/jobs/job';
import { relinkJob } from '../../../lambdas/jobs/normalise';
import { ConfigError } from '../../../lambdas/shared/env';
import { canonicalJson } from '../../../lambdas/shared/json';
import { expectValidJob } from './expect-job';

const FIXTURES = join(__dirname, '../../fixtures/jobs');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
const NOW = new Date('2026-11-27T00:00:00Z');

function byId(feed: ParsedFeed, id: string): Job {
  const job = feed.jobs.find((j) => j.sourceId === id);
  if (!job) throw new Error(`no job ${id}; skipped: ${JSON.stringify(feed.skipped)}`);
  return job;
}

function reasonOf(feed: ParsedFeed, index: number): string | undefined {
  return feed.skipped.find((s) => s.index === index)?.reason;
}

describe('detectFeedKind', () => {
  it.each([
    ['{"jobs":[]}', undefined, 'json'],
    ['\ufeff  [1]', 'text/html', 'json'],
    ['<?xml version="1.0"?><rss/>', 'application/json', 'rss'],
    ['<rss>', undefined, 'rss'],
    ['garbage', 'application/json', 'json'],
    ['garbage', 'application/rss+xml', 'rss'],
    ['garbage', 'text/plain', null],
  ] as const)('%p with %p → %p', (body, type, kind) => {
    expect(detectFeedKind(body, type)).toBe(kind);
  });
});

describe('parseFeed: JSON feed', () => {
  const feed = parseFeed('hostile', fixture('hostile.json'), 'application/json', NOW);

  it('keeps the good items, each valid', () => {
    expect(feed.error).toBeUndefined();
    expect(feed.kind).toBe('json');
    expect(feed.total).toBe(19);
    expect(feed.jobs.map((j) => j.sourceId)).toEqual(['1', '10', '11', '12', '13', 'https://jobs.hostile.example/no-id']);
    for (const job of feed.jobs) expectValidJob(job, 'hostile');
  });

  it('cleans text, drops hostile HTML and normalises every field', () => {
    expect(byId(feed, '1')).toEqual({
      id: 'hostile:1',
      source: 'hostile',
      sourceId: '1',
      title: 'Senior Medical Office Administrator (Remote)',
      company: 'Acme & Sons Clinic',
      companyLogo: null,
      industries: ['Healthcare', 'Administration'],
      types: ['full-time', 'contract'],
      geo: 'USA',
      remote: true, // "(Remote)" in the title
      level: 'Senior',
      salary: { min: 60000, max: 80000, currency: 'USD', period: 'year', sourcePeriod: 'year' },
      postedAt: '2026-11-20T10:00:00.000Z',
      excerpt: "Hello there. Apply today — it's quick.",
      url: 'https://jobs.hostile.example/1?utm_source=feed&ref=rss',
      tags: ['healthcare', 'administration', 'full-time', 'contract'],
      guideSlug: null,
      contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('skips broken items with their reasons and goes on', () => {
    expect(reasonOf(feed, 1)).toBe('apply URL must be http(s)');
    expect(reasonOf(feed, 2)).toBe('missing title');
    expect(reasonOf(feed, 3)).toBe('missing company');
    expect(reasonOf(feed, 4)).toBe('missing apply URL');
    expect(reasonOf(feed, 5)).toMatch(/unparseable date/);
    expect(reasonOf(feed, 6)).toBe('missing date');
    expect(reasonOf(feed, 7)).toMatch(/day 30 is out of range/);
    expect(reasonOf(feed, 8)).toMatch(/more than a day in the future/);
    expect(reasonOf(feed, 13)).toBe('duplicate id (same as item 0)');
    expect(reasonOf(feed, 14)).toBe('item is not an object');
    expect(reasonOf(feed, 15)).toBe('item is not an object');
    expect(reasonOf(feed, 17)).toBe('apply URL must be http(s)'); // data: URL
    expect(reasonOf(feed, 18)).toBe('missing title'); // a title that was only a <script>
    expect(feed.skipped.find((s) => s.index === 1)?.sourceId).toBe('2');
    expect(feed.jobs.length + feed.skipped.length).toBe(feed.total);
  });

  it('normalises hourly and monthly salaries and odd zones', () => {
    expect(byId(feed, '10')).toMatchObject({
      salary: { min: 80080, max: 95680, currency: 'USD', period: 'year', sourcePeriod: 'hour' },
      postedAt: '2026-11-20T14:30:00.000Z',
      types: ['part-time'],
      geo: 'USA',
      level: 'Mid',
    });
    expect(byId(feed, '11')).toMatchObject({
      salary: { min: 42000, max: 54000, currency: 'EUR', sourcePeriod: 'month' },
      postedAt: '2026-11-20T09:00:00.000Z',
      level: null,
    });
  });

  it('drops an absurd or currency-less salary but keeps the job, with notes', () => {
    expect(byId(feed, '12').salary).toBeNull();
    expect(byId(feed, '12').geo).toBe('Anywhere');
    expect(byId(feed, '13').salary).toBeNull();
    expect(byId(feed, '13').geo).toBe('Unspecified');
    expect(feed.notes).toEqual(
      expect.arrayContaining([
        { index: 0, sourceId: '1', note: 'company logo URL is not http(s); dropped' },
        { index: 10, sourceId: '11', note: 'salary min and max were swapped' },
        { index: 11, sourceId: '12', note: expect.stringMatching(/implausible/) },
        { index: 12, sourceId: '13', note: 'salary has no currency' },
      ]),
    );
  });

  it('falls back to the URL for the source id', () => {
    expect(byId(feed, 'https://jobs.hostile.example/no-id').id).toBe('hostile:https://jobs.hostile.example/no-id');
  });
});

describe('parseFeed: RSS feed', () => {
  const feed = parseFeed('rss', fixture('hostile.rss'), 'application/rss+xml', NOW);

  it('keeps the good items, each valid', () => {
    expect(feed.error).toBeUndefined();
    expect(feed.kind).toBe('rss');
    expect(feed.total).toBe(8);
    expect(feed.jobs.map((j) => j.sourceId)).toEqual(['h-1', 'https://jobs.hostile.example/rss/2', 'h-3', 'h-7']);
    for (const job of feed.jobs) expectValidJob(job, 'rss');
  });

  it('reads CDATA, categories and extensions, and drops scripts and pixels', () => {
    expect(byId(feed, 'h-1')).toMatchObject({
      title: 'Medical Office Manager & Biller',
      company: 'Creator Clinic', // dc:creator fallback
      companyLogo: 'https://logos.hostile.example/creator.png', // the image, not the audio enclosure
      industries: ['Healthcare'], // categories minus types and places
      types: ['full-time'], // from the categories when no job:type
      geo: 'USA',
      salary: { min: 41600, max: 52000, currency: 'USD', sourcePeriod: 'hour' },
      postedAt: '2026-11-20T15:00:00.000Z',
      excerpt: 'Run the office. Apply & join.',
      url: 'https://jobs.hostile.example/rss/1?a=1&b=2',
      tags: ['healthcare', 'full-time', 'remote'],
    });
  });

  it('reads raw markup and escaped HTML descriptions without their scripts', () => {
    const raw = byId(feed, 'https://jobs.hostile.example/rss/2');
    expect(raw.excerpt).toBe('Raw HTML inside XML. Second paragraph.');
    expect(raw.salary).toMatchObject({ min: 42000, max: 42000, currency: 'EUR', sourcePeriod: 'month' });
    const escaped = byId(feed, 'h-3');
    expect(escaped.excerpt).toBe('Escaped & fine.');
    expect(escaped).toMatchObject({ types: ['contract'], level: 'Entry' });
  });

  it('skips broken items with reasons', () => {
    expect(reasonOf(feed, 3)).toBe('apply URL must be http(s)');
    expect(reasonOf(feed, 4)).toBe('missing title');
    expect(reasonOf(feed, 5)).toMatch(/day 30/);
    expect(reasonOf(feed, 6)).toBeUndefined();
    expect(reasonOf(feed, 7)).toMatch(/unknown time zone/);
  });

  it('keeps an item that names no company anywhere as "Unknown", and counts where companies came from', () => {
    // "No company at all": " at " followed by a lower-case word is not "Role at Company".
    expect(byId(feed, 'h-7')).toMatchObject({ title: 'No company at all', company: 'Unknown' });
    expect(feed.companyFallbacks).toEqual({ title: 0, creator: 1, unknown: 1 });
  });
});

describe('parseFeed: malformed feeds', () => {
  it.each([
    ['truncated.json', 'application/json', /malformed JSON feed/],
    ['not-rss.xml', 'application/xml', /root element is <urlset>/],
    ['atom.xml', 'application/atom+xml', /Atom feeds are not supported/],
  ])('%s is reported as a feed error with no jobs', (file, type, error) => {
    const feed = parseFeed('bad', fixture(file), type, NOW);
    expect(feed.error).toMatch(error);
    expect(feed.jobs).toEqual([]);
  });

  it.each([
    ['', /empty feed body/],
    ['   ', /empty feed body/],
    ['plain text', /not a JSON or RSS feed/],
    ['{"jobs": {}}', /no "jobs" array/],
    ['null', /not a JSON or RSS feed|not an object/],
    ['<html><body><p>Not a feed</p></body></html>', /root element is <html>/],
    ['<rss version="2.0"></rss>', /no <channel>/],
    ['<rss version="2.0"><channel><item><title>x</title></item>', /truncated RSS feed/],
    ['hello <rss><channel></channel></rss>', /not a JSON or RSS feed|text before the root/],
    ['<rdf:RDF><channel/></rdf:RDF>', /RSS 1.0/],
  ])('%p → error %p', (body, error) => {
    const feed = parseFeed('bad', body, undefined, NOW);
    expect(feed.error).toMatch(error);
    expect(feed.jobs).toEqual([]);
  });

  it('reads an empty channel as no jobs and no error', () => {
    expect(parseFeed('ok', '<rss version="2.0"><channel><title>t</title></channel></rss>', undefined, NOW)).toMatchObject({
      jobs: [],
      skipped: [],
    });
    expect(parseFeed('ok', '{"jobs":[]}', undefined, NOW).error).toBeUndefined();
  });

  it('reads at most maxItems and reports the rest in one entry', () => {
    const item = (i: number) => ({ id: i, url: `https://x.example/${i}`, jobTitle: 'T', companyName: 'C', pubDate: '2026-11-20' });
    const body = JSON.stringify({ jobs: Array.from({ length: 10 }, (_, i) => item(i)) });
    const feed = parseFeed('many', body, undefined, NOW, { maxItems: 4 });
    expect(feed.jobs).toHaveLength(4);
    expect(feed.total).toBe(10);
    expect(feed.skipped).toEqual([{ index: 4, reason: 'feed has 10 items; only the first 4 are read' }]);
  });
});

describe('content hashes', () => {
  const item = {
    id: 7, url: 'https://x.example/7', jobTitle: 'Data Analyst', companyName: 'Tallgrass', jobIndustry: ['Data'],
    jobType: ['full-time'], jobGeo: 'USA', jobLevel: 'Senior', jobDescription: '<p>Hi</p>', pubDate: '2026-11-20 10:00:00',
    salaryMin: 1, salaryMax: 2, salaryCurrency: 'USD', salaryPeriod: 'hourly',
  };
  const hashOf = (value: unknown): string => {
    const result = normaliseJsonItem('s', value, { now: NOW });
    if (!result.ok) throw new Error(result.reason);
    return result.job.contentHash;
  };

  it('is the same for the same content, whatever the key order or the time of the sync', () => {
    const reversed = Object.fromEntries(Object.entries(item).reverse());
    expect(hashOf(reversed)).toBe(hashOf(item));
    const later = normaliseJsonItem('s', item, { now: new Date('2026-12-01T00:00:00Z') });
    expect(later.ok && later.job.contentHash).toBe(hashOf(item));
  });

  it('is sha256 of the sorted-key JSON of the job without contentHash', () => {
    const result = normaliseJsonItem('s', item, { now: NOW });
    if (!result.ok) throw new Error(result.reason);
    const { contentHash, ...rest } = result.job;
    expect(contentHash).toBe(sha256Hex(canonicalJson(rest)));
    const newer = { ...rest, extra: 1 };
    expect(jobContentHash(newer)).toBe(sha256Hex(canonicalJson(newer)));
    expect(jobContentHash(newer)).not.toBe(contentHash);
  });

  it('changes when any normalised field changes', () => {
    const base = hashOf(item);
    expect(hashOf({ ...item, jobDescription: '<p>Hello</p>' })).not.toBe(base);
    expect(hashOf({ ...item, salaryMax: 3 })).not.toBe(base);
    expect(hashOf({ ...item, jobType: ['contract'] })).not.toBe(base);
  });

  it('does not change for differences normalisation removes', () => {
    expect(hashOf({ ...item, jobTitle: '  Data&nbsp;Analyst ', jobType: 'Full Time' })).toBe(hashOf(item));
  });

  it('covers the guide link: relinking updates guideSlug and the hash', () => {
    const result = normaliseJsonItem('s', item, { now: NOW });
    if (!result.ok) throw new Error(result.reason);
    const linked = relinkJob(result.job, () => 'data-analyst');
    expect(linked.guideSlug).toBe('data-analyst');
    expect(linked.contentHash).not.toBe(result.job.contentHash);
    expect(linked.contentHash).toBe(jobContentHash(linked));
    expect(relinkJob(linked, () => 'data-analyst')).toBe(linked);
  });
});

describe('normaliseJsonItem (POST /admin/jobs)', () => {
  it('validates like a feed item', () => {
    expect(normaliseJsonItem('admin', { id: 1, url: 'ftp://x', jobTitle: 'T', companyName: 'C', pubDate: '2026-11-20' })).toEqual({
      ok: false,
      reason: 'apply URL must be http(s)',
    });
    expect(normaliseJsonItem('admin', 'nope')).toEqual({ ok: false, reason: 'item is not an object' });
    const ok = normaliseJsonItem('admin', { id: 1, url: 'https://x.example', jobTitle: 'T', companyName: 'C', pubDate: '2026-11-20' }, { now: NOW, linkGuide: () => 'g' });
    expect(ok).toMatchObject({ ok: true, job: { id: 'admin:1', guideSlug: 'g' } });
  });
});

describe('feed configuration', () => {
  it('names feeds from their URL, stable across ports', () => {
    expect(feedNameFromUrl('http://localhost:3000/jobs/remote-jobs.json')).toBe('localhost-jobs-remote-jobs-json');
    expect(feedNameFromUrl('http://localhost:41234/jobs/remote-jobs.json')).toBe('localhost-jobs-remote-jobs-json');
    expect(feedNameFromUrl('https://www.example.com/feed.rss')).toBe('example-com-feed-rss');
  });

  it('parses JOB_FEEDS with optional names', () => {
    expect(parseFeedList(' remote=https://a.example/api/v2/remote-jobs , https://b.example/jobs.rss,')).toEqual([
      { name: 'remote', url: 'https://a.example/api/v2/remote-jobs' },
      { name: 'b-example-jobs-rss', url: 'https://b.example/jobs.rss' },
    ]);
    expect(parseFeedList('')).toEqual([]);
  });

  it('keeps "=" inside a URL query, and names by a hash of the query, never its text (it may hold a key)', () => {
    const [feed] = parseFeedList('https://a.example/jobs?tag=nurse&key=SECRET');
    expect(feed).toEqual({ name: expect.stringMatching(/^a-example-jobs-[0-9a-f]{8}$/), url: 'https://a.example/jobs?tag=nurse&key=SECRET' });
    expect(feed?.name).not.toMatch(/secret|nurse/);
  });

  it("names a board's JSON API and RSS feed on one host apart, without names", () => {
    const feeds = parseFeedList('https://board.example/api/jobs.json,https://board.example/api/jobs.rss,https://board.example/api/jobs?page=1,https://board.example/api/jobs?page=2');
    const names = feeds.map((f) => f.name);
    expect(names.slice(0, 2)).toEqual(['board-example-api-jobs-json', 'board-example-api-jobs-rss']);
    expect(new Set(names).size).toBe(4);
  });

  it('keeps each derived name whatever else the list holds, in any order (names are part of job ids)', () => {
    const urls = ['https://board.example/jobs.json', 'https://board.example/jobs.rss', 'https://other.example/feed', `https://board.example/${'long-path/'.repeat(10)}jobs.rss`];
    const alone = new Map(urls.map((u) => [u, parseFeedList(u)[0]?.name]));
    const together = parseFeedList([...urls].reverse().join(','));
    for (const feed of together) expect(feed.name).toBe(alone.get(feed.url));
    const long = alone.get(urls[3] as string) as string;
    expect(long.length).toBeLessThanOrEqual(64);
    expect(long).toMatch(/-[0-9a-f]{8}$/);
  });

  it.each([
    ['ftp://a.example/jobs', /not http\(s\)/],
    ['not a url', /not a URL/],
    ['Bad Name=https://a.example', /bad feed name/],
    ['a=https://a.example,a=https://b.example', /"a" is used twice .* give one another name: other-name=URL/],
    ['https://a.example/jobs.rss,https://a.example/jobs.rss', /listed twice; remove one/],
  ])('fails fast on %p, with one line that says how to fix it', (value, error) => {
    let thrown: unknown;
    try {
      parseFeedList(value);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const message = (thrown as Error).message;
    expect(message).toMatch(error);
    expect(message).toMatch(/^JOB_FEEDS: /);
    expect(message).not.toContain('\n');
  });
});
