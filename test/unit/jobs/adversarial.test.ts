/**
 * Every feed parser on 100k-character adversarial strings, bounded by counted work, not by time:
 *
 * 1. no regex ever runs on more than the parser's input limit (FEED_LIMITS.fieldInputChars, salaryTextChars
 *    or htmlInputChars): the input was cut, or refused, before any matching;
 * 2. the same parser on the same pattern ten times longer (1M characters) runs exactly as many regex
 *    executions, on strings no longer: the work does not grow with the input past the cut.
 *
 * With every regex in lambdas/jobs linear in its input (the quadratic ones were rewritten), these two
 * counts bound the work. The strings are the shapes that make backtracking regexes slow: long runs of
 * spaces between digits (salary text: 200k spaces took two minutes), unclosed brackets, repeated
 * separators and prefixes, entity and tag soup.
 */
import { normaliseJsonItem, parseFeed, SNIFF_CHARS } from '../../../lambdas/jobs/feeds';
import { parseFeedDate } from '../../../lambdas/jobs/dates';
import { createGuideLinker, roleTokens } from '../../../lambdas/jobs/guide-link';
import { cleanText, htmlToText } from '../../../lambdas/jobs/html';
import { normalisePeriod, normaliseSalary, parseAmount } from '../../../lambdas/jobs/salary';
import { normaliseGeo, normaliseLevel, normaliseList, normaliseTags, normaliseType, normaliseTypes } from '../../../lambdas/jobs/taxonomy';
import { FEED_LIMITS } from '../../../lambdas/shared/limits';
import { regexWork, type RegexWork } from './regex-work';

const N = 100_000;
const NOW = new Date('2026-11-27T00:00:00Z');
const PUB_DATE = 'Thu, 26 Nov 2026 10:00:00 +0000';

/** `unit` repeated to exactly `length` characters, between an optional head and tail. */
const shape = (unit: string, head = '', tail = '') => (length: number) =>
  head + unit.repeat(Math.ceil((length - head.length - tail.length) / unit.length)).slice(0, length - head.length - tail.length) + tail;

const STRINGS: [string, (length: number) => string][] = [
  ['digit, spaces, digit', shape(' ', '1', '1')],
  ['digit, spaces, "k" then a letter', shape(' ', '1', 'kx')],
  ['digit, tabs, letter', shape('\t', '9', 'x')],
  ['only spaces', shape(' ')],
  ['"1 " repeated', shape('1 ')],
  ['"1," repeated', shape('1,')],
  ['"1." repeated', shape('1.')],
  ['"$1,0" repeated', shape('$1,0')],
  ['one long number', shape('9')],
  ['one long word', shape('a')],
  ['"- " repeated, then a letter', shape('- ', '', 'x')],
  ['unclosed "("', shape('(')],
  ['unclosed "[(" pairs', shape('[(')],
  ['"to " repeated', shape('to ')],
  ['"per " repeated', shape('per ')],
  ['"fully " repeated', shape('fully ')],
  ['"/ " repeated', shape('/ ')],
  ['", " repeated', shape(', ')],
  ['"Remote - " repeated', shape('Remote - ')],
  ['"-level" repeated', shape('-level')],
  ['"&#x" repeated', shape('&#x')],
  ['"<b>" repeated', shape('<b>')],
  ['"<!--" repeated', shape('<!--')],
  ['a date, then spaces and garbage', shape(' ', '2026-11-26T10:00:00Z', 'x')],
];

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const rss = (fields: string) =>
  `<?xml version="1.0"?><rss version="2.0" xmlns:job="https://careerwire.example/ns/job"><channel><title>t</title><item><link>https://jobs.example/1</link><guid>1</guid>${fields}</item></channel></rss>`;
const linker = createGuideLinker([{ slug: 'medical-office-administrator', title: 'Medical Office Administrator', industries: ['Healthcare'] }]);
const { fieldInputChars: FIELD, salaryTextChars: SALARY, htmlInputChars: HTML } = FEED_LIMITS;

/**
 * Each parser, the longest string any regex may see in it, and how to call it on a string: the input
 * (a feed body) is built first, outside the measured call.
 */
const PARSERS: [string, number, (s: string) => () => unknown][] = [
  ['normaliseSalary (free text)', SALARY, (s) => () => normaliseSalary({ text: s })],
  ['normaliseSalary (amounts, currency, period)', FIELD, (s) => () => normaliseSalary({ min: s, max: s, currency: s, period: s })],
  ['normaliseSalary (amounts with a currency)', FIELD, (s) => () => normaliseSalary({ min: s, max: '90000', currency: 'USD' })],
  ['parseAmount', FIELD, (s) => () => parseAmount(s)],
  ['normalisePeriod', FIELD, (s) => () => normalisePeriod(s)],
  ['parseFeedDate', FIELD, (s) => () => parseFeedDate(s)],
  ['htmlToText (an excerpt)', HTML, (s) => () => htmlToText(s, FEED_LIMITS.excerptChars)],
  ['htmlToText (all of it)', HTML, (s) => () => htmlToText(s)],
  ['cleanText', FIELD, (s) => () => cleanText(s, FEED_LIMITS.fieldChars)],
  ['normaliseGeo', FIELD, (s) => () => normaliseGeo(s)],
  ['normaliseLevel', FIELD, (s) => () => normaliseLevel(s, s)],
  ['normaliseLevel (from the title)', FIELD, (s) => () => normaliseLevel(undefined, s)],
  ['normaliseType', FIELD, (s) => () => normaliseType(s)],
  ['normaliseTypes', FIELD, (s) => () => normaliseTypes([s, `${s}x`])],
  ['normaliseList', FIELD, (s) => () => normaliseList([s, `${s}x`])],
  ['normaliseTags', FIELD, (s) => () => normaliseTags([s, `${s}x`])],
  ['roleTokens', FIELD, (s) => () => roleTokens(s)],
  ['the guide linker', FIELD, (s) => () => linker({ title: s, industries: [s] })],
  [
    'a JSON feed item, every text field',
    HTML,
    (s) => {
      const item = {
        id: '1', url: 'https://jobs.example/1', pubDate: '2026-11-26T10:00:00Z', jobTitle: s, companyName: s, jobIndustry: [s, s],
        jobType: [s], jobGeo: s, jobLevel: s, jobDescription: s, jobExcerpt: s, salary: s,
      };
      const body = JSON.stringify({ jobs: [item] });
      return () => parseFeed('x', body, undefined, NOW, { linkGuide: linker });
    },
  ],
  [
    'a JSON feed item, id, date and salary parts',
    Math.max(FIELD, SNIFF_CHARS),
    (s) => {
      const items = [
        { id: s, url: 'https://jobs.example/1', jobTitle: 't', companyName: 'c', pubDate: '2026-11-26T10:00:00Z' },
        { id: '2', url: 'https://jobs.example/2', jobTitle: 't', companyName: 'c', pubDate: s },
        { id: '3', url: 'https://jobs.example/3', jobTitle: 't', companyName: 'c', pubDate: '2026-11-26T10:00:00Z', salaryMin: s, salaryMax: s, salaryCurrency: s, salaryPeriod: s },
      ];
      const body = JSON.stringify({ jobs: items });
      return () => parseFeed('x', body, undefined, NOW);
    },
  ],
  [
    'an RSS item, every text field',
    HTML,
    (s) => {
      const body = rss(
        `<title>${xml(s)}</title><pubDate>${PUB_DATE}</pubDate><description>${xml(s)}</description><job:company>${xml(s)}</job:company>` +
          `<category>${xml(s)}</category><category>${xml(s)}</category><job:location>${xml(s)}</job:location><job:level>${xml(s)}</job:level>` +
          `<job:type>${xml(s)}</job:type><job:salary>${xml(s)}</job:salary>`,
      );
      return () => parseFeed('x', body, undefined, NOW, { linkGuide: linker });
    },
  ],
  [
    'an RSS item, raw markup description, date and salary parts',
    HTML,
    (s) => {
      const body = rss(
        `<title>t</title><job:company>c</job:company><pubDate>${xml(s)}</pubDate><description><p>${xml(s)}</p></description>` +
          `<job:salaryMin>${xml(s)}</job:salaryMin><job:salaryMax>${xml(s)}</job:salaryMax><job:salaryCurrency>${xml(s)}</job:salaryCurrency>`,
      );
      return () => parseFeed('x', body, undefined, NOW);
    },
  ],
  ['a whole feed body', SNIFF_CHARS, (s) => () => parseFeed('x', s, undefined, NOW)],
  ['a whole feed body, after "{"', SNIFF_CHARS, (s) => () => parseFeed('x', `{"jobs":[${s}`, undefined, NOW)],
  ['a whole feed body, inside <rss>', SNIFF_CHARS, (s) => () => parseFeed('x', `<rss version="2.0"><channel>${s}`, undefined, NOW)],
  [
    'an admin job item (POST /admin/jobs)',
    HTML,
    (s) => () =>
      normaliseJsonItem('admin', { id: '1', url: 'https://jobs.example/1', pubDate: '2026-11-26T10:00:00Z', jobTitle: s, companyName: s, jobGeo: s, jobDescription: s, salary: s }, { now: NOW }),
  ],
];

describe.each(PARSERS)('%s on 100k-character adversarial strings', (_name, bound, prepare) => {
  it.each(STRINGS)('%s: regexes see at most the input limit, and 10× the input costs no more regex work', (_what, make) => {
    const short = make(N);
    const long = make(10 * N);
    expect(short).toHaveLength(N);
    expect(long).toHaveLength(10 * N);
    const onShort = prepare(short);
    const onLong = prepare(long);
    // Once unmeasured, so that memos (job types) are warm for both measured runs.
    onShort();
    const once: RegexWork = regexWork(onShort).work;
    const tenTimes: RegexWork = regexWork(onLong).work;
    expect(once.longestInput).toBeLessThanOrEqual(bound);
    expect(tenTimes).toEqual(once);
  });
});

describe('the salary text of the security review', () => {
  it('parses "1", 200k spaces, "1" from its first salaryTextChars characters', () => {
    const text = `1${' '.repeat(200_000)}1`;
    const { result, work } = regexWork(() => normaliseSalary({ text: `USD ${text}` }));
    expect(work.longestInput).toBeLessThanOrEqual(FEED_LIMITS.salaryTextChars);
    // The cut leaves "USD 1" and spaces: one amount, read as both ends.
    expect(result).toEqual({ salary: { min: 1, max: 1, currency: 'USD', period: null, sourcePeriod: null } });
  });

  it('still reads "60 k" with spaces before the k (parseAmount drops them)', () => {
    expect(normaliseSalary({ text: '£30 k – £35   k a year' }).salary).toEqual({ min: 30_000, max: 35_000, currency: 'GBP', period: 'year', sourcePeriod: 'year' });
  });
});

describe('refusing instead of cutting where a prefix could read as valid', () => {
  it('refuses a date, an amount, a currency and a period longer than fieldInputChars', () => {
    const padded = (value: string) => value + ' '.repeat(FEED_LIMITS.fieldInputChars) + 'x';
    expect(parseFeedDate(padded('2026-11-26T10:00:00Z'))).toEqual({ ok: false, reason: `date longer than ${FEED_LIMITS.fieldInputChars} characters` });
    expect(parseAmount(padded('60000'))).toBeNaN();
    expect(normalisePeriod(padded('year'))).toBeNull();
    expect(normaliseSalary({ min: '1', max: '2', currency: padded('USD') })).toMatchObject({ salary: null });
  });
});
