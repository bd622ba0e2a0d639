/**
 * Guide parser throughput: guides/s parsing the seed, and as a baseline in the same run the cost of
 * just repairing its encoding and splitting it into lines, so that the ratio shows what the parsing
 * itself costs; and the content hash (not part of parsing: ingest adds it to every guide it parses),
 * alone and with the parse, against the same baseline. Measured in rounds, in turns, medians.
 * Wired into `npm run bench` by test/bench/run.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repairEncoding } from '../../lambdas/guides/encoding';
import { contentHash, withContentHash } from '../../lambdas/guides/hash';
import { parseGuide } from '../../lambdas/guides/parse';
import { splitLines } from '../../lambdas/guides/layout';

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

/** Rounds of short runs, the three measured in turns: a busy moment of a shared machine slows all alike. */
const ROUNDS = 7;

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

export async function benchParse(): Promise<BenchResult[]> {
  const seed = readFileSync(SEED_PATH, 'utf8');
  // The content hash (sha256 of a length-prefixed encoding): the ETag and ingest's change test.
  const guide = parseGuide(seed, OPTIONS);
  const rounds: { parse: number; baseline: number; hash: number; ingest: number }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const warmupMs = round === 0 ? 200 : 20;
    rounds.push({
      parse: throughput(() => parseGuide(seed, OPTIONS), warmupMs, 300),
      baseline: throughput(() => splitLines(repairEncoding(seed)), warmupMs, 300),
      hash: throughput(() => contentHash(guide), warmupMs, 300),
      ingest: throughput(() => withContentHash(parseGuide(seed, OPTIONS)), warmupMs, 300),
    });
  }
  // Ratios per round (its runs were next to each other), then the median.
  const ratio = (of: 'parse' | 'hash' | 'ingest') => Math.round(median(rounds.map((r) => r.baseline / r[of])) * 10) / 10;
  return [
    { name: 'guide parse (seed, plain text)', value: Math.round(median(rounds.map((r) => r.parse))), unit: 'guides/s' },
    { name: 'guide baseline: encoding repair + line split (seed)', value: Math.round(median(rounds.map((r) => r.baseline))), unit: 'guides/s' },
    { name: 'guide parse cost relative to the baseline', value: ratio('parse'), unit: 'x' },
    { name: 'guide content hash alone (length-prefixed text + sha256, seed)', value: Math.round(median(rounds.map((r) => r.hash))), unit: 'hashes/s' },
    { name: 'guide content hash cost relative to the baseline', value: ratio('hash'), unit: 'x' },
    { name: 'guide parse + content hash (what ingest does per guide, seed)', value: Math.round(median(rounds.map((r) => r.ingest))), unit: 'guides/s' },
    { name: 'guide parse + content hash cost relative to the baseline', value: ratio('ingest'), unit: 'x' },
  ];
}
