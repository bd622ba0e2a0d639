/**
 * One feed item → one Job, whatever the feed kind: the JSON and RSS readers turn their items into a
 * RawJob (strings as the feed wrote them), and `normaliseRawJob` validates and cleans it.
 *
 * An item is skipped, with a reason, when it cannot make a useful job: no id, title, company or apply
 * URL, an apply URL that is not http(s), or a posted date that is missing, unparseable, implausible or
 * more than FEED_LIMITS.futureToleranceMs in the future. Everything else is repaired or dropped field by
 * field, with a note (a salary with no currency is dropped, not the job).
 *
 * Feed text is bounded before any regex runs: each parser called here cuts (or, where a prefix could
 * read as valid, refuses) its input at FEED_LIMITS.fieldInputChars, salaryTextChars or htmlInputChars,
 * and the id and the RSS description text are cut here.
 */
import { FEED_LIMITS } from '../shared/limits';
import { parseFeedDate } from './dates';
import type { GuideLinker } from './guide-link';
import { jobContentHash } from './hash';
import { cleanText, htmlToText } from './html';
import { collapseWhitespace, cutText, truncateWords } from './text';
import type { Job } from './job';
import { normaliseSalary, type SalaryInput } from './salary';
import { isRemoteJob, normaliseGeo, normaliseLevel, normaliseList, normaliseTags, normaliseTypes } from './taxonomy';

/** A feed item as read, before any cleaning. Strings may hold entities and markup. */
export interface RawJob {
  sourceId: string | null;
  title: string | null;
  company: string | null;
  companyLogo: string | null;
  industries: string[];
  types: string[];
  geo: string | null;
  /** undefined when the feed has no level field at all (the title's seniority word is used then). */
  level: string | null | undefined;
  /** HTML of the full description. */
  descriptionHtml: string | null;
  /** The feed's own short excerpt (HTML or text); used when the description gives no text. */
  excerptHtml: string | null;
  /** Plain text already extracted (RSS descriptions written as raw, unescaped markup). */
  descriptionText?: string | null;
  postedAt: unknown;
  url: string | null;
  salary: SalaryInput;
  tags: string[];
  /**
   * Set by feeds without a company element (RSS): where the company came from instead. 'unknown':
   * nowhere, and the job is kept with UNKNOWN_COMPANY rather than lost for a missing label.
   */
  companyFrom?: CompanyFallback;
}

export type CompanyFallback = 'title' | 'creator' | 'unknown';

/** The company of a job whose feed names none. */
export const UNKNOWN_COMPANY = 'Unknown';

export type { GuideLinker };

export interface NormaliseOptions {
  /** The time "now" for the future-date check. Default: the current time. */
  now?: Date;
  linkGuide?: GuideLinker;
}

export type NormaliseResult =
  | { ok: true; job: Job; notes: string[]; companyFrom?: CompanyFallback }
  | { ok: false; reason: string };

/** An absolute http(s) URL, normalised by the WHATWG parser; null otherwise. */
export function httpUrl(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const text = raw.trim();
  if (text === '' || text.length > FEED_LIMITS.urlChars) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.hostname === '') return null;
  return url.href;
}

const SOURCE_ID_CHARS = 512;

export function normaliseRawJob(source: string, raw: RawJob, options: NormaliseOptions = {}): NormaliseResult {
  // Cut just past the longest id accepted, so a longer one is still refused below.
  const sourceId = collapseWhitespace(cutText(raw.sourceId ?? '', FEED_LIMITS.fieldInputChars));
  if (sourceId === '') return { ok: false, reason: 'missing id' };
  if (sourceId.length > SOURCE_ID_CHARS) return { ok: false, reason: `id longer than ${SOURCE_ID_CHARS} characters` };

  const title = cleanText(raw.title ?? '', FEED_LIMITS.fieldChars);
  if (title === '') return { ok: false, reason: 'missing title' };
  let company = cleanText(raw.company ?? '', FEED_LIMITS.fieldChars);
  let companyFrom = raw.companyFrom;
  if (company === '' && companyFrom !== undefined) {
    company = UNKNOWN_COMPANY;
    companyFrom = 'unknown';
  }
  if (company === '') return { ok: false, reason: 'missing company' };

  if (raw.url === null || raw.url.trim() === '') return { ok: false, reason: 'missing apply URL' };
  const url = httpUrl(decodeUrlEntities(raw.url));
  if (url === null) return { ok: false, reason: 'apply URL must be http(s)' };

  const date = parseFeedDate(raw.postedAt);
  if (!date.ok) return { ok: false, reason: date.reason };
  const now = options.now ?? new Date();
  if (date.date.getTime() - now.getTime() > FEED_LIMITS.futureToleranceMs) {
    return { ok: false, reason: `posted date ${date.date.toISOString()} is more than a day in the future` };
  }

  const notes: string[] = [];
  const level = normaliseLevel(raw.level, title);
  if (level.note !== undefined) notes.push(level.note);
  const salary = normaliseSalary(raw.salary);
  if (salary.note !== undefined) notes.push(salary.note);
  const logoRaw = raw.companyLogo === null ? null : decodeUrlEntities(raw.companyLogo);
  const companyLogo = httpUrl(logoRaw);
  if (logoRaw !== null && logoRaw.trim() !== '' && companyLogo === null) notes.push('company logo URL is not http(s); dropped');

  let excerpt = raw.descriptionText ? truncateText(raw.descriptionText) : '';
  if (excerpt === '' && raw.descriptionHtml) excerpt = htmlToText(raw.descriptionHtml, FEED_LIMITS.excerptChars);
  if (excerpt === '' && raw.excerptHtml) excerpt = htmlToText(raw.excerptHtml, FEED_LIMITS.excerptChars);

  const industries = normaliseList(raw.industries);
  const geo = normaliseGeo(raw.geo);
  const job: Job = {
    id: `${source}:${sourceId}`,
    source,
    sourceId,
    title,
    company,
    companyLogo,
    industries,
    types: normaliseTypes(raw.types),
    geo,
    remote: isRemoteJob({ geo, rawGeo: raw.geo, types: raw.types, title }),
    level: level.level,
    salary: salary.salary,
    postedAt: date.date.toISOString(),
    excerpt,
    url,
    tags: normaliseTags(raw.tags),
    guideSlug: null,
    contentHash: '',
  };
  if (options.linkGuide) job.guideSlug = options.linkGuide({ title: job.title, industries: job.industries });
  job.contentHash = jobContentHash(job);
  return companyFrom !== undefined ? { ok: true, job, notes, companyFrom } : { ok: true, job, notes };
}

/**
 * The job with its guide link (re)computed and its hash updated: for stored jobs when the set of guides
 * changes. Returns the same object when nothing changed.
 */
export function relinkJob(job: Job, linkGuide: GuideLinker): Job {
  const guideSlug = linkGuide({ title: job.title, industries: job.industries });
  if (guideSlug === job.guideSlug) return job;
  const linked = { ...job, guideSlug };
  linked.contentHash = jobContentHash(linked);
  return linked;
}

/**
 * Feeds HTML-escape URLs inside JSON and XML text ("?a=1&amp;b=2"). Only &amp; is undone. URLs are not
 * cut (a cut URL is another URL) and no regex reads them: httpUrl refuses one past urlChars.
 */
function decodeUrlEntities(url: string): string {
  return url.includes('&amp;') ? url.split('&amp;').join('&') : url;
}

function truncateText(text: string): string {
  return truncateWords(collapseWhitespace(cutText(text, FEED_LIMITS.htmlInputChars)), FEED_LIMITS.excerptChars);
}
