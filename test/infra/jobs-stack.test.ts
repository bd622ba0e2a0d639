import { Match, Template } from 'aws-cdk-lib/assertions';
import { ENV } from '../../lambdas/shared/env';
import { JOB_SYNC_SCHEDULE } from '../../lambdas/shared/schedules';
import { FeedsTable, GuidesTable, JobsTable } from '../../lambdas/shared/tables';
import { createApp } from '../../lib/app';
import { NODE_RUNTIME } from '../../lib/constructs/careerwire-function';
import { APP_METRICS } from '../../lib/metrics';
import {
  FEEDS_FAILED_ALARM,
  JOB_SYNC_DELIVERY_RETRIES,
  JOB_SYNC_MAX_EVENT_AGE,
  JOB_SYNC_MEMORY_MB,
  JOB_SYNC_TIMEOUT,
} from '../../lib/stacks/jobs-stack';
import {
  actionsOf,
  CDK_JSON_CONTEXT,
  dynamoAccessByTable,
  crossStackValue,
  fromOtherStack,
  FIXTURE_GUIDES,
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


/** As an operator would pass it: spaces after commas, names given. */
const FEEDS_CONTEXT = 'remotive=https://remotive.example/api/remote-jobs, board=https://jobs.example.org/feed.rss';

describe('jobs stack (two feeds configured)', () => {
  let synthesized: SynthesizedApp;
  let template: Template;
  let functionId: string;
  let queueId: string;
  let ruleId: string;
  let statements: Statement[];

  beforeAll(() => {
    // The bundled code is proven by the synthesized-app suite; this one asserts templates only.
    synthesized = synthesizeApp({ jobFeeds: FEEDS_CONTEXT, ...NO_BUNDLING_CONTEXT });
    template = Template.fromStack(synthesized.jobs);
    functionId = logicalId(synthesized.jobs.jobSyncFunction.function);
    queueId = logicalId(synthesized.jobs.deadLetterQueue);
    ruleId = logicalId(synthesized.jobs.schedule);
    statements = statementsOfRole(template, logicalId(synthesized.jobs.jobSyncFunction.role));
  });
  afterAll(() => removeOutdir(synthesized));

  it('is its own stack, named after the stage', () => {
    expect(synthesized.jobs.stackName).toBe('careerwire-dev-jobs');
    template.resourceCountIs('AWS::Lambda::Function', 1);
  });

  it('runs the job-sync entry on the shared function defaults, 512 MB, 5 minutes, no reserved concurrency', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: NODE_RUNTIME.name,
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      Handler: 'index.handler',
      MemorySize: JOB_SYNC_MEMORY_MB,
      Timeout: JOB_SYNC_TIMEOUT.toSeconds(),
      ReservedConcurrentExecutions: Match.absent(),
    });
    expect(JOB_SYNC_MEMORY_MB).toBe(512);
    expect(JOB_SYNC_TIMEOUT.toSeconds()).toBe(300);
  });

  it('receives the feeds of the jobFeeds context, in canonical name=url form, and the three table names', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: {
          [ENV.jobFeeds]: 'remotive=https://remotive.example/api/remote-jobs,board=https://jobs.example.org/feed.rss',
          [JobsTable.envVar]: fromOtherStack(/^PublishOutputRefJobsTable/),
          [FeedsTable.envVar]: fromOtherStack(/^PublishOutputRefFeedsTable/),
          [GuidesTable.envVar]: fromOtherStack(/^PublishOutputRefGuidesTable/),
          POWERTOOLS_SERVICE_NAME: 'careerwire-job-sync',
          POWERTOOLS_METRICS_NAMESPACE: 'careerwire',
          POWERTOOLS_LOG_LEVEL: 'INFO',
          NODE_OPTIONS: '--enable-source-maps',
        },
      },
    });
  });

  it('may write Jobs and Feeds, only read Guides, and only query the indexes', () => {
    expect(dynamoAccessByTable(statements, tableLogicalIds(synthesized))).toEqual({
      [JobsTable.id]: { table: ddb('BatchGetItem', 'BatchWriteItem'), indexes: [] },
      [FeedsTable.id]: { table: ddb('GetItem', 'PutItem'), indexes: [] },
      [GuidesTable.id]: { table: [], indexes: ddb('Query') },
    });
  });

  it('has no permission beyond logs, X-Ray, its DLQ and its tables (no secret, no S3)', () => {
    const services = new Set(actionsOf(statements).map((action) => action.split(':')[0]));
    expect([...services].sort()).toEqual(['dynamodb', 'logs', 'sqs', 'xray']);
    const sqs = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('sqs:')));
    expect(actionsOf(sqs)).toEqual(['sqs:SendMessage']);
    expect(sqs.map((s) => s.Resource)).toEqual([{ 'Fn::GetAtt': [queueId, 'Arn'] }]);
  });

  it('runs on the shared JOB_SYNC_SCHEDULE, through one rule with one target', () => {
    template.resourceCountIs('AWS::Events::Rule', 1);
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: JOB_SYNC_SCHEDULE.expression,
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [functionId, 'Arn'] } })],
    });
  });

  it('retries delivery of the scheduled event for at most an hour, then dead-letters it', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [
        Match.objectLike({
          RetryPolicy: {
            MaximumRetryAttempts: JOB_SYNC_DELIVERY_RETRIES,
            MaximumEventAgeInSeconds: JOB_SYNC_MAX_EVENT_AGE.toSeconds(),
          },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
        }),
      ],
    });
    expect(JOB_SYNC_MAX_EVENT_AGE.toSeconds()).toBeLessThanOrEqual(JOB_SYNC_SCHEDULE.everyMs / 1000);
  });

  it('does not rerun a failed sync within the hour: no Lambda retry, failed events go to the same DLQ', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: functionId },
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: JOB_SYNC_MAX_EVENT_AGE.toSeconds(),
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
    });
  });

  it('lets only this rule invoke the function', () => {
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission'));
    expect(permissions.map((p) => p.Properties)).toEqual([
      {
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': [functionId, 'Arn'] },
        Principal: 'events.amazonaws.com',
        SourceArn: { 'Fn::GetAtt': [ruleId, 'Arn'] },
      },
    ]);
  });

  it('dead-letter queue: encrypted, TLS only, 14 days, and EventBridge may send to it from this rule only', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86400 });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Action: 'sqs:SendMessage',
            Principal: { Service: 'events.amazonaws.com' },
            Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [ruleId, 'Arn'] } } },
          }),
        ]),
      },
    });
  });

  it('alarms on function errors and dead letters, notifying the alarm topic', () => {
    const topic = fromOtherStack(/AlarmTopic/);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId } }],
      Threshold: 1,
      AlarmActions: [topic],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      Threshold: 1,
      AlarmActions: [topic],
    });
  });

  it('alarms on failing feeds only when sustained: FeedsFailed >= 1 in 3 of 3 hourly periods, no data is no failure', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: APP_METRICS.jobSync.feedsFailed } }));
    expect(alarms.map((alarm) => alarm.Properties)).toEqual([
      {
        AlarmDescription: expect.stringContaining('each of the last 3 hourly syncs'),
        Namespace: 'careerwire',
        MetricName: 'FeedsFailed',
        Dimensions: [{ Name: 'service', Value: 'careerwire-job-sync' }],
        Statistic: 'Sum',
        Period: 3600,
        EvaluationPeriods: 3,
        DatapointsToAlarm: 3,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [crossStackValue(/^PublishOutputRefAlarmTopic/)],
      },
    ]);
    expect(synthesized.jobs.jobSyncFunction.serviceName).toBe('careerwire-job-sync');
    // One run per period: the hourly schedule fills every period the alarm evaluates.
    expect(FEEDS_FAILED_ALARM.period.toMilliseconds()).toBe(JOB_SYNC_SCHEDULE.everyMs);
  });

  it('keeps function logs for the configured retention', () => {
    for (const group of Object.values(template.findResources('AWS::Logs::LogGroup'))) {
      expect(group.Properties.RetentionInDays).toBe(30);
    }
  });
});

describe('jobs stack (default configuration)', () => {
  it('sets JOB_FEEDS to the empty string: no feed configured', () => {
    // Code assets are not asserted here: skip bundling to keep the suite fast.
    const { jobs } = createApp({ context: { ...CDK_JSON_CONTEXT, ...NO_BUNDLING_CONTEXT }, guidesSource: FIXTURE_GUIDES });
    Template.fromStack(jobs).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ [ENV.jobFeeds]: '' }) },
    });
  });
});
