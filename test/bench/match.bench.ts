/**
 * Digest matching for 100,000 subscribers × 5,000 jobs with the JobIndex, beside the naive scan of
 * every job per subscriber (measured on a sample, the same requests, and checked to agree), and the
 * heap in use. Targets: all digests ≤ 2 s on one core, ≥ 50× the naive scan, peak memory < 1 GB.
 */
import { JobIndex, type MatchRequest } from '../../lambdas/alerts/matcher';
import { naiveMatch } from '../support/naive-match';
import { rng, syntheticJobs, syntheticPreferences } from '../support/synthetic';

interface BenchResult {
  name: string;
  value: number;
  unit: string;
}

const SUBSCRIBERS = 100_000;
const JOBS = 5_000;
const NAIVE_SAMPLE = 2_000;

export async function benchMatch(): Promise<BenchResult[]> {
  const jobs = syntheticJobs(JOBS, 11);
  const r = rng(99);
  const end = Date.parse('2026-11-27T07:00:00Z');
  const requests: MatchRequest[] = Array.from({ length: SUBSCRIBERS }, () => ({
    preferences: syntheticPreferences(r),
    // Most subscribers were last sent a digest a week ago; some a day or two.
    after: new Date(end - (r() < 0.7 ? 7 : 1 + Math.floor(r() * 3)) * 86_400_000).toISOString(),
    limit: 20,
  }));

  const t0 = performance.now();
  const index = new JobIndex(jobs);
  const built = performance.now();
  let matched = 0;
  for (const request of requests) matched += index.match(request).length;
  const indexMs = performance.now() - t0;
  const heapAfter = process.memoryUsage().heapUsed;

  const sample = requests.slice(0, NAIVE_SAMPLE);
  const t1 = performance.now();
  let naiveMatched = 0;
  for (const request of sample) naiveMatched += naiveMatch(jobs, request).length;
  const naivePerSub = (performance.now() - t1) / NAIVE_SAMPLE;
  const indexSampleMatched = sample.reduce((n, req) => n + index.match(req).length, 0);
  if (naiveMatched !== indexSampleMatched) throw new Error(`index and naive scan disagree: ${indexSampleMatched} vs ${naiveMatched}`);

  const naiveProjectedMs = naivePerSub * SUBSCRIBERS;
  return [
    { name: 'match.index-build', value: Number((built - t0).toFixed(1)), unit: 'ms' },
    { name: 'match.100k-subscribers-x-5k-jobs', value: Math.round(indexMs), unit: 'ms' },
    { name: 'match.digest-jobs-found', value: matched, unit: 'jobs' },
    { name: 'match.naive-scan-projected-100k', value: Math.round(naiveProjectedMs), unit: 'ms' },
    { name: 'match.speedup-vs-naive', value: Math.round(naiveProjectedMs / indexMs), unit: 'x' },
    { name: 'match.heap-used-after', value: Math.round(heapAfter / 1024 / 1024), unit: 'MiB' },
    // Peak resident memory of the whole bench process so far (includes earlier suites when run together).
    { name: 'match.process-peak-rss', value: Math.round(process.resourceUsage().maxRSS / 1024), unit: 'MiB' },
  ];
}
