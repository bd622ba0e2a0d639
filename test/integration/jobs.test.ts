/**
 * Jobs end to end on the real local stack: feeds served over real HTTP on localhost, synced by the
 * job-sync handler into dynalite, read back through the API over HTTP, and upserted by operators.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { validate } from '../../lambdas/http/schema';
import { JobSchema } from '../../lambdas/jobs/schema';
import { shiftFeedDates } from '../../lambdas/jobs/dates';
import { SAMPLE_FEED_ANCHOR } from '../../lambdas/jobs/samples';
import { startTestStack, type TestStack } from '../support/stack';

const REPO = join(__dirname, '..', '..');
const NOW = new Date();
const jsonFeed = shiftFeedDates(readFileSync(join(REPO, 'content/jobs/remote-jobs.json'), 'utf8'), 'json', SAMPLE_FEED_ANCHOR, NOW);
const rssFeed = shiftFeedDates(readFileSync(join(REPO, 'content/jobs/jobs.rss'), 'utf8'), 'rss', SAMPLE_FEED_ANCHOR, NOW);

/** A feed host whose behaviour each test sets, counting what it is asked. */
const feedHost = {
  requests: [] as { path: string; ifNoneMatch?: string }[],
  broken: false,
};
let server: Server;
let stack: TestStack;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    feedHost.requests.push({ path, ...(req.headers['if-none-match'] ? { ifNoneMatch: req.headers['if-none-match'] } : {}) });
    if (path === '/jobs.json') {
      if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304, { etag: '"v1"' }).end();
      return void res.writeHead(200, { 'content-type': 'application/json', etag: '"v1"' }).end(jsonFeed);
    }
    if (path === '/jobs.rss') {
      if (feedHost.broken) return void res.writeHead(500).end('upstream down');
      return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed);
    }
    if (path === '/truncated.json') return void res.writeHead(200, { 'content-type': 'application/json' }).end(jsonFeed.slice(0, 5000));
    // A feed that moves (to this host: loopback, which the local stack allows) and then points at the
    // cloud metadata address, a board key in each URL.
    if (path === '/moving.json?key=board-secret-1') return void res.writeHead(301, { location: '/moved.json?key=board-secret-2' }).end();
    if (path === '/moved.json?key=board-secret-2') {
      return void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/iam/?key=board-secret-3' }).end();
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  stack = await startTestStack(undefined, {
    jobFeeds: `board=${base}/jobs.json,rss=${base}/jobs.rss,broken-board=${base}/truncated.json,moving=${base}/moving.json?key=board-secret-1`,
    adminApiKey: 'test-admin-key-0123456789',
  });
});

afterAll(async () => {
  await stack?.stop();
  await new Promise((resolve) => server.close(resolve));
});

const api = async (path: string, init?: RequestInit) => {
  const res = await fetch(`${stack.apiUrl}${path}`, init);
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as Record<string, unknown> };
};
type Page = { items: { id: string; title: string; geo: string; postedAt: string; guideSlug: string | null }[]; nextCursor: string | null };

it('syncs every healthy feed at start and reports the truncated one without storing anything from it', () => {
  const bySource = Object.fromEntries(stack.firstSync.sources.map((s) => [s.source, s]));
  expect(bySource.board).toMatchObject({ status: 'updated', items: 45, written: 45, skipped: 0 });
  expect(bySource.rss).toMatchObject({ status: 'updated', items: 23, written: 23 });
  expect(bySource['broken-board']).toMatchObject({ status: 'failed', written: 0 });
  expect(bySource['broken-board']?.error).toMatch(/JSON/i);
});

it('follows a redirect to loopback locally, refuses the next one to the metadata address, and logs no board key', () => {
  const moving = stack.firstSync.sources.find((s) => s.source === 'moving');
  expect(moving).toEqual({
    source: 'moving',
    url: `${base}/moving.json?…`,
    status: 'failed',
    items: 0,
    written: 0,
    unchanged: 0,
    skipped: 0,
    skippedReasons: [],
    error: 'redirect to "http://169.254.169.254/latest/meta-data/iam/?…" refused: 169.254.169.254 is a metadata address',
    attempts: 1,
    companyFallbacks: { title: 0, creator: 0, unknown: 0 },
  });
  // The first hop (loopback) was followed: the metadata URL is known only from its answer.
  expect(feedHost.requests.map((r) => r.path)).toEqual(expect.arrayContaining(['/moving.json?key=board-secret-1', '/moved.json?key=board-secret-2']));
  // Skipped and counted: the other feeds landed beside it.
  expect(stack.firstSync.totals.failedSources).toBe(2);
  expect(stack.firstSync.totals.written).toBe(68);
  // The summary is what the job-sync function logs, one line per feed, and what `jobs sync` prints.
  expect(JSON.stringify(stack.firstSync)).not.toMatch(/board-secret/);
});

it('polls again with If-None-Match, gets 304 and writes nothing; a 500 from one source leaves the others', async () => {
  feedHost.requests = [];
  feedHost.broken = true;
  const summary = await stack.syncJobs();
  const bySource = Object.fromEntries(summary.sources.map((s) => [s.source, s]));
  expect(bySource.board?.status).toBe('not-modified');
  expect(feedHost.requests.find((r) => r.path === '/jobs.json')?.ifNoneMatch).toBe('"v1"');
  expect(bySource.rss).toMatchObject({ status: 'failed', error: expect.stringContaining('500') });
  expect(summary.totals.written).toBe(0);
  // The RSS jobs stored by the first sync are still served.
  const rssJobs = (await api('/jobs?limit=100')).body as Page;
  expect(rssJobs.items.filter((j) => j.id.startsWith('rss:'))).toHaveLength(23);
  feedHost.broken = false;
});

it('serves jobs newest first, matching the contract, with cursor paging', async () => {
  const first = (await api('/jobs?limit=10')).body as Page;
  expect(first.items).toHaveLength(10);
  for (const job of first.items) expect(validate(JobSchema, job)).toEqual([]);
  const posted = first.items.map((j) => j.postedAt);
  expect([...posted].sort().reverse()).toEqual(posted);

  const seen = new Set(first.items.map((j) => j.id));
  let cursor = first.nextCursor;
  while (cursor !== null) {
    const page = (await api(`/jobs?limit=10&cursor=${cursor}`)).body as Page;
    for (const job of page.items) {
      expect(seen.has(job.id)).toBe(false);
      seen.add(job.id);
    }
    cursor = page.nextCursor;
  }
  expect(seen.size).toBe(68);
});

it('filters by geo, type, industry, level, salary, words and time', async () => {
  const anywhere = (await api('/jobs?geo=Anywhere&limit=100')).body as Page;
  expect(anywhere.items.length).toBeGreaterThan(0);
  expect(anywhere.items.every((j) => j.geo === 'Anywhere')).toBe(true);

  const usaHealthcare = (await api('/jobs?geo=USA&industry=Healthcare&type=full-time&limit=100')).body as Page;
  expect(usaHealthcare.items.length).toBeGreaterThan(0);
  const everything = (await api('/jobs?limit=100')).body as Page;
  expect(usaHealthcare.items.length).toBeLessThan(everything.items.length);

  const rich = (await api('/jobs?salaryMin=150000&limit=100')).body as { items: { salary: { max: number | null; min: number | null } }[] };
  expect(rich.items.every((j) => (j.salary.max ?? j.salary.min ?? 0) >= 150_000)).toBe(true);

  const words = (await api('/jobs?q=medical%20office&limit=100')).body as Page;
  expect(words.items.every((j) => /medical office/i.test(j.title))).toBe(true);

  const recent = new Date(NOW.getTime() - 2 * 86_400_000).toISOString();
  const lastTwoDays = (await api(`/jobs?since=${encodeURIComponent(recent)}&limit=100`)).body as Page;
  expect(lastTwoDays.items.every((j) => j.postedAt >= recent)).toBe(true);
  expect(lastTwoDays.items.length).toBeLessThan(everything.items.length);
});

it('links the jobs of the Medical Office Administrator role to its guide, and only those', async () => {
  const linked = (await api('/guides/medical-office-administrator/jobs?limit=100')).body as Page;
  expect(linked.items).toHaveLength(9);
  expect(linked.items.every((j) => /medical (office|administrative)/i.test(j.title))).toBe(true);
  const all = (await api('/jobs?limit=100')).body as Page;
  const wrong = all.items.filter((j) => j.guideSlug !== null && !/medical (office|administrative)/i.test(j.title));
  expect(wrong).toEqual([]);
  expect((await api('/guides/astronaut/jobs')).status).toBe(404);
});

it('answers one job by id, 404 for unknown, 400 problem+json for bad filters', async () => {
  const { items } = (await api('/jobs?limit=1')).body as Page;
  const id = items[0]?.id as string;
  const one = await api(`/jobs/${encodeURIComponent(id)}`);
  expect(one.status).toBe(200);
  expect(one.body.id).toBe(id);
  expect((await api('/jobs/board%3Anope')).status).toBe(404);

  for (const bad of ['/jobs?since=yesterday', '/jobs?salaryMin=-5', '/jobs?limit=0', '/jobs?colour=red', '/jobs?cursor=abc']) {
    const res = await api(bad);
    expect([bad, res.status, res.type]).toEqual([bad, 400, 'application/problem+json']);
  }
  const other = (await api('/jobs?limit=1&geo=USA')).body as Page;
  const crossed = await api(`/jobs?limit=1&geo=UK&cursor=${other.nextCursor}`);
  expect(crossed.status).toBe(400);
});

describe('POST /admin/jobs', () => {
  const item = (id: string, title: string) => ({
    id,
    url: `https://jobs.example/${id}`,
    jobTitle: title,
    companyName: 'Northwind Clinic',
    jobIndustry: ['Healthcare'],
    jobType: ['full-time'],
    jobGeo: 'USA',
    pubDate: new Date(NOW.getTime() - 3_600_000).toISOString(),
  });
  const post = (body: unknown, key?: string) =>
    api('/admin/jobs', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key !== undefined ? { 'x-api-key': key } : {}) },
      body: JSON.stringify(body),
    });

  it('refuses a missing or wrong key and changes nothing', async () => {
    const body = { jobs: [item('a1', 'Medical Office Manager')] };
    expect((await post(body)).status).toBe(401);
    const wrong = await post(body, 'not-the-key-at-all-000');
    expect(wrong.status).toBe(403);
    expect(wrong.type).toBe('application/problem+json');
    expect((await api('/jobs/admin%3Aa1')).status).toBe(404);
  });

  it('upserts valid jobs, links guides, and reports each item', async () => {
    const body = { jobs: [item('a1', 'Medical Office Manager'), { ...item('a2', 'Welder'), url: 'javascript:alert(1)' }, item('a3', 'Data Engineer')] };
    const first = await post(body, 'test-admin-key-0123456789');
    expect(first.status).toBe(200);
    expect(first.body.results).toEqual([
      { index: 0, id: 'admin:a1', status: 'written' },
      { index: 1, status: 'rejected', reason: expect.stringMatching(/http/) },
      { index: 2, id: 'admin:a3', status: 'written' },
    ]);
    const again = await post(body, 'test-admin-key-0123456789');
    expect((again.body.results as { status: string }[]).map((r) => r.status)).toEqual(['unchanged', 'rejected', 'unchanged']);
    const stored = await api('/jobs/admin%3Aa1');
    expect(stored.body).toMatchObject({ title: 'Medical Office Manager', guideSlug: 'medical-office-administrator' });
  });

  it('checks the key first, then validates the body shape', async () => {
    expect((await post({ jobs: [] }, 'test-admin-key-0123456789')).status).toBe(400);
    expect((await post({ jobs: [{ id: 'x' }] }, 'test-admin-key-0123456789')).status).toBe(400);
    const broken = (headers: Record<string, string>) =>
      fetch(`${stack.apiUrl}/admin/jobs`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"jobs": [' });
    expect((await broken({})).status).toBe(401);
    expect((await broken({ 'x-api-key': 'test-admin-key-0123456789' })).status).toBe(400);
  });
});
