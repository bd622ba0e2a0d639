/**
 * Environment variable names: CDK sets them on the functions, and lambdas/app/config.ts reads each
 * function's typed configuration from them in one place. The local stack builds its configuration
 * itself, with these names only for what a developer may override.
 */
export const ENV = {
  guidesTable: 'GUIDES_TABLE',
  contentBucket: 'CONTENT_BUCKET',
  /** Comma-separated feed URLs, each optionally `name=url` (job-sync, and the local stack). */
  jobFeeds: 'JOB_FEEDS',
  /**
   * Address classes a feed's redirect may lead to besides public ones, comma-separated (see
   * lambdas/jobs/redirects.ts). The local stack sets `loopback`; never set in AWS.
   */
  jobFeedRedirectsAllow: 'JOB_FEED_REDIRECTS_ALLOW',
  /** ARN of the Secrets Manager secret holding the admin API key (admin function in AWS). */
  adminApiKeySecretArn: 'ADMIN_API_KEY_SECRET_ARN',
  // Local stack (and CLI beside it): see the README, "The local stack".
  apiPort: 'API_PORT',
  dynamodbPort: 'DYNAMODB_PORT',
  sesPort: 'SES_PORT',
  dataDir: 'DATA_DIR',
  adminApiKey: 'ADMIN_API_KEY',
} as const;

/** A configuration that cannot run: every problem found, one per entry of `problems`. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: readonly string[];
  constructor(message: string, problems: readonly string[] = [message]) {
    super(message);
    this.problems = problems;
  }
}

/** A non-negative integer variable, or `fallback` when unset (the local stack's ports). */
export function intEnv(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new ConfigError(`environment variable ${name} must be a non-negative integer, got "${raw}"`);
  }
  return value;
}

/** Subscriptions (api, admin and feedback functions; the local stack sets the local equivalents). */
export const SUBSCRIPTION_ENV = {
  /** ARN of the Secrets Manager secret holding the token keys: {"current":{"id","key"},"previous"?:{...}}. */
  tokenSecretArn: 'TOKEN_SECRET_ARN',
  /** Local stack only: path of the generated token key file (same JSON) in DATA_DIR. */
  tokenKeysFile: 'TOKEN_KEYS_FILE',
  /** Absolute base URL of links in emails and pages (https in AWS; the API URL locally). */
  publicBaseUrl: 'PUBLIC_BASE_URL',
  /** The verified SES identity mail is sent from (default locally: alerts@careerwire.local). */
  senderEmail: 'SENDER_EMAIL',
  /** SES configuration set whose event destination publishes bounces and complaints (optional). */
  sesConfigurationSet: 'SES_CONFIGURATION_SET',
} as const;

/** Alert digests (planner and sender functions; the local stack runs the same code in-process). */
export const ALERT_ENV = {
  /** SQS queues the planner fills with digest messages, one per tier. */
  digestQueueUrls: { plus: 'PLUS_DIGEST_QUEUE_URL', free: 'FREE_DIGEST_QUEUE_URL' },
  /** IANA time zone periods are cut in (the schedules' zone). Default UTC. */
  digestTimezone: 'DIGEST_TIMEZONE',
  /**
   * This sender instance's share of the account's SES rate per tier, per second ("plus=4.725,free=1.575";
   * one number for both): its tier's share ÷ its queue's maximum concurrency.
   */
  sendRatePerSecond: 'SEND_RATE_PER_SECOND',
  /** "true" when the account is in the SES sandbox: rejections of unverified recipients are expected. */
  sesSandbox: 'SES_SANDBOX',
  /** Tiers that get a digest even when nothing matched, comma-separated (default: none). */
  sendEmptyTiers: 'SEND_EMPTY_DIGEST_TIERS',
  /** Where Free digests point for Plus (daily digests). Default: PUBLIC_BASE_URL + /plus. */
  upgradeUrl: 'PLUS_UPGRADE_URL',
  /** The planner function, which the admin API invokes to start a run (AWS). */
  plannerFunctionName: 'PLANNER_FUNCTION_NAME',
} as const;

/** Sign-up abuse limits (api function); defaults in SIGN_UP_LIMITS. */
export const SIGN_UP_ENV = {
  /** Sign-ups that cost a confirmation email, per client per hour. */
  perClientPerHour: 'SIGN_UPS_PER_CLIENT_PER_HOUR',
  /** Confirmation emails overall per hour. */
  confirmationEmailsPerHour: 'CONFIRMATION_EMAILS_PER_HOUR',
} as const;
