/**
 * parseFeed: a fetched feed body → normalised jobs, the items skipped (with reasons) and, for a feed that
 * cannot be read at all, an error. Pure and synchronous; never throws.
 *
 * The feed kind is sniffed from the body (a JSON body starts with "{" or "[", XML with "<"), and the
 * Content-Type only decides when the body says nothing (servers often label RSS as text/html or JSON as
 * text/plain; the body does not lie about its first character).
 */
import { FEED_LIMITS } from '../shared/limits';
import type { Job } from './job';
import { jsonItemToRaw, readJsonFeed } from './json-feed';
import { normaliseRawJob, type CompanyFallback, type GuideLinker, type NormaliseResult, type RawJob } from './normalise';
import { readRssFeed, rssItemToRaw } from './rss-feed';

export type FeedKind = 'json' | 'rss';

export type CompanyFallbacks = Record<CompanyFallback, number>;
export const noFallbacks = (): CompanyFallbacks => ({ title: 0, creator: 0, unknown: 0 });

export interface SkippedItem {
  /** Position of the item in the feed, from 0. */
  index: number;
  sourceId?: string;
  reason: string;
}

/** A repair made to a kept job (salary dropped or swapped, unknown level, bad logo URL…). */
export interface ItemNote {
  index: number;
  sourceId: string;
  note: string;
}

export interface ParsedFeed {
  /** null when the body could not be recognised as either kind. */
  kind: FeedKind | null;
  jobs: Job[];
  skipped: SkippedItem[];
  notes: ItemNote[];
  /** Items the feed holds (counted even past FEED_LIMITS.maxItemsPerFeed). */
  total: number;
  /** Kept jobs whose feed named no company, by where it came from instead (title, dc:creator, "Unknown"). */
  companyFallbacks: CompanyFallbacks;
  /** Set when the feed as a whole is malformed: then `jobs` is empty. */
  error?: string;
}

export interface ParseFeedOptions {
  /** Sets each job's guideSlug (see createGuideLinker). */
  linkGuide?: GuideLinker;
  /** Items read at most (default FEED_LIMITS.maxItemsPerFeed). */
  maxItems?: number;
}

/** How far into a body its first significant character is looked for. */
export const SNIFF_CHARS = 1024;

/** Which parser a body needs: from its first significant character, else from the Content-Type. */
export function detectFeedKind(body: string, contentType?: string): FeedKind | null {
  const match = /[^\s\ufeff]/.exec(body.slice(0, SNIFF_CHARS));
  const c = match?.[0];
  if (c === '{' || c === '[') return 'json';
  if (c === '<') return 'rss';
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('json')) return 'json';
  if (type.includes('xml') || type.includes('rss')) return 'rss';
  return null;
}

/**
 * Parse and normalise a feed body. `source` is the feed's configured name (job ids are
 * `${source}:${sourceId}`); `now` is the reference for the future-date check.
 */
export function parseFeed(
  source: string,
  body: string,
  contentType?: string,
  now: Date = new Date(),
  options: ParseFeedOptions = {},
): ParsedFeed {
  const maxItems = options.maxItems ?? FEED_LIMITS.maxItemsPerFeed;
  const result: ParsedFeed = { kind: null, jobs: [], skipped: [], notes: [], total: 0, companyFallbacks: noFallbacks() };
  try {
    if (typeof body !== 'string' || body.trim() === '') return { ...result, error: 'empty feed body' };
    const kind = detectFeedKind(body, contentType);
    result.kind = kind;
    if (kind === null) return { ...result, error: 'not a JSON or RSS feed' };

    let raws: (RawJob | null)[];
    if (kind === 'json') {
      const read = readJsonFeed(body);
      if (!read.ok) return { ...result, error: read.error };
      result.total = read.items.length;
      raws = read.items.slice(0, maxItems).map(jsonItemToRaw);
    } else {
      const read = readRssFeed(body, maxItems);
      if (!read.ok) return { ...result, error: read.error };
      result.total = read.total;
      raws = read.items.map(rssItemToRaw);
    }

    const seen = new Map<string, number>();
    const normaliseOptions = { now, ...(options.linkGuide ? { linkGuide: options.linkGuide } : {}) };
    raws.forEach((raw, index) => {
      if (raw === null) {
        result.skipped.push({ index, reason: 'item is not an object' });
        return;
      }
      let outcome: NormaliseResult;
      try {
        outcome = normaliseRawJob(source, raw, normaliseOptions);
      } catch (error) {
        outcome = { ok: false, reason: `item could not be normalised: ${(error as Error).message}` };
      }
      if (!outcome.ok) {
        const sourceId = raw.sourceId?.trim();
        result.skipped.push(sourceId ? { index, sourceId: sourceId.slice(0, 200), reason: outcome.reason } : { index, reason: outcome.reason });
        return;
      }
      const { job } = outcome;
      const earlier = seen.get(job.id);
      if (earlier !== undefined) {
        // DynamoDB rejects a batch with a key twice; the first occurrence wins.
        result.skipped.push({ index, sourceId: job.sourceId, reason: `duplicate id (same as item ${earlier})` });
        return;
      }
      seen.set(job.id, index);
      result.jobs.push(job);
      if (outcome.companyFrom !== undefined) result.companyFallbacks[outcome.companyFrom]++;
      for (const note of outcome.notes) result.notes.push({ index, sourceId: job.sourceId, note });
    });
    if (result.total > maxItems) {
      result.skipped.push({
        index: maxItems,
        reason: `feed has ${result.total} items; only the first ${maxItems} are read`,
      });
    }
    return result;
  } catch (error) {
    // Defensive: the readers and normaliser are written not to throw.
    return { kind: result.kind, jobs: [], skipped: [], notes: [], total: 0, companyFallbacks: noFallbacks(), error: `feed could not be parsed: ${(error as Error).message}` };
  }
}

/**
 * Validate and normalise one item in the JSON feed shape (for `POST /admin/jobs`): the same rules as
 * feed items. `{ ok: false, reason }` for an item that would be skipped.
 */
export function normaliseJsonItem(
  source: string,
  item: unknown,
  options: { now?: Date; linkGuide?: GuideLinker } = {},
): NormaliseResult {
  const raw = jsonItemToRaw(item);
  if (raw === null) return { ok: false, reason: 'item is not an object' };
  try {
    return normaliseRawJob(source, raw, options);
  } catch (error) {
    return { ok: false, reason: `item could not be normalised: ${(error as Error).message}` };
  }
}

export type { GuideLinker, NormaliseResult } from './normalise';
