/**
 * HTTP load on the local stack: the real API handler behind the local gateway, dynalite, the content
 * guides and the sample jobs, started in this process; autocannon drives it from a worker thread (the
 * other core). Each route runs LOAD_SECONDS (default 30 s) after a short warm-up:
 *
 * - at the highest rate the machine sustains (LOAD_CONNECTIONS connections, each waiting for its answer):
 *   GET /guides/{slug}, GET /jobs, GET /guides/{slug}/jobs, and GET /health as the baseline (the same
 *   gateway and router, no DynamoDB), each with the DynamoDB requests it made per answer (counted on
 *   the handlers' shared client: what each request costs in AWS);
 * - at a fixed 200 requests/s: GET /guides/{slug} as JSON and as the HTML page (Accept: text/html:
 *   the guide, its jobs' Query and the rendered page), beside GET /health at the same rate.
 *
 * Target: p99 ≤ 25 ms for GET /guides/{slug} at 200 requests/s, with no errors.
 * `npm run bench -- load`; LOAD_SECONDS=5 for a quick look.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalStack, type LocalStack } from '../../lib/local/stack';

interface BenchResult {
  name: string;
  value: number;
  unit: string;
}

/** The slice of autocannon's options and result this bench uses (the package ships no types). */
interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  overallRate?: number;
  workers?: number;
  timeout?: number;
  headers?: Record<string, string>;
}
interface Histogram {
  average: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}
interface AutocannonResult {
  latency: Histogram;
  requests: Histogram & { total: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  duration: number;
}
type Autocannon = (options: AutocannonOptions) => Promise<AutocannonResult>;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as Autocannon;

const SECONDS = Number(process.env.LOAD_SECONDS ?? 30);
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 10);
const FIXED_RATE = 200;
const SLUG = 'medical-office-administrator';

/** DynamoDB requests the handlers sent (they share one client in this process). */
const dynamoCalls = { count: 0 };

async function load(stack: LocalStack, label: string, path: string, rate?: number, headers?: Record<string, string>): Promise<BenchResult[]> {
  const url = `${stack.apiUrl}${path}`;
  const options = { url, connections: CONNECTIONS, workers: 1, timeout: 10, ...(rate !== undefined ? { overallRate: rate } : {}), ...(headers !== undefined ? { headers } : {}) };
  await autocannon({ ...options, duration: Math.min(3, SECONDS) }); // warm-up: JIT, sockets, caches
  const callsBefore = dynamoCalls.count;
  const r = await autocannon({ ...options, duration: SECONDS });
  const calls = dynamoCalls.count - callsBefore;
  const errors = r.errors + r.timeouts + r.non2xx;
  const throughput = r['2xx'] / r.duration;
  const name = `load ${label}`;
  return [
    { name: `${name} throughput`, value: Math.round(throughput), unit: 'req/s' },
    { name: `${name} p50`, value: r.latency.p50, unit: 'ms' },
    { name: `${name} p99`, value: r.latency.p99, unit: 'ms' },
    { name: `${name} max`, value: r.latency.max, unit: 'ms' },
    { name: `${name} errors`, value: errors, unit: `of ${r.requests.total} requests` },
    { name: `${name} DynamoDB requests per answer`, value: Math.round((calls / Math.max(1, r.requests.total)) * 100) / 100, unit: 'requests' },
  ];
}

export async function benchLoad(): Promise<BenchResult[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'careerwire-load-'));
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const stack = await startLocalStack({
    apiPort: 0,
    dynamodbPort: 0,
    sesPort: 0,
    dataDir,
    region: 'us-east-1',
    persist: false,
    schedule: false,
    adminApiKey: 'local-bench-admin-key-0000',
  });
  stack.clients.dynamo().middlewareStack.add(
    (next) => async (args) => {
      dynamoCalls.count++;
      return next(args);
    },
    { step: 'initialize', name: 'benchCountCalls' },
  );
  try {
    const ok = await fetch(`${stack.apiUrl}/guides/${SLUG}`);
    if (ok.status !== 200) throw new Error(`GET /guides/${SLUG}: HTTP ${ok.status}`);
    const page = await fetch(`${stack.apiUrl}/guides/${SLUG}`, { headers: { accept: 'text/html' } });
    if (page.status !== 200 || !(page.headers.get('content-type') ?? '').startsWith('text/html')) throw new Error(`GET /guides/${SLUG} as HTML: HTTP ${page.status}`);
    const results: BenchResult[] = [];
    results.push(...(await load(stack, `GET /health (baseline) ${CONNECTIONS} connections`, '/health')));
    results.push(...(await load(stack, `GET /guides/{slug} ${CONNECTIONS} connections`, `/guides/${SLUG}`)));
    results.push(...(await load(stack, `GET /jobs ${CONNECTIONS} connections`, '/jobs')));
    results.push(...(await load(stack, `GET /guides/{slug}/jobs ${CONNECTIONS} connections`, `/guides/${SLUG}/jobs`)));
    results.push(...(await load(stack, `GET /health (baseline) at ${FIXED_RATE}/s`, '/health', FIXED_RATE)));
    results.push(...(await load(stack, `GET /guides/{slug} at ${FIXED_RATE}/s (target p99 ≤ 25 ms)`, `/guides/${SLUG}`, FIXED_RATE)));
    results.push(...(await load(stack, `GET /guides/{slug} as HTML (the page) at ${FIXED_RATE}/s`, `/guides/${SLUG}`, FIXED_RATE, { accept: 'text/html' })));
    return results;
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
