/** syncFeeds with in-memory stores and a scripted fetch: what is written, skipped and remembered. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGuideLinker } from '../../../lambdas/jobs/guide-link';
import { syncFeeds, upsertJobs } from '../../../lambdas/jobs/sync';
import { parseFeed } from '../../../lambdas/jobs/feeds';
import { SAMPLE_FEED_ANCHOR } from '../../../lambdas/jobs/samples';
import { MemoryFeedStateStore, MemoryJobStore } from '../../support/memory/jobs';

const body = readFileSync(join(__dirname, '../../../content/jobs/remote-jobs.json'), 'utf8');
const now = () => SAMPLE_FEED_ANCHOR;
const linkGuide = createGuideLinker([{ slug: 'medical-office-administrator', title: 'Medical Office Administrator' }]);

/** A fetch that answers from a script and records the conditional headers it was sent. */
function scriptedFetch(answers: Record<string, () => Response>) {
  const seen: { url: string; ifNoneMatch: string | null }[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    seen.push({ url, ifNoneMatch: new Headers(init?.headers).get('if-none-match') });
    const answer = answers[url];
    if (answer === undefined) throw new TypeError('fetch failed');
    return answer();
  }) as typeof globalThis.fetch;
  return { fetch, seen };
}

const feeds = [
  { name: 'board', url: 'http://feeds.test/board.json' },
  { name: 'down', url: 'http://feeds.test/down.json' },
];

it('writes new jobs once, then nothing while the feed is unchanged, and keeps validators per feed', async () => {
  const jobs = new MemoryJobStore();
  const feedStates = new MemoryFeedStateStore();
  const { fetch, seen } = scriptedFetch({
    'http://feeds.test/board.json': () =>
      new Response(body, { headers: { 'content-type': 'application/json', etag: '"abc"' } }),
    'http://feeds.test/down.json': () => new Response('nope', { status: 404 }),
  });
  const deps = { jobs, feedStates, linkGuide, now, fetchOptions: { fetch, retries: 0 } };

  const first = await syncFeeds(feeds, deps);
  expect(first.sources.map((s) => [s.source, s.status])).toEqual([
    ['board', 'updated'],
    ['down', 'failed'],
  ]);
  expect(first.totals).toEqual({ written: 45, unchanged: 0, skipped: 0, failedSources: 1, companyFallbacks: { title: 0, creator: 0, unknown: 0 } });
  expect(jobs.writes).toBe(45);
  expect(feedStates.states.get('board')).toMatchObject({ etag: '"abc"', lastStatus: 'ok' });

  const writesBefore = jobs.writes + feedStates.writes;
  const second = await syncFeeds(feeds, deps);
  expect(second.totals).toEqual({ written: 0, unchanged: 45, skipped: 0, failedSources: 1, companyFallbacks: { title: 0, creator: 0, unknown: 0 } });
  expect(jobs.writes + feedStates.writes).toBe(writesBefore);
  expect(seen.filter((s) => s.url.endsWith('board.json')).map((s) => s.ifNoneMatch)).toEqual([null, '"abc"']);
});

it('a malformed feed stores nothing and forgets nothing', async () => {
  const jobs = new MemoryJobStore();
  const feedStates = new MemoryFeedStateStore();
  await feedStates.put({ source: 'board', url: feeds[0]!.url, etag: '"old"', lastStatus: 'ok' });
  const { fetch } = scriptedFetch({
    'http://feeds.test/board.json': () => new Response(body.slice(0, 3000), { headers: { 'content-type': 'application/json' } }),
  });
  const summary = await syncFeeds([feeds[0]!], { jobs, feedStates, linkGuide, now, fetchOptions: { fetch, retries: 0 } });
  expect(summary.sources[0]).toMatchObject({ status: 'failed', written: 0 });
  expect(jobs.writes).toBe(0);
  expect(feedStates.states.get('board')).toMatchObject({ etag: '"old"', lastStatus: 'failed' });
});

it('upsertJobs rewrites a job whose content changed, and only that one', async () => {
  const store = new MemoryJobStore();
  const parsed = parseFeed('board', body, 'application/json', SAMPLE_FEED_ANCHOR).jobs.slice(0, 3);
  await upsertJobs(store, parsed);
  const edited = parseFeed('board', body.replace('Brightwater Family Clinic', 'Brightwater Health'), 'application/json', SAMPLE_FEED_ANCHOR).jobs.slice(0, 3);
  const result = await upsertJobs(store, edited);
  expect(result.written).toEqual([edited[0]!.id]);
  expect(result.unchanged).toHaveLength(2);
  expect(store.jobs.get(edited[0]!.id)?.company).toBe('Brightwater Health');
});
