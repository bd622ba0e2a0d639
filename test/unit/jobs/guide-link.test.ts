import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseGuide } from '../../../lambdas/guides/parse';
import { createGuideLinker, guideLinkTarget, roleTokens, type GuideLinkTarget } from '../../../lambdas/jobs/guide-link';

const MOA: GuideLinkTarget = {
  slug: 'medical-office-administrator',
  title: 'Medical Office Administrator',
  // The guide's career tiers.
  relatedTitles: ['Entry-Level Medical Office Assistant', 'Medical Office Administrator', 'Senior Medical Office Manager'],
};
const DATA_ANALYST: GuideLinkTarget = {
  slug: 'data-analyst',
  title: 'Data Analyst',
  relatedTitles: ['Junior Data Analyst', 'Data Analyst', 'Senior Data Analyst', 'Analytics Manager'],
};
const SOFTWARE_ENGINEER: GuideLinkTarget = {
  slug: 'software-engineer',
  title: 'Software Engineer',
  relatedTitles: ['Junior Software Engineer', 'Senior Software Engineer', 'Staff Engineer'],
  industries: ['Software Development'],
};
const OPERATIONS_MANAGER: GuideLinkTarget = { slug: 'operations-manager', title: 'Operations Manager' };

const link = createGuideLinker([MOA, DATA_ANALYST, SOFTWARE_ENGINEER, OPERATIONS_MANAGER]);

describe('guide linking', () => {
  it.each([
    ['Medical Office Administrator', ['Healthcare']],
    ['Medical Office Manager', ['Healthcare']],
    ['Senior Medical Office Administrator (Remote)', ['Healthcare']],
    ['Medical Administrative Assistant', ['Healthcare']],
    ['Entry-Level Medical Office Assistant', []],
    ['Medical Office Assistant', ['Healthcare', 'Administration']],
    ['Medical Office Manager (Hybrid)', ['Medical Practice']],
    ['Sr. Medical Office Administrator - Full Time', []],
    ['Administrative Assistant - Medical Office', ['Health Care']],
    ['Office Administrator, Medical Practice', []],
    ['MEDICAL OFFICE ADMINISTRATORS', ['Hospital & Health Care']],
    ['Médical Office Administrator II', ['Healthcare']],
    ['Medical Office Administrator', ['Customer Service']], // a neutral industry is no guard
  ])('links %p (%p) to the Medical Office Administrator guide', (title, industries) => {
    expect(link({ title, industries })).toBe('medical-office-administrator');
  });

  it.each([
    ['Office Manager', ['Software Development']],
    ['Office Manager', ['Technology']],
    ['Office Manager', []],
    ['Medical Device Sales Representative', ['Medical Devices']],
    ['Administrative Assistant', ['Legal']],
    ['Senior Backend Engineer', ['Software Development']],
    ['Medical Assistant', ['Healthcare']],
    ['Medical Billing Specialist', ['Healthcare']],
    ['Medical Coder', ['Healthcare']],
    ['Medical Receptionist', ['Healthcare']],
    ['Dental Office Manager', ['Healthcare']],
    ['Patient Services Representative', ['Healthcare']],
    ['Medical Office Software Engineer', ['Software Development']],
    ['Medical Office Administrator', ['Software Development']], // industry guard
    ['Medical Office Administrator', ['Legal']],
    ['Remote', []],
    ['', []],
    ['(Remote)', []],
  ])('does not link %p (%p) to the Medical Office Administrator guide', (title, industries) => {
    expect(link({ title, industries })).not.toBe('medical-office-administrator');
  });

  it.each([
    ['Data Analyst', 'data-analyst'],
    ['Senior Data Analyst (Remote)', 'data-analyst'],
    ['Big Data Analyst', 'data-analyst'],
    ['Marketing Analytics Manager', 'data-analyst'],
    ['Medical Data Analyst', 'data-analyst'],
    ['Senior Software Engineer', 'software-engineer'],
    ['Software Engineer, Platform', 'software-engineer'],
    ['Operations Manager', 'operations-manager'],
    ['Warehouse Operations Manager', 'operations-manager'],
  ])('links %p to its own guide, not another', (title, slug) => {
    expect(link({ title, industries: [] })).toBe(slug);
  });

  it.each([
    ['Financial Analyst'],
    ['Data Engineer'],
    ['Civil Engineer'], // "Staff Engineer" alone is too vague a name to index
    ['Backend Engineer'],
    ['Project Manager'],
    ['Analyst'],
    ['Manager'],
    ['Medical Office Data Entry Clerk'],
  ])('does not link %p anywhere', (title) => {
    expect(link({ title, industries: [] })).toBeNull();
  });

  it('uses the industry guard on every guide with a domain', () => {
    expect(link({ title: 'Software Engineer', industries: ['Healthcare'] })).toBeNull();
    expect(link({ title: 'Software Engineer', industries: ['Technology', 'Healthcare'] })).toBe('software-engineer');
  });

  it('prefers the guide with more distinctive words, then the matching industry, then the slug', () => {
    const both = createGuideLinker([OPERATIONS_MANAGER, { slug: 'clinic-operations-manager', title: 'Clinic Operations Manager' }]);
    expect(both({ title: 'Clinic Operations Manager', industries: [] })).toBe('clinic-operations-manager');
    expect(both({ title: 'Operations Manager', industries: [] })).toBe('operations-manager');
    const twins = createGuideLinker([
      { slug: 'b-nurse', title: 'Registered Nurse', industries: ['Education'] },
      { slug: 'a-nurse', title: 'Registered Nurse', industries: ['Healthcare'] },
      { slug: 'c-nurse', title: 'Registered Nurse' },
    ]);
    expect(twins({ title: 'Registered Nurse', industries: ['Healthcare'] })).toBe('a-nurse');
    expect(twins({ title: 'Registered Nurse', industries: [] })).toBe('a-nurse');
    expect(twins({ title: 'Registered Nurse', industries: ['Education'] })).toBe('b-nurse');
  });

  it('links through the real seed guide, parsed, with its career tiers as role names', () => {
    const source = readFileSync(join(__dirname, '../../fixtures/guides/medical-office-administrator.txt'), 'utf8');
    const guide = parseGuide(source, { file: 'medical-office-administrator.txt', updatedAt: '2026-11-01T00:00:00.000Z' });
    const fromGuide = createGuideLinker([guideLinkTarget(guide)]);
    expect(fromGuide({ title: 'Medical Office Manager', industries: ['Healthcare'] })).toBe('medical-office-administrator');
    expect(fromGuide({ title: 'Medical Administrative Assistant', industries: [] })).toBe('medical-office-administrator');
    expect(fromGuide({ title: 'Office Manager', industries: ['Technology'] })).toBeNull();
  });

  it('links nothing with no guides', () => {
    expect(createGuideLinker([])({ title: 'Medical Office Administrator', industries: [] })).toBeNull();
  });

  it('builds link targets from a Guide’s career tiers', () => {
    const target = guideLinkTarget({
      slug: 'medical-office-administrator',
      title: 'Medical Office Administrator',
      careerTiers: MOA.relatedTitles!.map((title) => ({ title, experience: '', minYears: null, maxYears: null, description: '' })),
    });
    expect(target).toEqual({ slug: MOA.slug, title: MOA.title, relatedTitles: MOA.relatedTitles });
  });
});

describe('roleTokens', () => {
  it.each([
    ['Senior Medical Office Administrator (Remote)', ['medical', 'office', 'admin'], 'admin'],
    ['Medical Administrative Assistant', ['medical', 'admin', 'assistant'], 'assistant'],
    ['Office Manager - Medical Practice', ['office', 'manager', 'medical', 'practice'], 'manager'],
    ['Remote: Data Analyst', ['data', 'analyst'], 'analyst'],
    ['Medical Office Manager at Kingsley Eye Center', ['medical', 'office', 'manager', 'kingsley', 'eye', 'center'], 'manager'],
    ['Full-Time', [], null],
  ])('%p → %p, head %p', (title, tokens, head) => {
    expect(roleTokens(title)).toEqual({ tokens, head });
  });
});
