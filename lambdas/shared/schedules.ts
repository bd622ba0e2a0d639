/**
 * Every schedule, defined once: CDK turns these into EventBridge rules/schedules, the local stack
 * runs the same cadence in-process.
 */
export interface RateSchedule {
  /** EventBridge expression, as deployed. */
  expression: string;
  /** The same cadence in milliseconds, for the local stack's timer. */
  everyMs: number;
  description: string;
}

export const JOB_SYNC_SCHEDULE: RateSchedule = {
  // Job boards ask consumers of their feeds to poll at most hourly.
  expression: 'rate(1 hour)',
  everyMs: 60 * 60 * 1000,
  description: 'Fetch every configured job feed and upsert its jobs',
};

/** An EventBridge Scheduler cron schedule: six fields (minute hour day-of-month month day-of-week year). */
export interface CronSchedule {
  expression: string;
  /** IANA time zone the expression is evaluated in, and the one the digest periods are cut in. */
  timezone: string;
  description: string;
}

/**
 * The digest schedules. Plus: every day; Free: every Monday (ISO weeks start on Monday). CDK context
 * (plusDigestCron, freeDigestCron, digestTimezone) may override them; the local stack runs these.
 */
export const DIGEST_SCHEDULES = {
  plus: { expression: 'cron(0 7 * * ? *)', timezone: 'UTC', description: 'Daily job-alert digests for Plus subscribers' },
  free: { expression: 'cron(0 7 ? * MON *)', timezone: 'UTC', description: 'Weekly job-alert digests for Free subscribers' },
} as const satisfies Record<'plus' | 'free', CronSchedule>;
