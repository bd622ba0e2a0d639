/**
 * Deployment configuration: every CDK context value the app reads, read and validated in this one
 * place. Invalid values fail synthesis at once with a message naming the key, the value and what is
 * accepted; nothing else in lib/ calls tryGetContext.
 *
 * Each stage's values are committed in cdk.json, under context "stages" (`"stages": { "dev": {...},
 * "prod": { "production": true, ... } }`), so `npx cdk deploy --all -c stage=prod` is the whole
 * command and a redeploy cannot lose a value. A key given with -c wins over the stage's value (a
 * one-off); a key neither gives takes its default. When "stages" exists, the stage must be one of
 * them: a mistyped stage name fails instead of deploying a new, empty stage.
 * Values given with -c arrive as strings, values from cdk.json as JSON; both are accepted.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { type FeedConfig, parseFeedList } from '../lambdas/jobs/feeds';
import { parseCron } from '../lambdas/shared/cron';
import { ALERT_LIMITS, SIGN_UP_LIMITS } from '../lambdas/shared/limits';
import { DIGEST_SCHEDULES } from '../lambdas/shared/schedules';
import { TIERS, type Tier } from '../lambdas/subscriptions/subscriber';

/** The context keys, in one place (cdk.json, the tests and the error messages use these names). */
export const CONTEXT_KEYS = {
  stage: 'stage',
  production: 'production',
  removalPolicy: 'removalPolicy',
  logRetentionDays: 'logRetentionDays',
  logLevel: 'logLevel',
  apiThrottleRateLimit: 'apiThrottleRateLimit',
  apiThrottleBurstLimit: 'apiThrottleBurstLimit',
  alarmEmail: 'alarmEmail',
  jobFeeds: 'jobFeeds',
  senderEmail: 'senderEmail',
  senderDomain: 'senderDomain',
  publicBaseUrl: 'publicBaseUrl',
  sesMaxSendRate: 'sesMaxSendRate',
  senderMaxConcurrency: 'senderMaxConcurrency',
  sesSandbox: 'sesSandbox',
  sesIdentityExists: 'sesIdentityExists',
  plusDigestCron: 'plusDigestCron',
  freeDigestCron: 'freeDigestCron',
  digestTimezone: 'digestTimezone',
  sendEmptyDigestTiers: 'sendEmptyDigestTiers',
  signUpsPerClientPerHour: 'signUpsPerClientPerHour',
  confirmationEmailsPerHour: 'confirmationEmailsPerHour',
} as const;

export type ContextKey = (typeof CONTEXT_KEYS)[keyof typeof CONTEXT_KEYS];

/** The context key holding every stage's committed values, by stage name. */
export const STAGES_KEY = 'stages';

/** Defaults used when a key is absent. cdk.json repeats them (a test keeps the two equal). */
export const CONTEXT_DEFAULTS = {
  stage: 'dev',
  production: false,
  removalPolicy: 'retain',
  logRetentionDays: 30,
  logLevel: 'INFO',
  apiThrottleRateLimit: 50,
  apiThrottleBurstLimit: 100,
  alarmEmail: '',
  jobFeeds: '',
  // A placeholder that passes validation so `cdk synth` works out of the box; operators set their own
  // (SES sends only from an identity they have verified).
  senderEmail: 'alerts@example.com',
  senderDomain: '',
  publicBaseUrl: '',
  // SES's default production sending quota (messages per second) in most regions.
  sesMaxSendRate: 14,
  // Upper bound of each tier's sender instances; the count is derived from the rate (digestSenders).
  senderMaxConcurrency: 50,
  // The SES sandbox: 1 message/s and verified recipients only; sandbox rejections are configuration errors.
  sesSandbox: false,
  // Use the SES identity of senderDomain/senderEmail that already exists in the account and region.
  sesIdentityExists: false,
  plusDigestCron: DIGEST_SCHEDULES.plus.expression,
  freeDigestCron: DIGEST_SCHEDULES.free.expression,
  digestTimezone: DIGEST_SCHEDULES.plus.timezone,
  sendEmptyDigestTiers: '',
  signUpsPerClientPerHour: SIGN_UP_LIMITS.perClientPerWindow,
  confirmationEmailsPerHour: SIGN_UP_LIMITS.confirmationEmailsPerWindow,
} as const satisfies Record<ContextKey, string | number | boolean>;

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const REMOVAL_POLICIES = ['retain', 'destroy'] as const;
type RemovalPolicyName = (typeof REMOVAL_POLICIES)[number];

/** API Gateway's account-level defaults are 10,000 rps / 5,000 burst; a stage cannot exceed them. */
const MAX_RATE_LIMIT = 10_000;
const MAX_BURST_LIMIT = 5_000;

/**
 * Longest JOB_FEEDS value accepted: Lambda allows 4 KB for all environment variables of a function
 * together, and the job-sync function carries the Powertools and table variables beside it.
 */
export const MAX_JOB_FEEDS_CHARS = 2_048;

/** Lambda's bounds for MaximumConcurrency of an SQS event source. */
export const MIN_SENDER_CONCURRENCY = 2;
export const MAX_SENDER_CONCURRENCY = 1_000;
/** Highest SES sending rate accepted (messages per second): far above any quota SES grants by default. */
export const MAX_SES_SEND_RATE = 100_000;
/** Upper bounds of the sign-up limits: far above any real need, low enough to still mean a limit. */
export const MAX_SIGN_UPS_PER_CLIENT_PER_HOUR = 10_000;
export const MAX_CONFIRMATION_EMAILS_PER_HOUR = 1_000_000;

/** Retention periods CloudWatch Logs accepts, in days (RetentionDays without INFINITE). */
const RETENTION_DAYS: readonly number[] = Object.values(RetentionDays).filter(
  (value): value is number => typeof value === 'number' && value !== RetentionDays.INFINITE,
);

export interface CareerwireConfig {
  /** Short lower-case name of the deployment (dev, staging, prod); part of stack names and tags. */
  readonly stage: string;
  /**
   * The stage serves real subscribers (the stage's `production: true`, never its name): it needs an
   * alarmEmail and a real senderEmail, refuses removalPolicy=destroy, and its stacks have termination
   * protection.
   */
  readonly production: boolean;
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
  /** Mail: the From address of every email, and the SES identity that proves the app may use it. */
  readonly mail: {
    /** The From address (SENDER_EMAIL). */
    readonly senderEmail: string;
    /** The domain verified in SES (DKIM), when set; otherwise the address itself is the identity. */
    readonly senderDomain: string | undefined;
    /** The identity exists already in the account and region (another stage made it): use it, create none. */
    readonly identityExists: boolean;
  };
  /**
   * Base URL of links in emails and pages (PUBLIC_BASE_URL): https, no trailing slash. Undefined: the
   * API's own execute-api URL.
   */
  readonly publicBaseUrl: string | undefined;
  /** Sign-up abuse limits (the api function's SIGN_UP_ENV); the ceiling is alarmed when reached. */
  readonly signUps: {
    /** Sign-ups that cost a confirmation email, per client per hour. */
    readonly perClientPerHour: number;
    /** Confirmation emails overall per hour. */
    readonly confirmationEmailsPerHour: number;
  };
  /** Alert digests: schedules, the time zone periods are cut in, and the send rate. */
  readonly digests: {
    /** EventBridge Scheduler cron expressions, six fields, per tier. */
    readonly cron: Readonly<Record<Tier, string>>;
    /** IANA time zone of both schedules and of the periods (DIGEST_TIMEZONE). */
    readonly timezone: string;
    /** Tiers that get a digest even when nothing matched (SEND_EMPTY_DIGEST_TIERS). */
    readonly sendEmptyTiers: readonly Tier[];
    /** The account's SES sending rate, messages per second. */
    readonly sesMaxSendRate: number;
    /** Upper bound of each tier's sender instances (MaximumConcurrency of its queue's event source). */
    readonly senderMaxConcurrency: number;
    /** The account is in the SES sandbox: the rate is 1/s whatever sesMaxSendRate says. */
    readonly sesSandbox: boolean;
    /** Each tier's senders, derived from the SES rate (digestSenders). */
    readonly senders: DigestSenders;
  };
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
  const given = (value: unknown): boolean => value !== undefined && value !== null;
  const stageRaw = source.tryGetContext(CONTEXT_KEYS.stage);
  const stage = readString(given(stageRaw) ? stageRaw : CONTEXT_DEFAULTS.stage);
  if (stage === undefined || !STAGE_NAME.test(stage)) {
    problems.push(
      `context "${CONTEXT_KEYS.stage}" must be 1-20 characters of a-z, 0-9 and "-", starting with a letter; got ${show(given(stageRaw) ? stageRaw : CONTEXT_DEFAULTS.stage)}`,
    );
  }
  const stageValues = readStageValues(source.tryGetContext(STAGES_KEY), stage, problems);
  const read = (key: ContextKey): unknown => {
    const value = source.tryGetContext(key);
    if (given(value)) return value;
    const committed = stageValues[key];
    return given(committed) ? committed : CONTEXT_DEFAULTS[key];
  };

  const production = readBoolean(read(CONTEXT_KEYS.production));
  if (production === undefined) {
    problems.push(`context "${CONTEXT_KEYS.production}" must be true or false; got ${show(read(CONTEXT_KEYS.production))}`);
  }
  const isProduction = production === true;

  const removalRaw = readString(read(CONTEXT_KEYS.removalPolicy))?.toLowerCase();
  let removal: RemovalPolicyName = 'retain';
  if (removalRaw === undefined || !(REMOVAL_POLICIES as readonly string[]).includes(removalRaw)) {
    problems.push(
      `context "${CONTEXT_KEYS.removalPolicy}" must be one of ${REMOVAL_POLICIES.join(', ')}; got ${show(read(CONTEXT_KEYS.removalPolicy))}`,
    );
  } else {
    removal = removalRaw as RemovalPolicyName;
  }
  if (removal === 'destroy' && isProduction) {
    problems.push(
      `context "${CONTEXT_KEYS.removalPolicy}" cannot be "destroy" for stage "${stage ?? ''}": it is marked production, so its data must be retained`,
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
  } else if (alarmEmailRaw === '' && isProduction) {
    problems.push(
      `context "${CONTEXT_KEYS.alarmEmail}" is required for stage "${stage ?? ''}": it is marked production, and its alarms must reach someone (set it in cdk.json under "${STAGES_KEY}")`,
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

  const senderEmailRaw = readString(read(CONTEXT_KEYS.senderEmail))?.trim();
  const senderEmail = senderEmailRaw !== undefined && isEmailAddress(senderEmailRaw) ? senderEmailRaw : undefined;
  if (senderEmail === undefined) {
    problems.push(
      `context "${CONTEXT_KEYS.senderEmail}" must be the email address digests are sent from (an address SES can verify, e.g. alerts@your-domain.example); got ${show(read(CONTEXT_KEYS.senderEmail))}`,
    );
  }

  if (senderEmail !== undefined && isProduction && isReservedDomain(domainOf(senderEmail))) {
    problems.push(
      `context "${CONTEXT_KEYS.senderEmail}" must be a real address for stage "${stage ?? ''}" (marked production): "${senderEmail}" is at a reserved domain (RFC 2606) that SES can never verify`,
    );
  }

  const senderDomainRaw = readString(read(CONTEXT_KEYS.senderDomain))?.trim().toLowerCase();
  if (senderDomainRaw === undefined || (senderDomainRaw !== '' && !isDomainName(senderDomainRaw))) {
    problems.push(
      `context "${CONTEXT_KEYS.senderDomain}" must be a domain name (e.g. mail.example.org) or empty; got ${show(read(CONTEXT_KEYS.senderDomain))}`,
    );
  } else if (senderDomainRaw !== '' && senderEmail !== undefined && domainOf(senderEmail) !== senderDomainRaw) {
    problems.push(
      `context "${CONTEXT_KEYS.senderEmail}" must be an address at the "${CONTEXT_KEYS.senderDomain}" "${senderDomainRaw}" (the identity SES verifies and the sending permission names); got "${senderEmail}"`,
    );
  }

  const publicBaseUrlRaw = readString(read(CONTEXT_KEYS.publicBaseUrl))?.trim();
  let publicBaseUrl: string | undefined;
  if (publicBaseUrlRaw === undefined) {
    problems.push(`context "${CONTEXT_KEYS.publicBaseUrl}" must be an https URL or empty; got ${show(read(CONTEXT_KEYS.publicBaseUrl))}`);
  } else if (publicBaseUrlRaw !== '') {
    const checked = checkBaseUrl(publicBaseUrlRaw);
    if (checked.problem !== undefined) {
      problems.push(`context "${CONTEXT_KEYS.publicBaseUrl}" ${checked.problem}; got ${show(publicBaseUrlRaw)}`);
    } else {
      publicBaseUrl = checked.url;
    }
  }

  const sesMaxSendRateRaw = readInteger(read(CONTEXT_KEYS.sesMaxSendRate));
  const sesMaxSendRate =
    sesMaxSendRateRaw !== undefined && sesMaxSendRateRaw >= 1 && sesMaxSendRateRaw <= MAX_SES_SEND_RATE ? sesMaxSendRateRaw : undefined;
  if (sesMaxSendRate === undefined) {
    problems.push(
      `context "${CONTEXT_KEYS.sesMaxSendRate}" must be the account's SES sending rate, an integer from 1 to ${MAX_SES_SEND_RATE} (messages per second); got ${show(read(CONTEXT_KEYS.sesMaxSendRate))}`,
    );
  }
  const concurrencyRaw = readInteger(read(CONTEXT_KEYS.senderMaxConcurrency));
  const senderMaxConcurrency =
    concurrencyRaw !== undefined && concurrencyRaw >= MIN_SENDER_CONCURRENCY && concurrencyRaw <= MAX_SENDER_CONCURRENCY ? concurrencyRaw : undefined;
  if (senderMaxConcurrency === undefined) {
    problems.push(
      `context "${CONTEXT_KEYS.senderMaxConcurrency}" must be an integer from ${MIN_SENDER_CONCURRENCY} to ${MAX_SENDER_CONCURRENCY} (Lambda's MaximumConcurrency bounds for SQS); got ${show(read(CONTEXT_KEYS.senderMaxConcurrency))}`,
    );
  }
  const sesSandbox = readBoolean(read(CONTEXT_KEYS.sesSandbox));
  if (sesSandbox === undefined) problems.push(`context "${CONTEXT_KEYS.sesSandbox}" must be true or false; got ${show(read(CONTEXT_KEYS.sesSandbox))}`);
  const sesIdentityExists = readBoolean(read(CONTEXT_KEYS.sesIdentityExists));
  if (sesIdentityExists === undefined) {
    problems.push(`context "${CONTEXT_KEYS.sesIdentityExists}" must be true or false; got ${show(read(CONTEXT_KEYS.sesIdentityExists))}`);
  }

  const cron: Partial<Record<Tier, string>> = {};
  for (const [tier, key] of [['plus', CONTEXT_KEYS.plusDigestCron], ['free', CONTEXT_KEYS.freeDigestCron]] as const) {
    const raw = readString(read(key))?.trim();
    const problem = raw === undefined ? 'is not a string' : checkCron(raw);
    if (problem !== undefined) {
      problems.push(
        `context "${key}" must be an EventBridge Scheduler cron expression, cron(minutes hours day-of-month month day-of-week year) with "?" in day-of-month or day-of-week: ${problem}; got ${show(read(key))}`,
      );
    } else {
      cron[tier] = (raw as string).replace(/\s+/g, ' ');
    }
  }

  const timezoneRaw = readString(read(CONTEXT_KEYS.digestTimezone))?.trim();
  const timezone = timezoneRaw === undefined ? undefined : canonicalTimeZone(timezoneRaw);
  if (timezone === undefined) {
    problems.push(
      `context "${CONTEXT_KEYS.digestTimezone}" must be an IANA time zone name such as UTC or Europe/Berlin; got ${show(read(CONTEXT_KEYS.digestTimezone))}`,
    );
  }

  const sendEmptyRaw = readString(read(CONTEXT_KEYS.sendEmptyDigestTiers));
  const sendEmptyTiers: Tier[] = [];
  if (sendEmptyRaw === undefined) {
    problems.push(
      `context "${CONTEXT_KEYS.sendEmptyDigestTiers}" must be a comma-separated list of tiers (${TIERS.join(', ')}) or empty; got ${show(read(CONTEXT_KEYS.sendEmptyDigestTiers))}`,
    );
  } else {
    const named = sendEmptyRaw.split(',').map((part) => part.trim().toLowerCase()).filter((part) => part !== '');
    const unknown = named.filter((name) => !(TIERS as readonly string[]).includes(name));
    if (unknown.length > 0) {
      problems.push(
        `context "${CONTEXT_KEYS.sendEmptyDigestTiers}" must be a comma-separated list of tiers (${TIERS.join(', ')}) or empty: unknown tier ${unknown.map((name) => `"${name}"`).join(', ')}; got ${show(sendEmptyRaw)}`,
      );
    }
    // Canonical: each tier once, in TIERS order, so the environment value does not depend on spelling.
    sendEmptyTiers.push(...TIERS.filter((tier) => named.includes(tier)));
  }

  const perClientPerHour = readInteger(read(CONTEXT_KEYS.signUpsPerClientPerHour));
  if (perClientPerHour === undefined || perClientPerHour < 1 || perClientPerHour > MAX_SIGN_UPS_PER_CLIENT_PER_HOUR) {
    problems.push(
      `context "${CONTEXT_KEYS.signUpsPerClientPerHour}" must be an integer from 1 to ${MAX_SIGN_UPS_PER_CLIENT_PER_HOUR} (sign-ups that send an email, per client per hour); got ${show(read(CONTEXT_KEYS.signUpsPerClientPerHour))}`,
    );
  }
  const confirmationEmailsPerHour = readInteger(read(CONTEXT_KEYS.confirmationEmailsPerHour));
  if (confirmationEmailsPerHour === undefined || confirmationEmailsPerHour < 1 || confirmationEmailsPerHour > MAX_CONFIRMATION_EMAILS_PER_HOUR) {
    problems.push(
      `context "${CONTEXT_KEYS.confirmationEmailsPerHour}" must be an integer from 1 to ${MAX_CONFIRMATION_EMAILS_PER_HOUR} (confirmation emails overall per hour); got ${show(read(CONTEXT_KEYS.confirmationEmailsPerHour))}`,
    );
  }

  if (problems.length > 0) {
    throw new ConfigValidationError(`invalid careerwire configuration:\n  - ${problems.join('\n  - ')}`);
  }

  return {
    stage: stage as string,
    production: isProduction,
    removalPolicy: removal === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    deletionProtection: removal === 'retain',
    logRetention: retention as RetentionDays,
    logLevel: logLevel as LogLevel,
    apiThrottle: { rateLimit: rateLimit as number, burstLimit: burstLimit as number },
    alarmEmail: alarmEmailRaw === '' ? undefined : alarmEmailRaw,
    jobFeeds,
    mail: { senderEmail: senderEmail as string, senderDomain: senderDomainRaw === '' ? undefined : senderDomainRaw, identityExists: sesIdentityExists === true },
    publicBaseUrl,
    signUps: { perClientPerHour: perClientPerHour as number, confirmationEmailsPerHour: confirmationEmailsPerHour as number },
    digests: {
      cron: cron as Record<Tier, string>,
      timezone: timezone as string,
      sendEmptyTiers,
      sesMaxSendRate: sesMaxSendRate as number,
      senderMaxConcurrency: senderMaxConcurrency as number,
      sesSandbox: sesSandbox === true,
      senders: digestSenders(sesSandbox === true ? SES_SANDBOX_RATE : (sesMaxSendRate as number), senderMaxConcurrency as number),
    },
  };
}

/** The SES sandbox's sending rate, messages per second. */
export const SES_SANDBOX_RATE = 1;

/** One tier's senders: instances (its queue's MaximumConcurrency) and each one's rate. */
export interface TierSenders {
  readonly concurrency: number;
  readonly ratePerSecond: number;
}

export interface DigestSenders {
  /** What confirmation and welcome emails keep of the SES rate (the digests never use it). */
  readonly transactionalRatePerSecond: number;
  readonly plus: TierSenders;
  readonly free: TierSenders;
}

/**
 * Each tier's senders from the account's SES rate: a share is kept for confirmation and welcome
 * emails, Plus gets plusRateShare of the rest on its own queue, Free the remainder on its own; each
 * tier runs as many instances as its rate needs at senderInstanceMaxRate each (at least Lambda's 2,
 * at most maxConcurrency), and each instance gets an equal part. All of them at full speed send at
 * exactly the digests' share, never more.
 */
export function digestSenders(sesRate: number, maxConcurrency: number = CONTEXT_DEFAULTS.senderMaxConcurrency): DigestSenders {
  const transactional = sesRate * ALERT_LIMITS.transactionalRateShare;
  const digests = sesRate - transactional;
  const tier = (rate: number): TierSenders => {
    const concurrency = Math.min(maxConcurrency, Math.max(MIN_SENDER_CONCURRENCY, Math.ceil(rate / ALERT_LIMITS.senderInstanceMaxRate)));
    // Rounded down to a thousandth: the sum stays at or under the share.
    return { concurrency, ratePerSecond: Math.floor((rate / concurrency) * 1000) / 1000 };
  };
  return {
    transactionalRatePerSecond: transactional,
    plus: tier(digests * ALERT_LIMITS.plusRateShare),
    free: tier(digests * (1 - ALERT_LIMITS.plusRateShare)),
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

/** A stage name: part of stack names, tags and resource descriptions. */
const STAGE_NAME = /^[a-z][a-z0-9-]{0,19}$/;

/** Keys a stage may set in cdk.json: every context key but the stage's own name. */
const STAGE_VALUE_KEYS: readonly string[] = Object.values(CONTEXT_KEYS).filter((key) => key !== CONTEXT_KEYS.stage);

/**
 * The committed values of `stage` from context "stages", checked: an object of stage names, each an
 * object of known keys (a typo would otherwise fall back to a default unseen). With no "stages" at
 * all, every value comes from -c or the defaults.
 */
function readStageValues(stages: unknown, stage: string | undefined, problems: string[]): Record<string, unknown> {
  if (stages === undefined || stages === null) return {};
  if (typeof stages !== 'object' || Array.isArray(stages)) {
    problems.push(`context "${STAGES_KEY}" must be an object of stages by name (cdk.json); got ${show(stages)}`);
    return {};
  }
  const byName = stages as Record<string, unknown>;
  for (const [name, values] of Object.entries(byName)) {
    if (!STAGE_NAME.test(name)) {
      problems.push(`context "${STAGES_KEY}" names a stage "${name}": stage names are 1-20 characters of a-z, 0-9 and "-", starting with a letter`);
    }
    if (typeof values !== 'object' || values === null || Array.isArray(values)) {
      problems.push(`context "${STAGES_KEY}.${name}" must be an object of context values; got ${show(values)}`);
      continue;
    }
    const unknown = Object.keys(values).filter((key) => !STAGE_VALUE_KEYS.includes(key));
    if (unknown.length > 0) {
      problems.push(
        `context "${STAGES_KEY}.${name}" has unknown key ${unknown.map((key) => `"${key}"`).join(', ')} (known: ${STAGE_VALUE_KEYS.join(', ')})`,
      );
    }
  }
  if (stage === undefined) return {};
  const values = byName[stage];
  if (values === undefined) {
    problems.push(
      `context "${CONTEXT_KEYS.stage}" is "${stage}", which cdk.json does not define (stages: ${Object.keys(byName).join(', ')}): add it under "${STAGES_KEY}" or fix the name`,
    );
    return {};
  }
  return typeof values === 'object' && values !== null && !Array.isArray(values) ? (values as Record<string, unknown>) : {};
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

/** One address, no display name: what SES takes as FromEmailAddress and as an email identity. */
function isEmailAddress(value: string): boolean {
  if (value.length > 254 || !/^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[^\s@]+$/.test(value)) return false;
  const [local] = value.split('@') as [string];
  return local.length <= 64 && !local.startsWith('.') && !local.endsWith('.') && !local.includes('..') && isDomainName(domainOf(value));
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

/** example.com/.net/.org and the .example, .test, .invalid and .localhost names: never real mail domains. */
function isReservedDomain(domain: string): boolean {
  return /(^|\.)example\.(com|net|org)$/.test(domain) || /\.(example|test|invalid|localhost)$/.test(domain);
}

/** A DNS name of at least two labels (letters, digits, hyphens; no label starts or ends with "-"). */
function isDomainName(value: string): boolean {
  const labels = value.toLowerCase().split('.');
  return (
    value.length <= 253 &&
    labels.length >= 2 &&
    labels.every((label) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(label)) &&
    /[a-z]/.test(labels[labels.length - 1] as string)
  );
}

/**
 * PUBLIC_BASE_URL as the functions read it (lambdas/subscriptions/links.ts parseBaseUrl), but https
 * only: links in emails go to the internet.
 */
function checkBaseUrl(value: string): { url: string; problem?: undefined } | { problem: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { problem: 'must be an absolute https URL' };
  }
  if (url.protocol !== 'https:') return { problem: 'must be https' };
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    return { problem: 'must not have a query, fragment or credentials' };
  }
  return { url: url.toString().replace(/\/+$/, '') };
}

/** Characters EventBridge allows per cron field (minutes, hours, day-of-month, month, day-of-week, year). */
const CRON_FIELDS: readonly RegExp[] = [
  /^[0-9,*/-]+$/,
  /^[0-9,*/-]+$/,
  /^[0-9,*/?LW-]+$/,
  /^[0-9A-Za-z,*/-]+$/,
  /^[0-9A-Za-z,*/?L#-]+$/,
  /^[0-9,*/-]+$/,
];

/** What is wrong with an EventBridge Scheduler cron expression, or undefined. */
function checkCron(value: string): string | undefined {
  const fields = /^cron\((.*)\)$/.exec(value)?.[1]?.trim().split(/\s+/);
  if (fields === undefined) return 'not of the form cron(...)';
  if (fields.length !== 6) return `${fields.length} fields instead of 6`;
  const bad = fields.findIndex((field, i) => !(CRON_FIELDS[i] as RegExp).test(field));
  if (bad >= 0) return `field ${bad + 1} "${fields[bad]}" has characters EventBridge does not allow there`;
  const [, , dayOfMonth, , dayOfWeek] = fields;
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) return 'exactly one of day-of-month and day-of-week must be "?"';
  // Without L, W or # the local stack's evaluator reads it too: let it check the ranges.
  if (!/[LW#]/.test(value)) {
    try {
      parseCron(value, 'UTC');
    } catch (error) {
      return (error as Error).message.replace(/^cron: /, '');
    }
  }
  return undefined;
}

/** The canonical IANA name of a time zone Intl knows (EventBridge Scheduler takes IANA names), or undefined. */
function canonicalTimeZone(value: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(value)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** Booleans from cdk.json arrive as JSON, from `-c key=value` as strings. */
function readBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return undefined;
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
