/**
 * The local stack's settings (the README, "The local stack"): every one has a working default,
 * so `npm start` on a fresh clone needs nothing set. The CLI reads the same ones, so a command run
 * beside `npm start` acts on that running stack.
 *
 * The functions' configuration is read from an environment the local stack builds (localEnvironment):
 * its own values, and what a developer may override from the shell. process.env is never written.
 */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { Context } from 'aws-lambda';
import type { Environment } from '../../lambdas/app/config';
import type { Middy } from '../../lambdas/app/powertools';
import { LOCAL_SENDER } from '../../lambdas/app/config';
import { awsClients, LOCAL_CLIENT_LIMITS, type AwsClients, type ServiceClientLimits } from '../../lambdas/shared/aws';
import { ALERT_ENV, ENV, intEnv, SIGN_UP_ENV, SUBSCRIPTION_ENV } from '../../lambdas/shared/env';
import { traceClient } from '../../lambdas/shared/observability';
import { TABLES, type TableDefinition } from '../../lambdas/shared/tables';

export interface LocalConfig {
  apiPort: number;
  dynamodbPort: number;
  sesPort: number;
  dataDir: string;
  region: string;
}

export const LOCAL_DEFAULTS = { apiPort: 3000, dynamodbPort: 8000, sesPort: 8005, dataDir: '.data' } as const;

export function localConfig(env: NodeJS.ProcessEnv = process.env): LocalConfig {
  return {
    apiPort: intEnv(ENV.apiPort, LOCAL_DEFAULTS.apiPort, env),
    dynamodbPort: intEnv(ENV.dynamodbPort, LOCAL_DEFAULTS.dynamodbPort, env),
    sesPort: intEnv(ENV.sesPort, LOCAL_DEFAULTS.sesPort, env),
    dataDir: resolve(env[ENV.dataDir] ?? LOCAL_DEFAULTS.dataDir),
    region: env.AWS_REGION ?? 'us-east-1',
  };
}

/** Local table names are the definitions' ids; in AWS CloudFormation names them. */
export const localTableName = (definition: TableDefinition): string => definition.id;

/** The planner's function name on the local Lambda endpoint (PLANNER_FUNCTION_NAME). */
export const LOCAL_PLANNER = 'careerwire-digest-planner-local';

/** Stands for the digest queues' URLs: locally the planner is given the in-process queue instead. */
const LOCAL_QUEUE_URL = 'http://127.0.0.1/local-digest-queue';

/** Variables a developer may set in the shell to change what the local functions do (README, "The local stack"). */
const OVERRIDABLE = [
  ENV.jobFeeds,
  ENV.jobFeedRedirectsAllow,
  ENV.adminApiKey,
  SUBSCRIPTION_ENV.publicBaseUrl,
  SUBSCRIPTION_ENV.senderEmail,
  SUBSCRIPTION_ENV.sesConfigurationSet,
  SIGN_UP_ENV.perClientPerHour,
  SIGN_UP_ENV.confirmationEmailsPerHour,
  ALERT_ENV.digestTimezone,
  ALERT_ENV.sendEmptyTiers,
  ALERT_ENV.sendRatePerSecond,
  ALERT_ENV.upgradeUrl,
] as const;

export interface LocalValues {
  /** The API's URL: PUBLIC_BASE_URL (links in emails) unless the shell sets one. */
  apiUrl: string;
  tokenKeysFile: string;
  jobFeeds?: string;
  adminApiKey?: string;
  signUpLimits?: { perClientPerHour?: number; confirmationEmailsPerHour?: number };
}

const nonEmpty = (value: string | undefined): string | undefined => (value === undefined || value === '' ? undefined : value);

/**
 * What CDK would set on the functions, for the local stack: its tables, key file, URL and the planner
 * on the local Lambda endpoint; the shell's overrides (OVERRIDABLE) where set; local defaults else.
 */
export function localEnvironment(values: LocalValues, shell: NodeJS.ProcessEnv = process.env): Environment {
  const env: Record<string, string | undefined> = {};
  for (const name of OVERRIDABLE) env[name] = nonEmpty(shell[name]);
  for (const definition of TABLES) env[definition.envVar] = localTableName(definition);
  const limit = (given: number | undefined, name: string) => (given !== undefined ? String(given) : env[name]);
  return {
    ...env,
    [ENV.jobFeeds]: values.jobFeeds ?? env[ENV.jobFeeds],
    // Local feeds live on 127.0.0.1, and may redirect there; every other private range stays refused.
    [ENV.jobFeedRedirectsAllow]: env[ENV.jobFeedRedirectsAllow] ?? 'loopback',
    [ENV.adminApiKey]: values.adminApiKey ?? env[ENV.adminApiKey],
    [SUBSCRIPTION_ENV.tokenKeysFile]: values.tokenKeysFile,
    [SUBSCRIPTION_ENV.publicBaseUrl]: env[SUBSCRIPTION_ENV.publicBaseUrl] ?? values.apiUrl,
    [SUBSCRIPTION_ENV.senderEmail]: env[SUBSCRIPTION_ENV.senderEmail] ?? LOCAL_SENDER,
    [SIGN_UP_ENV.perClientPerHour]: limit(values.signUpLimits?.perClientPerHour, SIGN_UP_ENV.perClientPerHour),
    [SIGN_UP_ENV.confirmationEmailsPerHour]: limit(values.signUpLimits?.confirmationEmailsPerHour, SIGN_UP_ENV.confirmationEmailsPerHour),
    // SES's sandbox rate is 1/s and a new production account's 14/s; locally, a laptop's inbox is the limit.
    [ALERT_ENV.sendRatePerSecond]: env[ALERT_ENV.sendRatePerSecond] ?? '50',
    [ALERT_ENV.plannerFunctionName]: LOCAL_PLANNER,
    [ALERT_ENV.digestQueueUrls.plus]: LOCAL_QUEUE_URL,
    [ALERT_ENV.digestQueueUrls.free]: LOCAL_QUEUE_URL,
    AWS_LAMBDA_FUNCTION_NAME: LOCAL_PLANNER,
  };
}

/**
 * The AWS clients of the local functions: the emulators' endpoints, credentials they accept (any
 * signature will do; the SDK still wants something to sign with), and the local limits.
 */
export function localClients(
  endpoints: { dynamodb: string; ses?: string; lambda?: string },
  region: string,
  limits: ServiceClientLimits = LOCAL_CLIENT_LIMITS,
): AwsClients {
  return awsClients({
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    endpoints: {
      dynamodb: endpoints.dynamodb,
      ...(endpoints.ses !== undefined ? { sesv2: endpoints.ses } : {}),
      ...(endpoints.lambda !== undefined ? { lambda: endpoints.lambda } : {}),
    },
    limits,
    // As in the deployed functions (a no-op outside Lambda): the local runs load the same code.
    trace: traceClient,
  });
}

/** A Lambda context for a local invocation of `name`. */
export function localContext(name: string, remainingMs = 900_000): Context {
  const functionName = `careerwire-${name}-local`;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: 'local',
    logStreamName: 'local',
    getRemainingTimeInMillis: () => remainingMs,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * middy, loaded as the ES module it only is: the local stack and the CLI run as CommonJS (tsx), where
 * a static import of @middy/core cannot resolve; import() can.
 */
export async function loadMiddy(): Promise<Middy> {
  return (await import('@middy/core')).default;
}
