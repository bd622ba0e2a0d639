/**
 * JSON schemas of the Guide contract (guide.ts), published in /openapi.json and used by the tests to
 * check that what the parser and the API produce is what the contract promises.
 */
import { Nullable, Type, type TProperties } from '../http/schema';

const str = Type.String();
const strings = Type.Array(str);
const nullableStr = Nullable(str);
const nullableNum = Nullable(Type.Number());
/** Every property present, nothing else: the contract names each field, null or [] when absent. */
const obj = <P extends TProperties>(properties: P) => Type.Object(properties, { additionalProperties: false });
const DATE_TIME = { format: 'date-time' } as const;

export const GuideSummarySchema = obj({
  slug: str,
  title: str,
  summary: str,
  growthRatePercent: nullableNum,
  medianSalary: nullableNum,
  salaryCurrency: nullableStr,
  workArrangement: nullableStr,
  updatedAt: Type.String(DATE_TIME),
});

const amount = Type.Number({ minimum: 0 });
const time = Nullable(Type.String({ pattern: '^\\d{2}:\\d{2}$' }));

export const GuideSchema = obj({
  slug: Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' }),
  title: Type.String({ minLength: 1 }),
  summary: Type.String({ minLength: 1 }),
  growthRatePercent: nullableNum,
  workArrangement: nullableStr,
  marketDemand: Nullable(obj({ level: str, text: str })),
  salary: Nullable(
    obj({
      currency: str,
      region: str,
      min: amount,
      max: amount,
      median: amount,
      byLevel: Type.Array(obj({ level: str, amount })),
      topEarnersNote: nullableStr,
    }),
  ),
  coreFunctions: strings,
  responsibilities: strings,
  workSetting: nullableStr,
  techStack: strings,
  education: obj({ level: nullableStr, required: strings, path: strings }),
  skills: obj({ technical: strings, soft: strings }),
  careerTiers: Type.Array(obj({ title: str, experience: str, minYears: nullableNum, maxYears: nullableNum, description: str })),
  globalOutlook: strings,
  jobMarket: obj({ challenges: strings, growthPaths: strings, trends: strings }),
  dayInTheLife: Type.Array(obj({ period: str, start: time, end: time, focus: str, tasks: strings })),
  workLifeBalance: Nullable(obj({ stressLevel: nullableStr, balanceRating: nullableStr, text: strings })),
  skillMap: Type.Array(obj({ name: str, description: nullableStr, skills: strings })),
  pros: strings,
  cons: strings,
  commonMistakes: strings,
  advice: strings,
  caseStudies: Type.Array(obj({ title: str, text: str, takeaway: nullableStr })),
  portfolioTips: strings,
  outlook: Nullable(obj({ growthRatePercent: nullableNum, status: nullableStr, source: nullableStr })),
  relatedRoles: strings,
  faq: Type.Array(obj({ question: str, answer: str })),
  contentHash: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  updatedAt: Type.String(DATE_TIME),
});
