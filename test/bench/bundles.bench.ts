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

const RUNS = 11;

/** Wall time of `import(bundle)` in a fresh process, measured inside it. */
function loadOnce(file: string, env: NodeJS.ProcessEnv): number {
  const load = file.endsWith('.mjs') ? `import(${JSON.stringify(pathToFileURL(file).href)})` : `Promise.resolve(require(${JSON.stringify(file)}))`;
  const script = `const t=process.hrtime.bigint();${load}.then(()=>process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6)))`;
  return Number(execFileSync(process.execPath, ['-e', script], { env, encoding: 'utf8' }));
}

/**
 * Median cold load of each bundle, the bundles taking turns (one load of each per round): on a shared
 * machine a busy minute then slows every bundle alike, and their differences stay comparable.
 */
function coldLoadsMs(files: readonly string[]): number[] {
  const env = functionEnvironment();
  const times = files.map(() => [] as number[]);
  for (let round = 0; round < RUNS; round++) files.forEach((file, i) => times[i]?.push(loadOnce(file, env)));
  return times.map((t) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)] as number);
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
    const ms = coldLoadsMs([...bundles.map((b) => b.file), ...(api !== undefined ? [cjsFile] : [])]);
    const msOf = (name: string) => ms[bundles.findIndex((b) => b.name === name)] as number;
    const emptyMs = msOf('empty');
    const referenceMs = msOf('reference-dynamodb-client-only');
    const results: BenchResult[] = [];
    bundles.forEach(({ name, size }, i) => {
      const loadMs = ms[i] as number;
      results.push({ name: `bundle.${name}.size`, value: Math.round(size / 1024), unit: 'KiB' });
      results.push({ name: `bundle.${name}.cold-load`, value: Number(loadMs.toFixed(1)), unit: 'ms' });
      if (name === 'empty') return;
      results.push({ name: `bundle.${name}.cold-load-over-empty`, value: Number((loadMs - emptyMs).toFixed(1)), unit: 'ms' });
      if (!name.startsWith('reference-')) {
        results.push({ name: `bundle.${name}.cold-load-over-reference`, value: Number((loadMs - referenceMs).toFixed(1)), unit: 'ms' });
      }
    });
    if (api !== undefined) {
      const cjsMs = ms[bundles.length] as number;
      results.push({ name: 'bundle.api-as-commonjs.size', value: Math.round(cjsSize / 1024), unit: 'KiB' });
      results.push({ name: 'bundle.api-as-commonjs.cold-load', value: Number(cjsMs.toFixed(1)), unit: 'ms' });
      results.push({ name: 'bundle.api.cold-load-esm-vs-commonjs', value: Number((msOf('api') / cjsMs).toFixed(2)), unit: 'x' });
    }
    return results;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
