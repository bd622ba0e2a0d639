import { Match, Template } from 'aws-cdk-lib/assertions';
import { ALERT_ENV, SUBSCRIPTION_ENV } from '../../lambdas/shared/env';
import { ALERT_LIMITS } from '../../lambdas/shared/limits';
import { DIGEST_SCHEDULES } from '../../lambdas/shared/schedules';
import {
  DeliveriesTable,
  GuidesTable,
  JobsTable,
  RunsTable,
  SubscribersTable,
  SuppressionsTable,
} from '../../lambdas/shared/tables';
import {
  DIGEST_BATCH_SIZE,
  DIGEST_MAX_RECEIVE_COUNT,
  DIGESTS_FAILED_METRIC,
  PLANNER_MAX_EVENT_AGE,
  PLANNER_TIMEOUT,
  SCHEDULE_RETRY_ATTEMPTS,
  DIGEST_RETENTION,
  senderTimeout,
} from '../../lib/stacks/alerts-stack';
import {
  actionsOf,
  crossStackValue,
  dynamoAccessByTable,
  fromOtherStack,
  logicalId,
  NO_BUNDLING_CONTEXT,
  removeOutdir,
  type Statement,
  statementsOfRole,
  type SynthesizedApp,
  synthesizeApp,
  tableLogicalIds,
  ddb,
} from './support';

const services = (statements: Statement[]) => [...new Set(actionsOf(statements).map((a) => a.split(':')[0]))].sort();
const getAtt = (id: string, attribute = 'Arn') => ({ 'Fn::GetAtt': [id, attribute] });

describe('alerts stack (default configuration)', () => {
  let synthesized: SynthesizedApp;
  let template: Template;
  let senderStatements: Statement[];
  let plannerStatements: Statement[];
  let ids: { queue: string; freeQueue: string; dlq: string; plannerDlq: string; sender: string; planner: string; schedulerRole: string };

  beforeAll(() => {
    synthesized = synthesizeApp(NO_BUNDLING_CONTEXT);
    template = Template.fromStack(synthesized.alerts);
    const { alerts } = synthesized;
    ids = {
      queue: logicalId(alerts.digestQueues.plus),
      freeQueue: logicalId(alerts.digestQueues.free),
      dlq: logicalId(alerts.digestDeadLetterQueue),
      plannerDlq: logicalId(alerts.plannerDeadLetterQueue),
      sender: logicalId(alerts.sender.function),
      planner: logicalId(alerts.planner.function),
      schedulerRole: logicalId(alerts.schedulerRole),
    };
    senderStatements = statementsOfRole(template, logicalId(alerts.sender.role));
    // Its default policy and the continuation policy.
    plannerStatements = statementsOfRole(template, logicalId(alerts.planner.role));
  });
  afterAll(() => removeOutdir(synthesized));

  const queue = (id: string) => template.findResources('AWS::SQS::Queue')[id]?.Properties;
  const fn = (id: string) => template.findResources('AWS::Lambda::Function')[id]?.Properties;

  describe('digest queue', () => {
    it('hides a message for at least 6 × the sender timeout, longer than a ledger claim lease', () => {
      const visibility = queue(ids.queue).VisibilityTimeout as number;
      expect(visibility).toBeGreaterThanOrEqual(6 * (fn(ids.sender).Timeout as number));
      expect(fn(ids.sender).Timeout).toBe(senderTimeout(synthesized.config.digests.senders).toSeconds());
      expect(visibility * 1000).toBeGreaterThan(ALERT_LIMITS.claimLeaseMs);
      // A live sender never holds a claim past its lease.
      expect((fn(ids.sender).Timeout as number) * 1000).toBeLessThan(ALERT_LIMITS.claimLeaseMs);
    });

    it('Plus and Free on queues of their own, keeping messages 14 days (SQS longest), one shared DLQ', () => {
      for (const id of [ids.queue, ids.freeQueue]) {
        expect(queue(id).MessageRetentionPeriod).toBe(14 * 86_400);
        expect(queue(id).RedrivePolicy).toEqual({ deadLetterTargetArn: getAtt(ids.dlq), maxReceiveCount: 5 });
      }
      expect(DIGEST_RETENTION.toDays()).toBe(14);
      expect(fn(ids.planner).Environment.Variables).toEqual(
        expect.objectContaining({ [ALERT_ENV.digestQueueUrls.plus]: { Ref: ids.queue }, [ALERT_ENV.digestQueueUrls.free]: { Ref: ids.freeQueue } }),
      );
    });

    it('moves a message to the dead-letter queue after 5 receives', () => {
      expect(DIGEST_MAX_RECEIVE_COUNT).toBe(5);
      expect(queue(ids.queue).RedrivePolicy).toEqual({ deadLetterTargetArn: getAtt(ids.dlq), maxReceiveCount: 5 });
    });

    it.each([
      ['digest queue', () => ids.queue],
      ['digest dead-letter queue', () => ids.dlq],
      ['planner dead-letter queue', () => ids.plannerDlq],
    ])('%s: encrypted (SSE-SQS) and TLS only', (_name, id) => {
      expect(queue(id()).SqsManagedSseEnabled).toBe(true);
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id() }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    });
  });

  describe('digest sender', () => {
    it('consumes each queue one message at a time, with partial batch responses and the concurrency derived from the SES rate', () => {
      template.resourceCountIs('AWS::Lambda::EventSourceMapping', 2);
      for (const id of [ids.queue, ids.freeQueue]) {
        template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
          EventSourceArn: getAtt(id),
          FunctionName: { Ref: ids.sender },
          BatchSize: DIGEST_BATCH_SIZE,
          FunctionResponseTypes: ['ReportBatchItemFailures'],
          ScalingConfig: { MaximumConcurrency: 2 },
        });
      }
      expect(DIGEST_BATCH_SIZE).toBe(1);
      // A message's 25 sends at the slowest sender's rate fit the timeout with room to spare.
      const slowest = Math.min(synthesized.config.digests.senders.plus.ratePerSecond, synthesized.config.digests.senders.free.ratePerSecond);
      expect(ALERT_LIMITS.subscribersPerMessage / slowest).toBeLessThan((fn(ids.sender).Timeout as number) / 1.4);
    });

    it("sends at its tier's share: 14/s less 10% for transactional mail, Plus 75% over 2 senders, Free 25% over 2", () => {
      expect(fn(ids.sender).Environment.Variables).toEqual(
        expect.objectContaining({
          [ALERT_ENV.sendRatePerSecond]: 'plus=4.725,free=1.575',
          [ALERT_ENV.digestTimezone]: 'UTC',
          [ALERT_ENV.sendEmptyTiers]: '',
          [SUBSCRIPTION_ENV.senderEmail]: 'alerts@example.com',
          [SUBSCRIPTION_ENV.publicBaseUrl]: {
            'Fn::Join': ['', ['https://', crossStackValue(), '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]],
          },
        }),
      );
    });

    it('writes Subscribers (watermark), Deliveries (ledger) and Runs (counters); reads Suppressions, Jobs and Guides', () => {
      expect(dynamoAccessByTable(senderStatements, tableLogicalIds(synthesized))).toEqual({
        [SubscribersTable.id]: { table: ddb('BatchGetItem', 'UpdateItem'), indexes: [] },
        [DeliveriesTable.id]: { table: ddb('GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'), indexes: [] },
        [RunsTable.id]: { table: ddb('UpdateItem'), indexes: [] },
        [SuppressionsTable.id]: { table: ddb('GetItem'), indexes: [] },
        [JobsTable.id]: { table: [], indexes: ddb('Query') },
        [GuidesTable.id]: { table: ddb('GetItem'), indexes: [] },
      });
    });

    it('may consume its queue, read the token keys and send mail; it cannot invoke anything', () => {
      expect(services(senderStatements)).toEqual(['dynamodb', 'kms', 'logs', 'secretsmanager', 'ses', 'sqs', 'xray']);
      const sqs = senderStatements.filter((s) => actionsOf([s]).some((a) => a.startsWith('sqs:')));
      // Consume both queues; SendMessage only to put a deferred message back on them as a fresh copy.
      const resources = sqs.flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]));
      expect(new Set(resources.map((r) => JSON.stringify(r)))).toEqual(new Set([getAtt(ids.queue), getAtt(ids.freeQueue)].map((r) => JSON.stringify(r))));
      expect(actionsOf(sqs)).toContain('sqs:SendMessage');
      expect(actionsOf(senderStatements).filter((a) => a.startsWith('lambda:'))).toEqual([]);
    });
  });

  describe('digest planner', () => {
    it('runs up to 15 minutes with the queue URL and the digest settings', () => {
      expect(PLANNER_TIMEOUT.toSeconds()).toBe(900);
      expect(fn(ids.planner).Timeout).toBe(900);
      expect(fn(ids.planner).Environment.Variables).toEqual(
        expect.objectContaining({
          [ALERT_ENV.digestTimezone]: 'UTC',
          [ALERT_ENV.sendEmptyTiers]: '',
          [SUBSCRIPTION_ENV.publicBaseUrl]: expect.anything(),
        }),
      );
    });

    it('reads Subscribers (the audience index) and Jobs, writes Runs, and nothing else', () => {
      expect(dynamoAccessByTable(plannerStatements, tableLogicalIds(synthesized))).toEqual({
        [SubscribersTable.id]: { table: [], indexes: ddb('Query') },
        [JobsTable.id]: { table: [], indexes: ddb('Query') },
        [RunsTable.id]: { table: ddb('GetItem', 'PutItem', 'UpdateItem'), indexes: [] },
      });
      expect(services(plannerStatements)).toEqual(['dynamodb', 'kms', 'lambda', 'logs', 'sqs', 'xray']);
      expect(actionsOf(plannerStatements).filter((a) => a.startsWith('kms:'))).toEqual(['kms:Decrypt']);
      expect(actionsOf(plannerStatements).filter((a) => a.startsWith('secretsmanager:') || a.startsWith('ses:'))).toEqual([]);
    });

    it('may send to the digest queues (and its own dead-letter queue) only', () => {
      const sqs = plannerStatements.filter((s) => actionsOf([s]).some((a) => a.startsWith('sqs:')));
      // IAM merges the two statements into one: SendMessage (SendMessageBatch too) on both queues.
      expect(sqs).toEqual([
        expect.objectContaining({ Action: 'sqs:SendMessage', Resource: expect.arrayContaining([getAtt(ids.queue), getAtt(ids.freeQueue), getAtt(ids.plannerDlq)]) }),
      ]);
      expect((sqs[0]?.Resource as unknown[]).length).toBe(3);
      expect(actionsOf(sqs).filter((a) => /Receive|Delete/.test(a))).toEqual([]);
    });

    it('invokes itself (continuation) through a policy of its own, not its default policy: no role <-> function cycle', () => {
      const defaultPolicy = template.findResources('AWS::IAM::Policy')[logicalId(synthesized.alerts.planner.role.node.findChild('DefaultPolicy'))];
      expect(JSON.stringify(defaultPolicy)).not.toContain('lambda:');
      template.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: logicalId(synthesized.alerts.planner.role) }],
        PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: getAtt(ids.planner) }] },
      });
      // The function depends on its role, never on the continuation policy.
      const dependsOn = template.findResources('AWS::Lambda::Function')[ids.planner]?.DependsOn ?? [];
      expect(dependsOn.some((d: string) => d.startsWith('PlannerContinuationPolicy'))).toBe(false);
    });

    it('retries a failed run twice within an hour, then keeps the event in its dead-letter queue', () => {
      expect(fn(ids.planner).DeadLetterConfig).toEqual({ TargetArn: getAtt(ids.plannerDlq) });
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: ids.planner },
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: PLANNER_MAX_EVENT_AGE.toSeconds(),
      });
    });
  });

  describe('schedules', () => {
    it.each(['plus', 'free'] as const)('%s: the expression and time zone of schedules.ts, invoking the planner with {"tier", "now": the scheduled time}, retries and a DLQ, no flexible window', (tier) => {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: DIGEST_SCHEDULES[tier].expression,
        ScheduleExpressionTimezone: DIGEST_SCHEDULES[tier].timezone,
        FlexibleTimeWindow: { Mode: 'OFF' },
        State: 'ENABLED',
        Name: Match.absent(),
        Target: {
          Arn: getAtt(ids.planner),
          RoleArn: getAtt(ids.schedulerRole),
          Input: JSON.stringify({ tier, now: '<aws.scheduler.scheduled-time>' }),
          RetryPolicy: { MaximumRetryAttempts: SCHEDULE_RETRY_ATTEMPTS, MaximumEventAgeInSeconds: PLANNER_MAX_EVENT_AGE.toSeconds() },
          DeadLetterConfig: { Arn: getAtt(ids.plannerDlq) },
        },
      });
    });

    it('one schedule per tier', () => {
      template.resourceCountIs('AWS::Scheduler::Schedule', 2);
    });

    it('the scheduler role may be assumed by this account\'s default schedule group only, and may invoke the planner (unqualified) and write its DLQ', () => {
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [
            {
              Effect: 'Allow',
              Action: 'sts:AssumeRole',
              Principal: { Service: 'scheduler.amazonaws.com' },
              Condition: {
                StringEquals: {
                  'aws:SourceAccount': { Ref: 'AWS::AccountId' },
                  'aws:SourceArn': Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([':schedule-group/default'])] }),
                },
              },
            },
          ],
        },
      });
      const statements = statementsOfRole(template, ids.schedulerRole);
      expect(statements).toEqual([
        { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: getAtt(ids.planner) },
        { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: getAtt(ids.plannerDlq) },
      ]);
    });
  });

  describe('who may invoke the planner', () => {
    it('the admin function, the scheduler role and the planner itself: no other role, no resource policy', () => {
      const invokers: string[] = [];
      for (const stack of [synthesized.data, synthesized.ingest, synthesized.jobs, synthesized.mail, synthesized.alerts, synthesized.api]) {
        const t = Template.fromStack(stack);
        for (const [id, policy] of Object.entries(t.findResources('AWS::IAM::Policy'))) {
          for (const statement of policy.Properties.PolicyDocument.Statement as Statement[]) {
            if (!actionsOf([statement]).some((a) => a.startsWith('lambda:'))) continue;
            const target = JSON.stringify(statement.Resource);
            if (target.includes(ids.planner) || target === '"*"') invokers.push(`${stack.node.id}/${JSON.stringify(policy.Properties.Roles)}/${id.replace(/[A-F0-9]{8}$/, '')}`);
          }
        }
        expect(Object.values(t.findResources('AWS::Lambda::Permission')).filter((p) => JSON.stringify(p.Properties.FunctionName).includes(ids.planner))).toEqual([]);
      }
      const role = (construct: Parameters<typeof logicalId>[0]) => JSON.stringify([{ Ref: logicalId(construct) }]);
      expect(invokers.sort()).toEqual(
        [
          `CareerwireAlerts/${role(synthesized.alerts.planner.role)}/PlannerContinuationPolicy`,
          `CareerwireAlerts/${role(synthesized.alerts.schedulerRole)}/DigestSchedulerRoleDefaultPolicy`,
          `CareerwireApi/${role(synthesized.api.adminFunction.role)}/AdminRoleDefaultPolicy`,
        ].sort(),
      );
    });
  });

  describe('alarms', () => {
    const topic = () => fromOtherStack(`^PublishOutputRef${logicalId(synthesized.data.alarmTopic)}`);

    it.each([
      ['digest', () => ids.dlq],
      ['planner', () => ids.plannerDlq],
    ])('%s dead-letter queue depth > 0', (_name, id) => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: getAtt(id(), 'QueueName') }],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [topic()],
      });
    });

    it.each([
      ['sender', () => ids.sender],
      ['planner', () => ids.planner],
    ])('%s errors', (_name, id) => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: id() } }],
        Threshold: 1,
        AlarmActions: [topic()],
      });
    });

    it('DigestsFailed (careerwire namespace, the sender\'s service dimension as Powertools emits it) >= 1', () => {
      expect(DIGESTS_FAILED_METRIC).toEqual({ namespace: 'careerwire', metricName: 'DigestsFailed' });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'careerwire',
        MetricName: 'DigestsFailed',
        Dimensions: [{ Name: 'service', Value: 'careerwire-digest-sender' }],
        Statistic: 'Sum',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [topic()],
      });
      expect(fn(ids.sender).Environment.Variables).toEqual(
        expect.objectContaining({ POWERTOOLS_SERVICE_NAME: 'careerwire-digest-sender', POWERTOOLS_METRICS_NAMESPACE: 'careerwire' }),
      );
    });
  });

  it('outputs the queue URLs and the planner name', () => {
    template.hasOutput('PlusDigestQueueUrl', { Value: { Ref: ids.queue } });
    template.hasOutput('FreeDigestQueueUrl', { Value: { Ref: ids.freeQueue } });
    template.hasOutput('DigestDeadLetterQueueUrl', { Value: { Ref: ids.dlq } });
    template.hasOutput('PlannerDeadLetterQueueUrl', { Value: { Ref: ids.plannerDlq } });
    template.hasOutput('PlannerFunctionName', { Value: { Ref: ids.planner } });
  });
});

describe('alerts stack (schedules, rate and settings from context)', () => {
  let synthesized: SynthesizedApp;
  let template: Template;
  beforeAll(() => {
    synthesized = synthesizeApp({
      digestTimezone: 'Europe/Berlin',
      sesMaxSendRate: '50',
      senderMaxConcurrency: '4',
      sendEmptyDigestTiers: 'free',
      publicBaseUrl: 'https://jobs.example.org/',
      ...NO_BUNDLING_CONTEXT,
    });
    template = Template.fromStack(synthesized.alerts);
  });
  afterAll(() => removeOutdir(synthesized));

  it('schedules each tier hourly in UTC whatever the default zone (the zone times digests, not schedules), and gives it to the functions', () => {
    for (const tier of ['plus', 'free']) {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: 'cron(0 * * * ? *)',
        ScheduleExpressionTimezone: 'UTC',
        Target: Match.objectLike({ Input: JSON.stringify({ tier, now: '<aws.scheduler.scheduled-time>' }) }),
      });
    }
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ DIGEST_TIMEZONE: 'Europe/Berlin' }) } });
  });

  it('at 50/s: Plus 33.75/s over 4 senders (the cap), Free 11.25/s over 2', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { EventSourceArn: getAtt(logicalId(synthesized.alerts.digestQueues.plus)), ScalingConfig: { MaximumConcurrency: 4 } });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { EventSourceArn: getAtt(logicalId(synthesized.alerts.digestQueues.free)), ScalingConfig: { MaximumConcurrency: 2 } });
    const sender = template.findResources('AWS::Lambda::Function')[logicalId(synthesized.alerts.sender.function)];
    expect(sender?.Properties.Environment.Variables[ALERT_ENV.sendRatePerSecond]).toBe('plus=8.437,free=5.625');
  });

  it('gives planner and sender the zone, the empty-digest tiers and the configured base URL', () => {
    for (const fn of [synthesized.alerts.sender, synthesized.alerts.planner]) {
      const variables = template.findResources('AWS::Lambda::Function')[logicalId(fn.function)]?.Properties.Environment.Variables;
      expect(variables).toEqual(
        expect.objectContaining({
          [ALERT_ENV.digestTimezone]: 'Europe/Berlin',
          [ALERT_ENV.sendEmptyTiers]: 'free',
          [SUBSCRIPTION_ENV.publicBaseUrl]: 'https://jobs.example.org',
        }),
      );
    }
  });
});
