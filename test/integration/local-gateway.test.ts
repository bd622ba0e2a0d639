/**
 * The local API Gateway stand-in over real HTTP: requests beyond LOCAL_CONCURRENCY wait in line
 * instead of all running at once in the one process, and every one of them is still answered.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { LOCAL_CONCURRENCY, startHttpGateway, type HttpHandler, type RunningGateway } from '../../lib/local/http-gateway';

let gateway: RunningGateway;
let running = 0;
let busiest = 0;
const served: string[] = [];
/** Held invocations wait on this gate; it opens once every request of a burst has reached the gateway. */
let gate: Promise<void> = Promise.resolve();

const handler: HttpHandler = async (event: APIGatewayProxyEventV2) => {
  running += 1;
  busiest = Math.max(busiest, running);
  await gate;
  running -= 1;
  served.push(event.rawPath);
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path: event.rawPath }) };
};

/** Resolves once `condition` holds; polls because the gateway's counters have no events. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2));
}

const failing: HttpHandler = () => Promise.reject(new Error('handler bug'));

beforeAll(async () => {
  gateway = await startHttpGateway(handler, 0, [{ prefix: '/broken/', handler: failing }]);
});

afterAll(() => gateway.close());

it(`runs at most ${LOCAL_CONCURRENCY} invocations at once and answers all the others after them`, async () => {
  const count = LOCAL_CONCURRENCY * 4;
  let open: () => void = () => undefined;
  gate = new Promise<void>((resolve) => (open = resolve));
  const answers = Promise.all(
    Array.from({ length: count }, (_, i) => fetch(`${gateway.url}/r/${i}`).then(async (r) => ({ status: r.status, body: (await r.json()) as { path: string } }))),
  );
  // Every request read and held: exactly LOCAL_CONCURRENCY running, the rest waiting for a slot,
  // however slowly the machine delivered them.
  await until(() => gateway.pending() === count);
  expect(running).toBe(LOCAL_CONCURRENCY);
  open();
  const done = await answers;
  expect(done.map((a) => a.status)).toEqual(Array.from({ length: count }, () => 200));
  expect(done.map((a) => a.body.path)).toEqual(Array.from({ length: count }, (_, i) => `/r/${i}`));
  expect(busiest).toBe(LOCAL_CONCURRENCY);
  expect(running).toBe(0);
  expect(served).toHaveLength(count);
});

it('frees the slot of a failed invocation: its caller gets a bare 500, later callers are served', async () => {
  const broken = await Promise.all(Array.from({ length: LOCAL_CONCURRENCY + 2 }, () => fetch(`${gateway.url}/broken/x`).then((r) => r.status)));
  expect(new Set(broken)).toEqual(new Set([500]));
  served.length = 0;
  const after = await Promise.all(Array.from({ length: LOCAL_CONCURRENCY }, (_, i) => fetch(`${gateway.url}/after/${i}`).then((r) => r.status)));
  expect(after.every((s) => s === 200)).toBe(true);
  expect(served).toHaveLength(LOCAL_CONCURRENCY);
});

it('on close, lets running invocations finish and answers those still in line 503 without running them', async () => {
  let started = 0;
  let finished = 0;
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const slow = await startHttpGateway(async () => {
    started += 1;
    await gate;
    finished += 1;
    return { statusCode: 200, body: 'done' };
  }, 0);
  const count = LOCAL_CONCURRENCY + 4;
  const answers = Array.from({ length: count }, () => fetch(`${slow.url}/slow`).then((r) => r.status));
  // Every request read by the gateway: LOCAL_CONCURRENCY running, 4 in line.
  await until(() => slow.pending() === count);
  expect(started).toBe(LOCAL_CONCURRENCY);
  const closing = slow.close();
  release();
  await closing;
  const statuses = await Promise.all(answers);
  expect(started).toBe(LOCAL_CONCURRENCY);
  expect(finished).toBe(LOCAL_CONCURRENCY);
  expect(statuses.filter((s) => s === 200)).toHaveLength(LOCAL_CONCURRENCY);
  expect(statuses.filter((s) => s === 503)).toHaveLength(4);
});
