/**
 * JSON job feeds in the shape of the public remote-jobs APIs: `{ "jobs": [ { id, url, jobSlug, jobTitle,
 * companyName, companyLogo, jobIndustry[], jobType[], jobGeo, jobLevel, jobExcerpt, jobDescription,
 * pubDate, salaryMin, salaryMax, salaryCurrency, salaryPeriod }, … ] }`. Values may be strings or
 * numbers and lists may be comma-separated strings; everything is read defensively.
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
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, error: 'JSON feed is not an object with a "jobs" array' };
  }
  const jobs = (data as Record<string, unknown>).jobs;
  if (!Array.isArray(jobs)) return { ok: false, error: 'JSON feed has no "jobs" array' };
  return { ok: true, items: jobs };
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
  const industries = asList(field(o, 'jobIndustry', 'industry', 'industries'));
  const types = asList(field(o, 'jobType', 'type', 'types'));
  const hasLevel = Object.hasOwn(o, 'jobLevel') || Object.hasOwn(o, 'level');
  const annual = field(o, 'annualSalaryMin', 'annualSalaryMax') !== undefined && field(o, 'salaryMin', 'salaryMax') === undefined;
  return {
    sourceId: text(o, 'id', 'jobSlug', 'url'),
    title: text(o, 'jobTitle', 'title'),
    company: text(o, 'companyName', 'company'),
    companyLogo: text(o, 'companyLogo', 'logo'),
    industries,
    types,
    geo: text(o, 'jobGeo', 'geo', 'location'),
    level: hasLevel ? text(o, 'jobLevel', 'level') : undefined,
    descriptionHtml: text(o, 'jobDescription', 'description'),
    excerptHtml: text(o, 'jobExcerpt', 'excerpt'),
    postedAt: field(o, 'pubDate', 'postedAt', 'date'),
    url: text(o, 'url', 'applyUrl'),
    salary: annual
      ? { min: field(o, 'annualSalaryMin'), max: field(o, 'annualSalaryMax'), currency: field(o, 'salaryCurrency'), period: 'yearly' }
      : {
          min: field(o, 'salaryMin'),
          max: field(o, 'salaryMax'),
          currency: field(o, 'salaryCurrency'),
          period: field(o, 'salaryPeriod'),
          text: field(o, 'salary'),
        },
    tags: [...industries, ...types],
  };
}
