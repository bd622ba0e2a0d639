import fc from 'fast-check';
import { GuideParseError } from '../../../lambdas/guides/errors';
import type { ParsedGuide } from '../../../lambdas/guides/guide';
import { importGuide, parseGuide, renderGuideMarkdown } from '../../../lambdas/guides/parse';
import { SEED, SOLAR, UPDATED_AT } from './fixtures';

const options = { file: 'mangled.txt', updatedAt: UPDATED_AT };
const RUNS = Number(process.env.GUIDE_PROPERTY_RUNS ?? 300);
const outcomes = { parsed: 0, rejected: 0 };

/** Lines that are meaningful to the parsers, to make mangled inputs hit interesting paths. */
const INTERESTING = [
  'Key Responsibilities', 'Skills and Qualifications', 'Tech Skills', 'Soft Abilities', 'Path to Nowhere', 'Career Path Tiers',
  'Experience: 3-1 years', 'Experience: 2 years', 'Focus: something', 'Morning (25:00 AM - 1 PM)', 'Evening (On Call)',
  'Median: $4x,500', '$', '7%', 'growth rate', 'median salary', 'Annual Salary (US, USD)', 'Related Roles', 'Pros', '❌ Cons',
  'Key Takeaway:', 'Frequently Asked Questions', 'Why?', 'Sources & References', 'USD $8/month', 'Share career guide',
  '---', '## Summary', '### Sub', '- item', '\\', '•', '  •  ', 'Stress Level: ', 'Growth Rate: 7%', 'title: x', 'β€”', 'πŸ“', '\u0000', '\r',
];

type Mutation =
  | { kind: 'delete' | 'duplicate' | 'truncate' | 'digits' | 'dropHeading'; at: number }
  | { kind: 'swap'; at: number; to: number }
  | { kind: 'insert'; at: number; text: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('delete', 'duplicate', 'truncate', 'digits', 'dropHeading'), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap'), at: fc.nat(), to: fc.nat() }),
  fc.record({
    kind: fc.constant('insert'),
    at: fc.nat(),
    text: fc.oneof(
      fc.constantFrom(...INTERESTING),
      fc.string({ unit: 'grapheme', maxLength: 30 }),
      fc.string({ unit: 'binary', maxLength: 30 }),
    ),
  }),
) as fc.Arbitrary<Mutation>;

const HEADING_LIKE = /^[^a-z•\s-].{0,60}$/;

function mangle(source: string, mutations: readonly Mutation[]): string {
  let lines = source.split('\n');
  for (const m of mutations) {
    const n = Math.max(lines.length, 1);
    const at = m.at % n;
    switch (m.kind) {
      case 'delete':
        lines.splice(at, 1);
        break;
      case 'duplicate':
        lines.splice(at, 0, lines[at] ?? '');
        break;
      case 'truncate':
        lines = lines.slice(0, at);
        break;
      case 'digits':
        lines[at] = (lines[at] ?? '').replace(/\d/g, (d) => 'abcdefghij'[Number(d)] as string);
        break;
      case 'dropHeading': {
        const headings = lines.flatMap((l, i) => (HEADING_LIKE.test(l) ? [i] : []));
        const index = headings[m.at % Math.max(headings.length, 1)];
        if (index !== undefined) lines.splice(index, 1);
        break;
      }
      case 'swap': {
        const to = m.to % n;
        [lines[at], lines[to]] = [lines[to] ?? '', lines[at] ?? ''];
        break;
      }
      case 'insert':
        lines.splice(at, 0, m.text);
        break;
    }
  }
  return lines.join('\n');
}

/** Parses, accepting only a Guide or a GuideParseError that points into the input. */
function parseOrReject(source: string, file = options.file): ParsedGuide | null {
  try {
    const guide = parseGuide(source, { ...options, file });
    outcomes.parsed++;
    return guide;
  } catch (error) {
    if (!(error instanceof GuideParseError)) throw error;
    outcomes.rejected++;
    expect(error.reason).not.toMatch(/^internal error/);
    expect(error.line).toBeGreaterThanOrEqual(1);
    expect(error.line).toBeLessThanOrEqual(source.split('\n').length);
    expect(error.message).toBe(`${file}:${error.line}: ${error.reason}`);
    return null;
  }
}

describe('parseGuide on mangled input', () => {
  const canonical = importGuide(SEED, options);
  const started = Date.now();

  it.each([
    ['the seed', SEED],
    ['the fuller fixture', SOLAR],
  ])('returns a Guide or throws GuideParseError for mangled %s, and round-trips what it accepts', (_what, source) => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (mutations) => {
        const mangled = mangle(source, mutations);
        const guide = parseOrReject(mangled);
        if (guide !== null) {
          const markdown = importGuide(mangled, options);
          expect(parseGuide(markdown, { ...options, file: 'mangled.md' })).toEqual(guide);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('returns a Guide or throws GuideParseError for mangled canonical Markdown', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (mutations) => {
        const mangled = mangle(canonical, mutations);
        const guide = parseOrReject(mangled, 'mangled.md');
        if (guide !== null) expect(parseGuide(renderGuideMarkdown(guide), { ...options, file: 'again.md' })).toEqual(guide);
      }),
      { numRuns: RUNS },
    );
  });

  it('stays linear on pathological lines', () => {
    const long = 'a'.repeat(100_000);
    const spaces = ' '.repeat(100_000);
    for (const line of [long, `${long}?`, `${spaces}x${spaces}`, `(${'1'.repeat(50_000)}`, `${'- '.repeat(30_000)}`, `Experience: ${'9'.repeat(50_000)}`]) {
      const t = Date.now();
      parseOrReject(`X Career Path Guide\n\nSummary.\n\nCareer Path Tiers\n\nTier\n${line}\n\nA Day in the Life\n\n${line}\n`);
      parseOrReject(`---\ntitle: ${line}\n---\n\n## Summary\n\n${line}\n`, 'long.md');
      expect(Date.now() - t).toBeLessThan(500);
    }
  });

  afterAll(() => {
    // Both outcomes must be exercised, or the property says little.
    expect(outcomes.parsed).toBeGreaterThan(RUNS / 10);
    expect(outcomes.rejected).toBeGreaterThan(RUNS / 10);
    if (process.env.GUIDE_PROPERTY_RUNS) console.log(outcomes);
    // The whole file is meant to stay well under ~5 s.
    if (RUNS <= 300) expect(Date.now() - started).toBeLessThan(15_000);
  });
});
