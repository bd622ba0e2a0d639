/**
 * The Guide: the public JSON contract of `GET /guides/{slug}` and `careerwire guide parse`.
 * Field names are part of the public API (the README, "Career guides"). Optional sections absent
 * from a source are `null` or `[]`, never invented.
 */
export interface SalaryLevel {
  level: string;
  amount: number;
}

export interface Salary {
  currency: string;
  region: string;
  min: number;
  max: number;
  median: number;
  byLevel: SalaryLevel[];
  topEarnersNote: string | null;
}

export interface CareerTier {
  title: string;
  experience: string;
  minYears: number | null;
  maxYears: number | null;
  description: string;
}

export interface DayBlock {
  period: string;
  /** 24-hour "HH:MM", or null when the source gives no time. */
  start: string | null;
  end: string | null;
  focus: string;
  tasks: string[];
}

export interface SkillGroup {
  name: string;
  description: string | null;
  skills: string[];
}

export interface CaseStudy {
  title: string;
  text: string;
  takeaway: string | null;
}

export interface Faq {
  question: string;
  answer: string;
}

export interface Guide {
  slug: string;
  title: string;
  summary: string;
  growthRatePercent: number | null;
  workArrangement: string | null;
  marketDemand: { level: string; text: string } | null;
  salary: Salary | null;
  coreFunctions: string[];
  responsibilities: string[];
  workSetting: string | null;
  techStack: string[];
  education: { level: string | null; required: string[]; path: string[] };
  skills: { technical: string[]; soft: string[] };
  careerTiers: CareerTier[];
  globalOutlook: string[];
  jobMarket: { challenges: string[]; growthPaths: string[]; trends: string[] };
  dayInTheLife: DayBlock[];
  workLifeBalance: { stressLevel: string | null; balanceRating: string | null; text: string[] } | null;
  skillMap: SkillGroup[];
  pros: string[];
  cons: string[];
  commonMistakes: string[];
  advice: string[];
  caseStudies: CaseStudy[];
  portfolioTips: string[];
  outlook: { growthRatePercent: number | null; status: string | null; source: string | null } | null;
  relatedRoles: string[];
  faq: Faq[];
  /** sha256 (hex) of the guide's content: every field but contentHash and updatedAt. */
  contentHash: string;
  /** ISO 8601 UTC time the source was last changed. */
  updatedAt: string;
}

/**
 * A guide as parsed: everything but the content hash, which the places that compare or serve it add
 * (withContentHash in hash.ts: ingest, and reading a guide file for the CLI).
 */
export type ParsedGuide = Omit<Guide, 'contentHash'>;

/** The list view of `GET /guides`. */
export interface GuideSummary {
  slug: string;
  title: string;
  summary: string;
  growthRatePercent: number | null;
  medianSalary: number | null;
  salaryCurrency: string | null;
  workArrangement: string | null;
  updatedAt: string;
}

export function summarize(guide: Guide): GuideSummary {
  return {
    slug: guide.slug,
    title: guide.title,
    summary: guide.summary,
    growthRatePercent: guide.growthRatePercent,
    medianSalary: guide.salary?.median ?? null,
    salaryCurrency: guide.salary?.currency ?? null,
    workArrangement: guide.workArrangement,
    updatedAt: guide.updatedAt,
  };
}
