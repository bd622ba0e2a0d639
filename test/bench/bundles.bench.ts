/**
 * Each Lambda bundle's size and its cold module-load time (a fresh `node` process requiring the
 * bundle, as at a cold start), beside an empty handler bundled the same way in the same run, the
 * bundles loaded in turns.
 * Bundling mirrors CareerwireFunction: esbuild, minified, source maps, the runtime's target, ESM.
 * A handler with only the DynamoDB client is measured too: it shows how much of a handler's load is
 * the AWS SDK itself (most of it) rather than careerwire's code; and one that makes a single Intl
 * object at import: what ICU's locale data costs a cold start that formats at import (the functions
 * format on first use).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleFunction, functionEntries, functionEnvironment } from '../support/bundles';

interface BenchResult {
  name: string;
  value: number;
  unit: string;
}

const RUNS = 21;

/** Wall time of `import(bundle)` in a fresh process, measured inside it. */
function loadOnce(file: string, env: NodeJS.ProcessEnv): number {
  const load = file.endsWith('.mjs') ? `import(${JSON.stringify(pathToFileURL(file).href)})` : `Promise.resolve(require(${JSON.stringify(file)}))`;
  const script = `const t=process.hrtime.bigint();${load}.then(()=>process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6)))`;
  return Number(execFileSync(process.execPath, ['-e', script], { env, encoding: 'utf8' }));
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/**
 * Cold loads of each bundle, the bundles taking turns (one load of each per round): on a shared
 * machine a busy minute then slows every bundle of that round alike. `ms(i)` is bundle i's median;
 * `over(i, j)` the median of its round-by-round differences from bundle j, which a busy machine
 * disturbs less than the difference of two medians.
 */
function coldLoads(files: readonly string[]): { ms: (i: number) => number; over: (i: number, j: number) => number } {
  const env = functionEnvironment();
  const times = files.map(() => [] as number[]);
  for (let round = 0; round < RUNS; round++) files.forEach((file, i) => times[i]?.push(loadOnce(file, env)));
  const of = (i: number) => times[i] ?? [];
  return {
    ms: (i) => median(of(i)),
    over: (i, j) => median(of(i).map((t, round) => t - (of(j)[round] ?? Number.NaN))),
  };
}

export async function benchBundles(): Promise<BenchResult[]> {
  const out = mkdtempSync(join(tmpdir(), 'careerwire-bundles-'));
  try {
    const entries = [
      { name: 'empty', entry: join(__dirname, 'empty-handler.ts') },
      { name: 'reference-dynamodb-client-only', entry: join(__dirname, 'sdk-only-handler.ts') },
      { name: 'reference-one-intl-object', entry: join(__dirname, 'intl-handler.ts') },
      ...functionEntries(),
    ];
    const bundles = entries.map(({ name, entry }) => {
      const file = join(out, `${name}.mjs`);
      return { name, file, size: bundleFunction(entry, file) };
    });
    // Why ESM: the api function bundled as CommonJS (the packages' CJS builds), in the same rounds.
    const api = entries.find((e) => e.name === 'api');
    const cjsFile = join(out, 'api-cjs.js');
    const cjsSize = api === undefined ? 0 : bundleFunction(api.entry, cjsFile, 'cjs');
    const loads = coldLoads([...bundles.map((b) => b.file), ...(api !== undefined ? [cjsFile] : [])]);
    const indexOf = (name: string) => bundles.findIndex((b) => b.name === name);
    const empty = indexOf('empty');
    const reference = indexOf('reference-dynamodb-client-only');
    const results: BenchResult[] = [];
    bundles.forEach(({ name, size }, i) => {
      results.push({ name: `bundle.${name}.size`, value: Math.round(size / 1024), unit: 'KiB' });
      results.push({ name: `bundle.${name}.cold-load`, value: Number(loads.ms(i).toFixed(1)), unit: 'ms' });
      if (name === 'empty') return;
      results.push({ name: `bundle.${name}.cold-load-over-empty`, value: Number(loads.over(i, empty).toFixed(1)), unit: 'ms' });
      if (!name.startsWith('reference-')) {
        results.push({ name: `bundle.${name}.cold-load-over-reference`, value: Number(loads.over(i, reference).toFixed(1)), unit: 'ms' });
      }
    });
    if (api !== undefined) {
      const cjsMs = loads.ms(bundles.length);
      results.push({ name: 'bundle.api-as-commonjs.size', value: Math.round(cjsSize / 1024), unit: 'KiB' });
      results.push({ name: 'bundle.api-as-commonjs.cold-load', value: Number(cjsMs.toFixed(1)), unit: 'ms' });
      results.push({ name: 'bundle.api.cold-load-esm-vs-commonjs', value: Number((loads.ms(indexOf('api')) / cjsMs).toFixed(2)), unit: 'x' });
    }
    return results;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
