/**
 * careerwire CLI: the same core code as the Lambdas, for people at a terminal (COMMANDS below).
 * stdout holds only a command's result (JSON or a path), so it can be piped; logs, including the
 * handlers' Powertools lines, go to stderr (bin/careerwire.cjs routes them). `<command> --help`
 * prints that command's usage and runs nothing.
 */
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GuideParseError } from '../lambdas/guides/errors';
import { readGuideFile } from '../lambdas/guides/file';
import { ingestGuides } from '../lambdas/guides/ingest';
import { renderGuideMarkdown } from '../lambdas/guides/markdown-render';
import { DynamoGuideStore } from '../lambdas/guides/store';
import { readJobSyncConfig, type Environment } from '../lambdas/app/config';
import { buildJobSync } from '../lambdas/app/job-sync';
import { withPowertools } from '../lambdas/app/powertools';
import type { SyncSummary } from '../lambdas/jobs/sync';
import { awsClients, type AwsClients } from '../lambdas/shared/aws';
import { ConfigError, ENV, SUBSCRIPTION_ENV } from '../lambdas/shared/env';
import { traceClient, traced } from '../lambdas/shared/observability';
import { localAlerts } from '../lib/local/alerts';
import { GuidesTable, TABLES, type TableDefinition } from '../lambdas/shared/tables';
import { loadMiddy, localClients, localConfig, localContext, localEnvironment, localTableName } from '../lib/local/config';
import { CONTENT_DIR, guideSources } from '../lib/local/content';
import { ensureTables } from '../lib/local/dynamodb';
import { startFeedServer } from '../lib/local/feed-server';
import { localTokenKeysFile, scheduledEvent, startLocalStack } from '../lib/local/stack';
import { OpsError } from '../lib/ops/errors';
import { REPO_ROOT } from '../lib/paths';

/** Each command's usage lines, shown by `careerwire <command> --help` and (all of them) on a usage error. */
const COMMANDS: Readonly<Record<string, string>> = {
  guide: `  guide parse FILE              print the Guide JSON of a guide file (either layout)
  guide import FILE [--out DIR] write the canonical <slug>.md (default DIR: content/guides)`,
  ingest: `  ingest                        ingest content/ into DynamoDB (the running local stack unless GUIDES_TABLE is set)`,
  jobs: `  jobs sync                     fetch every job feed (JOB_FEEDS; default: the sample feeds, served by the
                                command itself) and upsert the jobs into the running local stack (npm start)`,
  alerts: `  alerts run --tier free|plus [--now ISO] [--all-zones] [--dry-run]
                                run what the hourly digest schedule runs at that instant (default: now) against
                                the running local stack: the subscribers whose local time then is 07:xx (Free:
                                Monday 07:xx); --all-zones: every zone's subscribers at once, each in their own
                                local day or week; prints the run as JSON`,
  ops: `  ops pause|resume [--stage S]  in AWS: disable (enable) the stage's digest schedules and digest senders
                                (default stage: cdk.json's); credentials and region from the AWS SDK's
                                usual chain (AWS_PROFILE, AWS_REGION); prints what changed as JSON`,
  dev: `  dev                           run the local stack (npm start)`,
};

const USAGE = `usage: careerwire <command> [--help]\n${Object.values(COMMANDS).join('\n')}`;

class UsageError extends Error {}

/** The error of a CLI run against a local stack that is not there: one line with the fix. */
function noLocalStack(error: unknown): string | undefined {
  const { code, port, address } = error as { code?: string; port?: number; address?: string };
  if (code !== 'ECONNREFUSED') return undefined;
  const config = localConfig();
  const variable = port === config.sesPort ? 'SES_PORT' : port === config.apiPort ? 'API_PORT' : 'DYNAMODB_PORT';
  return `no local stack on ${address ?? '127.0.0.1'}:${port ?? config.dynamodbPort}: start one with \`npm start\` (or set ${variable})`;
}

async function guideCommand(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' } } });
  const [sub, file, ...rest] = positionals;
  if ((sub !== 'parse' && sub !== 'import') || file === undefined || rest.length > 0) throw new UsageError();
  const guide = await readGuideFile(file);
  if (sub === 'parse') {
    process.stdout.write(`${JSON.stringify(guide, null, 2)}\n`);
    return 0;
  }
  const outDir = resolve(values.out ?? join(CONTENT_DIR, 'guides'));
  await mkdir(outDir, { recursive: true });
  const target = join(outDir, `${guide.slug}.md`);
  await writeFile(target, renderGuideMarkdown(guide));
  process.stdout.write(`${target}\n`);
  return 0;
}

/** Where a command acts: AWS's tables when GUIDES_TABLE is set, else the running local stack (`npm start`). */
interface Target {
  clients: AwsClients;
  /** The functions' environment: the shell's in AWS, the local stack's (localEnvironment) else. */
  env: Environment;
  tableName(definition: TableDefinition): string;
}

async function target(): Promise<Target> {
  if (process.env[GuidesTable.envVar] !== undefined) {
    const env = process.env;
    return { clients: awsClients({ trace: traceClient }), env, tableName: (definition) => env[definition.envVar] ?? '' };
  }
  const config = localConfig();
  const base = `http://127.0.0.1:`;
  const clients = localClients({ dynamodb: `${base}${config.dynamodbPort}`, ses: `${base}${config.sesPort}` }, config.region);
  await ensureTables(clients.client('dynamodb', (c) => new DynamoDBClient(c)), TABLES, localTableName);
  // The environment `npm start` gives its functions, so links and mail match what it would send.
  const env = localEnvironment({ apiUrl: `${base}${config.apiPort}`, tokenKeysFile: join(config.dataDir, 'token-keys.json') });
  return { clients, env, tableName: localTableName };
}

async function jobsCommand(args: string[]): Promise<number> {
  if (args.length !== 1 || args[0] !== 'sync') throw new UsageError();
  const { clients, env } = await target();
  let feedServer: Awaited<ReturnType<typeof startFeedServer>> | undefined;
  let feedEnv: Environment = env;
  if ((process.env[ENV.jobFeeds] ?? '') === '') {
    feedServer = await startFeedServer(0);
    // Its own sample feeds, on 127.0.0.1, as npm start does; configured feeds keep the shell's policy.
    feedEnv = { ...env, [ENV.jobFeeds]: feedServer.feeds, [ENV.jobFeedRedirectsAllow]: process.env[ENV.jobFeedRedirectsAllow] || 'loopback' };
  } else {
    feedEnv = { ...env, [ENV.jobFeedRedirectsAllow]: process.env[ENV.jobFeedRedirectsAllow] };
  }
  try {
    const handler = withPowertools(await loadMiddy(), buildJobSync(readJobSyncConfig(feedEnv), clients), traced);
    const summary = await handler(scheduledEvent(), localContext('cli'));
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return summary.totals.failedSources > 0 ? 1 : 0;
  } finally {
    await feedServer?.close();
  }
}

async function alertsCommand(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { tier: { type: 'string' }, now: { type: 'string' }, 'all-zones': { type: 'boolean' }, 'dry-run': { type: 'boolean' } },
  });
  const tier = values.tier;
  if (positionals.length !== 1 || positionals[0] !== 'run' || (tier !== 'free' && tier !== 'plus')) throw new UsageError();
  const now = values.now ?? new Date().toISOString();
  if (Number.isNaN(Date.parse(now))) throw new UsageError();
  if (process.env[GuidesTable.envVar] !== undefined) {
    process.stderr.write('alerts run drives the local stack; in AWS use POST /admin/alerts/run\n');
    return 2;
  }
  const { clients, env } = await target();
  const config = localConfig();
  const alerts = localAlerts({ ...env, [SUBSCRIPTION_ENV.tokenKeysFile]: localTokenKeysFile(config.dataDir) }, clients, await loadMiddy());
  const summary = await alerts.run({ tier, now: new Date(now).toISOString(), dryRun: values['dry-run'] === true, allZones: values['all-zones'] === true });
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  return summary.deadLettered > 0 ? 1 : 0;
}

async function opsCommand(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { stage: { type: 'string' } } });
  const [action, ...rest] = positionals;
  if ((action !== 'pause' && action !== 'resume') || rest.length > 0) throw new UsageError();
  const stage = values.stage ?? defaultStage();
  // Loaded here: the other commands need neither these clients nor aws-cdk-lib (lib/config.ts).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { defaultOpsClients, readSendingTargets, setSending } = require('../lib/ops/sending') as typeof import('../lib/ops/sending');
  const clients = defaultOpsClients();
  const { stack, targets } = await readSendingTargets(stage, clients);
  const result = await setSending(action, stack, targets, clients);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  return 0;
}

/** The stage `npx cdk deploy` would deploy without -c stage: cdk.json's. */
function defaultStage(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { CONTEXT_DEFAULTS, CONTEXT_KEYS } = require('../lib/config') as typeof import('../lib/config');
  const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  const stage = cdkJson.context?.[CONTEXT_KEYS.stage];
  return typeof stage === 'string' ? stage : CONTEXT_DEFAULTS.stage;
}

async function ingestCommand(): Promise<number> {
  const { clients, tableName } = await target();
  const store = new DynamoGuideStore(clients.dynamo(), tableName(GuidesTable));
  const report = await ingestGuides(store, await guideSources(), { removeMissing: true });
  for (const f of report.failed) process.stderr.write(`${f.file}:${f.line}: ${f.reason}\n`);
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  return report.failed.length > 0 ? 1 : 0;
}

async function devCommand(): Promise<number> {
  // The banner summarises ingest and sync; handlers' INFO lines would bury it (POWERTOOLS_LOG_LEVEL=INFO shows them).
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  const config = localConfig();
  const stack = await startLocalStack({ ...config, persist: true });
  // Listen before printing the banner: whoever reads it may press Ctrl-C at once.
  const stopped = new Promise<void>((done) => {
    const shutdown = () => {
      process.stdout.write('stopping…\n');
      stack.stop().then(done, done);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
  const { ingest } = stack;
  for (const f of ingest.failed) process.stderr.write(`${f.file}:${f.line}: ${f.reason}\n`);
  process.stdout.write(
    [
      'careerwire local stack is up',
      `  site         ${stack.apiUrl}/   (guide pages at ${stack.apiUrl}/guides/<slug>, sign-up form included)`,
      `  API          ${stack.apiUrl}   (try curl ${stack.apiUrl}/guides)`,
      `  OpenAPI      ${stack.apiUrl}/openapi.json`,
      `  email inbox  ${stack.sesUrl}   (messages as JSON: ${stack.sesUrl}/store)`,
      `  DynamoDB     ${stack.dynamodbEndpoint}   (dynalite, data in ${config.dataDir})`,
      `  guides       ${ingest.parsed} parsed: ${ingest.written.length} written, ${ingest.unchanged.length} unchanged, ${ingest.removed.length} removed, ${ingest.failed.length} failed`,
      `  jobs         ${describeSync(stack.firstSync)}; synced again every hour`,
      `  admin key    ${stack.adminApiKey}   (x-api-key for /admin/*; ADMIN_API_KEY overrides)`,
      `  subscribe    curl -X POST ${stack.apiUrl}/subscriptions -H 'content-type: application/json' -d '{"email":"you@example.com"}'`,
      `               then open the confirmation link in the email inbox; token keys in ${stack.tokenKeysFile}`,
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
  await stopped;
  return 0;
}

function describeSync(summary: SyncSummary): string {
  const failed = summary.sources.filter((s) => s.status === 'failed').map((s) => `${s.source}: ${s.error ?? 'failed'}`);
  const { written, unchanged, skipped } = summary.totals;
  return `${summary.sources.length} feeds: ${written} written, ${unchanged} unchanged, ${skipped} skipped${failed.length > 0 ? `; FAILED ${failed.join('; ')}` : ''}`;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  if (args.includes('--help') || args.includes('-h')) {
    const usage = COMMANDS[command];
    if (usage === undefined) {
      process.stderr.write(`${USAGE}\n`);
      return 2;
    }
    process.stdout.write(`usage: careerwire\n${usage}\n`);
    return 0;
  }
  try {
    switch (command) {
      case 'guide':
        return await guideCommand(args);
      case 'ingest':
        return await ingestCommand();
      case 'jobs':
        return await jobsCommand(args);
      case 'alerts':
        return await alertsCommand(args);
      case 'ops':
        return await opsCommand(args);
      case 'dev':
        return await devCommand();
      default:
        throw new UsageError();
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`${USAGE}\n`);
      return 2;
    }
    // A wrong configuration (JOB_FEEDS, PUBLIC_BASE_URL…): its one line says how to fix it.
    if (error instanceof ConfigError) {
      process.stderr.write(`careerwire: ${error.message}\n`);
      return 1;
    }
    if (error instanceof GuideParseError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    const { code, path } = error as { code?: string; path?: string };
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') {
      process.stderr.write(`${path ?? '?'}:1: cannot read the file (${code})\n`);
      return 1;
    }
    const refused = noLocalStack(error);
    if (refused !== undefined) {
      process.stderr.write(`careerwire ${command}: ${refused}\n`);
      return 1;
    }
    if (error instanceof OpsError) {
      process.stderr.write(`careerwire ${command}: ${error.message}\n`);
      return 1;
    }
    if (code === 'EADDRINUSE') {
      process.stderr.write(`a port is already in use (${(error as Error).message}); is \`npm start\` already running? Set API_PORT, DYNAMODB_PORT or SES_PORT.\n`);
      return 1;
    }
    process.stderr.write(`careerwire ${command ?? ''}: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
