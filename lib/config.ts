/**
 * Deployment configuration: every CDK context value the app reads, read and validated in this one
 * place. Each key has a rule (STAGE_FIELDS; rules between keys in CROSS_FIELD_RULES), all of them
 * are checked in one pass, and synthesis fails with every problem listed at once, each naming the
 * key (or the cdk.json path it was committed at), the value and what is accepted; nothing else in lib/
 * calls tryGetContext.
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
import { type FeedConfig, parseFeedList } from '../lambdas/jobs/feed-list';
import { normaliseEmail } from '../lambdas/shared/email';
import { ALERT_LIMITS, SIGN_UP_LIMITS } from '../lambdas/shared/limits';
import { TIERS, type Tier } from '../lambdas/subscriptions/subscriber';
import {
  accept,
  booleanField,
  choiceField,
  type ConfigProblem,
  explain,
  type FieldRule,
  type FieldValue,
  inRange,
  integerField,
  type Outcome,
  readString,
  reject,
  show,
  stringField,
} from './config-rules';

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
  // The zone of subscribers who chose none: their digests arrive at 07:00 there.
  digestTimezone: 'UTC',
  sendEmptyDigestTiers: '',
  signUpsPerClientPerHour: SIGN_UP_LIMITS.perClientPerWindow,
  confirmationEmailsPerHour: SIGN_UP_LIMITS.confirmationEmailsPerWindow,
} as const satisfies Record<ContextKey, string | number | boolean>;

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const REMOVAL_POLICIES = ['retain', 'destroy'] as const;

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
const RETENTION_DAYS: readonly RetentionDays[] = Object.values(RetentionDays).filter(
  (value): value is RetentionDays => typeof value === 'number' && value !== RetentionDays.INFINITE,
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
  /**
   * Alert digests: the default zone and the send rate. The schedules are not configured: both tiers
   * run hourly and deliver at 07:00 in each subscriber's zone (DIGEST_SCHEDULES, DIGEST_DELIVERY).
   */
  readonly digests: {
    /** IANA time zone of subscribers who chose none: their digests are timed and their periods cut in it (DIGEST_TIMEZONE). */
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

  /** Every problem found: the keys' own in the order of the keys, then those between keys. The message lists them all. */
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(`invalid careerwire configuration:\n  - ${problems.map((problem) => `context "${problem.path}" ${problem.message}`).join('\n  - ')}`);
  }
}

export type { ConfigProblem } from './config-rules';

/** Anything that can answer context look-ups: an App, a Stack, any construct node, or a test fake. */
export interface ContextSource {
  tryGetContext(key: string): unknown;
}

/**
 * Reads every context key once, validates all of them (each key by its rule in STAGE_FIELDS, then the
 * rules between keys) and throws one ConfigValidationError that lists every problem, so an operator
 * fixes them in one round.
 */
export function loadConfig(source: ContextSource): CareerwireConfig {
  const problems: ConfigProblem[] = [];
  const stage = readStageName(source, problems);
  const committed = readStageValues(source.tryGetContext(STAGES_KEY), stage, problems);
  const lookup = contextLookup(source, stage, committed);
  const values = readFields(lookup, problems);
  problems.push(...crossFieldProblems(values, stage ?? '', lookup));
  if (problems.length > 0 || stage === undefined || !isComplete(values)) throw new ConfigValidationError(problems);
  return toConfig(stage, values);
}

const STAGE_NAME_EXPECTED = 'must be 1-20 characters of a-z, 0-9 and "-", starting with a letter';
const JOB_FEEDS_EXPECTED = 'must be comma-separated http(s) feed URLs, each optionally name=url (name: a-z, 0-9, -)';
const SENDER_EMAIL_EXPECTED =
  'must be the email address digests are sent from (an address SES can verify, e.g. alerts@your-domain.example)';
const TIER_LIST_EXPECTED = `must be a comma-separated list of tiers (${TIERS.join(', ')}) or empty`;

/** Trimmed `value` if `valid`, else `expected`: most string keys ignore surrounding blanks. */
function trimmed(expected: string, valid: (value: string) => boolean): (value: string) => Outcome<string> {
  return (value) => (valid(value.trim()) ? accept(value.trim()) : reject(expected));
}

/**
 * The rule of every key a stage may set: what it accepts, how -c strings and cdk.json values become
 * its typed value, and the message when neither fits. Empty strings stand for "not set" where a key
 * is optional (toConfig turns them into undefined).
 */
const STAGE_FIELDS = {
  production: booleanField(),
  removalPolicy: choiceField(REMOVAL_POLICIES, (value) => value.toLowerCase(), `must be one of ${REMOVAL_POLICIES.join(', ')}`),
  logRetentionDays: integerField(
    `must be one of the CloudWatch Logs retention periods (${RETENTION_DAYS.join(', ')})`,
    (days) => RETENTION_DAYS.find((period) => period === days),
  ),
  logLevel: choiceField(LOG_LEVELS, (value) => value.toUpperCase(), `must be one of ${LOG_LEVELS.join(', ')}`),
  apiThrottleRateLimit: integerField(`must be an integer from 1 to ${MAX_RATE_LIMIT} (requests per second)`, inRange(1, MAX_RATE_LIMIT)),
  apiThrottleBurstLimit: integerField(`must be an integer from 1 to ${MAX_BURST_LIMIT} (requests)`, inRange(1, MAX_BURST_LIMIT)),
  alarmEmail: stringField(
    trimmed('must be an email address or empty', (value) => value === '' || isEmailAddress(value)),
    'must be an email address or empty',
  ),
  jobFeeds: stringField((value) => {
    const feeds = checkJobFeeds(value);
    return typeof feeds === 'string' ? reject(explain(JOB_FEEDS_EXPECTED, feeds)) : accept(feeds);
  }, 'must be a string of comma-separated feed URLs, each optionally name=url'),
  senderEmail: stringField(trimmed(SENDER_EMAIL_EXPECTED, isEmailAddress), SENDER_EMAIL_EXPECTED),
  senderDomain: stringField(
    (value) => trimmed('must be a domain name (e.g. mail.example.org) or empty', (domain) => domain === '' || isDomainName(domain))(value.toLowerCase()),
    'must be a domain name (e.g. mail.example.org) or empty',
  ),
  publicBaseUrl: stringField((value) => {
    if (value.trim() === '') return accept('');
    const checked = checkBaseUrl(value.trim());
    return checked.problem === undefined ? accept(checked.url) : reject(checked.problem);
  }, 'must be an https URL or empty'),
  sesMaxSendRate: integerField(
    `must be the account's SES sending rate, an integer from 1 to ${MAX_SES_SEND_RATE} (messages per second)`,
    inRange(1, MAX_SES_SEND_RATE),
  ),
  senderMaxConcurrency: integerField(
    `must be an integer from ${MIN_SENDER_CONCURRENCY} to ${MAX_SENDER_CONCURRENCY} (Lambda's MaximumConcurrency bounds for SQS)`,
    inRange(MIN_SENDER_CONCURRENCY, MAX_SENDER_CONCURRENCY),
  ),
  sesSandbox: booleanField(),
  sesIdentityExists: booleanField(),
  digestTimezone: stringField((value) => {
    const timezone = canonicalTimeZone(value.trim());
    return timezone === undefined ? reject('must be an IANA time zone name such as UTC or Europe/Berlin') : accept(timezone);
  }, 'must be an IANA time zone name such as UTC or Europe/Berlin'),
  sendEmptyDigestTiers: stringField((value) => {
    const named = value.split(',').map((part) => part.trim().toLowerCase()).filter((part) => part !== '');
    const unknown = named.filter((name) => !(TIERS as readonly string[]).includes(name));
    if (unknown.length > 0) return reject(explain(TIER_LIST_EXPECTED, `unknown tier ${unknown.map((name) => `"${name}"`).join(', ')}`));
    // Canonical: each tier once, in TIERS order, so the environment value does not depend on spelling.
    return accept(TIERS.filter((tier) => named.includes(tier)));
  }, TIER_LIST_EXPECTED),
  signUpsPerClientPerHour: integerField(
    `must be an integer from 1 to ${MAX_SIGN_UPS_PER_CLIENT_PER_HOUR} (sign-ups that send an email, per client per hour)`,
    inRange(1, MAX_SIGN_UPS_PER_CLIENT_PER_HOUR),
  ),
  confirmationEmailsPerHour: integerField(
    `must be an integer from 1 to ${MAX_CONFIRMATION_EMAILS_PER_HOUR} (confirmation emails overall per hour)`,
    inRange(1, MAX_CONFIRMATION_EMAILS_PER_HOUR),
  ),
} satisfies Record<StageKey, FieldRule<unknown>>;

/** A key a stage may set: every context key but the stage's own name. */
type StageKey = Exclude<ContextKey, typeof CONTEXT_KEYS.stage>;

/** The validated values of a stage, one per key, typed by the keys' rules. */
type StageValues = { readonly [K in StageKey]: FieldValue<(typeof STAGE_FIELDS)[K]> };

// The same table seen per key, so a key's rule and its value's type stay related when K is generic.
const FIELD_RULES: { readonly [K in StageKey]: FieldRule<StageValues[K]> } = STAGE_FIELDS;
const STAGE_KEYS = Object.keys(FIELD_RULES).filter((key): key is StageKey => key in FIELD_RULES);

/**
 * A rule between keys: checked once the keys it reads are valid, its problem reported at `key` (where
 * the operator fixes it) with the others.
 */
interface CrossFieldRule {
  readonly key: StageKey;
  readonly check: (values: Partial<StageValues>, stage: string) => string | undefined;
}

const CROSS_FIELD_RULES: readonly CrossFieldRule[] = [
  {
    key: 'removalPolicy',
    check: ({ production, removalPolicy }, stage) =>
      production === true && removalPolicy === 'destroy'
        ? `cannot be "destroy" for stage "${stage}": it is marked production, so its data must be retained`
        : undefined,
  },
  {
    key: 'alarmEmail',
    check: ({ production, alarmEmail }, stage) =>
      production === true && alarmEmail === ''
        ? `is required for stage "${stage}": it is marked production, and its alarms must reach someone (set it in cdk.json under "${STAGES_KEY}")`
        : undefined,
  },
  {
    key: 'senderEmail',
    check: ({ production, senderEmail }, stage) =>
      production === true && senderEmail !== undefined && isReservedDomain(domainOf(senderEmail))
        ? `must be a real address for stage "${stage}" (marked production): "${senderEmail}" is at a reserved domain (RFC 2606) that SES can never verify`
        : undefined,
  },
  {
    key: 'senderEmail',
    check: ({ senderDomain, senderEmail }) =>
      senderDomain !== undefined && senderDomain !== '' && senderEmail !== undefined && domainOf(senderEmail) !== senderDomain
        ? `must be an address at the "${CONTEXT_KEYS.senderDomain}" "${senderDomain}" (the identity SES verifies and the sending permission names); got "${senderEmail}"`
        : undefined,
  },
];

/** A raw context value and the path it was given at. */
interface Given {
  readonly path: string;
  readonly value: unknown;
}

/** The stage's name: given with -c, else the default. */
function readStageName(source: ContextSource, problems: ConfigProblem[]): string | undefined {
  const raw = source.tryGetContext(CONTEXT_KEYS.stage);
  const value = raw === undefined || raw === null ? CONTEXT_DEFAULTS.stage : raw;
  const stage = readString(value);
  if (stage !== undefined && STAGE_NAME.test(stage)) return stage;
  problems.push({ path: CONTEXT_KEYS.stage, message: `${STAGE_NAME_EXPECTED}; got ${show(value)}` });
  return undefined;
}

/** Where each key's value comes from: -c wins, then the stage's committed value, then the default. */
function contextLookup(source: ContextSource, stage: string | undefined, committed: Record<string, unknown>): (key: StageKey) => Given {
  const given = (value: unknown): boolean => value !== undefined && value !== null;
  return (key) => {
    const value = source.tryGetContext(key);
    if (given(value)) return { path: key, value };
    if (given(committed[key])) return { path: `${STAGES_KEY}.${stage ?? ''}.${key}`, value: committed[key] };
    return { path: key, value: CONTEXT_DEFAULTS[key] };
  };
}

/** Every key through its rule: the valid values, and a problem for each invalid one. */
function readFields(lookup: (key: StageKey) => Given, problems: ConfigProblem[]): Partial<StageValues> {
  const values: { -readonly [K in StageKey]?: StageValues[K] } = {};
  const readField = <K extends StageKey>(key: K): void => {
    const { path, value } = lookup(key);
    const outcome = FIELD_RULES[key].parse(value);
    if (outcome.ok) values[key] = outcome.value;
    else problems.push({ path, message: `${outcome.problem}; got ${show(value)}` });
  };
  STAGE_KEYS.forEach(readField);
  return values;
}

function crossFieldProblems(values: Partial<StageValues>, stage: string, lookup: (key: StageKey) => Given): ConfigProblem[] {
  return CROSS_FIELD_RULES.flatMap((rule) => {
    const message = rule.check(values, stage);
    return message === undefined ? [] : [{ path: lookup(rule.key).path, message }];
  });
}

function isComplete(values: Partial<StageValues>): values is StageValues {
  return STAGE_KEYS.every((key) => values[key] !== undefined);
}

/** The app's view of valid values: grouped by concern, "not set" as undefined, derived values added. */
function toConfig(stage: string, values: StageValues): CareerwireConfig {
  const optional = (value: string): string | undefined => (value === '' ? undefined : value);
  const sesRate = values.sesSandbox ? SES_SANDBOX_RATE : values.sesMaxSendRate;
  return {
    stage,
    production: values.production,
    removalPolicy: values.removalPolicy === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    deletionProtection: values.removalPolicy === 'retain',
    logRetention: values.logRetentionDays,
    logLevel: values.logLevel,
    apiThrottle: { rateLimit: values.apiThrottleRateLimit, burstLimit: values.apiThrottleBurstLimit },
    alarmEmail: optional(values.alarmEmail),
    jobFeeds: values.jobFeeds,
    mail: { senderEmail: values.senderEmail, senderDomain: optional(values.senderDomain), identityExists: values.sesIdentityExists },
    publicBaseUrl: optional(values.publicBaseUrl),
    signUps: { perClientPerHour: values.signUpsPerClientPerHour, confirmationEmailsPerHour: values.confirmationEmailsPerHour },
    digests: {
      timezone: values.digestTimezone,
      sendEmptyTiers: values.sendEmptyDigestTiers,
      sesMaxSendRate: values.sesMaxSendRate,
      senderMaxConcurrency: values.senderMaxConcurrency,
      sesSandbox: values.sesSandbox,
      senders: digestSenders(sesRate, values.senderMaxConcurrency),
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The committed values of `stage` from context "stages", checked: an object of stage names, each an
 * object of known keys (a typo would otherwise fall back to a default unseen). With no "stages" at
 * all, every value comes from -c or the defaults.
 */
function readStageValues(stages: unknown, stage: string | undefined, problems: ConfigProblem[]): Record<string, unknown> {
  if (stages === undefined || stages === null) return {};
  if (!isRecord(stages)) {
    problems.push({ path: STAGES_KEY, message: `must be an object of stages by name (cdk.json); got ${show(stages)}` });
    return {};
  }
  for (const [name, values] of Object.entries(stages)) {
    problems.push(...stageEntryProblems(name, values));
  }
  if (stage === undefined) return {};
  const values = stages[stage];
  if (values === undefined) {
    problems.push({
      path: CONTEXT_KEYS.stage,
      message: `is "${stage}", which cdk.json does not define (stages: ${Object.keys(stages).join(', ')}): add it under "${STAGES_KEY}" or fix the name`,
    });
    return {};
  }
  return isRecord(values) ? values : {};
}

/** What is wrong with one stage of "stages": its name, its shape, keys no rule knows. */
function stageEntryProblems(name: string, values: unknown): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (!STAGE_NAME.test(name)) {
    problems.push({ path: STAGES_KEY, message: `names a stage "${name}": stage names are 1-20 characters of a-z, 0-9 and "-", starting with a letter` });
  }
  const path = `${STAGES_KEY}.${name}`;
  if (!isRecord(values)) return [...problems, { path, message: `must be an object of context values; got ${show(values)}` }];
  const known: readonly string[] = STAGE_KEYS;
  const unknown = Object.keys(values).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    problems.push({ path, message: `has unknown key ${unknown.map((key) => `"${key}"`).join(', ')} (known: ${known.join(', ')})` });
  }
  return problems;
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

/**
 * One address, no display name: what SES takes as FromEmailAddress and as an email identity. The
 * subscribers' rules (lambdas/shared/email.ts); reserved domains pass here, and production refuses
 * them below with its own message.
 */
function isEmailAddress(value: string): boolean {
  try {
    normaliseEmail(value, { reservedDomains: true });
    return true;
  } catch {
    return false;
  }
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

/** The canonical IANA name of a time zone Intl knows (EventBridge Scheduler takes IANA names), or undefined. */
function canonicalTimeZone(value: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(value)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
