/**
 * Scheduled alert digests:
 *
 *   EventBridge Scheduler (both tiers hourly, UTC; each run delivers to the zones whose local time is 07:xx)
 *     -> digest-planner λ (15 min; continues itself, resumes its run when retried)
 *     -> the tier's digest queue (SQS, Plus and Free apart, one DLQ after 5 failed receives)
 *     -> digest-sender λ (one SQS event source per queue, partial batch responses, MaximumConcurrency)
 *     -> SES v2
 *
 * Each tier's senders and their rate are derived from the SES rate (config digestSenders): a share
 * kept for confirmation and welcome emails, Plus most of the rest on its own queue, so a big Free run
 * never delays Plus, and all senders together never exceed the account's rate. Alarms: dead letters,
 * the age of each queue's oldest message, a heartbeat per tier, Scheduler target errors and DLQ
 * failures, SES throttling and deferrals, sender and planner errors, and DigestsFailed.
 */
import { Aws, CfnOutput, Duration, Fn, Stack, type StackProps, TimeZone } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { EventSourceMapping } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { PlannerEvent } from '../../lambdas/alerts/planner-handler';
import { ALERT_ENV, SUBSCRIPTION_ENV } from '../../lambdas/shared/env';
import { ALERT_LIMITS } from '../../lambdas/shared/limits';
import { DIGEST_SCHEDULES } from '../../lambdas/shared/schedules';
import { TIERS, type Tier } from '../../lambdas/subscriptions/subscriber';
import type { CareerwireConfig, DigestSenders } from '../config';
import { CareerwireFunction, DEFAULT_METRICS_NAMESPACE } from '../constructs/careerwire-function';
import type { CareerwireTable } from '../constructs/careerwire-table';
import { APP_METRICS } from '../metrics';
import { notifyWhen } from '../constructs/alarms';
import { alarmOnDeadLetters, deadLetterQueue } from '../constructs/dead-letters';
import { outputQueues } from '../constructs/queue-outputs';
import { ALERTS_OUTPUTS } from '../ops/outputs';
import { PATHS } from '../paths';
import type { MailStack } from './mail-stack';

/**
 * One SQS message per sender invocation. A message already carries 25 subscribers (25 SES sends at
 * the sender's share of the rate), so an invocation's overhead is spread over 25 sends; throughput is
 * set by MaximumConcurrency × SEND_RATE_PER_SECOND, not by the batch size. One message keeps the
 * worst case of an invocation (25 sends at as little as 1/s, plus throttling backoff) well inside the
 * timeout, and a crash or timeout puts back only that message.
 */
export const DIGEST_BATCH_SIZE = 1;
/**
 * The sender's timeout: one message's 25 sends at the slowest tier's rate, half again for SES's
 * latency, at least 2 minutes (Lambda's 15 at most: the SES sandbox's 1/s over 4 senders is ~5 min).
 * SES throttling no longer waits inside an invocation: the message comes back later.
 */
export function senderTimeout(senders: DigestSenders): Duration {
  const slowest = Math.min(senders.plus.ratePerSecond, senders.free.ratePerSecond);
  const seconds = Math.ceil((ALERT_LIMITS.subscribersPerMessage / slowest) * 1.5) + 30;
  return Duration.seconds(Math.min(900, Math.max(120, seconds)));
}
/**
 * Lambda's guidance for SQS sources: a visibility timeout of at least 6 × the function timeout, so
 * retries of throttled polls cannot make a message visible while an invocation still holds it. It is
 * also longer than a ledger claim's lease (5 minutes): a redelivered message finds a dead sender's
 * claim expired.
 */
export const digestVisibilityTimeout = (timeout: Duration): Duration => Duration.seconds(Math.min(43_200, timeout.toSeconds() * 6));
/** Receives before a digest message goes to the dead-letter queue (deferrals for SES never get there). */
export const DIGEST_MAX_RECEIVE_COUNT = ALERT_LIMITS.maxReceives;
/** How long an undelivered digest message is kept: SQS's longest, to outlast a long SES pause. */
export const DIGEST_RETENTION = Duration.days(14);
/** Lambda's longest timeout; the planner hands over to a fresh invocation before it runs out. */
export const PLANNER_TIMEOUT = Duration.minutes(15);
/** A schedule or continuation event not handled within an hour goes to the planner dead-letter queue. */
export const PLANNER_MAX_EVENT_AGE = Duration.hours(1);
/** Attempts Scheduler makes when invoking the planner fails (throttling, service errors). */
export const SCHEDULE_RETRY_ATTEMPTS = 3;
/** Namespace and name of the metric the sender emits (Powertools EMF) for digests it could not send. */
export const DIGESTS_FAILED_METRIC = { namespace: DEFAULT_METRICS_NAMESPACE, metricName: APP_METRICS.digestSender.failed } as const;

export interface AlertsStackProps extends StackProps {
  readonly config: CareerwireConfig;
  readonly subscribersTable: CareerwireTable;
  readonly suppressionsTable: CareerwireTable;
  readonly deliveriesTable: CareerwireTable;
  readonly runsTable: CareerwireTable;
  readonly jobsTable: CareerwireTable;
  readonly guidesTable: CareerwireTable;
  readonly tokenKeysSecret: secretsmanager.ISecret;
  /** Base URL of links in digests (PUBLIC_BASE_URL). */
  readonly publicBaseUrl: string;
  readonly mail: MailStack;
  readonly alarmTopic: sns.ITopic;
}

/**
 * Scheduler's Lambda target with an exact grant: lambda:InvokeFunction on the unqualified function
 * ARN (the base class would also grant `<arn>:*`, every version and alias).
 */
class InvokeUnqualified extends targets.LambdaInvoke {
  constructor(
    private readonly target: lambda.IFunction,
    props: targets.ScheduleTargetBaseProps,
  ) {
    super(target, props);
  }

  protected override addTargetActionToRole(role: iam.IRole): void {
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.target.functionArn] }));
  }
}

export class AlertsStack extends Stack {
  /** One queue per tier, so Plus never waits behind a Free run. */
  readonly digestQueues: Readonly<Record<Tier, sqs.Queue>>;
  readonly digestDeadLetterQueue: sqs.Queue;
  readonly sender: CareerwireFunction;
  readonly planner: CareerwireFunction;
  /** Schedule events Scheduler could not deliver, and planner invocations that failed every attempt. */
  readonly plannerDeadLetterQueue: sqs.Queue;
  /** Assumed by EventBridge Scheduler to invoke the planner. */
  readonly schedulerRole: iam.Role;
  readonly schedules: Readonly<Record<Tier, scheduler.Schedule>>;
  /** The delivery-health alarms (queue ages, heartbeats, Scheduler, SES, DynamoDB throttles), for the dashboard. */
  readonly healthAlarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlertsStackProps) {
    super(scope, id, props);
    const { config } = props;
    const digestEnvironment = {
      [ALERT_ENV.digestTimezone]: config.digests.timezone,
      [ALERT_ENV.sendEmptyTiers]: config.digests.sendEmptyTiers.join(','),
      [SUBSCRIPTION_ENV.publicBaseUrl]: props.publicBaseUrl,
    };

    this.digestDeadLetterQueue = deadLetterQueue(this, 'DigestDeadLetterQueue');
    const { senders } = config.digests;
    const timeout = senderTimeout(senders);
    const queue = (id: string) =>
      new sqs.Queue(this, id, {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        visibilityTimeout: digestVisibilityTimeout(timeout),
        retentionPeriod: DIGEST_RETENTION,
        deadLetterQueue: { queue: this.digestDeadLetterQueue, maxReceiveCount: DIGEST_MAX_RECEIVE_COUNT },
      });
    this.digestQueues = { plus: queue('PlusDigestQueue'), free: queue('FreeDigestQueue') };

    this.sender = new CareerwireFunction(this, 'DigestSender', {
      entry: PATHS.digestSenderEntry,
      serviceName: 'careerwire-digest-sender',
      description: `careerwire ${config.stage}: sends the digests of one queue message (25 subscribers) through SES`,
      memorySize: 512,
      timeout,
      logLevel: config.logLevel,
      logRetention: config.logRetention,
      logRemovalPolicy: config.removalPolicy,
      environment: {
        ...digestEnvironment,
        [ALERT_ENV.sendRatePerSecond]: `plus=${senders.plus.ratePerSecond},free=${senders.free.ratePerSecond}`,
        ...(config.digests.sesSandbox ? { [ALERT_ENV.sesSandbox]: 'true' } : {}),
        [SUBSCRIPTION_ENV.tokenSecretArn]: props.tokenKeysSecret.secretArn,
      },
    });
    this.sender
      // A message's subscribers read fresh, then each one's watermark advanced.
      .bindTable(props.subscribersTable.table, props.subscribersTable.definition, { table: ['BatchGetItem', 'UpdateItem'] })
      // The ledger: claim (conditional put), read a claim, finish, release.
      .bindTable(props.deliveriesTable.table, props.deliveriesTable.definition, { table: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'] })
      .bindTable(props.runsTable.table, props.runsTable.definition, { table: ['UpdateItem'] }) // counters
      .bindTable(props.suppressionsTable.table, props.suppressionsTable.definition, { table: ['GetItem'] })
      .bindTable(props.jobsTable.table, props.jobsTable.definition, { table: [], indexes: ['Query'] }) // the period's jobs
      .bindTable(props.guidesTable.table, props.guidesTable.definition, { table: ['GetItem'] }); // each matched job's guide
    this.sender.grantSecretValue(props.tokenKeysSecret);
    props.mail.bindSender(this.sender);
    for (const tier of TIERS) {
      this.sender.function.addEventSource(
        new SqsEventSource(this.digestQueues[tier], {
          batchSize: DIGEST_BATCH_SIZE,
          reportBatchItemFailures: true,
          maxConcurrency: senders[tier].concurrency,
        }),
      );
    }
    // A message deferred for SES on its last receive but one goes back as a fresh copy (SendMessage);
    // ChangeMessageVisibility comes with the event source's own grant.
    this.sender.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: TIERS.map((tier) => this.digestQueues[tier].queueArn) }),
    );

    this.planner = new CareerwireFunction(this, 'DigestPlanner', {
      entry: PATHS.digestPlannerEntry,
      serviceName: 'careerwire-digest-planner',
      description: `careerwire ${config.stage}: plans one hourly digest run (a tier's subscribers whose local time is 07:xx) into the digest queue`,
      memorySize: 1024,
      timeout: PLANNER_TIMEOUT,
      logLevel: config.logLevel,
      logRetention: config.logRetention,
      logRemovalPolicy: config.removalPolicy,
      environment: {
        ...digestEnvironment,
        [ALERT_ENV.digestQueueUrls.plus]: this.digestQueues.plus.queueUrl,
        [ALERT_ENV.digestQueueUrls.free]: this.digestQueues.free.queueUrl,
      },
      // A failed run is retried (a rerun finishes what is left; the ledger keeps sends single), then
      // kept in the dead-letter queue, which alarms.
      deadLetters: {
        name: 'Planner',
        alarm: {
          description: 'A digest run was not started or failed every attempt: its event waits in the planner dead-letter queue.',
          topic: props.alarmTopic,
        },
      },
      retryAttempts: 2,
      maxEventAge: PLANNER_MAX_EVENT_AGE,
    });
    this.plannerDeadLetterQueue = this.planner.deadLetterQueue;
    this.planner
      .bindTable(props.subscribersTable.table, props.subscribersTable.definition, { table: [], indexes: ['Query'] }) // the audience index
      .bindTable(props.jobsTable.table, props.jobsTable.definition, { table: [], indexes: ['Query'] }) // the candidate jobs
      .bindTable(props.runsTable.table, props.runsTable.definition, { table: ['GetItem', 'PutItem', 'UpdateItem'] });
    // SendMessageBatch is authorised as sqs:SendMessage; the queue URL comes from the environment.
    this.planner.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: TIERS.map((tier) => this.digestQueues[tier].queueArn) }),
    );
    // Continuation: the planner invokes itself. A policy of its own, attached after the function
    // exists: in the role's default policy the function ARN would make role and function depend on
    // each other.
    this.planner.role.attachInlinePolicy(
      new iam.Policy(this, 'PlannerContinuationPolicy', {
        statements: [new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.planner.function.functionArn] })],
      }),
    );

    this.schedulerRole = new iam.Role(this, 'DigestSchedulerRole', {
      description: 'Assumed by EventBridge Scheduler to start digest runs',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        // Confused-deputy guard: only schedules of this account's default group may assume it.
        conditions: {
          StringEquals: {
            'aws:SourceAccount': Aws.ACCOUNT_ID,
            'aws:SourceArn': this.formatArn({ service: 'scheduler', resource: 'schedule-group', resourceName: 'default' }),
          },
        },
      }),
    });
    const schedules: Partial<Record<Tier, scheduler.Schedule>> = {};
    for (const tier of TIERS) {
      // The run's instant is its scheduled time, not the moment the planner starts: a retried or late
      // invocation plans the zones that were due then, and finds the run it started.
      const input: PlannerEvent = { tier, now: scheduler.ContextAttribute.scheduledTime.toString() };
      schedules[tier] = new scheduler.Schedule(this, `${tier === 'plus' ? 'Plus' : 'Free'}DigestSchedule`, {
        description: `careerwire ${config.stage}: ${DIGEST_SCHEDULES[tier].description}`,
        schedule: scheduler.ScheduleExpression.expression(DIGEST_SCHEDULES[tier].expression, TimeZone.of(DIGEST_SCHEDULES[tier].timezone)),
        timeWindow: scheduler.TimeWindow.off(),
        target: new InvokeUnqualified(this.planner.function, {
          role: this.schedulerRole,
          input: scheduler.ScheduleTargetInput.fromObject(input),
          retryAttempts: SCHEDULE_RETRY_ATTEMPTS,
          maxEventAge: PLANNER_MAX_EVENT_AGE,
          deadLetterQueue: this.plannerDeadLetterQueue,
        }),
      });
    }
    this.schedules = schedules as Record<Tier, scheduler.Schedule>;

    new CfnOutput(this, 'PlusDigestQueueUrl', { value: this.digestQueues.plus.queueUrl, description: 'SQS queue of Plus digest messages (25 subscribers each)' });
    new CfnOutput(this, 'FreeDigestQueueUrl', { value: this.digestQueues.free.queueUrl, description: 'SQS queue of Free digest messages (25 subscribers each)' });
    new CfnOutput(this, 'DigestDeadLetterQueueUrl', {
      value: this.digestDeadLetterQueue.queueUrl,
      description: `Digest messages that failed ${DIGEST_MAX_RECEIVE_COUNT} receives; redrive them to the digest queue once the cause is fixed`,
    });
    new CfnOutput(this, 'PlannerDeadLetterQueueUrl', {
      value: this.plannerDeadLetterQueue.queueUrl,
      description: 'Schedule events and planner invocations that failed every attempt; rerun with POST /admin/alerts/run',
    });
    new CfnOutput(this, 'PlannerFunctionName', { value: this.planner.function.functionName, description: 'The digest planner (invoke with {"tier":"plus"|"free","dryRun":true})' });

    this.addAlarms(props.alarmTopic, config.production);
    this.addTableThrottleAlarms(props.alarmTopic, {
      Subscribers: props.subscribersTable,
      Deliveries: props.deliveriesTable,
      Runs: props.runsTable,
      Jobs: props.jobsTable,
    });
    this.addOperatorOutputs();
  }

  /**
   * What the runbook and `careerwire ops pause|resume` act on: the schedules (by group and name), the
   * senders' event source mappings, and every queue's ARN (start-message-move-task takes ARNs).
   * Found by type, so every queue, schedule and sender of this stack is listed.
   */
  private addOperatorOutputs(): void {
    new CfnOutput(this, ALERTS_OUTPUTS.scheduleGroup, { value: 'default', description: 'Scheduler schedule group of the digest schedules' });
    new CfnOutput(this, ALERTS_OUTPUTS.scheduleNames, {
      value: Fn.join(',', Object.values(this.schedules).map((schedule) => schedule.scheduleName)),
      description: 'Digest schedules (comma-separated); pause them with careerwire ops pause',
    });
    const mappings = this.node.findAll().filter((construct): construct is EventSourceMapping => construct instanceof EventSourceMapping);
    new CfnOutput(this, ALERTS_OUTPUTS.senderEventSourceMappings, {
      value: Fn.join(',', mappings.map((mapping) => mapping.eventSourceMappingId)),
      description: 'UUIDs of the digest senders\' SQS event source mappings (comma-separated): aws lambda update-event-source-mapping --uuid <id> --no-enabled',
    });
    outputQueues(this);
  }

  private addAlarms(topic: sns.ITopic, production: boolean): void {
    const atLeastOnce = (id: string, description: string, metric: cloudwatch.IMetric): cloudwatch.Alarm => notifyWhen(this, id, { description, metric, topic });
    const fiveMinutes = { period: Duration.minutes(5) };
    alarmOnDeadLetters(this, 'DigestDeadLettersAlarm', this.digestDeadLetterQueue, {
      description: `Digest messages failed ${DIGEST_MAX_RECEIVE_COUNT} receives and wait in the digest dead-letter queue: their subscribers got no digest.`,
      topic,
    });
    atLeastOnce(
      'DigestSenderErrorsAlarm',
      'The digest sender threw or timed out (failures of single messages are partial batch responses, not errors).',
      this.sender.function.metricErrors({ ...fiveMinutes, statistic: 'Sum' }),
    );
    atLeastOnce('DigestPlannerErrorsAlarm', 'The digest planner threw or timed out.', this.planner.function.metricErrors({ ...fiveMinutes, statistic: 'Sum' }));
    atLeastOnce(
      'DigestsFailedAlarm',
      'SES refused digests permanently (recorded on the ledger and the run): see GET /admin/runs/{id} for the reasons.',
      // Powertools adds the service name as a dimension to every metric it emits.
      this.sender.serviceMetric(DIGESTS_FAILED_METRIC.metricName, fiveMinutes),
    );

    for (const tier of TIERS) {
      const name = tier === 'plus' ? 'Plus' : 'Free';
      this.health(notifyWhen(this, `${name}DigestQueueAgeAlarm`, {
        description: `A ${name} digest message has waited ${DIGEST_QUEUE_AGE_ALARM_HOURS[tier]} h: its subscribers' digests are late (SES paused or throttled, senders failing, the event source disabled). Messages are kept ${DIGEST_RETENTION.toDays()} days.`,
        metric: this.digestQueues[tier].metricApproximateAgeOfOldestMessage({ period: Duration.minutes(15), statistic: 'Maximum' }),
        threshold: DIGEST_QUEUE_AGE_ALARM_HOURS[tier] * 3_600,
        topic,
      }));
    }
    for (const tier of production ? TIERS : []) {
      const name = tier === 'plus' ? 'Plus' : 'Free';
      const beat = DIGEST_HEARTBEATS[tier];
      // No data is the very thing watched for: no digest sent at all.
      this.health(notifyWhen(this, `${name}DigestHeartbeatAlarm`, {
        description: `No ${name} digest was sent for ${beat.periodHours * beat.periods} h: the ${tier} run did not happen or sent nothing (schedule disabled, planner failing, SES paused, or no subscriber matched).`,
        metric: this.sender.serviceMetric(tier === 'plus' ? APP_METRICS.digestSender.plusSent : APP_METRICS.digestSender.freeSent, { period: Duration.hours(beat.periodHours), statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: beat.periods,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
        topic,
      }));
    }
    const scheduler = (metricName: string) =>
      new cloudwatch.Metric({ namespace: 'AWS/Scheduler', metricName, dimensionsMap: { ScheduleGroup: 'default' }, statistic: 'Sum', ...fiveMinutes });
    this.health(atLeastOnce(
      'SchedulerTargetErrorsAlarm',
      'EventBridge Scheduler could not invoke the digest planner (it retries, then sends the event to the planner dead-letter queue).',
      scheduler('TargetErrorCount'),
    ));
    this.health(atLeastOnce(
      'SchedulerDeadLetterFailuresAlarm',
      'EventBridge Scheduler could not put a failed digest schedule event in the planner dead-letter queue: a run was lost. Start it with POST /admin/alerts/run.',
      scheduler('InvocationsFailedToBeSentToDeadLetterCount'),
    ));
    this.health(notifyWhen(this, 'SesThrottledAlarm', {
      description: `SES throttled the digest senders ${SES_THROTTLED_ALARM_PER_15_MIN}+ times in 15 minutes: sesMaxSendRate is above the account's rate, or another sender in the account uses it. Messages come back after a backoff; nothing is lost, but runs are late.`,
      metric: this.sender.serviceMetric(APP_METRICS.digestSender.sesThrottled, { period: Duration.minutes(15), statistic: 'Sum' }),
      threshold: SES_THROTTLED_ALARM_PER_15_MIN,
      topic,
    }));
    this.health(atLeastOnce(
      'SesSendingPausedAlarm',
      'SES sends nothing for the account (24-hour quota used up, sending paused or the account under review): digest messages wait in their queues and are retried hourly. Check aws sesv2 get-account.',
      this.sender.serviceMetric(APP_METRICS.digestSender.deferredPaused, { ...fiveMinutes, statistic: 'Sum' }),
    ));
    this.health(atLeastOnce(
      'SesConfigurationErrorAlarm',
      'SES refused digests for its setup (the SES sandbox and an unverified recipient, an unverified identity or MAIL FROM domain): nothing is spent, the messages are retried hourly; fix the setup or request production access.',
      this.sender.serviceMetric(APP_METRICS.digestSender.deferredConfiguration, { ...fiveMinutes, statistic: 'Sum' }),
    ));
  }

  /** DynamoDB throttling on the tables the digest functions use (on-demand tables throttle past their peaks). */
  private health(alarm: cloudwatch.Alarm): void {
    this.healthAlarms.push(alarm);
  }

  private addTableThrottleAlarms(topic: sns.ITopic, tables: Readonly<Record<string, CareerwireTable>>): void {
    for (const [name, table] of Object.entries(tables)) {
      this.health(notifyWhen(this, `${name}ThrottledAlarm`, {
        description: `DynamoDB throttled requests on the ${name} table: the functions retry, but runs slow down and the API may answer 503.`,
        metric: table.table.metricThrottledRequestsForOperations({ operations: [...THROTTLE_WATCHED_OPERATIONS], period: Duration.minutes(5) }),
        topic,
      }));
    }
  }
}

/** Hours after which the oldest waiting message of a tier's queue is alarmed: a Plus digest is a day's. */
export const DIGEST_QUEUE_AGE_ALARM_HOURS: Readonly<Record<Tier, number>> = { plus: 20, free: 72 };
/**
 * Heartbeats: no digest of the tier sent in `periods` × `periodHours` (Plus: 26 h; Free: 7 days,
 * CloudWatch's longest alarm range), only on stages marked production (a dev stage has no audience).
 */
export const DIGEST_HEARTBEATS: Readonly<Record<Tier, { periodHours: number; periods: number }>> = {
  plus: { periodHours: 1, periods: 26 },
  free: { periodHours: 6, periods: 28 },
};
/** SES throttling answers in 15 minutes that alarm: a message's worth. */
export const SES_THROTTLED_ALARM_PER_15_MIN = 25;
/** DynamoDB operations watched for throttling. */
export const THROTTLE_WATCHED_OPERATIONS = [
  dynamodb.Operation.GET_ITEM,
  dynamodb.Operation.PUT_ITEM,
  dynamodb.Operation.UPDATE_ITEM,
  dynamodb.Operation.DELETE_ITEM,
  dynamodb.Operation.QUERY,
  dynamodb.Operation.BATCH_GET_ITEM,
] as const;
