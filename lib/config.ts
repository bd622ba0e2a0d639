/**
 * Deployment configuration: every CDK context value the app reads, read and validated in this one
 * place. Invalid values fail synthesis at once with a message naming the key, the value and what is
 * accepted; nothing else in lib/ calls tryGetContext.
 *
 * Set values in cdk.json ("context") or per command: `npx cdk deploy -c stage=prod -c removalPolicy=retain`.
 * Values given with -c arrive as strings, values from cdk.json as JSON; both are accepted.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { type FeedConfig, parseFeedList } from '../lambdas/jobs/feeds';

/** The context keys, in one place (cdk.json, the tests and the error messages use these names). */
export const CONTEXT_KEYS = {
  stage: 'stage',
  removalPolicy: 'removalPolicy',
  logRetentionDays: 'logRetentionDays',
  logLevel: 'logLevel',
  apiThrottleRateLimit: 'apiThrottleRateLimit',
  apiThrottleBurstLimit: 'apiThrottleBurstLimit',
  alarmEmail: 'alarmEmail',
  jobFeeds: 'jobFeeds',
} as const;

export type ContextKey = (typeof CONTEXT_KEYS)[keyof typeof CONTEXT_KEYS];

/** Defaults used when a key is absent. cdk.json repeats them (a test keeps the two equal). */
export const CONTEXT_DEFAULTS = {
  stage: 'dev',
  removalPolicy: 'retain',
  logRetentionDays: 30,
  logLevel: 'INFO',
  apiThrottleRateLimit: 50,
  apiThrottleBurstLimit: 100,
  alarmEmail: '',
  jobFeeds: '',
} as const satisfies Record<ContextKey, string | number>;

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const REMOVAL_POLICIES = ['retain', 'destroy'] as const;
type RemovalPolicyName = (typeof REMOVAL_POLICIES)[number];

/** Stages that hold real data: `removalPolicy=destroy` is refused for them. */
const PROTECTED_STAGES: readonly string[] = ['prod', 'production'];

/** API Gateway's account-level defaults are 10,000 rps / 5,000 burst; a stage cannot exceed them. */
const MAX_RATE_LIMIT = 10_000;
const MAX_BURST_LIMIT = 5_000;

/**
 * Longest JOB_FEEDS value accepted: Lambda allows 4 KB for all environment variables of a function
 * together, and the job-sync function carries the Powertools and table variables beside it.
 */
export const MAX_JOB_FEEDS_CHARS = 2_048;

/** Retention periods CloudWatch Logs accepts, in days (RetentionDays without INFINITE). */
const RETENTION_DAYS: readonly number[] = Object.values(RetentionDays).filter(
  (value): value is number => typeof value === 'number' && value !== RetentionDays.INFINITE,
);

export interface CareerwireConfig {
  /** Short lower-case name of the deployment (dev, staging, prod); part of stack names and tags. */
  readonly stage: string;
  /** What CloudFormation does with tables, buckets and log groups when they leave the stack. */
  readonly removalPolicy: RemovalPolicy;
  /** DynamoDB deletion protection; on whenever data is retained. */
  readonly deletionProtection: boolean;
  /** Retention of every log group the app creates (function logs, API access logs). */
  readonly logRetention: RetentionDays;
  /** Application log level of every function (Powertools and Lambda advanced logging controls). */
  readonly logLevel: LogLevel;
  /** Throttling of the API's default stage. */
  readonly apiThrottle: { readonly rateLimit: number; readonly burstLimit: number };
  /** Address subscribed to the alarm topic; undefined when none is configured. */
  readonly alarmEmail: string | undefined;
  /**
   * Job feeds the job-sync function polls hourly, parsed by the function's own parser (so what
   * synthesizes is what runs). Empty: no feed configured, and the function only logs that.
   */
  readonly jobFeeds: readonly FeedConfig[];
}

export class ConfigValidationError extends Error {
  override readonly name = 'ConfigValidationError';
}

/** Anything that can answer context look-ups: an App, a Stack, any construct node, or a test fake. */
export interface ContextSource {
  tryGetContext(key: string): unknown;
}

/**
 * Reads every context key once, validates all of them and throws one ConfigValidationError that lists
 * every problem (so an operator fixes them in one round).
 */
export function loadConfig(source: ContextSource): CareerwireConfig {
  const problems: string[] = [];
  const read = (key: ContextKey): unknown => {
    const value = source.tryGetContext(key);
    return value === undefined || value === null ? CONTEXT_DEFAULTS[key] : value;
  };

  const stage = readString(read(CONTEXT_KEYS.stage));
  if (stage === undefined || !/^[a-z][a-z0-9-]{0,19}$/.test(stage)) {
    problems.push(
      `context "${CONTEXT_KEYS.stage}" must be 1-20 characters of a-z, 0-9 and "-", starting with a letter; got ${show(read(CONTEXT_KEYS.stage))}`,
    );
  }

  const removalRaw = readString(read(CONTEXT_KEYS.removalPolicy))?.toLowerCase();
  let removal: RemovalPolicyName = 'retain';
  if (removalRaw === undefined || !(REMOVAL_POLICIES as readonly string[]).includes(removalRaw)) {
    problems.push(
      `context "${CONTEXT_KEYS.removalPolicy}" must be one of ${REMOVAL_POLICIES.join(', ')}; got ${show(read(CONTEXT_KEYS.removalPolicy))}`,
    );
  } else {
    removal = removalRaw as RemovalPolicyName;
  }
  if (removal === 'destroy' && stage !== undefined && PROTECTED_STAGES.includes(stage)) {
    problems.push(
      `context "${CONTEXT_KEYS.removalPolicy}" cannot be "destroy" for stage "${stage}": its data must be retained`,
    );
  }

  const retention = readInteger(read(CONTEXT_KEYS.logRetentionDays));
  if (retention === undefined || !RETENTION_DAYS.includes(retention)) {
    problems.push(
      `context "${CONTEXT_KEYS.logRetentionDays}" must be one of the CloudWatch Logs retention periods (${RETENTION_DAYS.join(', ')}); got ${show(read(CONTEXT_KEYS.logRetentionDays))}`,
    );
  }

  const logLevel = readString(read(CONTEXT_KEYS.logLevel))?.toUpperCase();
  if (logLevel === undefined || !(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    problems.push(
      `context "${CONTEXT_KEYS.logLevel}" must be one of ${LOG_LEVELS.join(', ')}; got ${show(read(CONTEXT_KEYS.logLevel))}`,
    );
  }

  const rateLimit = readInteger(read(CONTEXT_KEYS.apiThrottleRateLimit));
  if (rateLimit === undefined || rateLimit < 1 || rateLimit > MAX_RATE_LIMIT) {
    problems.push(
      `context "${CONTEXT_KEYS.apiThrottleRateLimit}" must be an integer from 1 to ${MAX_RATE_LIMIT} (requests per second); got ${show(read(CONTEXT_KEYS.apiThrottleRateLimit))}`,
    );
  }
  const burstLimit = readInteger(read(CONTEXT_KEYS.apiThrottleBurstLimit));
  if (burstLimit === undefined || burstLimit < 1 || burstLimit > MAX_BURST_LIMIT) {
    problems.push(
      `context "${CONTEXT_KEYS.apiThrottleBurstLimit}" must be an integer from 1 to ${MAX_BURST_LIMIT} (requests); got ${show(read(CONTEXT_KEYS.apiThrottleBurstLimit))}`,
    );
  }

  const alarmEmailRaw = readString(read(CONTEXT_KEYS.alarmEmail))?.trim();
  if (alarmEmailRaw === undefined || (alarmEmailRaw !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(alarmEmailRaw))) {
    problems.push(
      `context "${CONTEXT_KEYS.alarmEmail}" must be an email address or empty; got ${show(read(CONTEXT_KEYS.alarmEmail))}`,
    );
  }

  const jobFeedsRaw = readString(read(CONTEXT_KEYS.jobFeeds));
  let jobFeeds: FeedConfig[] = [];
  if (jobFeedsRaw === undefined) {
    problems.push(
      `context "${CONTEXT_KEYS.jobFeeds}" must be a string of comma-separated feed URLs, each optionally name=url; got ${show(read(CONTEXT_KEYS.jobFeeds))}`,
    );
  } else {
    const feedProblem = checkJobFeeds(jobFeedsRaw);
    if (typeof feedProblem === 'string') {
      problems.push(
        `context "${CONTEXT_KEYS.jobFeeds}" must be comma-separated http(s) feed URLs, each optionally name=url (name: a-z, 0-9, -): ${feedProblem}; got ${show(jobFeedsRaw)}`,
      );
    } else {
      jobFeeds = feedProblem;
    }
  }

  if (problems.length > 0) {
    throw new ConfigValidationError(`invalid careerwire configuration:\n  - ${problems.join('\n  - ')}`);
  }

  return {
    stage: stage as string,
    removalPolicy: removal === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    deletionProtection: removal === 'retain',
    logRetention: retention as RetentionDays,
    logLevel: logLevel as LogLevel,
    apiThrottle: { rateLimit: rateLimit as number, burstLimit: burstLimit as number },
    alarmEmail: alarmEmailRaw === '' ? undefined : alarmEmailRaw,
    jobFeeds,
  };
}

/**
 * The JOB_FEEDS value of a feed list, in its canonical form (`name=url`, comma-separated): the names
 * are pinned at synth time, so the `source` of stored jobs does not depend on how the context was
 * written.
 */
export function jobFeedsValue(feeds: readonly FeedConfig[]): string {
  return feeds.map((feed) => `${feed.name}=${feed.url}`).join(',');
}

/** The parsed feeds, or what is wrong with the list. */
function checkJobFeeds(value: string): FeedConfig[] | string {
  let feeds: FeedConfig[];
  try {
    feeds = parseFeedList(value);
  } catch (error) {
    return (error as Error).message.replace(/^JOB_FEEDS: /, '');
  }
  for (const feed of feeds) {
    // The list lands in the template and the function's environment in clear text.
    const url = new URL(feed.url);
    if (url.username !== '' || url.password !== '') return `feed "${feed.name}" has credentials in its URL`;
  }
  if (feeds.length === 0 && value.trim() !== '') return 'no feed in the list';
  const canonical = jobFeedsValue(feeds);
  if (canonical.length > MAX_JOB_FEEDS_CHARS) {
    return `the list is ${canonical.length} characters, more than the ${MAX_JOB_FEEDS_CHARS} a Lambda environment can carry beside the other variables`;
  }
  return feeds;
}

function readString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Integers from cdk.json arrive as numbers, from `-c key=value` as strings: accept both, nothing else. */
function readInteger(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^\d{1,9}$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value) ?? String(value);
}
