/** The content hash of a guide: what ingest compares to skip unchanged guides, and the API's ETag. */
import { createHash } from 'node:crypto';
import type { CareerTier, CaseStudy, DayBlock, Faq, Guide, ParsedGuide, Salary, SalaryLevel, SkillGroup } from './guide';

/** What the hash covers: every field but contentHash and updatedAt (touching a file keeps the hash). */
export type HashedContent = Omit<Guide, 'contentHash' | 'updatedAt'>;

/**
 * One value as hashed text. Texts are `<length>:<text>` and lists `<count>[` before their items, so
 * the encoding is self-delimiting without escaping anything: that is what makes it cheaper than JSON,
 * whose escaping of every text was most of the cost of hashing a guide.
 */
type Encode<T> = (value: T) => string;

/** An encoder for every field of T, in the order hashed: a Guide field without one does not compile. */
type Fields<T> = { readonly [K in keyof T]-?: Encode<T[K]> };

const text: Encode<string> = (value) => `${value.length}:${value}`;
const number: Encode<number> = (value) => `#${value};`;

function nullable<T>(encode: Encode<T>): Encode<T | null> {
  return (value) => (value === null ? '~' : encode(value));
}

function list<T>(encode: Encode<T>): Encode<readonly T[]> {
  return (values) => {
    let out = `${values.length}[`;
    for (const value of values) out += encode(value);
    return out;
  };
}

/** Fields are read by name, so the hash does not depend on the order an object was built in. */
function record<T>(fields: Fields<T>): Encode<T> {
  const keys = Object.keys(fields) as (keyof T)[];
  return (value) => {
    let out = '';
    for (const key of keys) out += fields[key](value[key]);
    return out;
  };
}

const texts = list(text);

const encodeGuide = record<HashedContent>({
  slug: text,
  title: text,
  summary: text,
  growthRatePercent: nullable(number),
  workArrangement: nullable(text),
  marketDemand: nullable(record<NonNullable<Guide['marketDemand']>>({ level: text, text })),
  salary: nullable(
    record<Salary>({
      currency: text,
      region: text,
      min: number,
      max: number,
      median: number,
      byLevel: list(record<SalaryLevel>({ level: text, amount: number })),
      topEarnersNote: nullable(text),
    }),
  ),
  coreFunctions: texts,
  responsibilities: texts,
  workSetting: nullable(text),
  techStack: texts,
  education: record<Guide['education']>({ level: nullable(text), required: texts, path: texts }),
  skills: record<Guide['skills']>({ technical: texts, soft: texts }),
  careerTiers: list(
    record<CareerTier>({ title: text, experience: text, minYears: nullable(number), maxYears: nullable(number), description: text }),
  ),
  globalOutlook: texts,
  jobMarket: record<Guide['jobMarket']>({ challenges: texts, growthPaths: texts, trends: texts }),
  dayInTheLife: list(record<DayBlock>({ period: text, start: nullable(text), end: nullable(text), focus: text, tasks: texts })),
  workLifeBalance: nullable(
    record<NonNullable<Guide['workLifeBalance']>>({ stressLevel: nullable(text), balanceRating: nullable(text), text: texts }),
  ),
  skillMap: list(record<SkillGroup>({ name: text, description: nullable(text), skills: texts })),
  pros: texts,
  cons: texts,
  commonMistakes: texts,
  advice: texts,
  caseStudies: list(record<CaseStudy>({ title: text, text, takeaway: nullable(text) })),
  portfolioTips: texts,
  outlook: nullable(
    record<NonNullable<Guide['outlook']>>({ growthRatePercent: nullable(number), status: nullable(text), source: nullable(text) }),
  ),
  relatedRoles: texts,
  faq: list(record<Faq>({ question: text, answer: text })),
});

/** The text the hash is taken over (exported for the tests that pin its definition). */
export function hashedText(content: HashedContent): string {
  return encodeGuide(content);
}

/**
 * sha256 (hex, UTF-8) of hashedText: a whole Guide may be passed, its contentHash and updatedAt are not
 * read. Any change of content, slug included, changes it.
 */
export function contentHash(content: HashedContent): string {
  return createHash('sha256').update(encodeGuide(content), 'utf8').digest('hex');
}

/** The Guide of a parsed guide: its content hash added, between its content and updatedAt as in the JSON. */
export function withContentHash(guide: ParsedGuide): Guide {
  const { updatedAt, ...content } = guide;
  return { ...content, contentHash: contentHash(content), updatedAt };
}
