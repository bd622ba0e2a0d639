/**
 * Alert fan-out at scale, on in-memory storage:
 * - planning 1,000,000 synthetic subscribers into SQS messages (time, messages, memory growth compared
 *   with planning 100,000: pages are streamed, so memory stays flat in the subscriber count), and the
 *   projected wall time of a Plus run's sending at SES rates of 14/s and 300/s;
 * - the send-rate limiter on a fake clock at 14/s: the achieved rate (target ≥ 95% of it) and the
 *   busiest one-second window (must never exceed it);
 * - rendering 1,000 digests of 20 jobs (HTML and text), beside JSON.stringify of the same digests.
 */
import { SHARDS } from '../../lambdas/alerts/audience';
import { startRun } from '../../lambdas/alerts/planner';
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

async function planFor(subscribers: number): Promise<{ ms: number; messages: number; planned: number; heapGrowthMiB: number }> {
  const jobs = new MemoryJobStore();
  await jobs.putAll(syntheticJobs(100, 5, NOW.getTime(), 86_400_000));
  const audience = new MemoryAudienceStore({ perShard: Math.ceil(subscribers / SHARDS.length) });
  const runs = new MemoryRunStore();
  let messages = 0;
  // The queue only counts: like SQS, it keeps nothing in the planner's memory.
  const queue = { send: async (m: readonly DigestMessage[]) => void (messages += m.length) };
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let heapPeak = heapBefore;
  const sampler = setInterval(() => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)), 5);
  const started = performance.now();
  const run = await startRun({ tier: 'plus', now: NOW }, { audience, jobs, runs, queue, timezone: 'UTC', pageSize: 1000 });
  const ms = performance.now() - started;
  clearInterval(sampler);
  heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  return { ms, messages, planned: run.planned, heapGrowthMiB: (heapPeak - heapBefore) / 1024 / 1024 };
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
  const sim = await simulateSending(14, 14 * 600);
  const results: BenchResult[] = [
    { name: 'plan.100k-subscribers', value: Math.round(small.ms), unit: 'ms' },
    { name: 'plan.1m-subscribers', value: Math.round(large.ms), unit: 'ms' },
    { name: 'plan.1m-subscribers.planned', value: large.planned, unit: 'subscribers' },
    { name: 'plan.1m-subscribers.sqs-messages', value: large.messages, unit: 'messages' },
    // In AWS the planner's time is its requests: one keys-only Query per 1,000 subscribers and one
    // SendMessageBatch per 10 messages. At 20 ms a Query and 15 ms a batch (typical in-region):
    { name: 'plan.1m-subscribers.dynamodb-queries', value: 1_000_000 / 1000, unit: 'queries' },
    { name: 'plan.1m-subscribers.sqs-batches', value: Math.ceil(large.messages / 10), unit: 'requests' },
    { name: 'plan.1m-subscribers.projected-in-aws', value: Math.round((1000 * 20 + Math.ceil(large.messages / 10) * 15) / 1000), unit: 's (of 900 s)' },
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
