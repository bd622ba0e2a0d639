/**
 * The operators' dashboard (ops stack) and the alarms operators rely on. The dashboard body is a
 * Fn::Join of JSON text and references: it is read with each reference replaced by a readable
 * placeholder ("ref:<output or logical id>"), then parsed as the JSON CloudWatch receives.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { TIERS } from '../../lambdas/subscriptions/subscriber';
import { APP_METRICS } from '../../lib/metrics';
import { REPO_ROOT } from '../../lib/paths';
import { BOUNCE_RATE_ALARM_THRESHOLD, COMPLAINT_RATE_ALARM_THRESHOLD } from '../../lib/stacks/mail-stack';
import { crossStackOutputName, logicalId, NO_BUNDLING_CONTEXT, removeOutdir, type SynthesizedApp, synthesizeApp } from './support';

interface Widget {
  type: 'metric' | 'text' | 'log';
  width: number;
  height: number;
  properties: {
    title?: string;
    markdown?: string;
    view?: string;
    query?: string;
    metrics?: unknown[][];
    annotations?: { horizontal?: { value: number; label: string }[] };
    setPeriodToTimeRange?: boolean;
  };
}

/** One metric line of a widget: namespace, name, dimensions and options. */
interface MetricLine {
  namespace: string;
  name: string;
  dimensions: Record<string, string>;
  options: { stat?: string; period?: number; label?: string; yAxis?: string };
}

/** A reference as a placeholder: the output it reads (a cross-stack reference) or the Ref's target. */
function placeholder(token: unknown): string {
  const value = token as { Ref?: string };
  const output = crossStackOutputName(token);
  if (output !== undefined) return `ref:${output}`;
  if (value.Ref) return `ref:${value.Ref}`;
  throw new Error(`unexpected token in the dashboard body: ${JSON.stringify(token)}`);
}

function metricLines(widget: Widget): MetricLine[] {
  return (widget.properties.metrics ?? []).map((line) => {
    const parts = [...line];
    const options = (typeof parts[parts.length - 1] === 'object' ? parts.pop() : {}) as MetricLine['options'];
    const [namespace, name, ...dims] = parts as string[];
    const dimensions: Record<string, string> = {};
    for (let i = 0; i < dims.length; i += 2) dimensions[dims[i] as string] = dims[i + 1] as string;
    return { namespace: namespace as string, name: name as string, dimensions, options };
  });
}

describe('ops stack (dashboard)', () => {
  let synthesized: SynthesizedApp;
  let template: Template;
  let dashboard: { Properties: { DashboardName: unknown; DashboardBody: { 'Fn::Join': [string, unknown[]] } } };
  let widgets: Widget[];
  /** Output name prefix of a weak reference to the construct's Ref. */
  let refOf: (construct: Parameters<typeof logicalId>[0]) => RegExp;

  beforeAll(() => {
    synthesized = synthesizeApp(NO_BUNDLING_CONTEXT);
    template = Template.fromStack(synthesized.ops);
    const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    dashboard = dashboards[0] as typeof dashboard;
    const [separator, parts] = dashboard.Properties.DashboardBody['Fn::Join'];
    expect(separator).toBe('');
    const body = JSON.parse(parts.map((part) => (typeof part === 'string' ? part : placeholder(part))).join('')) as {
      start: string;
      widgets: Widget[];
    };
    expect(body.start).toBe('-P1D');
    widgets = body.widgets;
    refOf = (construct) => new RegExp(`^ref:PublishOutputRef${logicalId(construct)}`);
  });
  afterAll(() => removeOutdir(synthesized));

  const widget = (title: RegExp): Widget => {
    const found = widgets.filter((w) => title.test(w.properties.title ?? ''));
    if (found.length !== 1) throw new Error(`expected one widget titled ${title}, found ${found.length}`);
    return found[0] as Widget;
  };
  const texts = () => widgets.filter((w) => w.type === 'text').map((w) => w.properties.markdown ?? '').join('\n');

  it('names the dashboard after the stage and region, and outputs its name and console URL', () => {
    expect(dashboard.Properties.DashboardName).toEqual({ 'Fn::Join': ['', ['careerwire-dev-', { Ref: 'AWS::Region' }]] });
    const id = logicalId(synthesized.ops.dashboard);
    template.hasOutput('DashboardName', { Value: { Ref: id } });
    template.hasOutput('DashboardUrl', {
      Value: {
        'Fn::Join': [
          '',
          [
            'https://',
            { 'Fn::FindInMap': ['ConsoleHosts', { Ref: 'AWS::Partition' }, 'host'] },
            '/cloudwatch/home?region=',
            { Ref: 'AWS::Region' },
            '#dashboards:name=',
            { Ref: id },
          ],
        ],
      },
    });
    expect(template.toJSON().Mappings.ConsoleHosts.aws).toEqual({ host: 'console.aws.amazon.com' });
    // Widgets stay inside CloudWatch's 24-column grid.
    for (const w of widgets) expect(w.width).toBeLessThanOrEqual(24);
  });

  it('API: requests, 4xx and 5xx sums and latency p50/p99 of the $default stage', () => {
    const apiId = refOf(synthesized.data.httpApi);
    const counts = metricLines(widget(/^API requests/));
    expect(counts.map((m) => [m.namespace, m.name, m.options.stat])).toEqual([
      ['AWS/ApiGateway', 'Count', 'Sum'],
      ['AWS/ApiGateway', '4xx', 'Sum'],
      ['AWS/ApiGateway', '5xx', 'Sum'],
    ]);
    const latency = metricLines(widget(/^API latency/));
    expect(latency.map((m) => [m.name, m.options.stat])).toEqual([
      ['Latency', 'p50'],
      ['Latency', 'p99'],
    ]);
    for (const m of [...counts, ...latency]) {
      expect(Object.keys(m.dimensions)).toEqual(['ApiId', 'Stage']);
      expect(m.dimensions.ApiId).toMatch(apiId);
      expect(m.dimensions.Stage).toBe('$default');
    }
  });

  it('Lambda: errors, throttles and duration p99 of every function, labelled by service', () => {
    const { api, ingest, jobs, mail, alerts } = synthesized;
    const functions = [api.apiFunction, api.subscriptionsFunction, api.adminFunction, ingest.ingestFunction, jobs.jobSyncFunction, mail.feedbackFunction, alerts.planner, alerts.sender];
    // Every function of the app, none twice.
    const allFunctions = [ingest, jobs, mail, alerts, api].flatMap((stack) => Object.keys(Template.fromStack(stack).findResources('AWS::Lambda::Function')));
    expect(functions.map((fn) => logicalId(fn.function)).sort()).toEqual(
      expect.arrayContaining(allFunctions.filter((id) => !/BucketDeployment|BucketNotificationsHandler|AwsCustomResource/.test(id))),
    );
    for (const [title, metricName, stat] of [
      [/^Lambda errors/, 'Errors', 'Sum'],
      [/^Lambda throttles/, 'Throttles', 'Sum'],
      [/^Lambda duration p99/, 'Duration', 'p99'],
    ] as const) {
      const lines = metricLines(widget(title));
      expect(lines.map((m) => [m.namespace, m.name, m.options.stat, m.options.label])).toEqual(
        functions.map((fn) => ['AWS/Lambda', metricName, stat, fn.serviceName.replace(/^careerwire-/, '')]),
      );
      lines.forEach((m, i) => expect(m.dimensions.FunctionName).toMatch(refOf((functions[i] as (typeof functions)[number]).function)));
    }
  });

  it('ingest, sync and digest results: the Powertools metrics of each function, summed per hour', () => {
    const custom = (title: RegExp) => metricLines(widget(title)).map((m) => [m.namespace, m.name, m.dimensions.service, m.options.stat, m.options.period]);
    const hourly = (service: string, names: string[]) => names.map((name) => ['careerwire', name, service, 'Sum', 3600]);
    expect(custom(/^Guide ingestion/)).toEqual(hourly(synthesized.ingest.ingestFunction.serviceName, ['GuidesWritten', 'GuidesRemoved', 'GuidesFailed']));
    expect(custom(/^Job feed sync/)).toEqual(hourly(synthesized.jobs.jobSyncFunction.serviceName, ['JobsWritten', 'JobsSkipped', 'FeedsFailed']));
    expect(custom(/^Digests \(sums per hour/)).toEqual(
      hourly(synthesized.alerts.sender.serviceName, ['DigestsSent', 'DigestsSkipped', 'DigestsFailed', 'DigestMessagesRetried']),
    );
    const totals = widget(/^Digests in the time range/);
    expect(totals.properties.setPeriodToTimeRange).toBe(true);
    expect(metricLines(totals).map((m) => [m.name, m.options.stat])).toEqual([
      ['DigestsSent', 'Sum'],
      ['DigestsSkipped', 'Sum'],
      ['DigestsFailed', 'Sum'],
    ]);
  });

  it('says digests are per-period sums, not per run, and points to GET /admin/runs/{id}; lists runs from the planner log', () => {
    expect(texts()).toMatch(/sums per hour, not per run/);
    expect(texts()).toContain('GET /admin/runs/{id}');
    const runs = widget(/^Digest runs/);
    expect(runs.type).toBe('log');
    expect(runs.properties.query).toMatch(new RegExp(`^SOURCE '${refOf(synthesized.alerts.planner.logGroup).source.slice(1)}[^']*' \\| fields @timestamp, runId`));
    expect(runs.properties.query).toContain('filter message = "planner finished"');
  });

  it('queues: digest DLQ depth and the age of the digest queue and DLQ, and the other dead-letter queues', () => {
    const { alerts, ingest, jobs, mail } = synthesized;
    const queueLines = (title: RegExp) => metricLines(widget(title)).map((m) => [m.name, m.dimensions.QueueName, m.options.stat]);
    const of = (queue: Parameters<typeof logicalId>[0]) => expect.stringMatching(refOf(queue).source.replace('PublishOutputRef', 'PublishOutputFnGetAtt'));
    expect(queueLines(/^Digest queue and DLQ/)).toEqual([
      ...TIERS.map((tier) => ['ApproximateNumberOfMessagesVisible', of(alerts.digestQueues[tier]), 'Maximum']),
      ['ApproximateNumberOfMessagesVisible', of(alerts.digestDeadLetterQueue), 'Maximum'],
    ]);
    expect(queueLines(/^Digest queue age/)).toEqual([
      ...TIERS.map((tier) => ['ApproximateAgeOfOldestMessage', of(alerts.digestQueues[tier]), 'Maximum']),
      ['ApproximateAgeOfOldestMessage', of(alerts.digestDeadLetterQueue), 'Maximum'],
    ]);
    expect(queueLines(/^Other dead-letter queues/)).toEqual(
      [ingest.deadLetterQueue, jobs.deadLetterQueue, mail.feedbackDeadLetterQueue, alerts.plannerDeadLetterQueue].map((queue) => [
        'ApproximateNumberOfMessagesVisible',
        of(queue),
        'Maximum',
      ]),
    );
  });

  it('delivery health: SES throttling and deferrals, sends per tier, and an alarm status widget with every delivery-health alarm', () => {
    const { alerts } = synthesized;
    expect(alerts.healthAlarms.length).toBeGreaterThanOrEqual(11);
    const ids = alerts.healthAlarms.map((a) => a.node.id);
    for (const id of ['PlusDigestQueueAgeAlarm', 'FreeDigestQueueAgeAlarm', 'SchedulerTargetErrorsAlarm', 'SchedulerDeadLetterFailuresAlarm', 'SesThrottledAlarm', 'SesSendingPausedAlarm', 'SesConfigurationErrorAlarm', 'SubscribersThrottledAlarm', 'DeliveriesThrottledAlarm']) {
      expect(ids).toContain(id);
    }
    const body = JSON.stringify(Template.fromStack(synthesized.ops).toJSON());
    expect(body).toContain('Delivery health alarms');
    expect(body).toContain('SesThrottled');
    expect(body).toContain('PlusDigestsSent');
  });

  it('SES bounce and complaint rates with the 2.5% and 0.05% alarm thresholds drawn', () => {
    for (const [title, metricName, threshold] of [
      [/^SES bounce rate/, 'Reputation.BounceRate', BOUNCE_RATE_ALARM_THRESHOLD],
      [/^SES complaint rate/, 'Reputation.ComplaintRate', COMPLAINT_RATE_ALARM_THRESHOLD],
    ] as const) {
      const w = widget(title);
      expect(metricLines(w).map((m) => [m.namespace, m.name, m.options.stat])).toEqual([['AWS/SES', metricName, 'Maximum']]);
      expect(w.properties.annotations?.horizontal).toEqual(expect.arrayContaining([expect.objectContaining({ value: threshold, label: expect.stringContaining('alarm') })]));
    }
    expect([BOUNCE_RATE_ALARM_THRESHOLD, COMPLAINT_RATE_ALARM_THRESHOLD]).toEqual([0.025, 0.0005]);
  });

  it('reads only metric names the functions emit (addMetric in their source)', () => {
    const sources: Record<string, string> = {
      [synthesized.ingest.ingestFunction.serviceName]: 'lambdas/app/ingest.ts',
      [synthesized.jobs.jobSyncFunction.serviceName]: 'lambdas/app/job-sync.ts',
      [synthesized.alerts.sender.serviceName]: 'lambdas/alerts/handlers.ts',
      [synthesized.api.subscriptionsFunction.serviceName]: 'lambdas/app/subscriptions.ts',
    };
    const used = widgets.flatMap(metricLines).filter((m) => m.namespace === 'careerwire');
    expect(used.length).toBeGreaterThan(0);
    for (const m of used) {
      const file = sources[m.dimensions.service as string];
      expect({ metric: m.name, service: m.dimensions.service, file }).toEqual({ metric: m.name, service: m.dimensions.service, file: expect.any(String) });
      const text = fs.readFileSync(path.join(REPO_ROOT, file as string), 'utf8');
      expect(text).toMatch(/metrics\.addMetric\(/);
      expect({ metric: m.name, inSource: text.includes(`'${m.name}'`) }).toEqual({ metric: m.name, inSource: true });
    }
    // Every metric of APP_METRICS is on the dashboard.
    expect(new Set(used.map((m) => m.name))).toEqual(new Set(Object.values(APP_METRICS).flatMap((names) => Object.values(names))));
  });

  it('the alarms operators need exist across the app: API 5xx, digest DLQ, DigestsFailed, FeedsFailed, GuidesFailed, SES bounce and complaint', () => {
    const { alerts, api, ingest, jobs, mail } = synthesized;
    const alarms = [api, alerts, ingest, jobs, mail].flatMap((stack) =>
      Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties as Record<string, any>),
    );
    const find = (namespace: string, metricName: string, dimension?: (value: unknown) => boolean) =>
      alarms.filter((a) => a.Namespace === namespace && a.MetricName === metricName && (!dimension || dimension(a.Dimensions?.[0]?.Value)));
    const required = {
      api5xx: find('AWS/ApiGateway', '5xx'),
      digestDlq: find('AWS/SQS', 'ApproximateNumberOfMessagesVisible', (v) => JSON.stringify(v).includes(logicalId(alerts.digestDeadLetterQueue))),
      digestsFailed: find('careerwire', 'DigestsFailed'),
      feedsFailed: find('careerwire', 'FeedsFailed'),
      guidesFailed: find('careerwire', 'GuidesFailed'),
      bounceRate: find('AWS/SES', 'Reputation.BounceRate'),
      complaintRate: find('AWS/SES', 'Reputation.ComplaintRate'),
    };
    expect(Object.fromEntries(Object.entries(required).map(([k, v]) => [k, v.length]))).toEqual(
      Object.fromEntries(Object.keys(required).map((k) => [k, 1])),
    );
    expect(required.bounceRate[0]?.Threshold).toBe(0.025);
    expect(required.complaintRate[0]?.Threshold).toBe(0.0005);
    // The dashboard itself creates no alarm.
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
  });
});
