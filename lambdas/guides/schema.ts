/**
 * JSON schemas of the Guide contract (guide.ts), published in /openapi.json and used by the tests to
 * check that what the parser and the API produce is what the contract promises.
 */
import type { Schema } from '../http/schema';

const str: Schema = { type: 'string' };
const strings: Schema = { type: 'array', items: str };
const nullableStr: Schema = { nullable: str };
const nullableNum: Schema = { nullable: { type: 'number' } };
const obj = (properties: Record<string, Schema>): Schema => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
});

export const GuideSummarySchema: Schema = obj({
  slug: str,
  title: str,
  summary: str,
  growthRatePercent: nullableNum,
  medianSalary: nullableNum,
  salaryCurrency: nullableStr,
  workArrangement: nullableStr,
  updatedAt: { type: 'string', format: 'date-time' },
});

export const GuideSchema: Schema = obj({
  slug: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' },
  title: { type: 'string', minLength: 1 },
  summary: { type: 'string', minLength: 1 },
  growthRatePercent: nullableNum,
  workArrangement: nullableStr,
  marketDemand: { nullable: obj({ level: str, text: str }) },
  salary: {
    nullable: obj({
      currency: str,
      region: str,
      min: { type: 'number', minimum: 0 },
      max: { type: 'number', minimum: 0 },
      median: { type: 'number', minimum: 0 },
      byLevel: { type: 'array', items: obj({ level: str, amount: { type: 'number', minimum: 0 } }) },
      topEarnersNote: nullableStr,
    }),
  },
  coreFunctions: strings,
  responsibilities: strings,
  workSetting: nullableStr,
  techStack: strings,
  education: obj({ level: nullableStr, required: strings, path: strings }),
  skills: obj({ technical: strings, soft: strings }),
  careerTiers: {
    type: 'array',
    items: obj({ title: str, experience: str, minYears: nullableNum, maxYears: nullableNum, description: str }),
  },
  globalOutlook: strings,
  jobMarket: obj({ challenges: strings, growthPaths: strings, trends: strings }),
  dayInTheLife: {
    type: 'array',
    items: obj({
      period: str,
      start: { nullable: { type: 'string', pattern: '^\\d{2}:\\d{2}$' } },
      end: { nullable: { type: 'string', pattern: '^\\d{2}:\\d{2}$' } },
      focus: str,
      tasks: strings,
    }),
  },
  workLifeBalance: { nullable: obj({ stressLevel: nullableStr, balanceRating: nullableStr, text: strings }) },
  skillMap: { type: 'array', items: obj({ name: str, description: nullableStr, skills: strings }) },
  pros: strings,
  cons: strings,
  commonMistakes: strings,
  advice: strings,
  caseStudies: { type: 'array', items: obj({ title: str, text: str, takeaway: nullableStr }) },
  portfolioTips: strings,
  outlook: { nullable: obj({ growthRatePercent: nullableNum, status: nullableStr, source: nullableStr }) },
  relatedRoles: strings,
  faq: { type: 'array', items: obj({ question: str, answer: str }) },
  contentHash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
  updatedAt: { type: 'string', format: 'date-time' },
});
