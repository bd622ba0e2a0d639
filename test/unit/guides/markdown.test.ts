import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParsedGuide } from '../../../lambdas/guides/guide';
import { importGuide, parseGuide, renderGuideMarkdown } from '../../../lambdas/guides/parse';
import { CONTENT_GUIDES_DIR, GROOMER, SEED, SOLAR, UPDATED_AT } from './fixtures';

const options = (file: string) => ({ file, updatedAt: UPDATED_AT });

describe('importGuide / renderGuideMarkdown: the canonical Markdown', () => {
  it.each([
    ['the seed', SEED],
    ['the fuller fixture', SOLAR],
    ['the minimal fixture', GROOMER],
  ])('round-trips %s: parseGuide(importGuide(x)) equals parseGuide(x)', (_what, source) => {
    const direct = parseGuide(source, options('guide.txt'));
    const markdown = importGuide(source, options('guide.txt'));
    expect(parseGuide(markdown, options('guide.md'))).toEqual(direct);
    // Rendering is a fixed point: the canonical form of the canonical form is itself.
    expect(importGuide(markdown, options('guide.md'))).toBe(markdown);
  });

  it('takes updatedAt and slug from the front matter, over the options', () => {
    const markdown = importGuide(SEED, options('guide.txt'));
    const guide = parseGuide(markdown, { file: 'medical-office-administrator.md', slug: 'medical-office-administrator', updatedAt: '2030-01-01T00:00:00.000Z' });
    expect(guide.updatedAt).toBe(UPDATED_AT);
    expect(guide.slug).toBe('medical-office-administrator');
  });

  it('writes the figures in the front matter and the prose in sections', () => {
    const markdown = importGuide(SEED, options('guide.txt'));
    expect(markdown.startsWith(
      [
        '---',
        'slug: medical-office-administrator',
        'title: Medical Office Administrator',
        'updatedAt: "2026-11-01T00:00:00.000Z"',
        'growthRatePercent: 7',
        'workArrangement: remote-friendly',
        'marketDemand: High',
        'salary:',
        '  currency: USD',
        '  region: US',
        '  min: 35000',
        '  max: 60000',
        '  median: 47500',
        '  byLevel:',
        '    - level: Entry-Level',
        '      amount: 38750',
      ].join('\n'),
    )).toBe(true);
    expect(markdown).toContain('\n## Career Path Tiers\n\n### Entry-Level Medical Office Assistant\n\nExperience: 0-2 years\n\nProfessionals at this tier');
    expect(markdown).toContain('\n### Morning (09:00–12:00)\n\nFocus: Patient Intake and Scheduling\n\n- Manage front desk operations');
    expect(markdown).toContain('\nKey takeaway: Adopting and mastering technology');
    expect(markdown).toContain('\n## FAQ\n\n### What certifications are most valuable for a Medical Office Administrator?\n\nCertifications like');
    expect(markdown.endsWith('\n')).toBe(true);
    expect(markdown).not.toMatch(/\n\n\n/);
  });

  it('reads what a human editor writes: wrapped paragraphs, comments, quotes, other bullets and times', () => {
    const markdown = [
      '---',
      '# edited by hand',
      "title: 'Barista'",
      'updatedAt: 2026-01-02T03:04:05Z',
      'growthRatePercent: 3.5   # BLS',
      'workArrangement: ~',
      'salary:',
      '  currency: EUR',
      '  region: "IE"',
      '  min: 20000',
      '  max: 30000',
      '  median: 25000',
      'outlook:',
      '  status: Stable',
      '---',
      '',
      '## Summary',
      '',
      'Baristas prepare coffee',
      'and serve customers.',
      '',
      'Second paragraph.',
      '',
      '## key responsibilities',
      '',
      '* Pull espresso shots',
      '+ Steam milk',
      '',
      '## A Day in the Life',
      '',
      '### Opening (6 AM - 9:30 AM)',
      '',
      '- Set up the bar',
      '',
      '### Closing',
      '',
      'Focus: Cleaning',
      '',
      '- Clean the machine',
      '',
      '## Skill Map',
      '',
      '### Latte Art',
      '',
      '- Hearts',
      '',
      '## Case Studies',
      '',
      '### A Busy Morning',
      '',
      'Key takeaway: Prepare early.',
      '',
      '## FAQ',
      '',
      '### Is it hard?',
      '',
      '\\- Not really, once you know the machine.',
    ].join('\n');
    const guide = parseGuide(markdown, { file: 'barista.md' });
    expect(guide).toMatchObject({
      slug: 'barista',
      title: 'Barista',
      updatedAt: '2026-01-02T03:04:05.000Z',
      summary: 'Baristas prepare coffee and serve customers.\n\nSecond paragraph.',
      growthRatePercent: 3.5,
      workArrangement: null,
      salary: { currency: 'EUR', region: 'IE', min: 20000, max: 30000, median: 25000, byLevel: [], topEarnersNote: null },
      outlook: { growthRatePercent: null, status: 'Stable', source: null },
      responsibilities: ['Pull espresso shots', 'Steam milk'],
      dayInTheLife: [
        { period: 'Opening', start: '06:00', end: '09:30', focus: '', tasks: ['Set up the bar'] },
        { period: 'Closing', start: null, end: null, focus: 'Cleaning', tasks: ['Clean the machine'] },
      ],
      skillMap: [{ name: 'Latte Art', description: null, skills: ['Hearts'] }],
      caseStudies: [{ title: 'A Busy Morning', text: '', takeaway: 'Prepare early.' }],
      faq: [{ question: 'Is it hard?', answer: '- Not really, once you know the machine.' }],
    });
  });

  it('escapes paragraphs that would read as Markdown or as labels, and reads them back literally', () => {
    const base = parseGuide(SEED, options('guide.txt'));
    const tricky: ParsedGuide = {
      ...base,
      summary: '- not a list\n\n## not a heading\n\n\\ a backslash\n\nFocus: not a label',
      coreFunctions: ['Experience: matters', '# also not a heading', '+ plus'],
      faq: [{ question: 'Why?', answer: 'Key takeaway: not a takeaway' }],
      title: 'Null',
      workArrangement: 'yes',
    };
    const markdown = renderGuideMarkdown(tricky);
    expect(markdown).toContain('title: "Null"');
    expect(markdown).toContain('workArrangement: "yes"');
    expect(markdown).toContain('\n\\- not a list\n');
    const back = parseGuide(markdown, options('tricky.md'));
    expect(back.summary).toBe(tricky.summary);
    expect(back.coreFunctions).toEqual(tricky.coreFunctions);
    expect(back.faq).toEqual(tricky.faq);
    expect(back.title).toBe('Null');
    expect(back.workArrangement).toBe('yes');
  });
});

describe('content/guides/medical-office-administrator.md', () => {
  // Regenerate with: UPDATE_GUIDES=1 npx jest test/unit/guides/markdown
  const path = join(CONTENT_GUIDES_DIR, 'medical-office-administrator.md');
  const expected = importGuide(SEED, options('seeds/medical-office-administrator.txt'));
  if (process.env.UPDATE_GUIDES === '1') writeFileSync(path, expected);

  it('is exactly importGuide(seed), so that it never drifts from the importer', () => {
    expect(existsSync(path)).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(expected);
  });

  it('parses, with the file name as slug, to the seed’s guide', () => {
    const guide = parseGuide(readFileSync(path, 'utf8'), { file: path, slug: 'medical-office-administrator' });
    expect(guide).toEqual(parseGuide(SEED, options('seed.txt')));
  });
});
