/**
 * The functions bundled as CareerwireFunction bundles them (esbuild, minified, source maps, the
 * runtime's target, ESM), and the environment CDK gives them, for the cold-load benchmark and the test
 * that every bundle loads in a fresh Node process.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync, type Metafile } from 'esbuild';
import { ESBUILD_TARGET, ESM_BUNDLING } from '../../lib/constructs/careerwire-function';
import { ALERT_ENV } from '../../lambdas/shared/env';
import { TABLES } from '../../lambdas/shared/tables';

const FUNCTIONS = join(__dirname, '..', '..', 'lambdas', 'functions');

/** Every Lambda entry in lambdas/functions, by name. */
export function functionEntries(): { name: string; entry: string }[] {
  return readdirSync(FUNCTIONS)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ name: f.slice(0, -3), entry: join(FUNCTIONS, f) }));
}

/** Bundles `entry` to `outfile` (.mjs, or .js with format 'cjs'); returns its size in bytes. */
export function bundleFunction(entry: string, outfile: string, format: 'esm' | 'cjs' = 'esm'): number {
  buildSync({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: ESBUILD_TARGET,
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    logLevel: 'error',
    ...(format === 'esm' ? { format, mainFields: [...ESM_BUNDLING.mainFields], banner: { js: ESM_BUNDLING.banner } } : { format }),
  });
  return statSync(outfile).size;
}

/** What esbuild put in `entry`'s ESM bundle (inputs and their imports), as CareerwireFunction bundles it. */
function metafileOf(entry: string): Metafile {
  const { metafile } = buildSync({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    target: ESBUILD_TARGET,
    format: 'esm',
    mainFields: [...ESM_BUNDLING.mainFields],
    logLevel: 'error',
  });
  return metafile;
}

/** The repository's own files in `entry`'s bundle (paths relative to the repository, e.g. lambdas/shared/ses.ts). */
export function bundledInputs(entry: string): Set<string> {
  const metafile = metafileOf(entry);
  return new Set(Object.keys(metafile.inputs).filter((file) => !file.includes('node_modules/')));
}

/**
 * The npm packages in `entry`'s ESM bundle, by name: all of them (whether loaded at import or on first
 * use), or with `atImport` only those its static imports reach, which a cold start evaluates.
 */
export function bundledPackages(entry: string, { atImport = false } = {}): Set<string> {
  const metafile = metafileOf(entry);
  let files = Object.keys(metafile.inputs);
  if (atImport) {
    const reached = new Set<string>();
    const pending = files.filter((file) => entry.endsWith(file));
    for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
      if (reached.has(file)) continue;
      reached.add(file);
      for (const imported of metafile.inputs[file]?.imports ?? []) {
        if (imported.kind !== 'dynamic-import' && !imported.external) pending.push(imported.path);
      }
    }
    if (reached.size === 0) throw new Error(`${entry} is not among the bundle's inputs`);
    files = [...reached];
  }
  const names = files.map((file) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1]);
  return new Set(names.filter((name): name is string => name !== undefined));
}

/**
 * Replaces the Intl constructors, Intl.supportedValuesOf and the locale-aware String, Number and Date
 * methods with ones that record their use in `globalThis.__intlUsed`. A process's first Intl use loads
 * ICU's locale data (~10 ms): what a cold start does not need, it should not pay.
 */
const INTL_PROBE = `const used = (globalThis.__intlUsed = []);
for (const name of ['DateTimeFormat', 'NumberFormat', 'Collator', 'PluralRules', 'RelativeTimeFormat', 'ListFormat', 'Segmenter', 'DisplayNames', 'Locale']) {
  const Original = Intl[name];
  Intl[name] = new Proxy(Original, { construct(t, a, n) { used.push(name); return Reflect.construct(t, a, n); }, apply(t, self, a) { used.push(name); return Reflect.apply(t, self, a); } });
}
const supported = Intl.supportedValuesOf;
Intl.supportedValuesOf = (key) => { used.push('supportedValuesOf'); return supported(key); };
for (const [proto, names] of [[String.prototype, ['localeCompare', 'toLocaleUpperCase', 'toLocaleLowerCase']], [Number.prototype, ['toLocaleString']], [Date.prototype, ['toLocaleString', 'toLocaleDateString', 'toLocaleTimeString']]]) {
  for (const name of names) { const original = proto[name]; proto[name] = function (...a) { used.push(name); return original.apply(this, a); }; }
}`;

/** What the module at `file` (a bundle) uses of Intl while it is imported, in a fresh process with `env`: the names, in order. */
export function intlUsedAtImport(file: string, env: NodeJS.ProcessEnv): string[] {
  const script = `${INTL_PROBE}\nimport(${JSON.stringify(pathToFileURL(file).href)}).then(() => process.stdout.write(JSON.stringify(globalThis.__intlUsed)))`;
  const printed = execFileSync(process.execPath, ['-e', script], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return JSON.parse(printed) as string[];
}

/** What CDK sets on the functions (values are placeholders: nothing is called at load). */
export function functionEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_REGION: 'us-east-1',
    CONTENT_BUCKET: 'bench-bucket',
    NODE_OPTIONS: '--enable-source-maps',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:tokens',
    ADMIN_API_KEY_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:admin',
    PUBLIC_BASE_URL: 'https://api.careerwire.example',
    SENDER_EMAIL: 'alerts@careerwire.example',
    PLANNER_FUNCTION_NAME: 'planner',
    AWS_LAMBDA_FUNCTION_NAME: 'bench',
  };
  for (const table of TABLES) env[table.envVar] = `bench-${table.id}`;
  for (const [tier, name] of Object.entries(ALERT_ENV.digestQueueUrls)) env[name] = `https://sqs.us-east-1.amazonaws.com/000000000000/digests-${tier}`;
  return env;
}
