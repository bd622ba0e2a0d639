/**
 * Guide parser throughput: guides/s parsing the seed, and as a baseline in the same run the cost of
 * just repairing its encoding and splitting it into lines, so that the ratio shows what the parsing
 * itself costs; and the content hash alone (part of every parse), against the same baseline.
 * Wired into `npm run bench` by test/bench/run.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repairEncoding } from '../../lambdas/guides/encoding';
import { contentHash } from '../../lambdas/guides/hash';
import { parseGuide } from '../../lambdas/guides/parse';
import { splitLines } from '../../lambdas/guides/text-parser';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
}

const SEED_PATH = join(__dirname, '..', 'fixtures', 'guides', 'medical-office-administrator.txt');
const OPTIONS = { file: 'medical-office-administrator.txt', updatedAt: '2026-11-01T00:00:00.000Z' };

/** Calls `fn` for `warmupMs`, then counts calls for `runMs`; returns calls per second. */
export function throughput(fn: () => unknown, warmupMs = 200, runMs = 1000): number {
  let sink = 0;
  const loop = (ms: number): { count: number; elapsed: number } => {
    const start = performance.now();
    let count = 0;
    let elapsed = 0;
    do {
      for (let i = 0; i < 10; i++) sink += fn() === undefined ? 0 : 1;
      count += 10;
      elapsed = performance.now() - start;
    } while (elapsed < ms);
    return { count, elapsed };
  };
  loop(warmupMs);
  const { count, elapsed } = loop(runMs);
  if (sink < 0) throw new Error('unreachable'); // keeps the results observable
  return (count * 1000) / elapsed;
}

export async function benchParse(): Promise<BenchResult[]> {
  const seed = readFileSync(SEED_PATH, 'utf8');
  const parse = throughput(() => parseGuide(seed, OPTIONS));
  const baseline = throughput(() => splitLines(repairEncoding(seed)));
  // Part of every parse: the content hash (sha256 of the canonical JSON), the ETag and ingest's change test.
  const guide = parseGuide(seed, OPTIONS);
  const hash = throughput(() => contentHash(guide));
  return [
    { name: 'guide parse (seed, plain text)', value: Math.round(parse), unit: 'guides/s' },
    { name: 'guide baseline: encoding repair + line split (seed)', value: Math.round(baseline), unit: 'guides/s' },
    { name: 'guide parse cost relative to the baseline', value: Math.round((baseline / parse) * 10) / 10, unit: 'x' },
    { name: 'guide content hash alone (canonical JSON + sha256, seed)', value: Math.round(hash), unit: 'hashes/s' },
    { name: 'guide content hash cost relative to the baseline', value: Math.round((baseline / hash) * 10) / 10, unit: 'x' },
  ];
}
