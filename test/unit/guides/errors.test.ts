import { GuideParseError } from '../../../lambdas/guides/errors';
import { importGuide, parseGuide } from '../../../lambdas/guides/parse';
import { deleteLine, insertLine, SEED, UPDATED_AT, withLine } from './fixtures';

const FILE = 'guides/medical-office-administrator.txt';

/** The GuideParseError that parsing `source` throws (fails the test when it throws anything else). */
function errorOf(source: string, options: { slug?: string; updatedAt?: string } = { updatedAt: UPDATED_AT }): GuideParseError {
  try {
    parseGuide(source, { file: FILE, ...options });
  } catch (error) {
    expect(error).toBeInstanceOf(GuideParseError);
    return error as GuideParseError;
  }
  throw new Error('expected a GuideParseError, but the source parsed');
}

function expectError(source: string, line: number, reason: RegExp, options?: { slug?: string; updatedAt?: string }): void {
  const error = errorOf(source, options);
  expect({ line: error.line, reason: error.reason }).toEqual({ line, reason: expect.stringMatching(reason) });
  expect(error.file).toBe(FILE);
  expect(error.message).toBe(`${FILE}:${line}: ${error.reason}`);
}

describe('GuideParseError', () => {
  it('is an Error whose message is file:line: reason', () => {
    const error = new GuideParseError('a.md', 3, 'bad thing');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('GuideParseError');
    expect(error.message).toBe('a.md:3: bad thing');
    expect([error.file, error.line, error.reason]).toEqual(['a.md', 3, 'bad thing']);
  });
});

describe('parseGuide: bad plain-text input', () => {
  it.each([
    ['an empty file', ''],
    ['a blank file', ' \n\n\t\n'],
    ['a BOM only', '\ufeff'],
  ])('rejects %s at line 1', (_what, source) => {
    expectError(source, 1, /^empty file$/);
  });

  it('rejects text that is not a guide, at its first line', () => {
    expectError('Hello world\nThis is a note.\n', 1, /^not a guide: expected a '<Role> Career Path Guide' title line or '---' front matter$/);
    expectError('\n\nMedical Office Administrator\n', 3, /^not a guide/);
  });

  it('rejects a guide without a summary, where the summary should be', () => {
    expectError('Nurse Career Path Guide\n\n7%\n\ngrowth rate\n', 3, /^summary missing/);
    expectError('Nurse Career Path Guide\n\nKey Responsibilities\n\n• Care\n', 3, /^summary missing/);
    expectError(deleteLine(SEED, 3), 4, /^summary missing/); // "7%" moves up to line 4
  });

  it.each([
    [5, '7x%', /^growth rate '7x%' is not a percentage/],
    [9, '$4x,500', /^median salary '\$4x,500' is not a number$/],
    [25, '35,000—6o,000', /^salary figure '6o,000' is not a number$/],
    [25, '35,000', /^salary range '35,000' is not like/],
    [26, 'Median: $47,5oo', /^salary figure '\$47,5oo' is not a number$/],
    [28, '$3x,750', /^salary figure '\$3x,750' is not a number$/],
    [335, 'Growth Rate: seven', /^growth rate 'seven' is not a percentage/],
  ])('rejects a figure that is not a number: line %i = %s', (line, text, reason) => {
    expectError(withLine(SEED, line, text), line, reason);
  });

  it('rejects a salary minimum above the maximum', () => {
    expectError(withLine(SEED, 25, '60,000β€”35,000'), 25, /^salary minimum 60000 is greater than the maximum 35000$/);
  });

  it('rejects a salary level without an amount', () => {
    expectError(withLine(SEED, 28, 'unknown'), 27, /^salary level 'Entry-Level' has no amount after it$/);
  });

  it('rejects a median that contradicts the salary block', () => {
    expectError(withLine(SEED, 9, '$48,000'), 9, /^median salary 48000 differs from the salary section's median 47500$/);
  });

  it('rejects a salary heading without region and currency', () => {
    expectError(withLine(SEED, 23, 'Annual Salary'), 23, /region and currency/);
  });

  it('rejects a career tier whose experience is not a number of years', () => {
    expectError(withLine(SEED, 158, 'Experience: a few years'), 158, /^experience 'a few years' is not a number of years/);
    expectError(withLine(SEED, 158, 'Experience: 5-2 years'), 158, /^experience '5-2 years'/);
  });

  it('rejects a day block whose times are not times', () => {
    expectError(withLine(SEED, 198, 'Morning (9:00 XM - 12:00 PM)'), 198, /^time range '9:00 XM - 12:00 PM' is not like/);
  });

  it('rejects a heading that appears twice', () => {
    expectError(insertLine(SEED, 63, 'Key Responsibilities'), 63, /^duplicate section 'Key Responsibilities' \(first at line 46\)$/);
  });

  it('rejects text under a section that only has sub-sections', () => {
    expectError(insertLine(SEED, 90, 'Some stray introduction.'), 90, /^unexpected text under 'Skills and Qualifications'/);
  });

  it('rejects a FAQ question without an answer', () => {
    expectError(deleteLine(SEED, 345), 343, /^question 'What certifications are most valuable .*' has no answer$/);
  });

  it('rejects a guide without updatedAt, or with a bad one', () => {
    expectError(SEED, 1, /^updatedAt unknown/, {});
    expectError(SEED, 1, /^updatedAt 'yesterday' is not an ISO 8601 time$/, { updatedAt: 'yesterday' });
  });

  it('rejects a slug option that is not kebab-case', () => {
    expectError(SEED, 1, /^slug 'Medical Office' is not kebab-case/, { slug: 'Medical Office', updatedAt: UPDATED_AT });
  });

  it('rejects a title with nothing to make a slug of', () => {
    expectError('日本語 Career Path Guide\n\nA summary.\n', 1, /^cannot derive a slug from the title '日本語'$/);
  });

  it('rejects a source larger than the limit', () => {
    expectError(`X Career Path Guide\n\n${'a'.repeat(600 * 1024)}\n`, 1, /^file is larger than 524288 bytes$/);
  });

  it('never throws anything but GuideParseError, even for wrong argument types', () => {
    expect(() => parseGuide(undefined as unknown as string, { file: FILE })).toThrow(GuideParseError);
    expect(() => importGuide(42 as unknown as string, { file: FILE })).toThrow(GuideParseError);
  });
});

describe('parseGuide: bad canonical Markdown', () => {
  const md = importGuide(SEED, { file: FILE, updatedAt: UPDATED_AT });
  const lines = md.split('\n');
  const lineNo = (prefix: string): number => lines.findIndex((l) => l.startsWith(prefix)) + 1;

  it('rejects front matter that is never closed', () => {
    expectError('---\ntitle: X\n\n## Summary\n\nText.\n', 1, /^front matter not closed/);
  });

  it('rejects an unknown front matter key at its line', () => {
    expectError(insertLine(md, 3, 'colour: blue'), 3, /^unknown key 'colour' in the front matter/);
  });

  it('rejects a figure that is not a number at its line', () => {
    const at = lineNo('growthRatePercent:');
    expectError(withLine(md, at, 'growthRatePercent: seven'), at, /^'growthRatePercent' must be a number, found 'seven'$/);
    const median = lineNo('  median:');
    expectError(withLine(md, median, '  median: 47,5oo'), median, /^'median' must be a number/);
  });

  it('rejects a salary minimum above the maximum', () => {
    const at = lineNo('  min:');
    expectError(withLine(md, at, '  min: 90000'), at, /^salary minimum 90000 is greater than the maximum 60000$/);
  });

  it('rejects a slug that differs from the file name', () => {
    expectError(md, 2, /^slug 'medical-office-administrator' does not match 'medical-office-admin' \(the file name\)$/, {
      slug: 'medical-office-admin',
    });
  });

  it('rejects a missing title, bad indentation and malformed values', () => {
    expectError(deleteLine(md, 3), 1, /^the front matter needs 'title'$/);
    expectError(withLine(md, lineNo('  region:'), '   region: US'), lineNo('  region:'), /^unexpected indentation$/);
    expectError(withLine(md, 3, 'title: "Unclosed'), 3, /quoted/);
    expectError(withLine(md, 3, 'title: [a, b]'), 3, /^unsupported YAML value/);
    expectError(withLine(md, 3, 'title'), 3, /^expected 'key: value'/);
  });

  it('rejects an unknown section, a duplicate section and text outside sections', () => {
    const summary = lineNo('## Summary');
    expectError(withLine(md, summary, '## Overview'), summary, /^unknown section '## Overview'/);
    const pros = lineNo('## Pros');
    expectError(withLine(md, pros, '## Cons'), lineNo('## Cons'), /^duplicate section '## Cons' \(first at line \d+\)$/);
    expectError(insertLine(md, summary, 'Loose text.'), summary, /^text before the first '## Section'$/);
  });

  it('rejects a missing summary', () => {
    const start = lineNo('## Summary');
    const withoutSummary = [...lines.slice(0, start - 1), ...lines.slice(start + 3)].join('\n');
    expectError(withoutSummary, start - 1, /^summary missing/);
  });

  it('rejects a tier without an Experience line, and a list where paragraphs belong', () => {
    const experience = lineNo('Experience: 0-2 years');
    expectError(withLine(md, experience, 'Zero to two years'), experience, /^tier 'Entry-Level Medical Office Assistant' needs an 'Experience: 0-2 years' line first$/);
    const paragraph = lineNo('## Core Functions') + 2;
    expectError(withLine(md, paragraph, '- a list item'), paragraph, /^'## Core Functions' holds paragraphs, not '- ' list items$/);
  });

  it('rejects a market demand text without a level', () => {
    const at = lineNo('marketDemand:');
    expectError(withLine(md, at, 'marketDemand: null'), lineNo('## Market Demand'), /^'## Market Demand' needs 'marketDemand: <level>'/);
  });
});
