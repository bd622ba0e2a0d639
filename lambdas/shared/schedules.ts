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
