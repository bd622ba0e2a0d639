/**
 * Job feed sync: an EventBridge rule runs the job-sync function on JOB_SYNC_SCHEDULE (hourly), which
 * polls the feeds of the `jobFeeds` context key and upserts their jobs into the Jobs table, keeping
 * per-feed state (ETag, Last-Modified, last counts) in the Feeds table and reading the Guides table to
 * link jobs to guides.
 *
 * An EventBridge rule, not EventBridge Scheduler: a fixed rate needs no time zone or flexible window,
 * the rule invokes the function through a resource policy (Scheduler would need an execution role to
 * grant and review), and its target takes the same retry policy and dead-letter queue. (Time-zoned
 * schedules, such as the alert runs, are where Scheduler earns its role.)
 */
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ENV } from '../../lambdas/shared/env';
import { JOB_SYNC_SCHEDULE } from '../../lambdas/shared/schedules';
import { type CareerwireConfig, jobFeedsValue } from '../config';
import { CareerwireFunction } from '../constructs/careerwire-function';
import type { CareerwireTable } from '../constructs/careerwire-table';
import { APP_METRICS } from '../metrics';
import { PATHS } from '../paths';
import { notifyWhen } from '../constructs/alarms';
import { outputQueues } from '../constructs/queue-outputs';

/**
 * A feed may take ~45 s in the worst case (3 attempts of 15 s plus backoff); five minutes leaves room
 * for several slow feeds and stays far below the hourly period, so two runs never overlap.
 */
export const JOB_SYNC_TIMEOUT = Duration.minutes(5);
export const JOB_SYNC_MEMORY_MB = 512;
/** A scheduled event not delivered within this age is dropped: the next hourly run replaces it. */
export const JOB_SYNC_MAX_EVENT_AGE = Duration.hours(1);
/** Attempts EventBridge makes to deliver the event when the invocation itself fails (throttling, ...). */
export const JOB_SYNC_DELIVERY_RETRIES = 2;

/**
 * A feed that fails once is normal (a board deploying, a timeout) and the next hourly run retries it:
 * the FeedsFailed alarm fires only when a failure is reported in every one of 3 hourly periods in a row.
 */
export const FEEDS_FAILED_ALARM = { period: Duration.hours(1), evaluationPeriods: 3, datapointsToAlarm: 3 } as const;

export interface JobsStackProps extends StackProps {
  readonly config: CareerwireConfig;
  readonly jobsTable: CareerwireTable;
  readonly feedsTable: CareerwireTable;
  readonly guidesTable: CareerwireTable;
  readonly alarmTopic: sns.ITopic;
}

export class JobsStack extends Stack {
  readonly jobSyncFunction: CareerwireFunction;
  readonly schedule: events.Rule;
  /** Scheduled events EventBridge could not deliver, and runs that failed. */
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: JobsStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.jobSyncFunction = new CareerwireFunction(this, 'JobSync', {
      entry: PATHS.jobSyncEntry,
      serviceName: 'careerwire-job-sync',
      description: `careerwire ${config.stage}: polls the configured job feeds and upserts their jobs`,
      memorySize: JOB_SYNC_MEMORY_MB,
      timeout: JOB_SYNC_TIMEOUT,
      logLevel: config.logLevel,
      logRetention: config.logRetention,
      logRemovalPolicy: config.removalPolicy,
      // Empty when no feed is configured: the function then logs that and does nothing.
      environment: { [ENV.jobFeeds]: jobFeedsValue(config.jobFeeds) },
      // No Lambda retry of a failed run: it would poll the feeds again within the hour, which job
      // boards ask consumers not to do. The failed event goes to the DLQ (and alarms); the next
      // hourly run is the retry.
      deadLetters: {
        alarm: {
          description: 'A scheduled job sync was not delivered or failed: its event is in the job-sync dead-letter queue.',
          topic: props.alarmTopic,
        },
      },
      retryAttempts: 0,
      maxEventAge: JOB_SYNC_MAX_EVENT_AGE,
    });
    this.deadLetterQueue = this.jobSyncFunction.deadLetterQueue;
    // Content hashes read in batches and changed jobs written in batches; a feed's state read and
    // written whole; guides' role titles from the listing index (to link jobs).
    this.jobSyncFunction
      .bindTable(props.jobsTable.table, props.jobsTable.definition, { table: ['BatchGetItem', 'BatchWriteItem'] })
      .bindTable(props.feedsTable.table, props.feedsTable.definition, { table: ['GetItem', 'PutItem'] })
      .bindTable(props.guidesTable.table, props.guidesTable.definition, { table: [], indexes: ['Query'] });

    this.schedule = new events.Rule(this, 'JobSyncSchedule', {
      description: `careerwire ${config.stage}: ${JOB_SYNC_SCHEDULE.description}`,
      schedule: events.Schedule.expression(JOB_SYNC_SCHEDULE.expression),
      targets: [
        new targets.LambdaFunction(this.jobSyncFunction.function, {
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts: JOB_SYNC_DELIVERY_RETRIES,
          maxEventAge: JOB_SYNC_MAX_EVENT_AGE,
        }),
      ],
    });

    this.addAlarms(props.alarmTopic);
    outputQueues(this);
  }

  private addAlarms(topic: sns.ITopic): void {
    notifyWhen(this, 'JobSyncErrorsAlarm', {
      description: 'The job-sync function threw or timed out (one failing feed does not make it throw).',
      metric: this.jobSyncFunction.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      topic,
    });
    // Missing data (no run in an hour) is not a feed failure: the DLQ and errors alarms above cover it.
    notifyWhen(this, 'FeedsFailedAlarm', {
      description: `A job feed failed in each of the last ${FEEDS_FAILED_ALARM.evaluationPeriods} hourly syncs: its jobs are going stale. The job-sync log entries "feed synced" with status "failed" name the feed and the error.`,
      metric: this.jobSyncFunction.serviceMetric(APP_METRICS.jobSync.feedsFailed, { period: FEEDS_FAILED_ALARM.period }),
      evaluationPeriods: FEEDS_FAILED_ALARM.evaluationPeriods,
      datapointsToAlarm: FEEDS_FAILED_ALARM.datapointsToAlarm,
      topic,
    });
  }
}
