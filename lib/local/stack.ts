/**
 * The local stack: dynalite + aws-ses-v2-local + the Lambda functions behind a local API Gateway, with
 * tables made from the shared definitions, content/ ingested, and the sample job feeds served on
 * localhost and synced on the same schedule as in AWS. `npm start` and the integration tests both use
 * it; ports of 0 pick free ones (tests run in parallel).
 *
 * The functions are built by the deployed entries' composition roots (lambdas/app/), from a
 * configuration and AWS clients of this stack's own, and wrapped with the same Powertools middleware.
 * Nothing is set in process.env, so nothing depends on the order things are loaded in, and two stacks
 * can run in one process.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyResultV2, ScheduledEvent, SNSEvent } from 'aws-lambda';
import { buildAdmin } from '../../lambdas/app/admin';
import { buildApi } from '../../lambdas/app/api';
import { readAdminConfig, readApiConfig, readFeedbackConfig, readJobSyncConfig, readSubscriptionsConfig } from '../../lambdas/app/config';
import { buildFeedback } from '../../lambdas/app/feedback';
import { buildJobSync } from '../../lambdas/app/job-sync';
import { servedBySubscriptions } from '../../lambdas/app/paths';
import { withPowertools } from '../../lambdas/app/powertools';
import { buildSubscriptions } from '../../lambdas/app/subscriptions';
import { ingestGuides, type IngestReport } from '../../lambdas/guides/ingest';
import { DynamoGuideStore } from '../../lambdas/guides/store';
import { parseFeedList } from '../../lambdas/jobs/feed-list';
import type { SyncSummary } from '../../lambdas/jobs/sync';
import { LOCAL_CLIENT_LIMITS, type AwsClients, type ServiceClientLimits } from '../../lambdas/shared/aws';
import { ENV } from '../../lambdas/shared/env';
import { untraced } from '../../lambdas/shared/logging';
import { traced } from '../../lambdas/shared/observability';
import { JOB_SYNC_SCHEDULE } from '../../lambdas/shared/schedules';
import { GuidesTable, TABLES } from '../../lambdas/shared/tables';
import { ADMIN_PATH_PREFIX } from '../../lambdas/app/routes';
import { SECURITY_HEADERS } from '../../lambdas/http/router';
import type { FeedbackOutcome } from '../../lambdas/subscriptions/feedback';
import { generateTokenKeysJson } from '../../lambdas/subscriptions/tokens';
import { LOCAL_PLANNER, loadMiddy, localClients, localContext, localEnvironment, localTableName, type LocalConfig } from './config';
import { guideSources } from './content';
import { ensureTables, startDynalite, type RunningDynamo } from './dynamodb';
import { localAlerts, type LocalAlerts } from './alerts';
import { startFeedServer } from './feed-server';
import { startLambdaEndpoint } from './lambda-endpoint';
import { startHttpGateway, type HttpHandler } from './http-gateway';
import { startSes } from './ses';

export interface LocalStack {
  /** Plans one alert run (the zones due at its instant, or all) and delivers all its digests (what the schedules and `alerts run` do). */
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
  /** The AWS clients of this stack's functions (tests observe the DynamoDB client's calls). */
  clients: AwsClients;
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
  /** Where a developer's overrides are read (localEnvironment); default process.env. Tests pass none. */
  shell?: NodeJS.ProcessEnv;
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

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const started: { close(): Promise<void> }[] = [];
  let timer: NodeJS.Timeout | undefined;
  const stop = async () => {
    if (timer !== undefined) clearInterval(timer);
    for (const service of started.reverse()) await service.close();
  };
  try {
    const middy = await loadMiddy();
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
    const shell = options.shell ?? process.env;
    let jobFeeds = options.jobFeeds ?? shell[ENV.jobFeeds];
    if (jobFeeds === undefined || jobFeeds === '') {
      const feedServer = await startFeedServer(0);
      started.push(feedServer);
      jobFeeds = feedServer.feeds;
    }
    // A wrong list fails the start with its one-line ConfigError, not the first sync with a stack trace.
    parseFeedList(jobFeeds);
    const adminApiKey = options.adminApiKey ?? shell[ENV.adminApiKey] ?? localAdminKey(options.dataDir);
    const tokenKeysFile = localTokenKeysFile(options.dataDir);

    // Alerts: the admin function starts a run through the Lambda Invoke API, served here in-process.
    const runtime: { alerts?: LocalAlerts } = {};
    const lambdaEndpoint = await startLambdaEndpoint({
      [LOCAL_PLANNER]: async (payload) => {
        if (runtime.alerts === undefined) throw new Error('the local stack is still starting');
        return runtime.alerts.run(payload as Parameters<LocalAlerts['run']>[0]);
      },
    });
    started.push(lambdaEndpoint);
    const clients = localClients(
      { dynamodb: dynamo.endpoint, ses: ses.endpoint, lambda: lambdaEndpoint.endpoint },
      options.region,
      options.clientLimits ?? LOCAL_CLIENT_LIMITS,
    );
    await ensureTables(clients.client('dynamodb', (config) => new DynamoDBClient(config)), TABLES, localTableName);

    // The gateway listens first, so its URL is known before the functions are built: PUBLIC_BASE_URL
    // (the links in emails) is the API URL unless set. Until they are built it answers 503.
    const handlers: { api?: HttpHandler; admin?: HttpHandler; subscriptions?: HttpHandler } = {};
    const notReady = async (): Promise<APIGatewayProxyResultV2> => ({
      statusCode: 503,
      headers: { 'content-type': 'application/problem+json', 'retry-after': '1', ...SECURITY_HEADERS },
      body: JSON.stringify({ type: '/problems/unavailable', title: 'Service Unavailable', status: 503, detail: 'The local stack is starting.' }),
    });
    const gateway = await startHttpGateway((e, c) => (handlers.api ?? notReady)(e, c), options.apiPort, [
      { prefix: ADMIN_PATH_PREFIX, handler: (e, c) => (handlers.admin ?? notReady)(e, c) },
      // API Gateway's `ANY /subscriptions`, `/subscriptions/{proxy+}`, `/subscribe`, `/unsubscribe`.
      { matches: servedBySubscriptions, handler: (e, c) => (handlers.subscriptions ?? notReady)(e, c) },
    ]);
    started.push(gateway);

    const store = new DynamoGuideStore(clients.dynamo(), localTableName(GuidesTable));
    const ingest = await ingestGuides(store, await guideSources(options.guidesDir), { removeMissing: true });

    // The functions, from the deployed entries' composition roots, configured as CDK would (with
    // this stack's values), and wrapped as the entries are.
    const env = localEnvironment({
      apiUrl: gateway.url,
      tokenKeysFile,
      jobFeeds,
      adminApiKey,
      ...(options.signUpLimits !== undefined ? { signUpLimits: options.signUpLimits } : {}),
    }, shell);
    const api = withPowertools(middy, buildApi(readApiConfig(env), clients), untraced);
    const subscriptions = withPowertools(middy, buildSubscriptions(readSubscriptionsConfig(env), clients), untraced);
    const admin = withPowertools(middy, buildAdmin(readAdminConfig(env), clients), traced);
    const jobSync = withPowertools(middy, buildJobSync(readJobSyncConfig(env), clients), traced);
    const feedbackFunction = withPowertools(middy, buildFeedback(readFeedbackConfig(env), clients), traced);
    const feedback = (event: SNSEvent) => feedbackFunction(event, localContext('feedback'));
    const syncJobs = () => jobSync(scheduledEvent(), localContext('job-sync'));
    const firstSync = await syncJobs();
    handlers.api = api;
    handlers.subscriptions = subscriptions;
    handlers.admin = admin;
    const alerts = localAlerts(env, clients, middy);
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
      clients,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The event of the hourly job-sync schedule (its contents are not read). */
export function scheduledEvent(now = new Date()): ScheduledEvent {
  return {
    version: '0',
    id: randomBytes(8).toString('hex'),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: now.toISOString(),
    region: 'local',
    resources: [],
    detail: {},
  };
}
