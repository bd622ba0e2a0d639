/**
 * Faults on the real local stack (dynalite persisted in a data folder, the SES emulator, the API over
 * HTTP), several at once, as they come in production:
 *
 * - a job sync whose feeds include one that hangs, one that sends 10 MB of garbage and one that
 *   redirects forever: the healthy feed lands while the hanging one still holds the sync, and each bad
 *   one is reported, bounded by the fetch limits;
 * - meanwhile, dynalite stops in the middle of an alert run: the API answers 503 problem+json with
 *   Retry-After at once (not a hang), recovers by itself when dynalite comes back on the same port with
 *   the same data, and the run finishes with exactly one digest per subscriber;
 * - a DynamoDB that accepts connections and never answers: still a 503 within seconds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { types } from 'node:util';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { SyncSummary } from '../../lambdas/jobs/sync';
import { batchWriteAll, documentClient } from '../../lambdas/shared/dynamo';
import { FEED_LIMITS } from '../../lambdas/shared/limits';
import { FeedsTable, SubscribersTable } from '../../lambdas/shared/tables';
import { subscriberId } from '../../lambdas/subscriptions/address';
import { alertShard } from '../../lambdas/subscriptions/tiers';
import { startLocalStack, type LocalStack } from '../../lib/local/stack';
import { sesEmails } from '../support/ses';

/**
 * Jest runs this file in a VM realm of its own, while Node's net module makes its errors (ECONNREFUSED)
 * in the main realm: they fail `instanceof Error` here, and the AWS SDK then wraps them into a plain
 * "AWS SDK error wrapper for Error: connect ECONNREFUSED" without the code, which no production
 * process ever sees (Lambda has one realm). Native errors of any realm count as errors again.
 */
const realmError = Error;
const ordinaryInstanceOf = Function.prototype[Symbol.hasInstance];
Object.defineProperty(Error, Symbol.hasInstance, {
  configurable: true,
  value(this: unknown, value: unknown): boolean {
    return ordinaryInstanceOf.call(this, value) || (this === realmError && types.isNativeError(value));
  },
});

const SUBSCRIBERS = 300;
const ADMIN_KEY = 'local-test-admin-key-0000';
const SLUG = 'medical-office-administrator';
const NOW = Date.now();

let stack: LocalStack;
let dataDir: string;
let feedHost: Server;
let feedBase: string;
const held: Socket[] = [];
/** Off: every feed answers an ordinary small feed. On: each behaves as its name says. */
let armed = false;

const reader = (i: number) => `digest.reader.${String(i).padStart(3, '0')}@example.com`;

/** A JSON feed of `count` jobs posted in the last hours, ids from `from`. */
function jsonFeed(from: number, count: number): string {
  const jobs = Array.from({ length: count }, (_, k) => {
    const i = from + k;
    return {
      id: `h${i}`,
      url: `https://jobs.example.com/h${i}`,
      jobTitle: `Medical Office Manager ${i}`,
      companyName: 'Northwind Clinic',
      jobIndustry: ['Healthcare'],
      jobType: ['full-time'],
      jobGeo: 'USA',
      pubDate: new Date(NOW - (1 + (i % 10)) * 3_600_000).toISOString(),
    };
  });
  return JSON.stringify({ jobs });
}

function startFeedHost(): Promise<void> {
  const garbage = Buffer.alloc(64 * 1024, '}');
  feedHost = createHttpServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const plain = () => void res.writeHead(200, { 'content-type': 'application/json' }).end('{"jobs":[]}');
    if (path === '/healthy.json') {
      const [body, etag] = armed ? [jsonFeed(0, 40), '"v2"'] : [jsonFeed(0, 30), '"v1"'];
      if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
      return void res.writeHead(200, { 'content-type': 'application/json', etag }).end(body);
    }
    if (!armed) return plain();
    if (path === '/hang.json') return void held.push(req.socket); // never answers
    if (path === '/loop.json') return void res.writeHead(302, { location: '/loop.json' }).end();
    if (path === '/huge.json') {
      // 10 MB of garbage, streamed without a Content-Length.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.on('error', () => undefined);
      let written = 0;
      const pump = (): void => {
        while (written < 10 * 1024 * 1024) {
          written += garbage.length;
          if (!res.write(garbage)) return void res.once('drain', pump);
        }
        res.end();
      };
      return pump();
    }
    res.writeHead(404).end();
  });
  return new Promise((resolve) => feedHost.listen(0, '127.0.0.1', () => resolve()));
}

async function scan(table: string): Promise<Record<string, unknown>[]> {
  const out = await documentClient().send(new ScanCommand({ TableName: table, ConsistentRead: true }));
  return out.Items ?? [];
}

beforeAll(async () => {
  await startFeedHost();
  feedBase = `http://127.0.0.1:${(feedHost.address() as AddressInfo).port}`;
  dataDir = mkdtempSync(join(tmpdir(), 'careerwire-faults-'));
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  delete process.env.PUBLIC_BASE_URL;
  stack = await startLocalStack({
    apiPort: 0,
    dynamodbPort: 0,
    sesPort: 0,
    dataDir,
    region: 'us-east-1',
    persist: true,
    schedule: false,
    adminApiKey: ADMIN_KEY,
    jobFeeds: ['healthy', 'hang', 'huge', 'loop'].map((n) => `${n}=${feedBase}/${n}.json`).join(','),
  });
  // Confirmed Plus subscribers who want everything: each is owed one digest today.
  const now = new Date(NOW).toISOString();
  await batchWriteAll(
    documentClient(),
    SubscribersTable.id,
    Array.from({ length: SUBSCRIBERS }, (_, i) => {
      const id = subscriberId(reader(i));
      return {
        PutRequest: {
          Item: {
            id, email: reader(i), status: 'confirmed', tier: 'plus', alertShard: alertShard(id, 'plus'),
            preferences: { keywords: [], industries: [], geos: [], jobTypes: [], guides: [] },
            createdAt: now, confirmedAt: now, updatedAt: now, lastDigestAt: null,
          },
        },
      };
    }),
  );
}, 60_000);

afterAll(async () => {
  for (const socket of held) socket.destroy();
  await stack?.stop();
  await new Promise((resolve) => feedHost?.close(resolve));
  rmSync(dataDir, { recursive: true, force: true });
});

const PROBLEM = 'application/problem+json';

async function call(path: string, init: RequestInit = {}) {
  const started = Date.now();
  const res = await fetch(`${stack.apiUrl}${path}`, { ...init, signal: AbortSignal.timeout(30_000) });
  const text = await res.text();
  return { path, status: res.status, type: res.headers.get('content-type'), retryAfter: res.headers.get('retry-after'), ms: Date.now() - started, text };
}

/** Every route that reads or writes DynamoDB, public and admin. */
const dependentCalls = () => [
  call(`/guides/${SLUG}`),
  call('/guides?sort=salary'),
  call('/jobs?industry=Healthcare'),
  call('/jobs/healthy%3Ah1'),
  call(`/guides/${SLUG}/jobs`),
  call('/subscriptions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'outage@example.com' }) }),
  call('/admin/runs/00000000-0000-4000-8000-000000000000', { headers: { 'x-api-key': ADMIN_KEY } }),
  call('/admin/subscribers/digest.reader.001%40example.com/tier', { method: 'PUT', headers: { 'x-api-key': ADMIN_KEY, 'content-type': 'application/json' }, body: '{"tier":"free"}' }),
];

function expectUnavailable(answers: Awaited<ReturnType<typeof call>>[], boundMs: number): void {
  for (const a of answers) {
    expect({ path: a.path, status: a.status, type: a.type, retryAfter: a.retryAfter, quick: a.ms < boundMs }).toEqual({
      path: a.path,
      status: 503,
      type: PROBLEM,
      retryAfter: '1',
      quick: true,
    });
    expect(JSON.parse(a.text)).toMatchObject({ status: 503, type: '/problems/unavailable' });
  }
}

let sync: Promise<SyncSummary> | undefined;
let syncStarted = 0;

it('syncs the healthy feed while a hanging feed still holds the sync', async () => {
  expect(stack.firstSync.totals.failedSources).toBe(0);
  armed = true;
  syncStarted = Date.now();
  sync = stack.syncJobs();
  // The 10 MB and redirecting feeds fail fast and the healthy one lands; the hanging one is still open.
  const deadline = Date.now() + 10_000;
  let states: Record<string, unknown>[] = [];
  for (;;) {
    states = await scan(FeedsTable.id);
    const by = (s: string) => states.find((x) => x.source === s);
    if (by('healthy')?.etag === '"v2"' && by('huge')?.lastStatus === 'failed' && by('loop')?.lastStatus === 'failed') break;
    if (Date.now() > deadline) throw new Error(`the fast feeds did not settle: ${JSON.stringify(states)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(held.length).toBeGreaterThan(0);
  expect(states.find((x) => x.source === 'hang')?.lastStatus).toBe('ok'); // not settled yet
  const jobs = await call('/jobs?limit=100');
  expect(jobs.status).toBe(200);
  expect((JSON.parse(jobs.text) as { items: unknown[] }).items).toHaveLength(40);
}, 30_000);

it('answers 503 at once while dynalite is down, recovers by itself, and finishes the alert run in progress with one digest each', async () => {
  const run = stack.runAlerts({ tier: 'plus', now: new Date().toISOString() });
  // Stop dynalite once the run is sending.
  const deadline = Date.now() + 20_000;
  while ((await sesEmails(stack.sesUrl)).length < SUBSCRIBERS / 5) {
    if (Date.now() > deadline) throw new Error('the run never started sending');
    await new Promise((r) => setTimeout(r, 20));
  }
  await stack.stopDynamo();
  const downAt = Date.now();
  const sentWhenStopped = (await sesEmails(stack.sesUrl)).length;
  expect(sentWhenStopped).toBeLessThan(SUBSCRIBERS);

  // Down for ~3 s: every dependent route, again and again, answers 503 well within 5 s; /health stays up.
  const rounds: number[] = [];
  while (Date.now() - downAt < 3_000) {
    const started = Date.now();
    expectUnavailable(await Promise.all(dependentCalls()), 5_000);
    rounds.push(Date.now() - started);
    expect((await call('/health')).status).toBe(200);
  }
  expect(rounds.length).toBeGreaterThanOrEqual(2);

  await stack.startDynamo();
  const upAt = Date.now();
  let guide = await call(`/guides/${SLUG}`);
  while (guide.status !== 200 && Date.now() - upAt < 5_000) guide = await call(`/guides/${SLUG}`);
  expect(guide.status).toBe(200);
  const recovered = await Promise.all(dependentCalls().slice(0, 5));
  expect(recovered.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);

  const summary = await run;
  const digests = new Map<string, number>();
  for (const email of await sesEmails(stack.sesUrl)) {
    for (const to of email.destination.to) if (to.startsWith('digest.reader.')) digests.set(to, (digests.get(to) ?? 0) + 1);
  }
  // Everyone got their digest, nobody got two; nothing was dead-lettered.
  expect(digests.size).toBe(SUBSCRIBERS);
  expect([...digests.values()].filter((n) => n !== 1)).toEqual([]);
  expect(summary.deadLettered).toBe(0);
  expect(summary.status).toBe('planned');
  console.log(
    `dynalite down ${upAt - downAt} ms after ${sentWhenStopped}/${SUBSCRIBERS} digests; ${rounds.length} rounds of calls, ` +
      `all 503, slowest round ${Math.max(...rounds)} ms; ` +
      `run: sent ${summary.sent}, skipped ${JSON.stringify(summary.skipped)}, delivered messages ${summary.delivered}`,
  );
}, 120_000);

it('answers 503 within seconds when DynamoDB accepts connections and never answers', async () => {
  await stack.stopDynamo();
  const swallowed: Socket[] = [];
  const hole = createTcpServer((socket) => void swallowed.push(socket));
  await new Promise<void>((resolve) => hole.listen(Number(new URL(stack.dynamodbEndpoint).port), '127.0.0.1', resolve));
  try {
    expectUnavailable(await Promise.all([call(`/guides/${SLUG}`), call('/jobs')]), 5_000);
  } finally {
    for (const socket of swallowed) socket.destroy();
    await new Promise((resolve) => hole.close(resolve));
    await stack.startDynamo();
  }
  expect((await call(`/guides/${SLUG}`)).status).toBe(200);
}, 30_000);

it('bounds and reports each bad feed, and keeps the data it synced across the restart', async () => {
  const summary = await (sync as Promise<SyncSummary>);
  const elapsed = Date.now() - syncStarted;
  const by = (s: string) => summary.sources.find((x) => x.source === s);
  expect(by('healthy')).toMatchObject({ status: 'updated', items: 40, written: 10, unchanged: 30 });
  expect(by('hang')).toMatchObject({ status: 'failed', attempts: FEED_LIMITS.retries + 1, error: `timed out after ${FEED_LIMITS.timeoutMs} ms (after 3 attempts)` });
  expect(by('huge')).toMatchObject({ status: 'failed', attempts: 1, error: `body larger than ${FEED_LIMITS.maxBodyBytes} bytes` });
  expect(by('loop')).toMatchObject({ status: 'failed', attempts: 1, error: `too many redirects (more than ${FEED_LIMITS.maxRedirects})` });
  expect(summary.totals).toMatchObject({ written: 10, failedSources: 3 });
  // Bounded: attempts × the timeout, plus backoff; far under the function's 5 minutes.
  expect(elapsed).toBeLessThan((FEED_LIMITS.retries + 1) * FEED_LIMITS.timeoutMs + 2 * FEED_LIMITS.backoffMaxMs);
  const states = await scan(FeedsTable.id);
  expect(Object.fromEntries(states.map((s) => [s.source, s.lastStatus]))).toEqual({ healthy: 'ok', hang: 'failed', huge: 'failed', loop: 'failed' });
  console.log(`sync with a hanging feed took ${elapsed} ms`);
}, 90_000);
