import * as path from 'node:path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { TableDefinition } from '../../lambdas/shared/tables';
import {
  CareerwireFunction,
  type CareerwireFunctionProps,
  ESBUILD_TARGET,
  KEY_READ_ACTIONS,
  KEY_WRITE_ACTIONS,
  NODE_RUNTIME,
} from '../../lib/constructs/careerwire-function';
import { CareerwireTable } from '../../lib/constructs/careerwire-table';
import type { IConstruct } from 'constructs';
import { actionsOf, CDK_JSON_CONTEXT, ddb, FIXTURES, logicalId, NO_BUNDLING_CONTEXT, statementsOfRole } from './support';

const ENTRY = path.join(FIXTURES, 'handler.ts');

const definition: TableDefinition = {
  id: 'Things',
  envVar: 'THINGS_TABLE',
  partitionKey: { name: 'id', type: 'S' },
  globalSecondaryIndexes: [{ indexName: 'byKind', partitionKey: { name: 'kind', type: 'S' }, projection: 'KEYS_ONLY' }],
};
const other: TableDefinition = { ...definition, id: 'Others', envVar: 'OTHERS_TABLE', globalSecondaryIndexes: [] };

describe('CareerwireFunction', () => {
  let stack: Stack;
  let template: Template;
  let reader: CareerwireFunction;
  let writer: CareerwireFunction;
  let things: CareerwireTable;
  let others: CareerwireTable;

  beforeAll(() => {
    const app = new App({ context: CDK_JSON_CONTEXT });
    stack = new Stack(app, 'FunctionTest');
    things = new CareerwireTable(stack, 'ThingsTable', { definition });
    others = new CareerwireTable(stack, 'OthersTable', { definition: other });
    reader = new CareerwireFunction(stack, 'Reader', { entry: ENTRY, serviceName: 'reader' });
    reader.bindTable(things.table, definition, { table: ['GetItem'], indexes: ['Query'] });
    writer = new CareerwireFunction(stack, 'Writer', {
      entry: ENTRY,
      serviceName: 'writer',
      memorySize: 1024,
      timeout: Duration.seconds(30),
      logLevel: 'DEBUG',
      logRetention: RetentionDays.ONE_WEEK,
      metricsNamespace: 'test-namespace',
      environment: { EXTRA: 'value' },
    });
    writer
      .bindTable(things.table, definition, { table: ['GetItem', 'UpdateItem'] })
      .bindTable(others.table, other, { table: ['PutItem', 'BatchWriteItem'] });
    template = Template.fromStack(stack);
  });

  it('uses the newest Node.js runtime aws-cdk-lib offers, with a matching esbuild target', () => {
    const majors = lambda.Runtime.ALL.filter((runtime) => runtime.family === lambda.RuntimeFamily.NODEJS)
      .map((runtime) => /^nodejs(\d+)\.x$/.exec(runtime.name)?.[1])
      .filter((major): major is string => major !== undefined)
      .map(Number);
    expect(NODE_RUNTIME.name).toBe(`nodejs${Math.max(...majors)}.x`);
    expect(ESBUILD_TARGET).toBe(`node${Math.max(...majors)}`);
  });

  it('sets the shared defaults: runtime, arm64, tracing, JSON logs, memory, timeout', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: NODE_RUNTIME.name,
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      MemorySize: 256,
      Timeout: 10,
      Handler: 'index.handler',
      LoggingConfig: {
        LogFormat: 'JSON',
        ApplicationLogLevel: 'INFO',
        LogGroup: { Ref: logicalId(reader.logGroup) },
      },
      Environment: {
        Variables: Match.objectEquals({
          NODE_OPTIONS: '--enable-source-maps',
          POWERTOOLS_SERVICE_NAME: 'reader',
          POWERTOOLS_METRICS_NAMESPACE: 'careerwire',
          POWERTOOLS_LOG_LEVEL: 'INFO',
          THINGS_TABLE: { Ref: logicalId(things.table) },
        }),
      },
    });
  });

  it('applies the props it is given', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 1024,
      Timeout: 30,
      LoggingConfig: Match.objectLike({ ApplicationLogLevel: 'DEBUG' }),
      Environment: {
        Variables: Match.objectLike({
          EXTRA: 'value',
          POWERTOOLS_SERVICE_NAME: 'writer',
          POWERTOOLS_METRICS_NAMESPACE: 'test-namespace',
          POWERTOOLS_LOG_LEVEL: 'DEBUG',
          THINGS_TABLE: { Ref: logicalId(things.table) },
          OTHERS_TABLE: { Ref: logicalId(others.table) },
        }),
      },
    });
  });

  it('creates its own log group with explicit retention', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
    template.resourceCountIs('AWS::Logs::LogGroup', 2);
  });

  it('roles carry no managed policy and may write only to their own log group', () => {
    const roles = template.findResources('AWS::IAM::Role');
    for (const fn of [reader, writer]) {
      const role = roles[logicalId(fn.role)];
      expect(role?.Properties.ManagedPolicyArns).toBeUndefined();
      expect(role?.Properties.AssumeRolePolicyDocument.Statement).toEqual([
        expect.objectContaining({ Action: 'sts:AssumeRole', Principal: { Service: 'lambda.amazonaws.com' } }),
      ]);
      const logStatements = statementsOfRole(template, logicalId(fn.role)).filter((s) =>
        actionsOf([s]).some((action) => action.startsWith('logs:')),
      );
      expect(logStatements).toEqual([
        expect.objectContaining({ Resource: { 'Fn::GetAtt': [logicalId(fn.logGroup), 'Arn'] } }),
      ]);
    }
  });

  it('bindTable grants exactly the operations named on the table, and Query on its declared indexes only when asked', () => {
    const statements = statementsOfRole(template, logicalId(reader.role));
    const tableArn = { 'Fn::GetAtt': [logicalId(things.table), 'Arn'] };
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: tableArn }));
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Allow', Action: 'dynamodb:Query', Resource: { 'Fn::Join': ['', [tableArn, '/index/byKind']] } }),
    );
    expect(actionsOf(statements).filter((action) => action.startsWith('dynamodb:'))).toEqual(ddb('GetItem', 'Query'));
  });

  it('per table, the operations of that table only: no index grant unless asked', () => {
    const statements = statementsOfRole(template, logicalId(writer.role)).filter((s) => actionsOf([s]).some((a) => a.startsWith('dynamodb:')));
    const thingsArn = { 'Fn::GetAtt': [logicalId(things.table), 'Arn'] };
    const othersArn = { 'Fn::GetAtt': [logicalId(others.table), 'Arn'] };
    const byResource = statements.map((s) => [JSON.stringify(s.Resource), actionsOf([s])]);
    expect(byResource).toEqual([
      [JSON.stringify(thingsArn), ddb('GetItem', 'UpdateItem')],
      [JSON.stringify(othersArn), ddb('BatchWriteItem', 'PutItem')],
    ]);
  });

  it('serviceMetric() is a metric the function emits with Powertools: its namespace, its service dimension, Sum per 5 minutes', () => {
    const metric = (fn: CareerwireFunction, name: string, options = {}) => {
      const config = fn.serviceMetric(name, options).toMetricConfig().metricStat;
      return { ...config, period: config?.period.toSeconds() };
    };
    expect(metric(reader, 'ThingsRead')).toEqual(
      expect.objectContaining({ namespace: 'careerwire', metricName: 'ThingsRead', dimensions: [{ name: 'service', value: 'reader' }], statistic: 'Sum', period: 300 }),
    );
    // The namespace and service name it gives the function's environment.
    expect(metric(writer, 'ThingsWritten', { period: Duration.hours(1), statistic: 'Maximum' })).toEqual(
      expect.objectContaining({ namespace: 'test-namespace', dimensions: [{ name: 'service', value: 'writer' }], statistic: 'Maximum', period: 3600 }),
    );
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: writer.serviceName, POWERTOOLS_METRICS_NAMESPACE: writer.metricsNamespace }) },
    });
  });

  it('the only "*" resource of a function role is the X-Ray statement', () => {
    for (const fn of [reader, writer]) {
      const wildcard = statementsOfRole(template, logicalId(fn.role)).filter((s) => JSON.stringify(s.Resource).includes('*'));
      expect(wildcard).toHaveLength(1);
      expect(wildcard[0]?.Resource).toBe('*');
      expect(actionsOf(wildcard)).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
    }
  });

  it('grants use of a customer-managed table key through DynamoDB only: Decrypt to readers, Encrypt/GenerateDataKey too to writers', () => {
    const app = new App({ context: { ...CDK_JSON_CONTEXT, ...NO_BUNDLING_CONTEXT } });
    const keyed = new Stack(app, 'Keyed');
    const table = new dynamodb.Table(keyed, 'Table', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
    });
    const reads = new CareerwireFunction(keyed, 'Reads', { entry: ENTRY, serviceName: 'keyed-reader' });
    reads.bindTable(table, other, { table: ['GetItem', 'Query', 'BatchGetItem'] });
    const writes = new CareerwireFunction(keyed, 'Writes', { entry: ENTRY, serviceName: 'keyed-writer' });
    writes.bindTable(table, other, { table: ['UpdateItem'] });
    const keyedTemplate = Template.fromStack(keyed);
    const keyStatements = (fn: CareerwireFunction) =>
      statementsOfRole(keyedTemplate, logicalId(fn.role)).filter((s) => actionsOf([s]).some((a) => a.startsWith('kms:')));
    const viaDynamoDb = {
      StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['dynamodb.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]] } },
    };
    const keyArn = { 'Fn::GetAtt': [logicalId(table.encryptionKey as IConstruct), 'Arn'] };
    expect(keyStatements(reads)).toEqual([{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: keyArn, Condition: viaDynamoDb }]);
    expect(keyStatements(writes)).toEqual([
      { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], Resource: keyArn, Condition: viaDynamoDb },
    ]);
    expect([...KEY_READ_ACTIONS, ...KEY_WRITE_ACTIONS].some((a) => a.includes('*'))).toBe(false);
    // Nothing is added to the key policy: the grant is the role's alone.
    const keyPolicy = JSON.stringify(Object.values(keyedTemplate.findResources('AWS::KMS::Key'))[0]?.Properties.KeyPolicy);
    expect(keyPolicy).not.toContain(logicalId(reads.role));
    expect(keyPolicy).not.toContain(logicalId(writes.role));
  });

  describe('refuses', () => {
    const aTopic = new sns.Topic(new Stack(new App(), 'Topics'), 'Alarms');
    const make = (props: Partial<CareerwireFunctionProps>): (() => CareerwireFunction) => () =>
      new CareerwireFunction(new Stack(new App({ context: CDK_JSON_CONTEXT }), 'Invalid'), 'Fn', { entry: ENTRY, serviceName: 'ok', ...props });

    it.each<[string, Partial<CareerwireFunctionProps>, RegExp]>([
      ['a relative entry', { entry: 'lambdas/functions/api.ts' }, /entry must be an absolute path/],
      ['a missing entry', { entry: path.join(FIXTURES, 'missing.ts') }, /does not exist/],
      ['a bad service name', { serviceName: 'My Service' }, /serviceName must be/],
      ['memory below 128 MB', { memorySize: 64 }, /memorySize must be an integer from 128 to 10240/],
      ['a timeout over 15 minutes', { timeout: Duration.minutes(16) }, /timeout must be 1-900 seconds/],
      ['more than two retries', { retryAttempts: 3 }, /retryAttempts must be 0, 1 or 2/],
      ['overriding a Powertools variable', { environment: { POWERTOOLS_LOG_LEVEL: 'DEBUG' } }, /set by CareerwireFunction itself/],
      ['an AWS_ variable', { environment: { AWS_REGION: 'eu-west-1' } }, /reserved by Lambda/],
      ['a dead-letter name that is no id prefix', { deadLetters: { name: 'dead letters', alarm: { description: 'Events wait in the queue.', topic: aTopic } } }, /deadLetters.name must be/],
      ['a dead-letter alarm that says nothing', { deadLetters: { alarm: { description: ' ', topic: aTopic } } }, /deadLetters.alarm.description must say/],
    ])('%s', (_what, props, message) => {
      expect(make(props)).toThrow(message);
    });

    it('binding the same table twice', () => {
      expect(() => writer.bindTable(things.table, definition, { table: ['GetItem'] })).toThrow(/already bound/);
    });

    it('an unknown operation, a Scan, or no operation at all', () => {
      expect(() => reader.bindTable(others.table, other, { table: ['Scan' as never] })).toThrow(/needs operations among/);
      expect(() => reader.bindTable(others.table, other, { table: ['dynamodb:*' as never] })).toThrow(/needs operations among/);
      expect(() => reader.bindTable(others.table, other, { table: [] })).toThrow(/needs operations among/);
    });

    it('an index Query on a table without indexes', () => {
      expect(() => reader.bindTable(others.table, other, { table: [], indexes: ['Query'] })).toThrow(/has no index/);
    });
  });

  describe('deadLetters', () => {
    let dlqStack: Stack;
    let dlqTemplate: Template;
    let topic: sns.Topic;
    let named: CareerwireFunction;
    let plain: CareerwireFunction;

    beforeAll(() => {
      dlqStack = new Stack(new App({ context: { ...CDK_JSON_CONTEXT, ...NO_BUNDLING_CONTEXT } }), 'DeadLettersTest');
      topic = new sns.Topic(dlqStack, 'Alarms');
      new CareerwireFunction(dlqStack, 'Sync', {
        entry: ENTRY,
        serviceName: 'sync',
        deadLetters: { alarm: { description: 'Sync events that failed every attempt wait in the queue.', topic } },
      });
      named = new CareerwireFunction(dlqStack, 'DigestPlanner', {
        entry: ENTRY,
        serviceName: 'planner',
        deadLetters: { name: 'Planner', alarm: { description: 'Planner events that failed every attempt wait in the queue.', topic } },
      });
      plain = new CareerwireFunction(dlqStack, 'Plain', { entry: ENTRY, serviceName: 'plain' });
      dlqTemplate = Template.fromStack(dlqStack);
    });

    // Beside the function, not inside it: the ids (and so the logical IDs) the stacks' queues and alarms had.
    it('creates <id>DeadLetterQueue and <id>DeadLettersAlarm in the function\'s scope, or <name>... when named', () => {
      expect(dlqStack.node.tryFindChild('SyncDeadLetterQueue')).toBeDefined();
      expect(dlqStack.node.tryFindChild('SyncDeadLettersAlarm')).toBeDefined();
      expect(dlqStack.node.tryFindChild('PlannerDeadLetterQueue')).toBe(named.deadLetterQueue);
      expect(dlqStack.node.tryFindChild('PlannerDeadLettersAlarm')).toBe(named.deadLettersAlarm);
      expect(Object.keys(dlqTemplate.findResources('AWS::SQS::Queue'))).toHaveLength(2);
    });

    it('the queue: encrypted, TLS only, kept 14 days; the function sends its failed asynchronous events there', () => {
      dlqTemplate.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
      dlqTemplate.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: logicalId(named.deadLetterQueue) }],
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
      expect(dlqTemplate.toJSON().Resources[logicalId(named.function)].Properties.DeadLetterConfig).toEqual({
        TargetArn: { 'Fn::GetAtt': [logicalId(named.deadLetterQueue), 'Arn'] },
      });
    });

    it('the alarm: any message in the queue notifies the topic', () => {
      dlqTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmDescription: 'Planner events that failed every attempt wait in the queue.',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Namespace: 'AWS/SQS',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(named.deadLetterQueue), 'QueueName'] } }],
        Statistic: 'Maximum',
        Period: 300,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: logicalId(topic) }],
      });
    });

    it('without the option: no queue, and asking for it says so', () => {
      expect(dlqTemplate.toJSON().Resources[logicalId(plain.function)].Properties.DeadLetterConfig).toBeUndefined();
      expect(() => plain.deadLetterQueue).toThrow(/DeadLettersTest\/Plain: the function has no dead-letter queue/);
    });
  });
});
