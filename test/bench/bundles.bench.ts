/**
 * Each Lambda bundle's size and its cold module-load time (a fresh `node` process requiring the
 * bundle, as at a cold start), beside an empty handler bundled the same way in the same run.
 * Bundling mirrors CareerwireFunction: esbuild, minified, source maps, the runtime's target, ESM.
 * A handler with only the DynamoDB client is measured too: it shows how much of a handler's load is
 * the AWS SDK itself (most of it) rather than careerwire's code.
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

const RUNS = 9;

/** Median wall time of `import(bundle)` in fresh processes, measured inside each process. */
function coldLoadMs(file: string): number {
  const env = functionEnvironment();
  const load = file.endsWith('.mjs') ? `import(${JSON.stringify(pathToFileURL(file).href)})` : `Promise.resolve(require(${JSON.stringify(file)}))`;
  const script = `const t=process.hrtime.bigint();${load}.then(()=>process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6)))`;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(Number(execFileSync(process.execPath, ['-e', script], { env, encoding: 'utf8' })));
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

export async function benchBundles(): Promise<BenchResult[]> {
  const out = mkdtempSync(join(tmpdir(), 'careerwire-bundles-'));
  try {
    const entries = [
      { name: 'empty', entry: join(__dirname, 'empty-handler.ts') },
      { name: 'reference-dynamodb-client-only', entry: join(__dirname, 'sdk-only-handler.ts') },
      ...functionEntries(),
    ];
    const results: BenchResult[] = [];
    let emptyMs = 0;
    for (const { name, entry } of entries) {
      const file = join(out, `${name}.mjs`);
      const size = bundleFunction(entry, file);
      const ms = coldLoadMs(file);
      if (name === 'empty') emptyMs = ms;
      results.push({ name: `bundle.${name}.size`, value: Math.round(size / 1024), unit: 'KiB' });
      results.push({ name: `bundle.${name}.cold-load`, value: Number(ms.toFixed(1)), unit: 'ms' });
      if (name !== 'empty') {
        results.push({ name: `bundle.${name}.cold-load-over-empty`, value: Number((ms - emptyMs).toFixed(1)), unit: 'ms' });
      }
    }
    // Why ESM: the api function bundled as CommonJS (the packages' CJS builds), in the same run.
    const api = entries.find((e) => e.name === 'api');
    if (api !== undefined) {
      const esmMs = results.find((r) => r.name === 'bundle.api.cold-load')?.value ?? Number.NaN;
      const cjsFile = join(out, 'api-cjs.js');
      const size = bundleFunction(api.entry, cjsFile, 'cjs');
      const cjsMs = coldLoadMs(cjsFile);
      results.push({ name: 'bundle.api-as-commonjs.size', value: Math.round(size / 1024), unit: 'KiB' });
      results.push({ name: 'bundle.api-as-commonjs.cold-load', value: Number(cjsMs.toFixed(1)), unit: 'ms' });
      results.push({ name: 'bundle.api.cold-load-esm-vs-commonjs', value: Number((esmMs / cjsMs).toFixed(2)), unit: 'x' });
    }
    return results;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
