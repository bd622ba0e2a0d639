/**
 * The guide and feed parsers against hostile input, each input bounded in work: a guide either parses
 * or throws GuideParseError (and nothing else), a feed always comes back as a ParsedFeed (an `error`
 * or skipped items, never a throw), and every input's work is counted, not timed (regexWork):
 *
 * - no regex runs on more than the input limit: a guide past LIMITS.guideFileBytes is refused before
 *   any matching, and feed text is cut to FEED_LIMITS.htmlInputChars at most (the body itself is only
 *   sniffed, SNIFF_CHARS);
 * - regexes run a bounded number of times per unit of input: per line of a guide, per item of a feed.
 *
 * What test/unit/*\/property tests already cover (mangled fixtures, arbitrary short strings) is not
 * repeated; this adds the work bound to every input, larger arbitrary inputs, and pathological ones: a
 * megabyte of one character, 100k nested tags, 10k bullet lines, entity bombs, feeds at their size
 * limit. How fast they parse is measured by the bench (`npm run bench`), not asserted here.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GuideParseError } from '../../lambdas/guides/errors';
import { parseGuide } from '../../lambdas/guides/parse';
import { parseFeed, SNIFF_CHARS, type ParsedFeed } from '../../lambdas/jobs/feeds';
import { htmlToText } from '../../lambdas/jobs/html';
import { SAMPLE_FEED_ANCHOR } from '../../lambdas/jobs/samples';
import { FEED_LIMITS, LIMITS } from '../../lambdas/shared/limits';
import { expectValidJob } from '../unit/jobs/expect-job';
import { regexWork, type RegexWork } from '../unit/jobs/regex-work';

const REPO = join(__dirname, '..', '..');
const SEED = readFileSync(join(REPO, 'test/fixtures/guides/medical-office-administrator.txt'), 'utf8');
const CANONICAL = readFileSync(join(REPO, 'content/guides/medical-office-administrator.md'), 'utf8');
const JSON_FEED = readFileSync(join(REPO, 'content/jobs/remote-jobs.json'), 'utf8');
const RSS_FEED = readFileSync(join(REPO, 'content/jobs/jobs.rss'), 'utf8');

const RUNS = { numRuns: 200 } as const;

/**
 * The work each input may cost, in regex executions. A guide's parser runs about a dozen per line (each
 * line is classified, its heading key and figures read; 10k career tiers: 12.7), plus one per match of
 * a global replacement (the encoding repair: a mojibake sequence is at least two characters, and 500 KB
 * of "β€”" makes one per three); a feed item's normaliser a few hundred (each field cleaned, its words
 * and the title's role tokens read; the most, an item with 10k categories: 245). The bounds are about
 * twice that (the largest share is logged), and far below what a quadratic pass would cost.
 */
const GUIDE_EXECS_PER_LINE = 30;
const FEED_EXECS_PER_ITEM = 500;
const BOUNDS = {
  guide: {
    longestInput: LIMITS.guideFileBytes,
    execs: (source: string) => GUIDE_EXECS_PER_LINE * (lineCount(source) + 1) + Math.ceil(source.length / 2),
  },
  feed: { longestInput: Math.max(FEED_LIMITS.htmlInputChars, SNIFF_CHARS), execs: (items: number) => FEED_EXECS_PER_ITEM * (items + 1) },
};
/** The input closest to its bound, per kind: logged, to show the headroom. */
const heaviest = { guide: { share: 0, what: '' }, feed: { share: 0, what: '' } };

function lineCount(text: string): number {
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

/** `work` within the bounds of `kind`: regex inputs no longer than its limit, at most `maxExecs` executions. */
function expectBounded(kind: keyof typeof heaviest, what: string, work: RegexWork, maxExecs: number): void {
  const share = work.execs / maxExecs;
  if (share > heaviest[kind].share) heaviest[kind] = { share, what };
  expect({ what, longestInput: work.longestInput <= BOUNDS[kind].longestInput ? 'within the limit' : work.longestInput }).toEqual({
    what,
    longestInput: 'within the limit',
  });
  expect({ what, execs: work.execs <= maxExecs ? 'bounded' : `${work.execs} > ${maxExecs}` }).toEqual({ what, execs: 'bounded' });
}

/** A Guide, or a GuideParseError pointing into the input: anything else fails. */
function guideOutcome(source: string, what: string): { outcome: 'parsed' | 'rejected'; work: RegexWork } {
  const { result, work } = regexWork((): GuideParseError | null => {
    try {
      parseGuide(source, { file: 'hostile.md', updatedAt: '2026-11-01T00:00:00.000Z' });
      return null;
    } catch (error) {
      if (!(error instanceof GuideParseError)) throw error;
      return error;
    }
  });
  expectBounded('guide', what, work, BOUNDS.guide.execs(source));
  if (result === null) return { outcome: 'parsed', work };
  expect(result.reason).not.toMatch(/^internal error/);
  expect(result.line).toBeGreaterThanOrEqual(1);
  return { outcome: 'rejected', work };
}

/** A ParsedFeed whose jobs are all valid, or an error with no jobs: parseFeed must never throw. */
function feedOutcome(body: string, what: string, contentType?: string): ParsedFeed {
  const { result: feed, work } = regexWork(() => parseFeed('hostile', body, contentType, SAMPLE_FEED_ANCHOR));
  // Items read: at most maxItemsPerFeed, however many the feed holds.
  const items = Math.min(feed.total, FEED_LIMITS.maxItemsPerFeed);
  expectBounded('feed', what, work, BOUNDS.feed.execs(items));
  if (feed.error !== undefined) expect(feed.jobs).toEqual([]);
  expect(feed.jobs.length).toBeLessThanOrEqual(FEED_LIMITS.maxItemsPerFeed);
  for (const job of feed.jobs) expectValidJob(job, 'hostile');
  return feed;
}

const TEXT_HEAD = 'Hostile Role Career Path Guide\n\nA summary paragraph.\n\n';
const MD_HEAD = '---\nslug: hostile-role\ntitle: Hostile Role\n---\n\n## Summary\n\nA role.\n\n';
/** `s` repeated to about `bytes` bytes of UTF-8. */
const repeat = (s: string, bytes: number) => s.repeat(Math.max(1, Math.floor(bytes / Buffer.byteLength(s))));

describe('parseGuide on hostile input', () => {
  const seedLines = SEED.split('\n');

  it('parses or rejects arbitrary text of any size up to the file limit, each in bounded work', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 5_000 }),
      fc.string({ unit: 'grapheme', maxLength: 5_000 }),
      fc.array(fc.oneof(fc.constantFrom(...seedLines), fc.string({ maxLength: 80 })), { maxLength: 2_000 }).map((l) => l.join('\n')),
    );
    fc.assert(
      fc.property(fc.constantFrom('', TEXT_HEAD, MD_HEAD, '---\n'), text, (head, body) => {
        guideOutcome(head + body, `arbitrary (${head.slice(0, 12)}…, ${body.length} chars)`);
      }),
      RUNS,
    );
  });

  it('parses or rejects shuffled and multiplied real guides, each in bounded work', () => {
    fc.assert(
      fc.property(fc.constantFrom(SEED, CANONICAL), fc.nat({ max: 14 }), fc.double({ min: 0, max: 1, noNaN: true }), (source, times, cut) => {
        const lines = source.split('\n');
        const scaled = lines.flatMap((l) => Array.from({ length: Math.max(1, times) }, () => l));
        guideOutcome(scaled.slice(0, Math.floor(scaled.length * (0.5 + cut / 2))).join('\n'), `real guide ×${times}`);
      }),
      { ...RUNS, numRuns: 30 },
    );
  });

  const pathological: [string, string][] = [
    ['1 MB of one character', 'a'.repeat(1024 * 1024)],
    ['1 MB of newlines after a header', TEXT_HEAD + '\n'.repeat(1024 * 1024)],
    ['1 MB of "é" (2 bytes each)', 'é'.repeat(512 * 1024)],
    ...['a', ' ', '-', '#', '•', '$', '|', '<', '\r', '\u0000', 'β€”', '%', '7', ':'].flatMap((c): [string, string][] => [
      [`500 KB of ${JSON.stringify(c)} (text layout)`, TEXT_HEAD + repeat(c, 500_000)],
      [`500 KB of ${JSON.stringify(c)} (Markdown layout)`, MD_HEAD + repeat(c, 500_000)],
    ]),
    ['100k nested tags', TEXT_HEAD + '<div>'.repeat(100_000)],
    ['100k nested tags in Markdown', MD_HEAD + '<span>'.repeat(80_000)],
    ['10k bullet lines', TEXT_HEAD + 'Key Responsibilities\n\n' + '• Schedule appointments\n'.repeat(10_000)],
    ['10k Markdown bullets', MD_HEAD + '## Pros\n\n' + '- Schedule appointments\n'.repeat(10_000)],
    ['10k nested Markdown bullets', MD_HEAD + '## Cons\n\n' + Array.from({ length: 10_000 }, (_, i) => `${' '.repeat(i % 40)}- item ${i}`).join('\n')],
    ['10k headings', MD_HEAD + '## Pros\n\n'.repeat(10_000)],
    ['10k FAQ entries', TEXT_HEAD + 'Frequently Asked Questions\n\n' + 'Is it hard?\nNo.\n\n'.repeat(10_000)],
    ['10k career tiers', TEXT_HEAD + 'Career Path Tiers\n\n' + 'Tier\nExperience: 1-2 years\nA tier.\n\n'.repeat(10_000)],
    ['10k day blocks', TEXT_HEAD + 'A Day in the Life\n\n' + 'Morning (9 AM - 1 PM)\nFocus: x\n• a task\n'.repeat(10_000)],
    ['10k front matter keys', '---\n' + Array.from({ length: 10_000 }, (_, i) => `key${i}: value`).join('\n') + '\n---\n\n## Summary\n\nx\n'],
    ['a 400 KB front matter value', `---\nslug: x\ntitle: ${'t'.repeat(400_000)}\n---\n\n## Summary\n\nx\n`],
    ['unterminated front matter', '---\n' + 'title: x\n'.repeat(40_000)],
    ['100k "---" lines', '---\n'.repeat(100_000)],
    ['200k CRLF', TEXT_HEAD + '\r\n'.repeat(200_000)],
    ['salary soup', TEXT_HEAD + 'Median: $4x,500 $ 7% growth rate '.repeat(12_000)],
    ['one 500 KB line of digits', TEXT_HEAD + 'Growth Rate: ' + '9'.repeat(500_000) + '%'],
    ['parentheses bomb', TEXT_HEAD + 'Morning ' + '('.repeat(200_000) + ')'.repeat(200_000)],
    ['the seed sixteen times', SEED.repeat(16).slice(0, LIMITS.guideFileBytes - 1)],
  ];

  it.each(pathological)('%s: a Guide or a GuideParseError, in bounded work', (what, source) => {
    const { outcome, work } = guideOutcome(source, what);
    // Past the file limit nothing is parsed at all: refused before any regex runs.
    if (Buffer.byteLength(source) > LIMITS.guideFileBytes) expect({ outcome, execs: work.execs }).toEqual({ outcome: 'rejected', execs: 0 });
  });
});

describe('parseFeed on hostile input', () => {
  it('never throws on arbitrary bodies up to 100 KB, each in bounded work', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('', '<rss><channel>', '{"jobs":[', '<?xml version="1.0"?>'),
        fc.oneof(fc.string({ unit: 'binary', maxLength: 100_000 }), fc.string({ unit: 'grapheme', maxLength: 20_000 })),
        fc.constantFrom(undefined, 'application/json', 'application/rss+xml', 'text/html', 'text/plain; charset=iso-8859-1'),
        (head, body, type) => void feedOutcome(head + body, `arbitrary (${head}, ${body.length} chars)`, type),
      ),
      { ...RUNS, numRuns: 150 },
    );
  });

  const item = (i: number) =>
    `<item><title>Medical Office Manager ${i}</title><link>https://jobs.example/${i}</link><guid>${i}</guid><pubDate>Thu, 26 Nov 2026 10:00:00 +0000</pubDate><description>&lt;p&gt;Job ${i}&lt;/p&gt;</description><job:company>Clinic</job:company></item>`;
  const rss = (items: string) => `<?xml version="1.0"?><rss version="2.0" xmlns:job="https://careerwire.example/ns/job"><channel><title>x</title>${items}</channel></rss>`;
  const jsonJob = (i: number, extra: Record<string, unknown> = {}) => ({
    id: String(i),
    url: `https://jobs.example/${i}`,
    jobTitle: `Medical Office Manager ${i}`,
    companyName: 'Clinic',
    pubDate: '2026-11-26T10:00:00Z',
    ...extra,
  });
  const bomb =
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
    Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('') +
    ']><rss version="2.0"><channel><item><title>&lol9;</title><link>https://x.example/1</link><guid>1</guid><pubDate>Thu, 26 Nov 2026 10:00:00 +0000</pubDate></item></channel></rss>';

  const pathological: [string, string, string?][] = [
    ...['<', '[', '{', '"', '&', 'x', ']]>', '<!--', '\u0000', '\ufeff'].map((c): [string, string] => [`1 MB of ${JSON.stringify(c)}`, repeat(c, 1024 * 1024)]),
    ['100k nested tags', rss('<item>'.repeat(100_000))],
    ['100k nested tags in a description', rss(`<item><title>t</title><link>https://x.example/1</link><guid>1</guid><pubDate>Thu, 26 Nov 2026 10:00:00 +0000</pubDate><description><![CDATA[${'<div>'.repeat(100_000)}]]></description></item>`)],
    ['100k nested JSON arrays', '['.repeat(100_000) + ']'.repeat(100_000)],
    ['100k nested JSON objects under jobs', '{"jobs":[' + '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000) + ']}'],
    ['10k RSS items (past the item cap)', rss(Array.from({ length: 10_000 }, (_, i) => item(i)).join(''))],
    ['10k JSON jobs (past the item cap)', JSON.stringify({ jobs: Array.from({ length: 10_000 }, (_, i) => jsonJob(i)) })],
    ['a 4 MB job description', JSON.stringify({ jobs: [jsonJob(1, { jobDescription: '<p>' + 'word '.repeat(800_000) + '</p>' })] })],
    ['100k keys in one job', JSON.stringify({ jobs: [{ ...jsonJob(1), ...Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i])) }] })],
    ['10k categories in one item', rss(item(1).replace('</item>', '<category>Healthcare</category>'.repeat(10_000) + '</item>'))],
    ['an entity bomb', bomb],
    ['200k "&amp;"', rss(`<item><title>${'&amp;'.repeat(200_000)}</title></item>`)],
    ['100k "&#x"', rss(`<item><title>${'&#x'.repeat(100_000)}</title></item>`)],
    ['a 1 MB CDATA title', rss(`<item><title><![CDATA[${'t'.repeat(1024 * 1024)}]]></title><link>https://x.example/1</link><guid>1</guid><pubDate>Thu, 26 Nov 2026 10:00:00 +0000</pubDate></item>`)],
    ['the sample JSON feed ×40', JSON.stringify({ jobs: Array.from({ length: 40 }, () => (JSON.parse(JSON_FEED) as { jobs: unknown[] }).jobs).flat() })],
    ['the sample RSS feed items ×80', RSS_FEED.replace(/<item>[\s\S]*<\/item>/, (items) => items.repeat(80))],
    ['a feed at the 5 MB body cap', JSON.stringify({ jobs: Array.from({ length: 2_000 }, (_, i) => jsonJob(i, { jobDescription: 'd'.repeat(2_400) })) }).slice(0, FEED_LIMITS.maxBodyBytes)],
  ];

  // Every row gets its three values: a test function with more parameters than the row has values
  // is taken by Jest to want a `done` callback.
  it.each(pathological.map(([what, body, type]) => [what, body, type ?? ''] as const))('%s: a ParsedFeed, in bounded work', (what, body, type) => {
    const feed = feedOutcome(body, what, type === '' ? undefined : type);
    expect(feed.error !== undefined || feed.jobs.length > 0 || feed.skipped.length > 0 || feed.total === 0).toBe(true);
  });

  it('refuses XML nested past the depth limit instead of parsing deeper', () => {
    const deep = feedOutcome(rss('<item>'.repeat(100_000)), '100k nested tags');
    expect(deep.error).toBe(`malformed XML feed: elements nested more than ${FEED_LIMITS.maxElementDepth} deep`);
  });

  it('reports the items past the cap instead of reading them', () => {
    const feed = feedOutcome(JSON.stringify({ jobs: Array.from({ length: 10_000 }, (_, i) => jsonJob(i)) }), '10k jobs');
    expect(feed.total).toBe(10_000);
    expect(feed.jobs).toHaveLength(FEED_LIMITS.maxItemsPerFeed);
    expect(feed.skipped.at(-1)?.reason).toMatch(/only the first 2000 are read/);
  });

  it('keeps htmlToText bounded on 100k nested tags and a megabyte of text', () => {
    for (const [what, html] of [
      ['nested', '<div>'.repeat(100_000) + 'x'],
      ['unclosed comments', '<!--'.repeat(100_000)],
      ['scripts', '<script>'.repeat(50_000) + 'EVIL'],
      ['a megabyte', 'word '.repeat(200_000)],
    ] as const) {
      const { result: text, work } = regexWork(() => htmlToText(html, FEED_LIMITS.excerptChars));
      expectBounded('feed', `htmlToText ${what}`, work, BOUNDS.feed.execs(1));
      expect(text.length).toBeLessThanOrEqual(FEED_LIMITS.excerptChars);
      expect(text).not.toContain('EVIL');
    }
    // The nesting limit: the text past 128 open elements is never reached.
    expect(htmlToText('<div>'.repeat(FEED_LIMITS.maxElementDepth + 1) + 'x')).toBe('');
    expect(htmlToText('<div>'.repeat(FEED_LIMITS.maxElementDepth) + 'x')).toBe('x');
  });

  afterAll(() => {
    const { guide, feed } = heaviest;
    const percent = (share: number) => `${Math.round(share * 100)}%`;
    console.log(`most regex work, of its bound: guide ${percent(guide.share)} (${guide.what}), feed ${percent(feed.share)} (${feed.what})`);
  });
});
