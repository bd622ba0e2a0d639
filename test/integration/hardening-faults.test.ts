/**
 * Faults on the real local stack (dynalite persisted in a data folder, the SES emulator, the API over
 * HTTP), several at once, as they come in production:
 *
 * - a job sync whose feeds include one that hangs, one that sends 10 MB of garbage and one that
 *   redirects forever: the healthy feed lands while the hanging one still holds the sync, and each bad
 *   one is reported, bounded by the fetch limits (the hanging one is released by the test once it has
 *   seen the others land: how a timeout bounds it is proven in test/unit/jobs/fetch.test.ts);
 * - dynalite stops in the middle of an alert run: the API answers 503 problem+json with Retry-After
 *   (not a hang), recovers by itself when dynalite comes back on the same port with the same data, and
 *   the run finishes with exactly one digest per subscriber;
 * - a DynamoDB that accepts connections and never answers: still a 503, after the client's bounded
 *   attempts.
 *
 * Each test stands alone (any order, any one alone), and none waits on the clock: they wait for what
 * they need to see, and the jest timeout only bounds a hang.
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
import { LOCAL_CLIENT_LIMITS } from '../../lambdas/shared/aws';
import { batchWriteAll } from '../../lambdas/shared/dynamo';
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
/** Once the test has seen what it needs, the hanging feed lets go: its held requests end, later ones get a 503. */
let hangReleased = false;

/**
 * This file's DynamoDB client bounds: a DynamoDB that never answers is cut after 3 attempts of 3 s
 * (the local default, sized for a starved CPU under load, would take 3 × 8 s). Little runs at once here.
 */
const CLIENT_LIMITS = { ...LOCAL_CLIENT_LIMITS, dynamo: { maxAttempts: 3, connectionTimeout: 3_000, socketTimeout: 3_000 } };

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
    if (path === '/hang.json') {
      if (hangReleased) return void res.writeHead(503).end();
      return void held.push(req.socket); // answers nothing until released
    }
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
  const out = await stack.clients.dynamo().send(new ScanCommand({ TableName: table, ConsistentRead: true }));
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
    clientLimits: CLIENT_LIMITS,
    jobFeeds: ['healthy', 'hang', 'huge', 'loop'].map((n) => `${n}=${feedBase}/${n}.json`).join(','),
  });
  // Confirmed Plus subscribers who want everything: each is owed one digest today.
  const now = new Date(NOW).toISOString();
  await batchWriteAll(
    stack.clients.dynamo(),
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
  // Far beyond the client's bounded attempts: only a request that hangs reaches it.
  const res = await fetch(`${stack.apiUrl}${path}`, { ...init, signal: AbortSignal.timeout(60_000) });
  const text = await res.text();
  return { path, status: res.status, type: res.headers.get('content-type'), retryAfter: res.headers.get('retry-after'), text };
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
  // Not one of the run's readers: a write that lands after its 503 must not move anyone out of the run.
  call('/admin/subscribers/not.a.reader%40example.com/tier', { method: 'PUT', headers: { 'x-api-key': ADMIN_KEY, 'content-type': 'application/json' }, body: '{"tier":"free"}' }),
];

function expectUnavailable(answers: Awaited<ReturnType<typeof call>>[]): void {
  for (const a of answers) {
    expect({ path: a.path, status: a.status, type: a.type, retryAfter: a.retryAfter }).toEqual({ path: a.path, status: 503, type: PROBLEM, retryAfter: '1' });
    expect(JSON.parse(a.text)).toMatchObject({ status: 503, type: '/problems/unavailable' });
  }
}

/** Waits until `check` returns a value; the jest timeout bounds it. */
async function until<T>(check: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Digests per reader in the SES emulator. */
async function digestsByReader(): Promise<Map<string, number>> {
  const digests = new Map<string, number>();
  for (const email of await sesEmails(stack.sesUrl)) {
    for (const to of email.destination.to) if (to.startsWith('digest.reader.')) digests.set(to, (digests.get(to) ?? 0) + 1);
  }
  return digests;
}

it('syncs the healthy feed while a hanging feed still holds the sync, and bounds and reports each bad feed', async () => {
  expect(stack.firstSync.totals.failedSources).toBe(0);
  armed = true;
  hangReleased = false;
  const sync = stack.syncJobs();
  // The 10 MB and redirecting feeds fail fast and the healthy one lands while the hanging one is open.
  const states = await until(async () => {
    const now = await scan(FeedsTable.id);
    const by = (s: string) => now.find((x) => x.source === s);
    return by('healthy')?.etag === '"v2"' && by('huge')?.lastStatus === 'failed' && by('loop')?.lastStatus === 'failed' ? now : undefined;
  });
  expect(held.length).toBeGreaterThan(0);
  expect(states.find((x) => x.source === 'hang')?.lastStatus).toBe('ok'); // its sync is still under way
  const jobs = await call('/jobs?limit=100');
  expect(jobs.status).toBe(200);
  expect((JSON.parse(jobs.text) as { items: unknown[] }).items).toHaveLength(40);

  // Let go of the hanging feed: the open request ends, the retries get 503s, and the sync finishes.
  hangReleased = true;
  for (const socket of held.splice(0)) socket.destroy();
  const summary: SyncSummary = await sync;
  const by = (s: string) => summary.sources.find((x) => x.source === s);
  expect(by('healthy')).toMatchObject({ status: 'updated', items: 40, written: 10, unchanged: 30 });
  expect(by('hang')).toMatchObject({ status: 'failed', attempts: FEED_LIMITS.retries + 1, error: `HTTP 503 Service Unavailable (after ${FEED_LIMITS.retries + 1} attempts)` });
  expect(by('huge')).toMatchObject({ status: 'failed', attempts: 1, error: `body larger than ${FEED_LIMITS.maxBodyBytes} bytes` });
  expect(by('loop')).toMatchObject({ status: 'failed', attempts: 1, error: `too many redirects (more than ${FEED_LIMITS.maxRedirects})` });
  expect(summary.totals).toMatchObject({ written: 10, failedSources: 3 });
  const after = await scan(FeedsTable.id);
  expect(Object.fromEntries(after.map((s) => [s.source, s.lastStatus]))).toEqual({ healthy: 'ok', hang: 'failed', huge: 'failed', loop: 'failed' });
}, 60_000);

it('answers 503 while dynalite is down, recovers by itself with its data, and finishes the alert run in progress with one digest each', async () => {
  const jobsBefore = (JSON.parse((await call('/jobs?limit=100')).text) as { items: unknown[] }).items.length;
  // Every zone: the run is now, whatever the hour (the subscribers' zone, UTC, is due at 07:00 only).
  const run = stack.runAlerts({ tier: 'plus', now: new Date().toISOString(), allZones: true });
  // Stop dynalite once the run is sending (it sends at the local rate, 50 a second at most).
  await until(async () => ((await digestsByReader()).size >= SUBSCRIBERS / 5 ? true : undefined));
  await stack.stopDynamo();
  const sentWhenStopped = (await digestsByReader()).size;
  expect(sentWhenStopped).toBeLessThan(SUBSCRIBERS);

  // Down: every dependent route, round after round, answers 503 problem+json; /health stays up.
  for (let round = 0; round < 3; round++) {
    expectUnavailable(await Promise.all(dependentCalls()));
    expect((await call('/health')).status).toBe(200);
  }

  await stack.startDynamo();
  // Back by itself: no restart of the API, and the data is still there.
  await until(async () => ((await call(`/guides/${SLUG}`)).status === 200 ? true : undefined));
  const recovered = await Promise.all(dependentCalls().slice(0, 5));
  expect(recovered.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
  expect((JSON.parse((await call('/jobs?limit=100')).text) as { items: unknown[] }).items).toHaveLength(jobsBefore);

  const summary = await run;
  const digests = await digestsByReader();
  // Everyone got their digest, nobody got two; nothing was dead-lettered.
  expect(digests.size).toBe(SUBSCRIBERS);
  expect([...digests.values()].filter((n) => n !== 1)).toEqual([]);
  expect(summary.deadLettered).toBe(0);
  expect(summary.status).toBe('planned');
  console.log(
    `dynalite down after ${sentWhenStopped}/${SUBSCRIBERS} digests; ` +
      `run: sent ${summary.sent}, skipped ${JSON.stringify(summary.skipped)}, delivered messages ${summary.delivered}`,
  );
}, 120_000);

it('answers 503 when DynamoDB accepts connections and never answers, after the client\'s bounded attempts', async () => {
  await stack.stopDynamo();
  const swallowed: Socket[] = [];
  const hole = createTcpServer((socket) => void swallowed.push(socket));
  await new Promise<void>((resolve) => hole.listen(Number(new URL(stack.dynamodbEndpoint).port), '127.0.0.1', resolve));
  try {
    expectUnavailable(await Promise.all([call(`/guides/${SLUG}`), call('/jobs')]));
    // The client tried again before it gave up: at least its attempts' worth of connections reached the hole.
    expect(swallowed.length).toBeGreaterThanOrEqual(CLIENT_LIMITS.dynamo.maxAttempts);
  } finally {
    for (const socket of swallowed) socket.destroy();
    await new Promise((resolve) => hole.close(resolve));
    await stack.startDynamo();
  }
  expect((await call(`/guides/${SLUG}`)).status).toBe(200);
}, 60_000);
