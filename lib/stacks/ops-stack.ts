/**
 * What operators look at: one CloudWatch dashboard per stage over the whole app. It holds no state
 * and nothing depends on it, so it sits last in the dependency order (it reads every other stack) and
 * can be changed or replaced without touching them. The alarms stay next to what they watch, in the
 * other stacks, all notifying the data stack's alarm topic.
 *
 * Rows: API (requests, 4xx, 5xx; latency p50/p99) · Lambda (errors, throttles, duration p99 per
 * function) · ingest and job-sync results · digests (sums per hour and over the range, with a note on
 * per-run counts, and the planner's log of runs) · queues (digest queue and DLQ depth and age, the other DLQs) · SES reputation with
 * the alarm thresholds.
 */
import { Aws, CfnMapping, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { CareerwireConfig } from '../config';
import type { CareerwireFunction } from '../constructs/careerwire-function';
import { TIERS } from '../../lambdas/subscriptions/subscriber';
import { APP_METRICS } from '../metrics';
import type { AlertsStack } from './alerts-stack';
import type { ApiStack } from './api-stack';
import type { IngestStack } from './ingest-stack';
import { FEEDS_FAILED_ALARM, type JobsStack } from './jobs-stack';
import { BOUNCE_RATE_ALARM_THRESHOLD, COMPLAINT_RATE_ALARM_THRESHOLD, type MailStack } from './mail-stack';

/** Period of the API and Lambda graphs. */
export const OPS_PERIOD = Duration.minutes(5);
/** Period of the ingest, job-sync and digest result graphs: sync runs hourly, digests go out over hours. */
export const RESULTS_PERIOD = Duration.hours(1);
/** Time range the dashboard opens with: a day holds 24 syncs and one daily Plus run. */
export const DASHBOARD_DEFAULT_RANGE = Duration.days(1);

/** Rates at which SES pauses sending (the alarms fire at half of these and below). */
export const SES_PAUSE_BOUNCE_RATE = 0.1;
export const SES_PAUSE_COMPLAINT_RATE = 0.005;

/** The console host per partition (the dashboard URL output). */
const CONSOLE_HOSTS: Record<string, string> = {
  aws: 'console.aws.amazon.com',
  'aws-cn': 'console.amazonaws.cn',
  'aws-us-gov': 'console.amazonaws-us-gov.com',
};

/**
 * The dashboard's name: `careerwire-<stage>-<region>`. A readable name instead of CloudFormation's
 * generated one, so operators find it in the console list. Dashboard names are unique per account
 * across regions (their ARN has no region), so the region is part of it; stage and region together
 * are as unique as the stack names. A dashboard holds no data: a rename (replacement) loses nothing.
 */
export function dashboardName(stage: string): string {
  return `careerwire-${stage}-${Aws.REGION}`;
}

/** Note next to the digest graphs: why they are per hour and where per-run numbers are. */
export const DIGEST_RUNS_NOTE = [
  '### Digests: sums per hour, not per run',
  'CloudWatch has no per-run dimension: the graphs sum `DigestsSent`, `DigestsSkipped` and `DigestsFailed` of every',
  'run that sent in each hour (a large run spans hours; runs of both tiers may overlap).',
  '',
  'One run\'s counts (sent, skipped and failed by reason) are on the run: `GET /admin/runs/{id}` with the',
  '`x-api-key` header. Run ids: the 202 answer of `POST /admin/alerts/run`, or the planner log below.',
  '',
  '`DigestMessagesRetried`: queue messages handed back for another try (SES throttling, transient errors).',
].join('\n');

/** Logs Insights query of the planner's "planner finished" entries: the latest runs and their ids. */
export const PLANNER_RUNS_QUERY = [
  'fields @timestamp, runId, tier, period, dryRun, status, planned, messages',
  'filter message = "planner finished"',
  'sort @timestamp desc',
  'limit 20',
];

export interface OpsStackProps extends StackProps {
  readonly config: CareerwireConfig;
  readonly ingest: IngestStack;
  readonly jobs: JobsStack;
  readonly mail: MailStack;
  readonly alerts: AlertsStack;
  readonly api: ApiStack;
}

export class OpsStack extends Stack {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: OpsStackProps) {
    super(scope, id, props);
    const { config, ingest, jobs, mail, alerts, api } = props;

    /** Every function, labelled by its service name without the "careerwire-" prefix. */
    const functions: readonly CareerwireFunction[] = [
      api.apiFunction,
      api.subscriptionsFunction,
      api.adminFunction,
      ingest.ingestFunction,
      jobs.jobSyncFunction,
      mail.feedbackFunction,
      alerts.planner,
      alerts.sender,
    ];
    const deadLetterQueues: readonly [string, sqs.IQueue][] = [
      ['ingest', ingest.deadLetterQueue],
      ['job-sync', jobs.deadLetterQueue],
      ['feedback', mail.feedbackDeadLetterQueue],
      ['digest-planner', alerts.plannerDeadLetterQueue],
    ];

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: dashboardName(config.stage),
      defaultInterval: DASHBOARD_DEFAULT_RANGE,
      widgets: [
        [
          new cloudwatch.TextWidget({
            markdown: [
              `# careerwire ${config.stage}`,
              'Alarms notify the alarm topic (output `AlarmTopicArn` of the data stack). Runbook: README, section Runbook.',
            ].join('\n'),
            width: 24,
            height: 2,
          }),
        ],
        this.apiRow(api.stage),
        this.lambdaRow(functions),
        this.resultsRow(ingest, jobs, api),
        this.digestsRow(alerts),
        this.digestRunsRow(alerts),
        this.queuesRow(alerts, deadLetterQueues),
        this.deliveryHealthRow(alerts),
        this.sesRow(mail),
      ],
    });

    const consoleHosts = new CfnMapping(this, 'ConsoleHosts', {
      mapping: Object.fromEntries(Object.entries(CONSOLE_HOSTS).map(([partition, host]) => [partition, { host }])),
    });
    new CfnOutput(this, 'DashboardName', {
      value: this.dashboard.dashboardName,
      description: 'CloudWatch dashboard of this stage (API, functions, ingest, job sync, digests, queues, SES reputation)',
    });
    new CfnOutput(this, 'DashboardUrl', {
      value: `https://${consoleHosts.findInMap(Aws.PARTITION, 'host')}/cloudwatch/home?region=${Aws.REGION}#dashboards:name=${this.dashboard.dashboardName}`,
      description: 'The dashboard in the CloudWatch console',
    });
  }

  private apiRow(stage: apigw.IHttpStage): cloudwatch.IWidget[] {
    const sum = { period: OPS_PERIOD, statistic: cloudwatch.Stats.SUM };
    return [
      new cloudwatch.GraphWidget({
        title: 'API requests and errors (per 5 min)',
        width: 12,
        left: [stage.metricCount({ ...sum, label: 'requests' })],
        right: [stage.metricClientError({ ...sum, label: '4xx' }), stage.metricServerError({ ...sum, label: '5xx' })],
        leftYAxis: { min: 0, showUnits: false },
        rightYAxis: { min: 0, showUnits: false },
      }),
      new cloudwatch.GraphWidget({
        title: 'API latency (ms)',
        width: 12,
        left: [
          stage.metricLatency({ period: OPS_PERIOD, statistic: cloudwatch.Stats.p(50), label: 'p50' }),
          stage.metricLatency({ period: OPS_PERIOD, statistic: cloudwatch.Stats.p(99), label: 'p99' }),
        ],
        leftYAxis: { min: 0, showUnits: false },
      }),
    ];
  }

  private lambdaRow(functions: readonly CareerwireFunction[]): cloudwatch.IWidget[] {
    const label = (fn: CareerwireFunction) => fn.serviceName.replace(/^careerwire-/, '');
    const graph = (title: string, metric: (fn: CareerwireFunction) => cloudwatch.IMetric) =>
      new cloudwatch.GraphWidget({ title, width: 8, left: functions.map(metric), leftYAxis: { min: 0, showUnits: false } });
    const sum = { period: OPS_PERIOD, statistic: cloudwatch.Stats.SUM };
    return [
      graph('Lambda errors (per 5 min)', (fn) => fn.function.metricErrors({ ...sum, label: label(fn) })),
      graph('Lambda throttles (per 5 min)', (fn) => fn.function.metricThrottles({ ...sum, label: label(fn) })),
      graph('Lambda duration p99 (ms)', (fn) =>
        fn.function.metricDuration({ period: OPS_PERIOD, statistic: cloudwatch.Stats.p(99), label: label(fn) }),
      ),
    ];
  }

  private resultsRow(ingest: IngestStack, jobs: JobsStack, api: ApiStack): cloudwatch.IWidget[] {
    const perHour = { period: RESULTS_PERIOD };
    const guides = (name: string, label: string) => ingest.ingestFunction.serviceMetric(name, { ...perHour, label });
    const sync = (name: string, label: string) => jobs.jobSyncFunction.serviceMetric(name, { ...perHour, label });
    const signUps = (name: string, label: string) => api.subscriptionsFunction.serviceMetric(name, { ...perHour, label });
    return [
      new cloudwatch.GraphWidget({
        title: 'Guide ingestion (per hour)',
        width: 8,
        left: [guides(APP_METRICS.ingest.written, 'written'), guides(APP_METRICS.ingest.removed, 'removed')],
        right: [guides(APP_METRICS.ingest.failed, 'failed (alarmed)')],
        leftYAxis: { min: 0, showUnits: false },
        rightYAxis: { min: 0, showUnits: false },
      }),
      new cloudwatch.GraphWidget({
        title: 'Job feed sync (per hour)',
        width: 8,
        left: [sync(APP_METRICS.jobSync.written, 'jobs written'), sync(APP_METRICS.jobSync.skipped, 'jobs skipped')],
        right: [
          sync(APP_METRICS.jobSync.feedsFailed, `feeds failed (alarmed after ${FEEDS_FAILED_ALARM.evaluationPeriods} h in a row)`),
        ],
        leftYAxis: { min: 0, showUnits: false },
        rightYAxis: { min: 0, showUnits: false },
      }),
      new cloudwatch.GraphWidget({
        title: 'Sign-ups turned away (per hour)',
        width: 8,
        left: [signUps(APP_METRICS.subscriptions.signUpsLimited, 'per-client limit')],
        right: [signUps(APP_METRICS.subscriptions.signUpCeilingReached, 'overall ceiling (alarmed)')],
        leftYAxis: { min: 0, showUnits: false },
        rightYAxis: { min: 0, showUnits: false },
      }),
    ];
  }

  private digestsRow(alerts: AlertsStack): cloudwatch.IWidget[] {
    const { sent, skipped, failed, retried } = APP_METRICS.digestSender;
    const digest = (name: string, label: string, period = RESULTS_PERIOD) => alerts.sender.serviceMetric(name, { period, label });
    return [
      new cloudwatch.GraphWidget({
        title: 'Digests (sums per hour, all runs)',
        width: 9,
        left: [digest(sent, 'sent'), digest(skipped, 'skipped')],
        right: [digest(failed, 'failed (alarmed)'), digest(retried, 'messages retried')],
        leftYAxis: { min: 0, showUnits: false },
        rightYAxis: { min: 0, showUnits: false },
      }),
      new cloudwatch.SingleValueWidget({
        title: 'Digests in the time range',
        width: 6,
        height: 6,
        metrics: [digest(sent, 'sent'), digest(skipped, 'skipped'), digest(failed, 'failed')],
        setPeriodToTimeRange: true,
      }),
      new cloudwatch.TextWidget({ markdown: DIGEST_RUNS_NOTE, width: 9, height: 6 }),
    ];
  }

  private digestRunsRow(alerts: AlertsStack): cloudwatch.IWidget[] {
    return [
      new cloudwatch.LogQueryWidget({
        title: 'Digest runs (planner log: one line per planner invocation)',
        width: 24,
        height: 6,
        logGroupNames: [alerts.planner.logGroup.logGroupName],
        queryLines: PLANNER_RUNS_QUERY,
        view: cloudwatch.LogQueryVisualizationType.TABLE,
      }),
    ];
  }

  private queuesRow(alerts: AlertsStack, deadLetterQueues: readonly [string, sqs.IQueue][]): cloudwatch.IWidget[] {
    const max = { period: OPS_PERIOD, statistic: cloudwatch.Stats.MAXIMUM };
    return [
      new cloudwatch.GraphWidget({
        title: 'Digest queue and DLQ (messages)',
        width: 8,
        left: TIERS.map((tier) => alerts.digestQueues[tier].metricApproximateNumberOfMessagesVisible({ ...max, label: `${tier} queue: waiting` })),
        right: [alerts.digestDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ ...max, label: 'DLQ: dead letters (alarmed)' })],
        leftYAxis: { min: 0, showUnits: false },
        rightYAxis: { min: 0, showUnits: false },
      }),
      new cloudwatch.GraphWidget({
        title: 'Digest queue age of oldest message (s)',
        width: 8,
        left: [
          ...TIERS.map((tier) => alerts.digestQueues[tier].metricApproximateAgeOfOldestMessage({ ...max, label: `${tier} queue (alarmed)` })),
          alerts.digestDeadLetterQueue.metricApproximateAgeOfOldestMessage({ ...max, label: 'DLQ' }),
        ],
        leftYAxis: { min: 0, showUnits: false },
      }),
      new cloudwatch.GraphWidget({
        title: 'Other dead-letter queues (messages, all alarmed)',
        width: 8,
        left: deadLetterQueues.map(([label, queue]) => queue.metricApproximateNumberOfMessagesVisible({ ...max, label })),
        leftYAxis: { min: 0, showUnits: false },
      }),
    ];
  }

  /** SES throttling and deferrals, sends per tier (the heartbeats), and every delivery-health alarm's state. */
  private deliveryHealthRow(alerts: AlertsStack): cloudwatch.IWidget[] {
    const { sesThrottled, deferredThrottled, deferredPaused, deferredConfiguration, plusSent, freeSent } = APP_METRICS.digestSender;
    const sum = (name: string, label: string) => alerts.sender.serviceMetric(name, { period: OPS_PERIOD, statistic: cloudwatch.Stats.SUM, label });
    return [
      new cloudwatch.GraphWidget({
        title: 'SES throttling and deferrals (sums)',
        width: 8,
        left: [sum(sesThrottled, 'SES throttled (alarmed)'), sum(deferredThrottled, 'deferred: throttled'), sum(deferredPaused, 'deferred: SES paused (alarmed)'), sum(deferredConfiguration, 'deferred: configuration (alarmed)')],
        leftYAxis: { min: 0, showUnits: false },
      }),
      new cloudwatch.GraphWidget({
        title: 'Digests sent per tier (heartbeats)',
        width: 8,
        left: [sum(plusSent, 'plus sent'), sum(freeSent, 'free sent')],
        leftYAxis: { min: 0, showUnits: false },
      }),
      new cloudwatch.AlarmStatusWidget({ title: 'Delivery health alarms', width: 8, height: 6, alarms: alerts.healthAlarms }),
    ];
  }

  private sesRow(mail: MailStack): cloudwatch.IWidget[] {
    const percent = (ratio: number) => `${Number((ratio * 100).toFixed(2))}%`;
    const rate = (title: string, metric: cloudwatch.Metric, alarmAt: number, pausedAt: number) =>
      new cloudwatch.GraphWidget({
        title,
        width: 12,
        left: [metric.with({ label: 'rate (ratio)' })],
        leftAnnotations: [
          { value: alarmAt, label: `alarm: ${percent(alarmAt)} (half of SES's review rate)`, color: cloudwatch.Color.ORANGE },
          { value: pausedAt, label: `SES may pause sending: ${percent(pausedAt)}`, color: cloudwatch.Color.RED },
        ],
        leftYAxis: { min: 0, showUnits: false },
      });
    return [
      rate('SES bounce rate', mail.bounceRateMetric, BOUNCE_RATE_ALARM_THRESHOLD, SES_PAUSE_BOUNCE_RATE),
      rate('SES complaint rate', mail.complaintRateMetric, COMPLAINT_RATE_ALARM_THRESHOLD, SES_PAUSE_COMPLAINT_RATE),
    ];
  }
}
