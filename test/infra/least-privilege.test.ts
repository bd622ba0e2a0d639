/**
 * Every function's grants, exactly: per table the DynamoDB operations its code issues (and Query on
 * indexes only where it reads one), and every other action it may take. An extra grant anywhere (a
 * Scan, a BatchWriteItem nobody issues, DescribeSecret) fails here, as does a missing one.
 * Lambda's own needs are the only actions no code of ours issues: logs for the function's log group,
 * X-Ray, the SQS event source's consume actions and the dead-letter queue's SendMessage.
 */
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  DeliveriesTable,
  FeedsTable,
  GuidesTable,
  JobsTable,
  RateLimitsTable,
  RunsTable,
  SubscribersTable,
  SuppressionsTable,
} from '../../lambdas/shared/tables';
import type { CareerwireFunction } from '../../lib/constructs/careerwire-function';
import {
  actionsOf,
  ddb,
  dynamoAccessByTable,
  functionsOf,
  logicalId,
  NO_BUNDLING_CONTEXT,
  removeOutdir,
  type Statement,
  statementsOfRole,
  type SynthesizedApp,
  synthesizeApp,
  tableLogicalIds,
} from './support';

const LAMBDA = ['logs:CreateLogStream', 'logs:PutLogEvents', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'];
const KMS_READ = ['kms:Decrypt'];
const KMS_WRITE = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'];
const none: string[] = [];

interface Expected {
  dynamo: Record<string, { table: string[]; indexes: string[] }>;
  /** Every action outside DynamoDB, Lambda's own included. */
  other: string[];
}

const EXPECTED: Record<string, Expected> = {
  api: {
    dynamo: {
      [GuidesTable.id]: { table: ddb('GetItem'), indexes: ddb('Query') },
      [JobsTable.id]: { table: ddb('GetItem'), indexes: ddb('Query') },
    },
    // The token keys sign page cursors. No SES, no subscriber table: the subscriptions function's.
    other: [...LAMBDA, 'secretsmanager:GetSecretValue'],
  },
  subscriptions: {
    dynamo: {
      [GuidesTable.id]: { table: none, indexes: ddb('Query') },
      [JobsTable.id]: { table: ddb('GetItem'), indexes: none },
      [SubscribersTable.id]: { table: ddb('GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'), indexes: none },
      [DeliveriesTable.id]: { table: ddb('Query', 'BatchWriteItem'), indexes: none },
      [SuppressionsTable.id]: { table: ddb('GetItem'), indexes: none },
      [RateLimitsTable.id]: { table: ddb('GetItem', 'UpdateItem'), indexes: none },
    },
    other: [...KMS_WRITE, ...LAMBDA, 'secretsmanager:GetSecretValue', 'ses:SendEmail'],
  },
  admin: {
    dynamo: {
      [JobsTable.id]: { table: ddb('BatchGetItem', 'BatchWriteItem'), indexes: none },
      [GuidesTable.id]: { table: none, indexes: ddb('Query') },
      [SubscribersTable.id]: { table: ddb('GetItem', 'UpdateItem'), indexes: none },
      [RunsTable.id]: { table: ddb('GetItem'), indexes: none },
    },
    other: [...KMS_WRITE, ...LAMBDA, 'lambda:InvokeFunction', 'secretsmanager:GetSecretValue'],
  },
  feedback: {
    dynamo: {
      [SubscribersTable.id]: { table: ddb('UpdateItem'), indexes: none },
      [SuppressionsTable.id]: { table: ddb('PutItem'), indexes: none },
    },
    other: [...KMS_WRITE, ...LAMBDA, 'sqs:SendMessage'],
  },
  planner: {
    dynamo: {
      [SubscribersTable.id]: { table: none, indexes: ddb('Query') },
      [JobsTable.id]: { table: none, indexes: ddb('Query') },
      [RunsTable.id]: { table: ddb('GetItem', 'PutItem', 'UpdateItem'), indexes: none },
    },
    other: [...KMS_READ, ...LAMBDA, 'lambda:InvokeFunction', 'sqs:SendMessage'],
  },
  sender: {
    dynamo: {
      [SubscribersTable.id]: { table: ddb('BatchGetItem', 'UpdateItem'), indexes: none },
      [DeliveriesTable.id]: { table: ddb('GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'), indexes: none },
      [RunsTable.id]: { table: ddb('UpdateItem'), indexes: none },
      [SuppressionsTable.id]: { table: ddb('GetItem'), indexes: none },
      [JobsTable.id]: { table: none, indexes: ddb('Query') },
      [GuidesTable.id]: { table: ddb('GetItem'), indexes: none },
    },
    other: [
      ...KMS_WRITE,
      ...LAMBDA,
      'secretsmanager:GetSecretValue',
      // A message deferred for SES on its last receive but one goes back as a fresh copy.
      'sqs:SendMessage',
      'ses:SendEmail',
      // The SQS event source, polled by Lambda with the function's role.
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:ReceiveMessage',
    ],
  },
  ingest: {
    dynamo: { [GuidesTable.id]: { table: ddb('BatchGetItem', 'BatchWriteItem', 'DeleteItem'), indexes: none } },
    other: [...LAMBDA, 's3:GetObject', 'sqs:SendMessage'],
  },
  jobSync: {
    dynamo: {
      [JobsTable.id]: { table: ddb('BatchGetItem', 'BatchWriteItem'), indexes: none },
      [FeedsTable.id]: { table: ddb('GetItem', 'PutItem'), indexes: none },
      [GuidesTable.id]: { table: none, indexes: ddb('Query') },
    },
    other: [...LAMBDA, 'sqs:SendMessage'],
  },
};

describe('least privilege: each function may do exactly what its code does', () => {
  let synthesized: SynthesizedApp;
  let functions: Record<string, CareerwireFunction>;
  const statementsOf = (fn: CareerwireFunction): Statement[] => statementsOfRole(Template.fromStack(Stack.of(fn)), logicalId(fn.role));

  beforeAll(() => {
    synthesized = synthesizeApp(NO_BUNDLING_CONTEXT);
    functions = functionsOf(synthesized);
  });
  afterAll(() => removeOutdir(synthesized));

  it('covers every function', () => {
    expect(Object.keys(functions).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.keys(EXPECTED))('%s: DynamoDB operations per table and index', (name) => {
    const fn = functions[name] as CareerwireFunction;
    const access = dynamoAccessByTable(statementsOf(fn), tableLogicalIds(synthesized));
    const expected = (EXPECTED[name] as Expected).dynamo;
    // Tables with no table-level grant report an empty list; compare the sets of operations.
    expect(access).toEqual(expected);
  });

  it.each(Object.keys(EXPECTED))('%s: every other action', (name) => {
    const fn = functions[name] as CareerwireFunction;
    const other = actionsOf(statementsOf(fn)).filter((a) => !a.startsWith('dynamodb:'));
    expect(other).toEqual([...new Set((EXPECTED[name] as Expected).other)].sort());
  });

  it('no statement of any function allows a wildcard action, or Scan, DescribeTable or DescribeSecret', () => {
    for (const fn of Object.values(functions)) {
      const actions = actionsOf(statementsOf(fn));
      expect({ fn: fn.serviceName, wildcard: actions.filter((a) => a.includes('*')) }).toEqual({ fn: fn.serviceName, wildcard: [] });
      expect(actions).not.toEqual(expect.arrayContaining(['dynamodb:Scan']));
      expect(actions.filter((a) => ['dynamodb:Scan', 'dynamodb:DescribeTable', 'secretsmanager:DescribeSecret'].includes(a))).toEqual([]);
    }
  });
});
