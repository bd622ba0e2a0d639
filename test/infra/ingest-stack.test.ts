import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { createApp } from '../../lib/app';
import { ENV } from '../../lambdas/shared/env';
import { GuidesTable } from '../../lambdas/shared/tables';
import { NODE_RUNTIME } from '../../lib/constructs/careerwire-function';
import { APP_METRICS } from '../../lib/metrics';
import { GUIDES_PREFIX, GUIDES_SUFFIX } from '../../lib/stacks/ingest-stack';
import { actionsOf, CDK_JSON_CONTEXT, crossStackValue, ddb, fromOtherStack, logicalId, NO_BUNDLING_CONTEXT, removeOutdir, type Statement, statementsOfRole, type SynthesizedApp, synthesizeApp } from './support';

/** A cross-stack reference to an output of the data stack (strong: Fn::ImportValue). */
const fromDataStack = (outputPattern: RegExp) => fromOtherStack(outputPattern);

describe('ingest stack', () => {
  let synthesized: SynthesizedApp;
  let template: Template;
  let ingestFunctionId: string;
  let statements: Statement[];

  beforeAll(() => {
    // Templates only: the synthesized-app suite bundles every function.
    synthesized = synthesizeApp(NO_BUNDLING_CONTEXT);
    template = Template.fromStack(synthesized.ingest);
    ingestFunctionId = logicalId(synthesized.ingest.ingestFunction.function);
    statements = statementsOfRole(template, logicalId(synthesized.ingest.ingestFunction.role));
  });
  afterAll(() => removeOutdir(synthesized));

  it('runs the ingest entry on the shared function defaults', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: NODE_RUNTIME.name,
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      Handler: 'index.handler',
      Timeout: 60,
      Environment: {
        Variables: Match.objectLike({
          [GuidesTable.envVar]: fromDataStack(/GuidesTable/),
          [ENV.contentBucket]: fromDataStack(/^PublishOutputRefContentBucket/),
          POWERTOOLS_SERVICE_NAME: 'careerwire-ingest',
          NODE_OPTIONS: '--enable-source-maps',
        }),
      },
    });
  });

  it('keeps function logs for the configured retention', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    for (const group of Object.values(template.findResources('AWS::Logs::LogGroup'))) {
      expect(group.Properties.RetentionInDays).toBe(30);
    }
  });

  it('may read hashes, write and delete guides in the Guides table (not its index), nothing more in DynamoDB', () => {
    const dynamo = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('dynamodb:')));
    expect(actionsOf(dynamo)).toEqual(ddb('BatchGetItem', 'BatchWriteItem', 'DeleteItem'));
    const tableArn = crossStackValue(/GuidesTable.*Arn/);
    expect(dynamo.map((s) => s.Resource)).toEqual([tableArn]);
  });

  it('may get objects under guides/ of the content bucket, and do nothing else in S3', () => {
    const s3 = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('s3:')));
    expect(actionsOf(s3)).toEqual(['s3:GetObject']);
    expect(s3.map((s) => s.Resource)).toEqual([
      {
        'Fn::Join': [
          '',
          [crossStackValue(/ContentBucket.*Arn/), `/${GUIDES_PREFIX}*`],
        ],
      },
    ]);
  });

  it('has no permission beyond logs, X-Ray, its DLQ, the Guides table and guides/ objects', () => {
    const services = new Set(actionsOf(statements).map((action) => action.split(':')[0]));
    expect([...services].sort()).toEqual(['dynamodb', 'logs', 's3', 'sqs', 'xray']);
    expect(actionsOf(statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('sqs:'))))).toEqual(['sqs:SendMessage']);
  });

  it('is notified of ObjectCreated and ObjectRemoved events of guides/*.md', () => {
    const notifications = Object.values(template.findResources('Custom::S3BucketNotifications'));
    expect(notifications).toHaveLength(1);
    const properties = notifications[0]?.Properties;
    expect(properties.Managed).toBe(false);
    expect(properties.BucketName).toEqual(crossStackValue(/^PublishOutputRefContentBucket/));
    const filter = {
      Key: {
        FilterRules: expect.arrayContaining([
          { Name: 'prefix', Value: GUIDES_PREFIX },
          { Name: 'suffix', Value: GUIDES_SUFFIX },
        ]),
      },
    };
    const target = { 'Fn::GetAtt': [ingestFunctionId, 'Arn'] };
    expect(properties.NotificationConfiguration).toEqual({
      LambdaFunctionConfigurations: [
        { Events: ['s3:ObjectCreated:*'], Filter: filter, LambdaFunctionArn: target },
        { Events: ['s3:ObjectRemoved:*'], Filter: filter, LambdaFunctionArn: target },
      ],
    });
    for (const configuration of properties.NotificationConfiguration.LambdaFunctionConfigurations) {
      expect(configuration.Filter.Key.FilterRules).toHaveLength(2);
    }
  });

  it('lets only the content bucket of this account invoke the function', () => {
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [ingestFunctionId, 'Arn'] },
      Principal: 's3.amazonaws.com',
      SourceAccount: { Ref: 'AWS::AccountId' },
      SourceArn: fromDataStack(/ContentBucket.*Arn/),
    });
  });

  it('sends events that failed every retry to an encrypted, TLS-only dead-letter queue', () => {
    const queueId = logicalId(synthesized.ingest.deadLetterQueue);
    template.hasResourceProperties('AWS::Lambda::Function', {
      DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: ingestFunctionId },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 6 * 3600,
    });
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86400 });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('alarms on dead letters and function errors, notifying the alarm topic', () => {
    const topic = fromDataStack(/AlarmTopic/);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      AlarmActions: [topic],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: ingestFunctionId } }],
      AlarmActions: [topic],
    });
  });

  it('alarms on the first rejected guide (GuidesFailed, Sum per 5 min >= 1; no data is no failure)', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: APP_METRICS.ingest.failed } }));
    expect(alarms.map((alarm) => alarm.Properties)).toEqual([
      {
        AlarmDescription: expect.stringContaining('guide rejected'),
        Namespace: 'careerwire',
        MetricName: 'GuidesFailed',
        Dimensions: [{ Name: 'service', Value: synthesized.ingest.ingestFunction.serviceName }],
        Statistic: 'Sum',
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [crossStackValue(/^PublishOutputRefAlarmTopic/)],
      },
    ]);
    expect(synthesized.ingest.ingestFunction.serviceName).toBe('careerwire-ingest');
  });

  it('deploys the guides folder to guides/, pruning removed guides, after notifications are configured', () => {
    const { resource } = onlyDeployment(template);
    expect(resource.Properties).toEqual(
      expect.objectContaining({
        DestinationBucketName: crossStackValue(),
        DestinationBucketKeyPrefix: GUIDES_PREFIX,
        Prune: true,
        RetainOnDelete: true,
      }),
    );
    const notificationsId = Object.keys(template.findResources('Custom::S3BucketNotifications'))[0];
    expect(resource.DependsOn).toEqual(expect.arrayContaining([notificationsId]));
  });
});

describe('ingest stack without guides', () => {
  it('deploys nothing when the guides folder holds no .md file (a fresh clone still synthesizes)', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'careerwire-no-guides-'));
    try {
      fs.writeFileSync(path.join(empty, 'README.txt'), 'not a guide');
      const { ingest } = createApp({ context: CDK_JSON_CONTEXT, guidesSource: empty });
      expect(ingest.guidesDeployment).toBeUndefined();
      expect(ingest.node.findAll().some((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'))).toBe(false);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});

function onlyDeployment(template: Template): { resource: Record<string, any> } {
  const found = Object.values(template.findResources('Custom::CDKBucketDeployment'));
  if (found.length !== 1) throw new Error(`expected one guides deployment, found ${found.length}`);
  return { resource: found[0] as Record<string, any> };
}
