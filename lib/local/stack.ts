/**
 * The local stack: dynalite + aws-ses-v2-local + the Lambda handlers behind a local API Gateway, with
 * tables made from the shared definitions, content/ ingested, and the sample job feeds served on
 * localhost and synced on the same schedule as in AWS. `npm start` and the integration tests both use
 * it; ports of 0 pick free ones (tests run in parallel).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { ingestGuides, type IngestReport } from '../../lambdas/guides/ingest';
import { DynamoGuideStore } from '../../lambdas/guides/store';
import type { SyncSummary } from '../../lambdas/jobs/sync';
import { documentClient } from '../../lambdas/shared/dynamo';
import { ENV } from '../../lambdas/shared/env';
import { JOB_SYNC_SCHEDULE } from '../../lambdas/shared/schedules';
import { GuidesTable, TABLES, type TableDefinition } from '../../lambdas/shared/tables';
import { ADMIN_PATH_PREFIX } from '../../lambdas/http/api';
import { useLocalEndpoints, type LocalConfig } from './config';
import { guideSources } from './content';
import { ensureTables, startDynalite } from './dynamodb';
import { startFeedServer } from './feed-server';
import { startHttpGateway, type HttpHandler } from './http-gateway';
import { startSes } from './ses';

/** Local table names are the definitions' ids; in AWS CloudFormation names them. */
export const localTableName = (definition: TableDefinition): string => definition.id;

/** Sets each table's env var, as CDK's bindTable does for a deployed function. */
export function bindLocalTables(): void {
  for (const definition of TABLES) process.env[definition.envVar] = localTableName(definition);
}

export interface LocalStack {
  apiUrl: string;
  dynamodbEndpoint: string;
  sesUrl: string;
  /** JOB_FEEDS as used: the sample feeds on localhost unless configured. */
  jobFeeds: string;
  adminApiKey: string;
  ingest: IngestReport;
  /** Runs the job-sync handler now, as the hourly schedule does. */
  syncJobs(): Promise<SyncSummary>;
  firstSync: SyncSummary;
  stop(): Promise<void>;
}

export interface LocalStackOptions extends LocalConfig {
  /** false keeps dynalite's data in memory (tests). */
  persist: boolean;
  guidesDir?: string;
  /** JOB_FEEDS; default: the sample feeds served on localhost. */
  jobFeeds?: string;
  /** ADMIN_API_KEY; default: a key generated once into DATA_DIR. */
  adminApiKey?: string;
  /** false: sync only when syncJobs() is called (tests drive time themselves). */
  schedule?: boolean;
}

/** The admin key of this data folder: made once, so it survives restarts like the data does. */
function localAdminKey(dataDir: string): string {
  const file = join(dataDir, 'admin-api-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(24).toString('base64url');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

const localContext = (name: string): Context =>
  ({ functionName: name, awsRequestId: `${name}-${Date.now()}`, getRemainingTimeInMillis: () => 900_000 }) as Context;

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const started: { close(): Promise<void> }[] = [];
  let timer: NodeJS.Timeout | undefined;
  const stop = async () => {
    if (timer !== undefined) clearInterval(timer);
    for (const service of started.reverse()) await service.close();
  };
  try {
    const dynamo = await startDynalite(options.dynamodbPort, options.persist ? join(options.dataDir, 'dynamodb') : undefined);
    started.push(dynamo);
    const ses = await startSes(options.sesPort);
    started.push(ses);
    let jobFeeds = options.jobFeeds ?? process.env[ENV.jobFeeds];
    if (jobFeeds === undefined || jobFeeds === '') {
      const feedServer = await startFeedServer(0);
      started.push(feedServer);
      jobFeeds = feedServer.feeds;
    }
    const adminApiKey = options.adminApiKey ?? process.env[ENV.adminApiKey] ?? localAdminKey(options.dataDir);

    useLocalEndpoints({ dynamodb: dynamo.endpoint, ses: ses.endpoint }, options.region);
    bindLocalTables();
    process.env[ENV.jobFeeds] = jobFeeds;
    process.env[ENV.adminApiKey] = adminApiKey;
    await ensureTables(new DynamoDBClient({}), TABLES, localTableName);

    const store = new DynamoGuideStore(documentClient(), localTableName(GuidesTable));
    const ingest = await ingestGuides(store, await guideSources(options.guidesDir), { removeMissing: true });

    // The entries are loaded only now, with the environment set: each reads its configuration at
    // import, as at a Lambda cold start.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const api = require('../../lambdas/functions/api') as { handler: HttpHandler };
    const admin = require('../../lambdas/functions/admin') as { handler: HttpHandler };
    const jobSync = require('../../lambdas/functions/job-sync') as {
      handler: (event: ScheduledEvent, context: Context) => Promise<SyncSummary>;
    };
    /* eslint-enable @typescript-eslint/no-require-imports */
    const syncJobs = () => jobSync.handler({} as ScheduledEvent, localContext('job-sync'));
    const firstSync = await syncJobs();
    if (options.schedule !== false) {
      timer = setInterval(() => {
        syncJobs().catch((error: unknown) => console.error('scheduled job sync failed', error));
      }, JOB_SYNC_SCHEDULE.everyMs);
      timer.unref();
    }

    const gateway = await startHttpGateway(api.handler, options.apiPort, [{ prefix: ADMIN_PATH_PREFIX, handler: admin.handler }]);
    started.push(gateway);

    return {
      apiUrl: gateway.url,
      dynamodbEndpoint: dynamo.endpoint,
      sesUrl: ses.endpoint,
      jobFeeds,
      adminApiKey,
      ingest,
      firstSync,
      syncJobs,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
