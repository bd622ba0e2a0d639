/**
 * Alert fan-out at scale, on in-memory storage:
 * - planning 1,000,000 synthetic subscribers into SQS messages in one run over every zone (time,
 *   messages, requests, memory growth compared with planning 100,000: pages are streamed, so memory
 *   stays flat in the subscriber count), and the projected wall time of a Plus run's sending at SES
 *   rates of 14/s and 300/s;
 * - a day of 24 hourly Plus runs over 1,000,000 subscribers spread over realistic zones: the Queries
 *   and SendMessageBatch calls of the day beside the single daily plan before zones (1,000 + 4,000),
 *   and the heap's growth over the day;
 * - the send-rate limiter on a fake clock at 14/s: the achieved rate (target ≥ 95% of it) and the
 *   busiest one-second window (must never exceed it);
 * - rendering 1,000 digests of 20 jobs (HTML and text), beside JSON.stringify of the same digests.
 */
import { runPartitions, startRun } from '../../lambdas/alerts/planner';
import { ALERT_LIMITS } from '../../lambdas/shared/limits';
import type { DigestMessage } from '../../lambdas/alerts/queue';
import { RateLimiter, type Clock } from '../../lambdas/alerts/rate-limiter';
import { renderDigest } from '../../lambdas/alerts/render';
import type { Digest } from '../../lambdas/alerts/digest';
import { loadDigest } from '../fixtures/digests';
import { syntheticJobs } from '../support/synthetic';
import { digestSenders } from '../../lib/config';
import { MemoryAudienceStore, MemoryRunStore } from '../support/memory/alerts';
import { MemoryJobStore } from '../support/memory/jobs';

/** The Plus senders' combined rate at an SES rate, as deployed. */
const plusRate = (sesRate: number): number => {
  const { plus } = digestSenders(sesRate);
  return Number((plus.concurrency * plus.ratePerSecond).toFixed(2));
};

interface BenchResult {
  name: string;
  value: number;
  unit: string;
}

const NOW = new Date('2026-11-27T07:00:00.000Z');

/** The plan of one day before zones: one run, 16 shards, 1,000-key pages, 40 messages (4 batches) a page. */
const BEFORE_ZONES = { queries: 1000, batches: 4000 };

/**
 * Where subscribers live, roughly: the shares of the 1,000,000 by zone (:30 and :45 zones included),
 * "default" for those who never chose one. Every other zone is empty, and a run still Queries it.
 */
const ZONE_SHARES: Record<string, number> = {
  'America/New_York': 0.2, 'America/Chicago': 0.08, 'America/Denver': 0.03, 'America/Los_Angeles': 0.1, 'America/Toronto': 0.03,
  'America/Sao_Paulo': 0.03, 'America/Mexico_City': 0.02, 'Europe/London': 0.08, 'Europe/Berlin': 0.07, 'Europe/Paris': 0.05,
  'Europe/Madrid': 0.02, 'Europe/Warsaw': 0.01, 'Africa/Lagos': 0.01, 'Asia/Dubai': 0.01, 'Asia/Kolkata': 0.06, 'Asia/Kathmandu': 0.005,
  'Asia/Singapore': 0.02, 'Asia/Tokyo': 0.03, 'Australia/Sydney': 0.025, 'Australia/Adelaide': 0.005, 'Pacific/Auckland': 0.01,
  'Asia/Manila': 0.02, default: 0.15,
};

async function planDay(subscribers: number): Promise<{ queries: number; batches: number; other: number; planned: number; heapGrowthMiB: number }> {
  const jobs = new MemoryJobStore();
  await jobs.putAll(syntheticJobs(100, 5, NOW.getTime(), 86_400_000));
  const sizes = new Map(Object.entries(ZONE_SHARES).map(([zone, share]) => [`plus#${zone}`, Math.round(share * subscribers)]));
  const audience = new MemoryAudienceStore({ size: (p) => sizes.get(p) ?? 0 });
  const runs = new MemoryRunStore();
  // The run records' writes (create, progress) and the candidate-job Queries: a run's fixed cost.
  let other = 0;
  const countedRuns: typeof runs = Object.assign(Object.create(runs) as MemoryRunStore, {
    create: (run: Parameters<MemoryRunStore['create']>[0]) => (other++, runs.create(run)),
    addPlanned: (...args: Parameters<MemoryRunStore['addPlanned']>) => (other++, runs.addPlanned(...args)),
  });
  const countedJobs: typeof jobs = Object.assign(Object.create(jobs) as MemoryJobStore, {
    listNewest: (...args: Parameters<MemoryJobStore['listNewest']>) => (other++, jobs.listNewest(...args)),
  });
  let batches = 0;
  let planned = 0;
  const queue = { send: async (m: readonly DigestMessage[]) => void (batches += Math.ceil(m.length / ALERT_LIMITS.sqsBatchEntries)) };
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let heapPeak = heapBefore;
  const sampler = setInterval(() => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)), 5);
  const midnight = Date.parse('2026-11-27T00:00:00.000Z');
  for (let hour = 0; hour < 24; hour++) {
    const run = await startRun({ tier: 'plus', now: new Date(midnight + hour * 3_600_000) }, { audience, jobs: countedJobs, runs: countedRuns, queue, timezone: 'UTC' });
    planned += run.planned;
  }
  clearInterval(sampler);
  heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  return { queries: audience.reads.length, batches, other, planned, heapGrowthMiB: (heapPeak - heapBefore) / 1024 / 1024 };
}

async function planFor(subscribers: number): Promise<{ ms: number; messages: number; batches: number; queries: number; planned: number; heapGrowthMiB: number }> {
  const jobs = new MemoryJobStore();
  await jobs.putAll(syntheticJobs(100, 5, NOW.getTime(), 86_400_000));
  // Everyone spread evenly over every partition of an all-zones run (the operators' run over everyone).
  const partitions = runPartitions('plus', NOW, 'UTC', true).map((p) => p.key);
  const per = Math.ceil(subscribers / partitions.length);
  const audience = new MemoryAudienceStore({ size: () => per });
  const runs = new MemoryRunStore();
  let messages = 0;
  let batches = 0;
  // The queue only counts: like SQS, it keeps nothing in the planner's memory.
  const queue = {
    send: async (m: readonly DigestMessage[]) => {
      messages += m.length;
      batches += Math.ceil(m.length / ALERT_LIMITS.sqsBatchEntries);
    },
  };
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let heapPeak = heapBefore;
  const sampler = setInterval(() => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)), 5);
  const started = performance.now();
  const run = await startRun({ tier: 'plus', now: NOW, allZones: true }, { audience, jobs, runs, queue, timezone: 'UTC' });
  const ms = performance.now() - started;
  clearInterval(sampler);
  heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  return { ms, messages, batches, queries: audience.reads.length, planned: run.planned, heapGrowthMiB: (heapPeak - heapBefore) / 1024 / 1024 };
}

async function simulateSending(rate: number, sends: number): Promise<{ achieved: number; busiestWindow: number }> {
  let now = 0;
  const clock: Clock = { now: () => now, sleep: async (ms) => void (now += ms) };
  const limiter = new RateLimiter(rate, clock);
  const times: number[] = [];
  for (let i = 0; i < sends; i++) {
    await limiter.acquire();
    times.push(now);
    now += 5; // each SES call takes a little time
  }
  let busiest = 0;
  let lo = 0;
  for (let hi = 0; hi < times.length; hi++) {
    while ((times[hi] as number) - (times[lo] as number) >= 1000) lo++;
    busiest = Math.max(busiest, hi - lo + 1);
  }
  const span = ((times.at(-1) as number) - (times[0] as number)) / 1000;
  return { achieved: (sends - 1) / span, busiestWindow: busiest };
}

/** Rendering 1,000 full digests, and the baseline: serialising the same digests as JSON. */
function renderDigests(): { renderMs: number; stringifyMs: number; kibEach: number; jsonKibEach: number } {
  const base = loadDigest('free-weekly');
  const digests: Digest[] = Array.from({ length: 1000 }, (_, d) => ({
    ...base,
    jobs: Array.from({ length: 20 }, (_, i) => {
      const job = base.jobs[i % base.jobs.length] as Digest['jobs'][number];
      return { ...job, id: `${d}:${i}`, title: `${job.title} ${d}` };
    }),
  }));
  renderDigest(digests[0] as Digest);
  let started = performance.now();
  let bytes = 0;
  for (const d of digests) bytes += renderDigest(d).html.length;
  const renderMs = performance.now() - started;
  started = performance.now();
  let jsonBytes = 0;
  for (const d of digests) jsonBytes += JSON.stringify(d).length;
  const stringifyMs = performance.now() - started;
  return { renderMs, stringifyMs, kibEach: bytes / digests.length / 1024, jsonKibEach: jsonBytes / digests.length / 1024 };
}

export async function benchAlerts(): Promise<BenchResult[]> {
  const render = renderDigests();
  const small = await planFor(100_000);
  const large = await planFor(1_000_000);
  const day = await planDay(1_000_000);
  const sim = await simulateSending(14, 14 * 600);
  const results: BenchResult[] = [
    { name: 'plan.100k-subscribers', value: Math.round(small.ms), unit: 'ms' },
    { name: 'plan.1m-subscribers', value: Math.round(large.ms), unit: 'ms' },
    { name: 'plan.1m-subscribers.planned', value: large.planned, unit: 'subscribers' },
    { name: 'plan.1m-subscribers.sqs-messages', value: large.messages, unit: 'messages' },
    // In AWS the planner's time is its requests: keys-only Queries (5,000 keys a page, one at least per
    // zone) and SendMessageBatch calls (10 messages). At 20 ms a Query and 15 ms a batch (typical in-region):
    { name: 'plan.1m-subscribers.dynamodb-queries', value: large.queries, unit: 'queries' },
    { name: 'plan.1m-subscribers.sqs-batches', value: large.batches, unit: 'requests' },
    { name: 'plan.1m-subscribers.projected-in-aws', value: Math.round((large.queries * 20 + large.batches * 15) / 1000), unit: 's (of 900 s)' },
    { name: 'plan.day-of-24-runs.1m-subscribers.planned', value: day.planned, unit: 'subscribers' },
    { name: 'plan.day-of-24-runs.1m-subscribers.dynamodb-queries', value: day.queries, unit: 'queries' },
    { name: 'plan.day-of-24-runs.1m-subscribers.sqs-batches', value: day.batches, unit: 'requests' },
    { name: 'plan.day-of-24-runs.1m-subscribers.requests', value: day.queries + day.batches, unit: 'requests' },
    { name: 'plan.before-zones.1m-subscribers.requests', value: BEFORE_ZONES.queries + BEFORE_ZONES.batches, unit: 'requests' },
    // Beside them, each run's record (a PutItem, an UpdateItem per page queued) and its candidate-job
    // Query; the single plan before zones made one UpdateItem per 1,000-key page.
    { name: 'plan.day-of-24-runs.1m-subscribers.run-and-job-requests', value: day.other, unit: 'requests' },
    { name: 'plan.before-zones.1m-subscribers.run-and-job-requests', value: BEFORE_ZONES.queries + 3, unit: 'requests' },
    { name: 'plan.day-of-24-runs.heap-growth', value: Number(day.heapGrowthMiB.toFixed(1)), unit: 'MiB' },
    { name: 'plan.heap-growth.100k', value: Number(small.heapGrowthMiB.toFixed(1)), unit: 'MiB' },
    { name: 'plan.heap-growth.1m', value: Number(large.heapGrowthMiB.toFixed(1)), unit: 'MiB' },
    // What the deployed senders reach: Plus gets its share of the SES rate after the part kept for
    // confirmation and welcome emails (digestSenders, the same split CDK deploys).
    { name: 'send.plus-rate.at-14-per-s', value: plusRate(14), unit: 'sends/s' },
    { name: 'send.projected-plus-run.1m-at-14-per-s', value: Number((1_000_000 / plusRate(14) / 3600).toFixed(1)), unit: 'hours' },
    { name: 'send.plus-rate.at-300-per-s', value: plusRate(300), unit: 'sends/s' },
    { name: 'send.projected-plus-run.1m-at-300-per-s', value: Number((1_000_000 / plusRate(300) / 60).toFixed(1)), unit: 'minutes' },
    { name: 'send.simulated-rate-at-14-per-s', value: Number(sim.achieved.toFixed(2)), unit: 'sends/s' },
    { name: 'send.simulated-rate-share-of-limit', value: Number(((sim.achieved / 14) * 100).toFixed(1)), unit: '%' },
    { name: 'send.busiest-one-second-window', value: sim.busiestWindow, unit: 'sends (limit 14)' },
    { name: 'render.1000-digests-of-20-jobs', value: Math.round(render.renderMs), unit: 'ms' },
    { name: 'render.digest-html-size', value: Math.round(render.kibEach), unit: 'KiB' },
    { name: 'render.baseline-json-stringify-same-digests', value: Math.round(render.stringifyMs), unit: 'ms' },
    { name: 'render.digest-json-size', value: Math.round(render.jsonKibEach), unit: 'KiB' },
    { name: 'render.vs-json-stringify', value: Number((render.renderMs / render.stringifyMs).toFixed(1)), unit: 'x' },
  ];
  return results;
}
