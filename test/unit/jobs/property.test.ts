/** Property tests: parseFeed never throws, whatever it is given, and what it keeps is always valid. */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normaliseJsonItem, parseFeed } from '../../../lambdas/jobs/feeds';
import { htmlToText } from '../../../lambdas/jobs/html';
import { SAMPLE_FEED_ANCHOR } from '../../../lambdas/jobs/samples';
import { expectValidJob } from './expect-job';

const CONTENT = join(__dirname, '../../../content/jobs');
const JSON_FEED = readFileSync(join(CONTENT, 'remote-jobs.json'), 'utf8');
const RSS_FEED = readFileSync(join(CONTENT, 'jobs.rss'), 'utf8');
/** Bounded runs: each property stops at its run count or its time budget, whichever comes first. */
const RUNS = { numRuns: 300, interruptAfterTimeLimit: 5_000, markInterruptAsFailure: false } as const;

function checkResult(source: string, body: string, contentType?: string): void {
  const feed = parseFeed(source, body, contentType, SAMPLE_FEED_ANCHOR);
  expect(Array.isArray(feed.jobs)).toBe(true);
  expect(Array.isArray(feed.skipped)).toBe(true);
  if (feed.error !== undefined) {
    expect(typeof feed.error).toBe('string');
    expect(feed.jobs).toEqual([]);
  }
  for (const job of feed.jobs) expectValidJob(job, source);
}

/** A body with some damage: cut short, a slice removed, junk inserted, or characters swapped. */
const mangled = (body: string) =>
  fc.oneof(
    fc.nat({ max: body.length }).map((n) => body.slice(0, n)),
    fc.tuple(fc.nat({ max: body.length }), fc.nat({ max: 400 })).map(([at, n]) => body.slice(0, at) + body.slice(at + n)),
    fc.tuple(fc.nat({ max: body.length }), fc.string({ unit: 'binary', maxLength: 40 })).map(([at, junk]) => body.slice(0, at) + junk + body.slice(at)),
    fc
      .array(fc.tuple(fc.nat({ max: Math.max(0, body.length - 1) }), fc.constantFrom('<', '>', '"', '&', ']', '}', ',', '\u0000', '\\', ' ')), { maxLength: 20 })
      .map((edits) => {
        const chars = body.split('');
        for (const [at, c] of edits) chars[at] = c;
        return chars.join('');
      }),
  );

describe('parseFeed never throws', () => {
  it('on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 500 }), fc.constantFrom(undefined, 'application/json', 'application/rss+xml', 'text/html'), (body, type) => {
        checkResult('prop', body, type);
      }),
      RUNS,
    );
  });

  it('on strings that look like feeds', () => {
    const fragments = fc.constantFrom('<rss>', '<channel>', '<item>', '</item>', '<title>', '<link>', '<![CDATA[', ']]>', '{"jobs":[', '{', '}', '"id":1', ',', '<pubDate>', '&amp;', '&#x', '<script>', 'https://x.example/');
    fc.assert(
      fc.property(fc.array(fc.oneof(fragments, fc.string({ maxLength: 8 })), { maxLength: 60 }), (parts) => {
        checkResult('prop', parts.join(''));
      }),
      RUNS,
    );
  });

  it('on mangled sample JSON feeds', () => {
    fc.assert(fc.property(mangled(JSON_FEED), (body) => checkResult('json', body, 'application/json')), { ...RUNS, numRuns: 150 });
  });

  it('on mangled sample RSS feeds', () => {
    fc.assert(fc.property(mangled(RSS_FEED), (body) => checkResult('rss', body, 'application/rss+xml')), { ...RUNS, numRuns: 150 });
  });

  it('on JSON feeds whose items are anything at all', () => {
    const field = fc.oneof(fc.anything(), fc.string(), fc.integer(), fc.double(), fc.array(fc.string(), { maxLength: 3 }));
    const item = fc.oneof(
      fc.anything(),
      fc.record(
        {
          id: field, url: fc.oneof(field, fc.webUrl()), jobTitle: field, companyName: field, companyLogo: field,
          jobIndustry: field, jobType: field, jobGeo: field, jobLevel: field, jobExcerpt: field,
          jobDescription: field, pubDate: fc.oneof(field, fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
          salaryMin: field, salaryMax: field, salaryCurrency: field, salaryPeriod: field,
        },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(fc.array(item, { maxLength: 8 }), (items) => {
        checkResult('any', JSON.stringify({ jobs: items }) ?? '');
        for (const it of items) expect(() => normaliseJsonItem('any', it)).not.toThrow();
      }),
      { ...RUNS, numRuns: 200 },
    );
  });
});

describe('htmlToText', () => {
  it('never lets a script through, and keeps to its length', () => {
    const html = fc.array(
      fc.oneof(
        fc.constantFrom('<p>', '</p>', '<script>EVIL()</script>', '<style>x</style>', '<img src=x>', '<b>', '</b>', '<br>', '&amp;', '&lt;', '&#60;', '<!--', '-->', '<iframe>', '</iframe>'),
        // Free text without "<": a stray "<" glued to a tag makes a different (odd but valid) tag, as in browsers.
        fc.string({ maxLength: 10 }).map((s) => s.replace(/</g, ' ').replace(/EVIL/g, '')),
      ),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(html, fc.integer({ min: 1, max: 400 }), (parts, max) => {
        const text = htmlToText(parts.join(''), max);
        expect(text.length).toBeLessThanOrEqual(max);
        expect(text).not.toContain('EVIL');
        expect(text).toBe(text.trim());
      }),
      RUNS,
    );
  });
});
