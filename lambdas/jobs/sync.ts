/**
 * One job sync: fetch every configured feed (conditional GET), normalise, link to guides, and upsert
 * only what changed. Feeds are independent: one that fails, hangs or sends garbage is reported in the
 * summary while the others land, and nothing already stored is touched by a bad feed.
 */
import { createGuideLinker, type GuideLinker } from './guide-link';
import type { FeedConfig } from './feed-list';
import { noFallbacks, parseFeed, type CompanyFallbacks } from './feeds';
import { fetchFeed, redactUrl, type FetchFeedOptions } from './fetch';
import type { Job } from './job';
import type { FeedStateStore, JobWriter } from './store';
import type { GuideReader } from '../guides/store';

export interface UpsertResult {
  written: string[];
  unchanged: string[];
}

/** Writes the jobs whose content hash differs from the stored one; an unchanged job costs no write. */
export async function upsertJobs(store: JobWriter, jobs: readonly Job[]): Promise<UpsertResult> {
  const stored = await store.hashes(jobs.map((j) => j.id));
  const changed = jobs.filter((j) => stored.get(j.id) !== j.contentHash);
  if (changed.length > 0) await store.putAll(changed);
  return { written: changed.map((j) => j.id), unchanged: jobs.filter((j) => stored.get(j.id) === j.contentHash).map((j) => j.id) };
}

export async function guideLinker(guides: Pick<GuideReader, 'listRoles'>): Promise<GuideLinker> {
  return createGuideLinker(await guides.listRoles());
}

export type SourceStatus = 'updated' | 'not-modified' | 'failed';

export interface SourceSummary {
  source: string;
  /** The feed URL redacted (redactUrl): the summary is logged and printed, and feed URLs may hold keys. */
  url: string;
  status: SourceStatus;
  /** Items in the feed body (0 when not modified or failed). */
  items: number;
  written: number;
  unchanged: number;
  skipped: number;
  /** Skipped items grouped by reason, most frequent first. */
  skippedReasons: { reason: string; count: number }[];
  /** Kept jobs whose item named no company: taken from the title or dc:creator, or "Unknown". */
  companyFallbacks: CompanyFallbacks;
  error?: string;
  attempts: number;
}

export interface SyncSummary {
  startedAt: string;
  finishedAt: string;
  sources: SourceSummary[];
  /** companyFallbacks: kept jobs without a company element, summed over the sources. */
  totals: { written: number; unchanged: number; skipped: number; failedSources: number; companyFallbacks: CompanyFallbacks };
}

export interface SyncDependencies {
  jobs: JobWriter;
  feedStates: FeedStateStore;
  linkGuide: GuideLinker;
  now?: () => Date;
  fetchOptions?: FetchFeedOptions;
  /** Feeds fetched at once. */
  concurrency?: number;
}

export async function syncFeeds(feeds: readonly FeedConfig[], deps: SyncDependencies): Promise<SyncSummary> {
  const now = deps.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const sources: SourceSummary[] = new Array(feeds.length);
  let next = 0;
  const worker = async () => {
    while (next < feeds.length) {
      const i = next++;
      sources[i] = await syncOne(feeds[i] as FeedConfig, deps, now);
    }
  };
  await Promise.all(Array.from({ length: Math.min(deps.concurrency ?? 4, feeds.length) }, worker));
  const totals = { written: 0, unchanged: 0, skipped: 0, failedSources: 0, companyFallbacks: noFallbacks() };
  for (const s of sources) {
    for (const k of Object.keys(totals.companyFallbacks) as (keyof CompanyFallbacks)[]) totals.companyFallbacks[k] += s.companyFallbacks[k];
    totals.written += s.written;
    totals.unchanged += s.unchanged;
    totals.skipped += s.skipped;
    if (s.status === 'failed') totals.failedSources += 1;
  }
  return { startedAt, finishedAt: now().toISOString(), sources, totals };
}

async function syncOne(feed: FeedConfig, deps: SyncDependencies, now: () => Date): Promise<SourceSummary> {
  const summary: SourceSummary = {
    source: feed.name,
    url: redactUrl(feed.url),
    status: 'failed',
    items: 0,
    written: 0,
    unchanged: 0,
    skipped: 0,
    skippedReasons: [],
    companyFallbacks: noFallbacks(),
    attempts: 0,
  };
  const state = await deps.feedStates.get(feed.name);
  // Validators belong to a URL: after a feed moves, fetch it whole once.
  const previous = state !== null && state.url === feed.url ? state : undefined;
  const fetched = await fetchFeed(feed, previous, deps.fetchOptions);
  summary.attempts = fetched.attempts;

  if (fetched.kind === 'not-modified') {
    summary.status = 'not-modified';
    await saveState(deps.feedStates, state, { ...previous, source: feed.name, url: feed.url, lastStatus: 'ok' });
    return summary;
  }
  if (fetched.kind === 'failed') {
    summary.error = fetched.reason;
    await saveState(deps.feedStates, state, { ...(state ?? {}), source: feed.name, url: feed.url, lastStatus: 'failed' });
    return summary;
  }

  const parsed = parseFeed(feed.name, fetched.body, fetched.contentType, now(), { linkGuide: deps.linkGuide });
  summary.items = parsed.total;
  summary.skipped = parsed.skipped.length;
  summary.skippedReasons = countReasons(parsed.skipped.map((s) => s.reason));
  summary.companyFallbacks = parsed.companyFallbacks;
  if (parsed.error !== undefined) {
    // A malformed feed changes nothing stored, and keeps the old validators so the next run refetches.
    summary.error = parsed.error;
    await saveState(deps.feedStates, state, { ...(state ?? {}), source: feed.name, url: feed.url, lastStatus: 'failed' });
    return summary;
  }
  const upserted = await upsertJobs(deps.jobs, parsed.jobs);
  summary.written = upserted.written.length;
  summary.unchanged = upserted.unchanged.length;
  summary.status = 'updated';
  // Validators are saved only after the jobs are stored: a crash in between means a full refetch.
  await saveState(deps.feedStates, state, {
    source: feed.name,
    url: feed.url,
    ...(fetched.etag !== undefined ? { etag: fetched.etag } : {}),
    ...(fetched.lastModified !== undefined ? { lastModified: fetched.lastModified } : {}),
    lastStatus: 'ok',
  });
  return summary;
}

/** Writes the state only when it changed, so a quiet hour costs no write at all. */
async function saveState(
  store: FeedStateStore,
  before: Awaited<ReturnType<FeedStateStore['get']>>,
  after: NonNullable<Awaited<ReturnType<FeedStateStore['get']>>>,
): Promise<void> {
  const same =
    before !== null &&
    before.url === after.url &&
    before.etag === after.etag &&
    before.lastModified === after.lastModified &&
    before.lastStatus === after.lastStatus;
  if (!same) await store.put(after);
}

function countReasons(reasons: string[]): { reason: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count);
}
