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
import type { APIGatewayProxyResultV2, Context, ScheduledEvent, SNSEvent } from 'aws-lambda';
import { ingestGuides, type IngestReport } from '../../lambdas/guides/ingest';
import { DynamoGuideStore } from '../../lambdas/guides/store';
import { parseFeedList } from '../../lambdas/jobs/feeds';
import type { SyncSummary } from '../../lambdas/jobs/sync';
import { LOCAL_CLIENT_LIMITS, useClientLimits, type ServiceClientLimits } from '../../lambdas/shared/aws';
import { documentClient } from '../../lambdas/shared/dynamo';
import { ALERT_ENV, ENV, SIGN_UP_ENV, SUBSCRIPTION_ENV } from '../../lambdas/shared/env';
import { SIGN_UP_LIMITS } from '../../lambdas/shared/limits';
import { JOB_SYNC_SCHEDULE } from '../../lambdas/shared/schedules';
import { GuidesTable, TABLES, type TableDefinition } from '../../lambdas/shared/tables';
import { ADMIN_PATH_PREFIX } from '../../lambdas/app/routes';
import { SECURITY_HEADERS } from '../../lambdas/http/router';
import type { FeedbackOutcome } from '../../lambdas/subscriptions/feedback';
import { generateTokenKeysJson } from '../../lambdas/subscriptions/tokens';
import { LOCAL_SENDER } from '../../lambdas/subscriptions/wiring';
import { useLocalEndpoints, type LocalConfig } from './config';
import { guideSources } from './content';
import { ensureTables, startDynalite, type RunningDynamo } from './dynamodb';
import { localAlerts, type LocalAlerts } from './alerts';
import { startFeedServer } from './feed-server';
import { startLambdaEndpoint } from './lambda-endpoint';
import { startHttpGateway, type HttpHandler } from './http-gateway';
import { startSes } from './ses';

/** Local table names are the definitions' ids; in AWS CloudFormation names them. */
export const localTableName = (definition: TableDefinition): string => definition.id;

/** Sets each table's env var, as CDK's bindTable does for a deployed function. */
export function bindLocalTables(): void {
  for (const definition of TABLES) process.env[definition.envVar] = localTableName(definition);
}

/** The planner's function name on the local Lambda endpoint (PLANNER_FUNCTION_NAME). */
export const LOCAL_PLANNER = 'careerwire-digest-planner-local';

export interface LocalStack {
  /** Plans one alert period and delivers all its digests (what the schedules and `alerts run` do). */
  runAlerts: LocalAlerts['run'];
  apiUrl: string;
  dynamodbEndpoint: string;
  sesUrl: string;
  /** JOB_FEEDS as used: the sample feeds on localhost unless configured. */
  jobFeeds: string;
  adminApiKey: string;
  ingest: IngestReport;
  /** Runs the job-sync handler now, as the hourly schedule does. */
  syncJobs(): Promise<SyncSummary>;
  /** Calls the feedback handler with an SNS event, as SES's event destination would. */
  feedback(event: SNSEvent): Promise<FeedbackOutcome[]>;
  /** The token key file (TOKEN_KEYS_FILE) in DATA_DIR. */
  tokenKeysFile: string;
  firstSync: SyncSummary;
  /**
   * Stops dynalite alone, the rest running (fault tests: the API answers 503 meanwhile). With
   * `persist` its data stays in DATA_DIR; without, it is lost.
   */
  stopDynamo(): Promise<void>;
  /** Starts dynalite again on the same port and data folder, after stopDynamo. */
  startDynamo(): Promise<void>;
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
  /** Timeouts of the handlers' DynamoDB and SES clients; default LOCAL_CLIENT_LIMITS (see there why). */
  clientLimits?: ServiceClientLimits;
  /**
   * The sign-up limits (SIGN_UP_ENV); default: the environment's, else SIGN_UP_LIMITS. Every local
   * client is 127.0.0.1, so tests that sign up many addresses set higher ones.
   */
  signUpLimits?: { perClientPerHour?: number; confirmationEmailsPerHour?: number };
}

/**
 * The token keys of this data folder (TOKEN_KEYS_FILE): made once, mode 600, so links in emails
 * already sent keep working across restarts. To rotate locally, edit it to
 * {"current": <new>, "previous": <old>}; the handlers re-read it within 5 minutes.
 */
export function localTokenKeysFile(dataDir: string): string {
  const file = join(dataDir, 'token-keys.json');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, generateTokenKeysJson('local1'), { mode: 0o600, flag: 'wx' });
  }
  return file;
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
    const dynamoPath = options.persist ? join(options.dataDir, 'dynamodb') : undefined;
    const dynamo = await startDynalite(options.dynamodbPort, dynamoPath);
    // The running instance: stopDynamo/startDynamo replace it (same port, same data folder).
    let dynamoNow: RunningDynamo | null = dynamo;
    const stopDynamo = async () => {
      const running = dynamoNow;
      dynamoNow = null;
      await running?.close();
    };
    const startDynamo = async () => {
      dynamoNow ??= await startDynalite(dynamo.port, dynamoPath);
    };
    started.push({ close: stopDynamo });
    const ses = await startSes(options.sesPort);
    started.push(ses);
    let jobFeeds = options.jobFeeds ?? process.env[ENV.jobFeeds];
    if (jobFeeds === undefined || jobFeeds === '') {
      const feedServer = await startFeedServer(0);
      started.push(feedServer);
      jobFeeds = feedServer.feeds;
    }
    // A wrong list fails the start with its one-line ConfigError, not the first sync with a stack trace.
    parseFeedList(jobFeeds);
    const adminApiKey = options.adminApiKey ?? process.env[ENV.adminApiKey] ?? localAdminKey(options.dataDir);

    useLocalEndpoints({ dynamodb: dynamo.endpoint, ses: ses.endpoint }, options.region);
    useClientLimits(options.clientLimits ?? LOCAL_CLIENT_LIMITS);
    bindLocalTables();
    process.env[ENV.jobFeeds] = jobFeeds;
    // Local feeds live on 127.0.0.1, and may redirect there; every other private range stays refused.
    process.env[ENV.jobFeedRedirectsAllow] ??= 'loopback';
    process.env[ENV.adminApiKey] = adminApiKey;
    const tokenKeysFile = localTokenKeysFile(options.dataDir);
    process.env[SUBSCRIPTION_ENV.tokenKeysFile] = tokenKeysFile;
    process.env[SIGN_UP_ENV.perClientPerHour] = String(
      options.signUpLimits?.perClientPerHour ?? process.env[SIGN_UP_ENV.perClientPerHour] ?? SIGN_UP_LIMITS.perClientPerWindow,
    );
    process.env[SIGN_UP_ENV.confirmationEmailsPerHour] = String(
      options.signUpLimits?.confirmationEmailsPerHour ?? process.env[SIGN_UP_ENV.confirmationEmailsPerHour] ?? SIGN_UP_LIMITS.confirmationEmailsPerWindow,
    );
    if ((process.env[SUBSCRIPTION_ENV.senderEmail] ?? '') === '') process.env[SUBSCRIPTION_ENV.senderEmail] = LOCAL_SENDER;
    await ensureTables(new DynamoDBClient({}), TABLES, localTableName);

    // Alerts: the admin entry starts a run through the Lambda Invoke API, served here in-process.
    const runtime: { alerts?: LocalAlerts } = {};
    const lambdaEndpoint = await startLambdaEndpoint({
      [LOCAL_PLANNER]: async (payload) => {
        if (runtime.alerts === undefined) throw new Error('the local stack is still starting');
        return runtime.alerts.run(payload as Parameters<LocalAlerts['run']>[0]);
      },
    });
    started.push(lambdaEndpoint);
    process.env.AWS_ENDPOINT_URL_LAMBDA = lambdaEndpoint.endpoint;
    process.env[ALERT_ENV.plannerFunctionName] = LOCAL_PLANNER;
    // SES's sandbox rate is 1/s and a new production account's 14/s; locally, a laptop's inbox is the limit.
    process.env[ALERT_ENV.sendRatePerSecond] ??= '50';

    // The gateway listens first, so its URL is known before the handlers load: PUBLIC_BASE_URL (the
    // links in emails) is the API URL unless set. Until the handlers are loaded it answers 503.
    const handlers: { api?: HttpHandler; admin?: HttpHandler } = {};
    const notReady = async (): Promise<APIGatewayProxyResultV2> => ({
      statusCode: 503,
      headers: { 'content-type': 'application/problem+json', 'retry-after': '1', ...SECURITY_HEADERS },
      body: JSON.stringify({ type: '/problems/unavailable', title: 'Service Unavailable', status: 503, detail: 'The local stack is starting.' }),
    });
    const gateway = await startHttpGateway((e, c) => (handlers.api ?? notReady)(e, c), options.apiPort, [
      { prefix: ADMIN_PATH_PREFIX, handler: (e, c) => (handlers.admin ?? notReady)(e, c) },
    ]);
    started.push(gateway);
    if ((process.env[SUBSCRIPTION_ENV.publicBaseUrl] ?? '') === '') process.env[SUBSCRIPTION_ENV.publicBaseUrl] = gateway.url;

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
    const feedbackFunction = require('../../lambdas/functions/feedback') as {
      handler: (event: SNSEvent, context: Context) => Promise<FeedbackOutcome[]>;
    };
    /* eslint-enable @typescript-eslint/no-require-imports */
    const feedback = (event: SNSEvent) => feedbackFunction.handler(event, localContext('feedback'));
    const syncJobs = () => jobSync.handler({} as ScheduledEvent, localContext('job-sync'));
    const firstSync = await syncJobs();
    handlers.api = api.handler;
    handlers.admin = admin.handler;
    const alerts = localAlerts();
    runtime.alerts = alerts;
    const stopSchedules = options.schedule !== false ? alerts.schedule() : () => undefined;
    started.push({ close: async () => stopSchedules() });
    if (options.schedule !== false) {
      timer = setInterval(() => {
        syncJobs().catch((error: unknown) => console.error('scheduled job sync failed', error));
      }, JOB_SYNC_SCHEDULE.everyMs);
      timer.unref();
    }

    return {
      apiUrl: gateway.url,
      dynamodbEndpoint: dynamo.endpoint,
      sesUrl: ses.endpoint,
      jobFeeds,
      adminApiKey,
      ingest,
      firstSync,
      syncJobs,
      feedback,
      tokenKeysFile,
      runAlerts: (event) => alerts.run(event),
      stopDynamo,
      startDynamo,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
