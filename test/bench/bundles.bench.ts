/**
 * Each Lambda bundle's size and its cold module-load time (a fresh `node` process requiring the
 * bundle, as at a cold start), beside an empty handler bundled the same way in the same run.
 * Bundling mirrors CareerwireFunction: esbuild, minified, source maps, the runtime's target, CJS.
 * A handler with only the DynamoDB client is measured too: it shows how much of a handler's load is
 * the AWS SDK itself (most of it) rather than careerwire's code.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { ESBUILD_TARGET } from '../../lib/constructs/careerwire-function';
import { TABLES } from '../../lambdas/shared/tables';

interface BenchResult {
  name: string;
  value: number;
  unit: string;
}

const REPO = join(__dirname, '..', '..');
const FUNCTIONS = join(REPO, 'lambdas', 'functions');
const RUNS = 9;

function bundle(entry: string, outfile: string): number {
  buildSync({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: ESBUILD_TARGET,
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    logLevel: 'error',
  });
  return statSync(outfile).size;
}

/** Median wall time of `require(bundle)` in fresh processes, measured inside each process. */
function coldLoadMs(file: string): number {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_REGION: 'us-east-1',
    CONTENT_BUCKET: 'bench-bucket',
    NODE_OPTIONS: '--enable-source-maps',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    // What CDK sets on the functions (values are placeholders: nothing is called at load).
    TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:tokens',
    ADMIN_API_KEY_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:admin',
    PUBLIC_BASE_URL: 'https://api.careerwire.example',
    SENDER_EMAIL: 'alerts@careerwire.example',
    PLANNER_FUNCTION_NAME: 'planner',
    DIGEST_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/digests',
    AWS_LAMBDA_FUNCTION_NAME: 'bench',
  };
  for (const table of TABLES) env[table.envVar] = `bench-${table.id}`;
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
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
      ...readdirSync(FUNCTIONS)
        .filter((f) => f.endsWith('.ts'))
        .map((f) => ({ name: f.slice(0, -3), entry: join(FUNCTIONS, f) })),
    ];
    const results: BenchResult[] = [];
    let emptyMs = 0;
    for (const { name, entry } of entries) {
      const file = join(out, `${name}.js`);
      const size = bundle(entry, file);
      const ms = coldLoadMs(file);
      if (name === 'empty') emptyMs = ms;
      results.push({ name: `bundle.${name}.size`, value: Math.round(size / 1024), unit: 'KiB' });
      results.push({ name: `bundle.${name}.cold-load`, value: Number(ms.toFixed(1)), unit: 'ms' });
      if (name !== 'empty') {
        results.push({ name: `bundle.${name}.cold-load-over-empty`, value: Number((ms - emptyMs).toFixed(1)), unit: 'ms' });
      }
    }
    return results;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
