/**
 * JSON job feeds in the shape of the public remote-jobs APIs: `{ "jobs": [ { id, url, jobSlug, jobTitle,
 * companyName, companyLogo, jobIndustry[], jobType[], jobGeo, jobLevel, jobExcerpt, jobDescription,
 * pubDate, salaryMin, salaryMax, salaryCurrency, salaryPeriod }, … ] }`. Values may be strings or
 * numbers and lists may be comma-separated strings; everything is read defensively.
 *
 * The other public shapes read too: Remotive's API (`{ "jobs": [ { title, company_name, category,
 * job_type, candidate_required_location, publication_date, salary, tags } ] }`) and RemoteOK's (a
 * top-level array whose first element is a legal notice, then `{ id, position, company, location,
 * date, tags, apply_url }`).
 */
import type { RawJob } from './normalise';
import { asList, asText } from './taxonomy';

export type JsonFeedRead = { ok: true; items: unknown[] } | { ok: false; error: string };

/** The items of a JSON feed, or why the body is not one. */
export function readJsonFeed(body: string): JsonFeedRead {
  let data: unknown;
  try {
    data = JSON.parse(body.charCodeAt(0) === 0xfeff ? body.slice(1) : body);
  } catch (error) {
    return { ok: false, error: `malformed JSON feed: ${(error as Error).message}` };
  }
  // A top-level array is the items (RemoteOK); its notices, objects with no id, are not jobs.
  if (Array.isArray(data)) return { ok: true, items: data.filter((item) => !isNotice(item)) };
  if (data === null || typeof data !== 'object') {
    return { ok: false, error: 'JSON feed is not an object with a "jobs" array, nor an array of jobs' };
  }
  const jobs = (data as Record<string, unknown>).jobs;
  if (!Array.isArray(jobs)) return { ok: false, error: 'JSON feed has no "jobs" array' };
  return { ok: true, items: jobs };
}

/** RemoteOK opens its array with `{ "legal": "…" }`: terms of use, not a job to skip and count. */
function isNotice(item: unknown): boolean {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return false;
  const o = item as Record<string, unknown>;
  return Object.hasOwn(o, 'legal') && o.id === undefined;
}

function field(item: Record<string, unknown>, ...names: string[]): unknown {
  for (const name of names) {
    const value = item[name];
    if (value !== undefined && value !== null && value !== '') return value;
  }
  return undefined;
}

function text(item: Record<string, unknown>, ...names: string[]): string | null {
  return asText(field(item, ...names));
}

/** One JSON item as a RawJob; null when the item is not an object. */
export function jsonItemToRaw(item: unknown): RawJob | null {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return null;
  const o = item as Record<string, unknown>;
  const industries = asList(field(o, 'jobIndustry', 'industry', 'industries', 'category'));
  const types = asList(field(o, 'jobType', 'type', 'types', 'job_type'));
  const tags = asList(field(o, 'tags'));
  const hasLevel = Object.hasOwn(o, 'jobLevel') || Object.hasOwn(o, 'level');
  const annual = field(o, 'annualSalaryMin', 'annualSalaryMax') !== undefined && field(o, 'salaryMin', 'salaryMax') === undefined;
  return {
    sourceId: text(o, 'id', 'jobSlug', 'url'),
    title: text(o, 'jobTitle', 'title', 'position'),
    company: text(o, 'companyName', 'company', 'company_name'),
    companyLogo: text(o, 'companyLogo', 'logo', 'company_logo'),
    industries,
    types,
    geo: text(o, 'jobGeo', 'geo', 'location', 'candidate_required_location'),
    level: hasLevel ? text(o, 'jobLevel', 'level') : undefined,
    descriptionHtml: text(o, 'jobDescription', 'description'),
    excerptHtml: text(o, 'jobExcerpt', 'excerpt'),
    postedAt: field(o, 'pubDate', 'postedAt', 'date', 'publication_date'),
    // RemoteOK's url is its own page; apply_url is the employer's.
    url: text(o, 'applyUrl', 'apply_url', 'url'),
    salary: annual
      ? { min: field(o, 'annualSalaryMin'), max: field(o, 'annualSalaryMax'), currency: field(o, 'salaryCurrency'), period: 'yearly' }
      : {
          min: field(o, 'salaryMin'),
          max: field(o, 'salaryMax'),
          currency: field(o, 'salaryCurrency'),
          period: field(o, 'salaryPeriod'),
          text: field(o, 'salary'),
        },
    tags: [...industries, ...types, ...tags],
  };
}
