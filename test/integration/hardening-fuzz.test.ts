/**
 * Hostile input on the real local stack, over HTTP: at least 1,000 generated requests to every route
 * of GET /openapi.json (so a new route is covered without touching this file), the /admin/* routes
 * both with and without a valid x-api-key. Every answer must be below 500, every error problem+json
 * with its status (or an HTML error page for a browser on a page route), no request that could write
 * may be accepted, and nothing stored may change: every table is scanned before and after, and the SES
 * emulator must have sent nothing.
 */
import fc from 'fast-check';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { TABLES } from '../../lambdas/shared/tables';
import {
  apiRoutes,
  describeRequest,
  fuzzAgent,
  pool,
  requestFor,
  send,
  violations,
  type ApiRoute,
  type FuzzContext,
  type FuzzRequest,
  type OpenApiDocument,
} from '../support/fuzz';
import { sesEmails } from '../support/ses';
import { startTestStack, type TestStack } from '../support/stack';

/** Requests per route (and per key mode on admin routes): batches of BATCH sent CONCURRENCY at a time. */
const PER_ROUTE = Number(process.env.FUZZ_REQUESTS_PER_ROUTE ?? 1_000);
const BATCH = 100;
const CONCURRENCY = 16;
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

let stack: TestStack;
let routes: ApiRoute[];
let ctx: FuzzContext;
let before: string;
let emailsBefore: number;
const agent = fuzzAgent(CONCURRENCY);
const sent = new Map<string, number>();
const statuses = new Map<number, number>();

async function snapshot(): Promise<string> {
  const doc = stack.clients.dynamo();
  const tables: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await doc.send(new ScanCommand({ TableName: table.id, ConsistentRead: true, ExclusiveStartKey: start }));
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start !== undefined);
    tables[table.id] = items.map((i) => JSON.stringify(i, Object.keys(i).sort())).sort();
  }
  return JSON.stringify(tables);
}

beforeAll(async () => {
  stack = await startTestStack(undefined, { signUpLimits: { perClientPerHour: 100_000, confirmationEmailsPerHour: 100_000 } });
  const doc = (await (await fetch(`${stack.apiUrl}/openapi.json`)).json()) as OpenApiDocument;
  routes = apiRoutes(doc);
  const jobs = (await (await fetch(`${stack.apiUrl}/jobs?limit=5`)).json()) as { items: { id: string }[] };
  ctx = {
    routes,
    components: doc.components.schemas,
    adminKey: stack.adminApiKey,
    samples: {
      slug: stack.ingest.written.slice(0, 3),
      id: jobs.items.map((j) => j.id),
      email: ['nobody@example.com'],
    },
  };
  before = await snapshot();
  emailsBefore = (await sesEmails(stack.sesUrl)).length;
}, 60_000);

afterAll(async () => {
  agent.destroy();
  await stack?.stop();
});

/** Sends `count` generated requests in batches; fast-check shrinks a failing batch to its culprit. */
async function fuzz(route: ApiRoute, key: Parameters<typeof requestFor>[2], count: number): Promise<void> {
  const name = `${route.method} ${route.path}`;
  const label = `${name}${key !== undefined ? ` (key ${key})` : ''}`;
  await fc.assert(
    fc.asyncProperty(fc.array(requestFor(route, ctx, key), { minLength: BATCH, maxLength: BATCH }), async (requests: FuzzRequest[]) => {
      const answers = await pool(requests, CONCURRENCY, (r) => send(stack.apiUrl, r, agent));
      const failures: string[] = [];
      answers.forEach((res, i) => {
        const req = requests[i] as FuzzRequest;
        if (res.status !== -1) sent.set(name, (sent.get(name) ?? 0) + 1);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        for (const v of violations(req, res)) {
          failures.push(`${v}\n    ${describeRequest(req)}\n    → ${res.status} ${String(res.headers['content-type'])} ${res.body.subarray(0, 200).toString('utf8')}`);
        }
      });
      if (failures.length > 0) throw new Error(`${label}: ${failures.length} bad answers\n${failures.slice(0, 5).join('\n')}`);
    }),
    { numRuns: Math.ceil(count / BATCH), seed: SEED, endOnFailure: true },
  );
}

it('finds every route in the OpenAPI document, admin ones included', () => {
  const keys = routes.map((r) => `${r.method} ${r.path}`);
  expect(keys).toEqual(expect.arrayContaining(['GET /health', 'GET /guides/{slug}', 'GET /jobs', 'POST /subscriptions', 'POST /unsubscribe', 'POST /admin/jobs', 'GET /admin/runs/{id}']));
  expect(routes.filter((r) => r.admin).length).toBeGreaterThanOrEqual(4);
  console.log(`fuzz seed ${SEED} (FUZZ_SEED to replay), ${routes.length} routes`);
});

it('survives request targets the local gateway once choked on', async () => {
  const route = routes.find((r) => r.path === '/guides') as ApiRoute;
  const at = (target: string): FuzzRequest => ({ method: 'GET', target, headers: {}, route, mustReject: false, notes: [] });
  // "//[" made new URL() throw inside the gateway's request handler: the whole process died.
  for (const [target, status] of [['//[', 404], ['//guides', 404], ['/guides?__proto__=x', 400], ['/guides?constructor=x', 400]] as const) {
    const res = await send(stack.apiUrl, at(target), agent);
    expect({ target, status: res.status, violations: violations(at(target), res) }).toEqual({ target, status, violations: [] });
  }
});

it(
  'answers hostile requests to every public route without a 5xx, with problem+json errors',
  async () => {
    for (const route of routes.filter((r) => !r.admin)) await fuzz(route, undefined, PER_ROUTE);
  },
  180_000,
);

it(
  'answers hostile requests to every admin route, with and without a valid key',
  async () => {
    for (const route of routes.filter((r) => r.admin)) {
      await fuzz(route, 'valid', PER_ROUTE / 2);
      await fuzz(route, undefined, PER_ROUTE / 2);
    }
  },
  180_000,
);

it('sent at least the planned number of requests to every route', () => {
  const short = routes.map((r) => `${r.method} ${r.path}`).filter((name) => (sent.get(name) ?? 0) < PER_ROUTE);
  expect(short).toEqual([]);
  console.log('statuses', Object.fromEntries([...statuses].sort(([a], [b]) => a - b)));
});

it('changed nothing stored and sent no email', async () => {
  expect(await snapshot()).toBe(before);
  expect((await sesEmails(stack.sesUrl)).length).toBe(emailsBefore);
}, 30_000);
