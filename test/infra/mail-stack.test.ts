import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { SUBSCRIPTION_ENV } from '../../lambdas/shared/env';
import { SubscribersTable, SuppressionsTable } from '../../lambdas/shared/tables';
import { BOUNCE_RATE_ALARM_THRESHOLD, COMPLAINT_RATE_ALARM_THRESHOLD, FEEDBACK_TIMEOUT } from '../../lib/stacks/mail-stack';
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

const fromStack = (id: string) => crossStackValue(new RegExp(`^PublishOutput(Ref|FnGetAtt)${id}`));
/** An SES ARN of this account and region; a literal name is folded into the last string part, as CDK does. */
const arn = (resource: string, name: unknown) => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':ses:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      ...(typeof name === 'string' ? [`:${resource}/${name}`] : [`:${resource}/`, name]),
    ],
  ],
});
const sesStatements = (statements: Statement[]) => statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('ses:')));

describe('mail stack (default configuration: the sender address is the SES identity)', () => {
  let synthesized: SynthesizedApp;
  let template: Template;
  let feedbackStatements: Statement[];

  beforeAll(() => {
    synthesized = synthesizeApp(NO_BUNDLING_CONTEXT);
    template = Template.fromStack(synthesized.mail);
    feedbackStatements = statementsOfRole(template, logicalId(synthesized.mail.feedbackFunction.role));
  });
  afterAll(() => removeOutdir(synthesized));

  it('verifies the sender address as the identity, sending through the configuration set by default', () => {
    template.resourceCountIs('AWS::SES::EmailIdentity', 1);
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'alerts@example.com',
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: logicalId(synthesized.mail.configurationSet) } },
    });
  });

  it('configuration set: reputation metrics on, sending on, SES suppression of bounces and complaints, no physical name', () => {
    template.resourceCountIs('AWS::SES::ConfigurationSet', 1);
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      ReputationOptions: { ReputationMetricsEnabled: true },
      SendingOptions: { SendingEnabled: true },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
      Name: Match.absent(),
    });
  });

  it('publishes bounce and complaint events (nothing else) to the feedback topic', () => {
    template.resourceCountIs('AWS::SES::ConfigurationSetEventDestination', 1);
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: { Ref: logicalId(synthesized.mail.configurationSet) },
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: ['bounce', 'complaint'],
        SnsDestination: { TopicARN: { Ref: logicalId(synthesized.mail.feedbackTopic) } },
      },
    });
  });

  it('feedback topic: encrypted with a rotated customer-managed key that SES may use for this configuration set only; TLS only', () => {
    const keyId = logicalId(synthesized.mail.feedbackKey);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Sid: 'SesPublishesFeedbackEvents',
            Effect: 'Allow',
            Principal: { Service: 'ses.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
            Resource: '*',
            Condition: {
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              ArnLike: { 'aws:SourceArn': arn('configuration-set', { Ref: logicalId(synthesized.mail.configurationSet) }) },
            },
          },
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Allow', Action: 'sns:Publish', Principal: { Service: 'ses.amazonaws.com' } }),
        ]),
      },
    });
  });

  it('feedback function: subscribed to the topic, its tables in the environment, retried twice, then dead-lettered', () => {
    const fnId = logicalId(synthesized.mail.feedbackFunction.function);
    const dlq = { 'Fn::GetAtt': [logicalId(synthesized.mail.feedbackDeadLetterQueue), 'Arn'] };
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      Endpoint: { 'Fn::GetAtt': [fnId, 'Arn'] },
      TopicArn: { Ref: logicalId(synthesized.mail.feedbackTopic) },
      RedrivePolicy: { deadLetterTargetArn: dlq },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: { 'Fn::GetAtt': [fnId, 'Arn'] },
      Principal: 'sns.amazonaws.com',
      SourceArn: { Ref: logicalId(synthesized.mail.feedbackTopic) },
    });
    const fn = template.findResources('AWS::Lambda::Function')[fnId];
    expect(fn?.Properties.DeadLetterConfig).toEqual({ TargetArn: dlq });
    expect(fn?.Properties.Timeout).toBe(FEEDBACK_TIMEOUT.toSeconds());
    expect(Object.keys(fn?.Properties.Environment.Variables).sort()).toEqual(
      [SubscribersTable.envVar, SuppressionsTable.envVar, 'NODE_OPTIONS', 'POWERTOOLS_LOG_LEVEL', 'POWERTOOLS_METRICS_NAMESPACE', 'POWERTOOLS_SERVICE_NAME'].sort(),
    );
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { FunctionName: { Ref: fnId }, MaximumRetryAttempts: 2 });
  });

  it('feedback function writes Subscribers and Suppressions (using the Subscribers key through DynamoDB), and nothing else', () => {
    expect(dynamoAccessByTable(feedbackStatements, tableLogicalIds(synthesized))).toEqual({
      [SubscribersTable.id]: { table: ddb('UpdateItem'), indexes: [] },
      [SuppressionsTable.id]: { table: ddb('PutItem'), indexes: [] },
    });
    const services = [...new Set(actionsOf(feedbackStatements).map((a) => a.split(':')[0]))].sort();
    expect(services).toEqual(['dynamodb', 'kms', 'logs', 'sqs', 'xray']);
    expect(feedbackStatements.filter((s) => actionsOf([s]).some((a) => a.startsWith('kms:')))).toEqual([
      expect.objectContaining({ Resource: fromStack(logicalId(synthesized.data.tableKeys.get(SubscribersTable.id) as IConstruct)) }),
    ]);
    // Its own dead-letter queue, nothing else.
    expect(feedbackStatements.filter((s) => actionsOf([s]).some((a) => a.startsWith('sqs:')))).toEqual([
      expect.objectContaining({ Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': [logicalId(synthesized.mail.feedbackDeadLetterQueue), 'Arn'] } }),
    ]);
  });

  it('alarms at a 2.5% bounce rate and a 0.05% complaint rate (half of the SES review levels) (AWS/SES reputation), notifying the alarm topic', () => {
    expect([BOUNCE_RATE_ALARM_THRESHOLD, COMPLAINT_RATE_ALARM_THRESHOLD]).toEqual([0.025, 0.0005]);
    for (const [metricName, threshold] of [
      ['Reputation.BounceRate', 0.025],
      ['Reputation.ComplaintRate', 0.0005],
    ] as const) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SES',
        MetricName: metricName,
        Threshold: threshold,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Statistic: 'Maximum',
        Dimensions: Match.absent(),
        AlarmActions: [
          fromOtherStack(`^PublishOutputRef${logicalId(synthesized.data.alarmTopic)}`),
        ],
      });
    }
  });

  it('alarms on the feedback dead-letter queue and feedback errors', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(synthesized.mail.feedbackDeadLetterQueue), 'QueueName'] } }],
      Threshold: 1,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(synthesized.mail.feedbackFunction.function) } }],
    });
  });

  it('outputs the configuration set, the identity and how to verify it', () => {
    template.hasOutput('SesConfigurationSetName', { Value: { Ref: logicalId(synthesized.mail.configurationSet) } });
    template.hasOutput('SesIdentity', { Value: { Ref: logicalId(synthesized.mail.identity) } });
    template.hasOutput('SesSenderEmail', { Value: 'alerts@example.com' });
    template.hasOutput('SesVerification', { Value: Match.stringLikeRegexp('verification link SES emailed to alerts@example.com') });
    expect(Object.keys(template.findOutputs('*')).filter((name) => /^SesD(kim|marc)/.test(name))).toEqual([]);
  });

  it('senders (subscriptions, digest sender) get SENDER_EMAIL, SES_CONFIGURATION_SET and ses:SendEmail on the identity and configuration set, from that address only', () => {
    for (const fn of [synthesized.api.subscriptionsFunction, synthesized.alerts.sender]) {
      const stack = Template.fromStack(fn.function.stack);
      const variables = stack.findResources('AWS::Lambda::Function')[logicalId(fn.function)]?.Properties.Environment.Variables;
      expect(variables[SUBSCRIPTION_ENV.senderEmail]).toBe('alerts@example.com');
      expect(variables[SUBSCRIPTION_ENV.sesConfigurationSet]).toEqual(fromStack(logicalId(synthesized.mail.configurationSet)));
      expect(sesStatements(statementsOfRole(stack, logicalId(fn.role)))).toEqual([
        {
          Effect: 'Allow',
          Action: 'ses:SendEmail',
          Resource: [
            arn('configuration-set', fromStack(logicalId(synthesized.mail.configurationSet))),
            arn('identity', fromStack(logicalId(synthesized.mail.identity))),
          ],
          Condition: { StringEquals: { 'ses:FromAddress': 'alerts@example.com' } },
        },
      ]);
    }
  });
});

describe('mail stack (senderDomain set: the domain is the identity, with Easy DKIM)', () => {
  let synthesized: SynthesizedApp;
  let template: Template;
  beforeAll(() => {
    synthesized = synthesizeApp({ senderDomain: 'mail.example.org', senderEmail: 'digests@mail.example.org', ...NO_BUNDLING_CONTEXT });
    template = Template.fromStack(synthesized.mail);
  });
  afterAll(() => removeOutdir(synthesized));

  it('verifies the domain with 2048-bit Easy DKIM', () => {
    template.resourceCountIs('AWS::SES::EmailIdentity', 1);
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'mail.example.org',
      DkimSigningAttributes: { NextSigningKeyLength: 'RSA_2048_BIT' },
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: logicalId(synthesized.mail.configurationSet) } },
    });
  });

  it('outputs the three DKIM CNAME records to publish', () => {
    const identity = logicalId(synthesized.mail.identity);
    for (const n of [1, 2, 3]) {
      template.hasOutput(`SesDkimRecord${n}`, {
        Value: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [identity, `DkimDNSTokenName${n}`] }, ' CNAME ', { 'Fn::GetAtt': [identity, `DkimDNSTokenValue${n}`] }]] },
      });
    }
    template.hasOutput('SesVerification', { Value: Match.stringLikeRegexp('CNAME records SesDkimRecord1-3 to the DNS of mail.example.org') });
    template.hasOutput('SesDmarcRecord', { Value: '_dmarc.mail.example.org TXT "v=DMARC1; p=none;"' });
  });

  it('may send on the domain identity and the sender address identity, from the sender address only', () => {
    const stack = Template.fromStack(synthesized.alerts);
    const [statement] = sesStatements(statementsOfRole(stack, logicalId(synthesized.alerts.sender.role)));
    expect(statement?.Resource).toEqual([
      arn('configuration-set', fromStack(logicalId(synthesized.mail.configurationSet))),
      arn('identity', fromStack(logicalId(synthesized.mail.identity))),
      arn('identity', 'digests@mail.example.org'),
    ]);
    expect(statement?.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'digests@mail.example.org' } });
  });
});

describe('mail stack (sesIdentityExists: the account already has the identity)', () => {
  let synthesized: SynthesizedApp;
  let template: Template;
  beforeAll(() => {
    synthesized = synthesizeApp({ senderDomain: 'mail.example.org', senderEmail: 'digests@mail.example.org', sesIdentityExists: true, ...NO_BUNDLING_CONTEXT });
    template = Template.fromStack(synthesized.mail);
  });
  afterAll(() => removeOutdir(synthesized));

  it('creates no identity (a second stage in the account and region can deploy), and publishes no DKIM records of its own', () => {
    template.resourceCountIs('AWS::SES::EmailIdentity', 0);
    expect(Object.keys(template.findOutputs('*')).filter((name) => name.startsWith('SesDkimRecord'))).toEqual([]);
    template.hasOutput('SesVerification', { Value: Match.stringLikeRegexp('existing SES identity mail.example.org') });
  });

  it('still sends through its own configuration set, on the existing identity by name, from the sender address only', () => {
    template.resourceCountIs('AWS::SES::ConfigurationSet', 1);
    const stack = Template.fromStack(synthesized.alerts);
    const [statement] = sesStatements(statementsOfRole(stack, logicalId(synthesized.alerts.sender.role)));
    expect(statement?.Resource).toHaveLength(3);
    expect(statement?.Resource).toEqual(
      expect.arrayContaining([
        arn('configuration-set', fromStack(logicalId(synthesized.mail.configurationSet))),
        arn('identity', 'mail.example.org'),
        arn('identity', 'digests@mail.example.org'),
      ]),
    );
    expect(statement?.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'digests@mail.example.org' } });
  });
});
