/**
 * Every schedule, defined once: CDK turns these into EventBridge rules/schedules, the local stack
 * runs the same cadence in-process.
 */
import { knownZones, zoneClock } from './clock';

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
  /** IANA time zone the expression is evaluated in. */
  timezone: string;
  description: string;
}

/**
 * When a digest arrives, in the subscriber's own zone: Plus every day in the hour from 07:00, Free on
 * Monday in that hour (ISO weeks begin on Monday, so a Free digest opens the subscriber's week). The
 * planner, the sender, CDK, the local stack and the tests all read this one definition.
 */
export const DIGEST_DELIVERY = {
  /** Local hour: a run at instant T delivers to the zones whose wall clock shows [hour:00, hour+1:00). */
  hour: 7,
  /** Free digests: this ISO weekday (1 = Monday … 7 = Sunday). */
  freeWeekday: 1,
} as const;

/**
 * The digest schedules: every hour on the hour, UTC, for both tiers. Each run delivers to the zones
 * whose local delivery hour it is, so hourly runs reach every zone once per local day, zones offset
 * by :30 or :45 at 07:30 or 07:45, and a DST day (23 or 25 hours) still has exactly one 07:xx hour.
 */
export const DIGEST_SCHEDULES = {
  plus: { expression: 'cron(0 * * * ? *)', timezone: 'UTC', description: 'Hourly job-alert digests for Plus subscribers whose local time is 07:xx' },
  free: { expression: 'cron(0 * * * ? *)', timezone: 'UTC', description: 'Hourly job-alert digests for Free subscribers whose local time is Monday 07:xx' },
} as const satisfies Record<'plus' | 'free', CronSchedule>;

/** Is a run at `instant` the delivery of a tier in a zone? Throws RangeError for an unknown zone. */
export function deliveryDue(tier: 'plus' | 'free', timeZone: string, instant: Date): boolean {
  const wall = zoneClock(timeZone)(instant);
  return wall.hour === DIGEST_DELIVERY.hour && (tier === 'plus' || wall.weekday === DIGEST_DELIVERY.freeWeekday % 7);
}

/** The zones (of knownZones) whose delivery of a tier is the run at `instant`. */
export function dueZones(tier: 'plus' | 'free', instant: Date): string[] {
  return knownZones().filter((zone) => deliveryDue(tier, zone, instant));
}
