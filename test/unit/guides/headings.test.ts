import fc from 'fast-check';
import {
  CHROME_HEADING,
  CHROME_LINE,
  HEADINGS,
  headingKey,
  isSpace,
  readHeadingLine,
} from '../../../lambdas/guides/text-parser';
import { SHORT } from '../../../lambdas/guides/fields';
import { GROOMER, SEED, SOLAR } from './fixtures';

/**
 * The plain-text parser skips a line's heading patterns unless its first word can start one, and its
 * chrome patterns unless the line starts with a chrome word or holds $ € £ +: the reading here runs
 * every pattern on every short non-bullet line, and both must agree on every line.
 */
function everyPattern(raw: string): { heading: string | null; chrome: boolean } {
  const text = raw.trim();
  const bullet = /^[•●▪◦]/.test(text) || /^[-*]\s/.test(text);
  if (bullet || text.length > SHORT) return { heading: null, chrome: false };
  const key = headingKey(text);
  return {
    heading: HEADINGS.find((spec) => spec.pattern.test(key))?.key ?? null,
    chrome: CHROME_HEADING.test(key) || CHROME_LINE.test(text.toLowerCase()),
  };
}

const HEADING_TEXTS = [
  'Market Demand', 'Annual Salary (US, USD)', 'Salary Range', 'Core Functions of the Medical Office Administrator Role',
  'Key Responsibilities', 'Work Setting', 'Work Environment', 'Tech Stack', 'Technology Stack', 'Tools & Technologies',
  'Skills and Qualifications', 'Education Level', 'Educational Level', 'Tech Skills', 'Technical Skills', 'Hard Skills',
  'Soft Abilities', 'Soft Skills', 'Path to Becoming a Groomer', 'Required Education and Training', 'Career Path Tiers',
  'Career Tiers', 'Global Outlook', 'Job Market Today', 'Role Challenges', 'Challenges', 'Growth Paths', 'Industry Trends',
  'A Day in the Life of a Groomer', 'Work-Life Balance & Stress', 'Work Life Balance', 'Skill Map', 'Pros & Cons for Groomers',
  'Pros', 'Cons', 'Common Mistakes of Beginners', 'Contextual Advice', 'Examples and Case Studies', 'Case Studies',
  'Portfolio Tips', 'Job Outlook & Related Roles', 'Related Roles', 'Frequently Asked Questions', 'FAQ', 'FAQs',
];
const CHROME_TEXTS = [
  'Sources & References', 'Source and References', 'References', 'Share career guide', 'Share this page', 'Pro+ Subscription',
  'Careerwire+ Membership', 'USD $8/month', '$8 / mo', '€12.50/year', 'Go to account settings', 'Share on LinkedIn', 'Share via email',
];

describe('isSpace', () => {
  it('is /\\s/ for every UTF-16 unit', () => {
    for (let code = 0; code <= 0xffff; code++) {
      if (isSpace(code) !== /\s/.test(String.fromCharCode(code))) throw new Error(`differs at U+${code.toString(16)}`);
    }
  });
});

describe('readHeadingLine', () => {
  it('reads the known headings and chrome', () => {
    for (const text of HEADING_TEXTS) expect(readHeadingLine(`📈 ${text}`).heading).not.toBeNull();
    for (const text of CHROME_TEXTS) expect(readHeadingLine(text).chrome).toBe(true);
    expect(readHeadingLine('• Key Responsibilities')).toEqual({ heading: null, chrome: false });
    // Lower-cased, the Kelvin sign is a "k": the same heading as with an ASCII K.
    expect(readHeadingLine('\u212Aey Responsibilities').heading).toBe('responsibilities');
    expect(readHeadingLine('KEY  RESPONSIBILITIES').heading).toBe('responsibilities');
    expect(readHeadingLine('A medical office administrator keeps the practice running')).toEqual({ heading: null, chrome: false });
  });

  it('agrees with running every pattern, on every line of the fixtures', () => {
    for (const line of [...SEED.split('\n'), ...SOLAR.split('\n'), ...GROOMER.split('\n'), ...HEADING_TEXTS, ...CHROME_TEXTS]) {
      expect({ line, ...readHeadingLine(line) }).toEqual({ line, ...everyPattern(line) });
    }
  });

  it('agrees with running every pattern, on heading-like text', () => {
    const words = [...new Set([...HEADING_TEXTS, ...CHROME_TEXTS].flatMap((t) => t.split(' ')))];
    const word = fc.oneof(
      fc.constantFrom(...words),
      fc.constantFrom(...words).map((w) => w.toUpperCase()),
      fc.constantFrom('İndustry', 'work-life', 'WORK–LIFE', 'Kelvin', '\u212Aey', 'ſhare', '$8/mo', '+', '📈', '🇺🇸', '9', '(US,', 'USD)'),
      fc.string({ unit: 'grapheme', maxLength: 14 }),
    );
    const space = fc.constantFrom(' ', '  ', '\t', '\u00a0', '\u2003', '\ufeff', '');
    const line = fc.tuple(fc.constantFrom('', '📈 ', '🇺🇸', '✅', '  ', '-', '* ', '•', '1. '), fc.array(fc.tuple(word, space), { maxLength: 7 }));
    fc.assert(
      fc.property(line, ([lead, parts]) => {
        const text = lead + parts.map(([w, s]) => w + s).join('');
        expect(readHeadingLine(text)).toEqual(everyPattern(text));
      }),
      { numRuns: 3000 },
    );
  });
});
