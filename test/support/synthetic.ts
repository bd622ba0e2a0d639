/** Deterministic synthetic jobs and subscribers for matcher tests and benchmarks. */
import type { Job } from '../../lambdas/jobs/job';
import type { Preferences } from '../../lambdas/subscriptions/subscriber';

export const VOCAB = {
  roles: ['Nurse', 'Data Analyst', 'Medical Office Administrator', 'Backend Engineer', 'Accountant', 'Teacher', 'Designer', 'Sales Manager', 'Dispatcher', 'Paralegal', 'Recruiter', 'Marketing Lead'],
  seniority: ['', 'Senior ', 'Junior ', 'Lead ', 'Staff '],
  industries: ['Healthcare', 'Software', 'Finance', 'Education', 'Marketing', 'Logistics', 'Legal', 'Retail'],
  geos: ['Anywhere', 'USA', 'UK', 'Europe', 'Canada', 'Canada, USA'],
  types: ['full-time', 'part-time', 'contract', 'freelance'],
  tags: ['remote', 'python', 'billing', 'ehr', 'excel', 'sql', 'figma', 'crm', 'payroll', 'react'],
  guides: ['medical-office-administrator', 'data-analyst', 'nurse'],
};

/** A small linear congruential generator: the same data on every run and machine. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;

const SYNTHETIC_LEVELS = ['Entry', 'Mid', 'Senior', 'Lead', 'Director', null] as const;

export function syntheticJobs(count: number, seed = 1, end = Date.parse('2026-11-27T07:00:00Z'), spanMs = 7 * 86_400_000): Job[] {
  const r = rng(seed);
  return Array.from({ length: count }, (_, i) => {
    // The generator is read in the same order as before the level, salary and remote fields, which
    // come from the position instead: the same titles, geos and dates as ever.
    const role = pick(r, VOCAB.roles);
    const title = `${pick(r, VOCAB.seniority)}${role}`;
    const industries = [pick(r, VOCAB.industries)];
    const types = [pick(r, VOCAB.types)];
    const geo = pick(r, VOCAB.geos);
    const postedAt = new Date(end - Math.floor(r() * spanMs)).toISOString();
    const tags = [pick(r, VOCAB.tags), pick(r, VOCAB.tags)];
    const top = 30_000 + ((i * 7919) % 151) * 1_000;
    return {
      id: `s:${i}`,
      source: 's',
      sourceId: String(i),
      title,
      company: `Company ${i % 97}`,
      companyLogo: null,
      industries,
      types,
      geo,
      remote: geo === 'Anywhere' || i % 7 === 0,
      level: SYNTHETIC_LEVELS[i % SYNTHETIC_LEVELS.length] ?? null,
      salary: i % 4 === 0 ? null : { min: top - 10_000, max: top, currency: i % 4 === 3 ? 'EUR' : 'USD', period: 'year', sourcePeriod: 'year' },
      postedAt,
      excerpt: '',
      url: `https://jobs.example/${i}`,
      tags,
      guideSlug: role === 'Nurse' ? 'nurse' : role === 'Data Analyst' ? 'data-analyst' : role === 'Medical Office Administrator' ? 'medical-office-administrator' : null,
      contentHash: '0'.repeat(64),
    };
  });
}

export function syntheticPreferences(r: () => number): Preferences {
  const some = <T>(list: readonly T[], p: number, max: number): T[] => {
    if (r() > p) return [];
    return [...new Set(Array.from({ length: 1 + Math.floor(r() * max) }, () => pick(r, list)))];
  };
  return {
    keywords: some([...VOCAB.roles.map((x) => x.split(' ').pop() as string), ...VOCAB.tags, 'medical office'], 0.7, 3),
    industries: some(VOCAB.industries, 0.4, 2),
    geos: some(['USA', 'UK', 'Europe', 'Canada'], 0.5, 2),
    jobTypes: some(VOCAB.types, 0.3, 2),
    guides: some(VOCAB.guides, 0.15, 1),
    levels: some(['Entry', 'Mid', 'Senior', 'Lead'], 0.3, 2),
    salaryMin: r() < 0.3 ? 40_000 + Math.floor(r() * 12) * 10_000 : null,
    salaryCurrency: r() < 0.8 ? 'USD' : 'EUR',
    remoteOnly: r() < 0.2,
    timeZone: null,
  };
}
