/** Small valid guides for tests that are about storage and HTTP, not parsing. */
import type { Guide } from '../../lambdas/guides/guide';
import { contentHash } from '../../lambdas/guides/hash';

export function sampleGuide(overrides: Partial<Guide> & { slug: string; title: string }): Guide {
  const guide: Guide = {
    summary: `${overrides.title} do useful work.`,
    growthRatePercent: null,
    workArrangement: null,
    marketDemand: null,
    salary: null,
    coreFunctions: [],
    responsibilities: [],
    workSetting: null,
    techStack: [],
    education: { level: null, required: [], path: [] },
    skills: { technical: [], soft: [] },
    careerTiers: [],
    globalOutlook: [],
    jobMarket: { challenges: [], growthPaths: [], trends: [] },
    dayInTheLife: [],
    workLifeBalance: null,
    skillMap: [],
    pros: [],
    cons: [],
    commonMistakes: [],
    advice: [],
    caseStudies: [],
    portfolioTips: [],
    outlook: null,
    relatedRoles: [],
    faq: [],
    contentHash: '',
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  };
  if (overrides.contentHash === undefined) guide.contentHash = contentHash(guide);
  return guide;
}

export function withSalary(median: number): Guide['salary'] {
  return { currency: 'USD', region: 'US', min: median - 10_000, max: median + 10_000, median, byLevel: [], topEarnersNote: null };
}
