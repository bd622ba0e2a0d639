/**
 * The typed runtime configuration of each function, read from an environment in one place (the names
 * are in shared/env.ts). A reader reports every missing or bad variable at once, in one ConfigError,
 * so a template with three mistakes fails its first cold start with all three, not one per deploy.
 * The entries read process.env; the local stack reads an environment it builds itself.
 */
import { parseFeedList, type FeedConfig } from '../jobs/feed-list';
import { parseAddressClasses, type AddressClass } from '../jobs/redirects';
import { parseSendRates } from '../alerts/rate-limiter';
import { ALERT_ENV, ConfigError, ENV, SIGN_UP_ENV, SUBSCRIPTION_ENV } from '../shared/env';
import { SIGN_UP_LIMITS } from '../shared/limits';
import type { SecretSource } from '../shared/secrets';
import type { MailConfig } from '../shared/ses';
import {
  DeliveriesTable,
  FeedsTable,
  GuidesTable,
  JobsTable,
  RateLimitsTable,
  RunsTable,
  SubscribersTable,
  SuppressionsTable,
  type TableDefinition,
} from '../shared/tables';
import { parseBaseUrl } from '../subscriptions/links';
import { TIERS, type Tier } from '../subscriptions/subscriber';

export type { MailConfig } from '../shared/ses';

export type Environment = Readonly<Record<string, string | undefined>>;

/** The sender address when SENDER_EMAIL is unset (the digest sender; aws-ses-v2-local accepts any). */
export const LOCAL_SENDER = 'alerts@careerwire.local';

export interface AlertConfig {
  /** IANA time zone periods are cut in. */
  timezone: string;
  sendEmpty: Partial<Record<Tier, boolean>>;
  baseUrl: string;
  upgradeUrl: string;
}

export interface ApiConfig {
  tables: { guides: string; jobs: string };
  /** The token keys: here they sign page cursors. */
  tokenKeys: SecretSource;
  publicBaseUrl: string;
}

export interface SubscriptionsConfig {
  tables: { guides: string; jobs: string; subscribers: string; deliveries: string; suppressions: string; rateLimits: string };
  /** The token keys, which sign the subscription links. */
  tokenKeys: SecretSource;
  publicBaseUrl: string;
  mail: MailConfig;
  signUpLimits: { perClient: number; confirmationEmails: number };
}

export interface AdminConfig {
  tables: { guides: string; jobs: string; runs: string; subscribers: string };
  /** The operators' key: its value (the local stack) or its secret (AWS). */
  adminKey: { value: string } | SecretSource;
  plannerFunctionName: string;
}

export interface DigestPlannerConfig {
  tables: { subscribers: string; jobs: string; runs: string };
  alerts: AlertConfig;
  queueUrls: Record<Tier, string>;
  /** This function, which invokes itself with where it stopped. */
  functionName: string;
}

export interface DigestSenderConfig {
  tables: { subscribers: string; jobs: string; runs: string; deliveries: string; guides: string; suppressions: string };
  alerts: AlertConfig;
  tokenKeys: SecretSource;
  mail: MailConfig;
  /** This instance's share of the SES rate per tier, per second. */
  sendRates: Record<Tier, number>;
}

export interface FeedbackConfig {
  tables: { subscribers: string; suppressions: string };
}

export interface IngestConfig {
  tables: { guides: string };
  contentBucket: string;
}

export interface JobSyncConfig {
  tables: { guides: string; jobs: string; feeds: string };
  feeds: FeedConfig[];
  /** Address classes a feed's redirect may lead to besides public ones (empty in AWS). */
  redirectsAllow: AddressClass[];
}

/** Reads variables, collecting problems instead of throwing at the first. */
class Reader {
  private readonly problems: string[] = [];

  constructor(private readonly env: Environment) {}

  optional(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value;
  }

  required(name: string): string {
    const value = this.optional(name);
    if (value === undefined) this.problems.push(`missing required environment variable ${name}`);
    return value ?? '';
  }

  table(definition: TableDefinition): string {
    return this.required(definition.envVar);
  }

  /** `parse(raw)` of a variable (undefined when unset); a parse error becomes a problem naming the variable. */
  parsed<T>(name: string, raw: string | undefined, parse: (raw: string) => T, fallback: T): T {
    if (raw === undefined) return fallback;
    try {
      return parse(raw);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.problems.push(message.startsWith(name) ? message : `${name}: ${message}`);
      return fallback;
    }
  }

  int(name: string, fallback: number): number {
    return this.parsed(name, this.optional(name), (raw) => {
      const value = Number(raw);
      if (!Number.isInteger(value) || value < 0) throw new Error(`environment variable ${name} must be a non-negative integer, got "${raw}"`);
      return value;
    }, fallback);
  }

  /** TOKEN_KEYS_FILE (the local stack) wins over TOKEN_SECRET_ARN (AWS); one of them is required. */
  tokenKeys(): SecretSource {
    const file = this.optional(SUBSCRIPTION_ENV.tokenKeysFile);
    return file !== undefined ? { file } : { secretId: this.required(SUBSCRIPTION_ENV.tokenSecretArn) };
  }

  baseUrl(): string {
    const name = SUBSCRIPTION_ENV.publicBaseUrl;
    return this.parsed(name, this.required(name) || undefined, parseBaseUrl, '');
  }

  mail(fallbackFrom?: string): MailConfig {
    const configurationSet = this.optional(SUBSCRIPTION_ENV.sesConfigurationSet);
    const from = fallbackFrom === undefined ? this.required(SUBSCRIPTION_ENV.senderEmail) : (this.optional(SUBSCRIPTION_ENV.senderEmail) ?? fallbackFrom);
    return { from, ...(configurationSet !== undefined ? { configurationSet } : {}) };
  }

  alerts(): AlertConfig {
    const timezone = this.parsed(ALERT_ENV.digestTimezone, this.optional(ALERT_ENV.digestTimezone) ?? 'UTC', (zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
      } catch {
        throw new Error(`${ALERT_ENV.digestTimezone} is not an IANA time zone: "${zone}"`);
      }
      return zone;
    }, 'UTC');
    const sendEmpty = this.parsed(ALERT_ENV.sendEmptyTiers, this.optional(ALERT_ENV.sendEmptyTiers), parseTiers, {});
    const baseUrl = this.baseUrl();
    return { timezone, sendEmpty, baseUrl, upgradeUrl: this.optional(ALERT_ENV.upgradeUrl) ?? `${baseUrl}/plus` };
  }

  /** The configuration, or one ConfigError with every problem found. */
  done<T>(config: T): T {
    if (this.problems.length > 0) throw new ConfigError(`configuration: ${this.problems.join('; ')}`, this.problems);
    return config;
  }
}

function parseTiers(raw: string): Partial<Record<Tier, boolean>> {
  const tiers: Partial<Record<Tier, boolean>> = {};
  for (const word of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    const tier = TIERS.find((t) => t === word);
    if (tier === undefined) throw new Error(`${ALERT_ENV.sendEmptyTiers}: unknown tier "${word}"`);
    tiers[tier] = true;
  }
  return tiers;
}

export function readApiConfig(env: Environment): ApiConfig {
  const r = new Reader(env);
  return r.done({
    tables: { guides: r.table(GuidesTable), jobs: r.table(JobsTable) },
    tokenKeys: r.tokenKeys(),
    publicBaseUrl: r.baseUrl(),
  });
}

export function readSubscriptionsConfig(env: Environment): SubscriptionsConfig {
  const r = new Reader(env);
  return r.done({
    tables: {
      guides: r.table(GuidesTable),
      jobs: r.table(JobsTable),
      subscribers: r.table(SubscribersTable),
      deliveries: r.table(DeliveriesTable),
      suppressions: r.table(SuppressionsTable),
      rateLimits: r.table(RateLimitsTable),
    },
    tokenKeys: r.tokenKeys(),
    publicBaseUrl: r.baseUrl(),
    mail: r.mail(),
    signUpLimits: {
      perClient: r.int(SIGN_UP_ENV.perClientPerHour, SIGN_UP_LIMITS.perClientPerWindow),
      confirmationEmails: r.int(SIGN_UP_ENV.confirmationEmailsPerHour, SIGN_UP_LIMITS.confirmationEmailsPerWindow),
    },
  });
}

export function readAdminConfig(env: Environment): AdminConfig {
  const r = new Reader(env);
  const value = r.optional(ENV.adminApiKey);
  return r.done({
    tables: { guides: r.table(GuidesTable), jobs: r.table(JobsTable), runs: r.table(RunsTable), subscribers: r.table(SubscribersTable) },
    adminKey: value !== undefined ? { value } : { secretId: r.required(ENV.adminApiKeySecretArn) },
    plannerFunctionName: r.required(ALERT_ENV.plannerFunctionName),
  });
}

export function readDigestPlannerConfig(env: Environment): DigestPlannerConfig {
  const r = new Reader(env);
  return r.done({
    tables: { subscribers: r.table(SubscribersTable), jobs: r.table(JobsTable), runs: r.table(RunsTable) },
    alerts: r.alerts(),
    queueUrls: { plus: r.required(ALERT_ENV.digestQueueUrls.plus), free: r.required(ALERT_ENV.digestQueueUrls.free) },
    // Set by Lambda itself.
    functionName: r.required('AWS_LAMBDA_FUNCTION_NAME'),
  });
}

export function readDigestSenderConfig(env: Environment): DigestSenderConfig {
  const r = new Reader(env);
  return r.done({
    tables: {
      subscribers: r.table(SubscribersTable),
      jobs: r.table(JobsTable),
      runs: r.table(RunsTable),
      deliveries: r.table(DeliveriesTable),
      guides: r.table(GuidesTable),
      suppressions: r.table(SuppressionsTable),
    },
    alerts: r.alerts(),
    tokenKeys: r.tokenKeys(),
    mail: r.mail(LOCAL_SENDER),
    // SES's production starting rate; the stack sets each sender's share.
    sendRates: r.parsed(ALERT_ENV.sendRatePerSecond, r.optional(ALERT_ENV.sendRatePerSecond) ?? '14', parseSendRates, { plus: 14, free: 14 }),
  });
}

export function readFeedbackConfig(env: Environment): FeedbackConfig {
  const r = new Reader(env);
  return r.done({ tables: { subscribers: r.table(SubscribersTable), suppressions: r.table(SuppressionsTable) } });
}

export function readIngestConfig(env: Environment): IngestConfig {
  const r = new Reader(env);
  return r.done({ tables: { guides: r.table(GuidesTable) }, contentBucket: r.required(ENV.contentBucket) });
}

export function readJobSyncConfig(env: Environment): JobSyncConfig {
  const r = new Reader(env);
  return r.done({
    tables: { guides: r.table(GuidesTable), jobs: r.table(JobsTable), feeds: r.table(FeedsTable) },
    feeds: r.parsed(ENV.jobFeeds, r.optional(ENV.jobFeeds), parseFeedList, []),
    redirectsAllow: r.parsed(ENV.jobFeedRedirectsAllow, r.optional(ENV.jobFeedRedirectsAllow), parseAddressClasses, []),
  });
}
