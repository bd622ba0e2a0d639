/** `careerwire ops pause|resume` against mocked AWS APIs: what it reads, what it writes, in which order. */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { LambdaClient, UpdateEventSourceMappingCommand } from '@aws-sdk/client-lambda';
import { GetScheduleCommand, type GetScheduleCommandOutput, SchedulerClient, UpdateScheduleCommand } from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { OpsError } from '../../../lib/ops/errors';
import { ALERTS_OUTPUTS } from '../../../lib/ops/outputs';
import { readSendingTargets, setSending } from '../../../lib/ops/sending';

const cloudFormation = mockClient(CloudFormationClient);
const scheduler = mockClient(SchedulerClient);
const lambda = mockClient(LambdaClient);
const clients = { cloudFormation: new CloudFormationClient({}), scheduler: new SchedulerClient({}), lambda: new LambdaClient({}) };

/** A schedule as GetSchedule returns it: everything UpdateSchedule would otherwise reset. */
const schedule = (name: string, state: 'ENABLED' | 'DISABLED'): Partial<GetScheduleCommandOutput> => ({
  Name: name,
  GroupName: 'default',
  Arn: `arn:aws:scheduler:eu-west-1:111122223333:schedule/default/${name}`,
  State: state,
  Description: `careerwire prod: ${name}`,
  ScheduleExpression: 'cron(0 7 * * ? *)',
  ScheduleExpressionTimezone: 'Europe/Berlin',
  FlexibleTimeWindow: { Mode: 'OFF' },
  Target: {
    Arn: 'arn:aws:lambda:eu-west-1:111122223333:function:planner',
    RoleArn: 'arn:aws:iam::111122223333:role/scheduler',
    Input: '{"tier":"plus"}',
    RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
    DeadLetterConfig: { Arn: 'arn:aws:sqs:eu-west-1:111122223333:planner-dlq' },
  },
  CreationDate: new Date('2026-01-01T00:00:00Z'),
  LastModificationDate: new Date('2026-01-02T00:00:00Z'),
});

const targets = { scheduleGroup: 'default', scheduleNames: ['plus-schedule', 'free-schedule'], eventSourceMappingIds: ['uuid-plus', 'uuid-free'] };

beforeEach(() => {
  cloudFormation.reset();
  scheduler.reset();
  lambda.reset();
});

describe('readSendingTargets', () => {
  it('reads the schedules and event source mappings from the stage\'s alerts stack outputs', async () => {
    cloudFormation.on(DescribeStacksCommand, { StackName: 'careerwire-prod-alerts' }).resolves({
      Stacks: [
        {
          StackName: 'careerwire-prod-alerts',
          CreationTime: new Date(),
          StackStatus: 'UPDATE_COMPLETE',
          Outputs: [
            { OutputKey: ALERTS_OUTPUTS.scheduleGroup, OutputValue: 'default' },
            { OutputKey: ALERTS_OUTPUTS.scheduleNames, OutputValue: 'plus-schedule,free-schedule' },
            { OutputKey: ALERTS_OUTPUTS.senderEventSourceMappings, OutputValue: 'uuid-plus,uuid-free' },
            { OutputKey: 'DigestQueueArn', OutputValue: 'arn:aws:sqs:eu-west-1:111122223333:q' },
          ],
        },
      ],
    });
    await expect(readSendingTargets('prod', clients)).resolves.toEqual({ stack: 'careerwire-prod-alerts', targets });
  });

  it('a missing stack is a one-line OpsError naming the stack and the fix', async () => {
    cloudFormation.on(DescribeStacksCommand).rejects(Object.assign(new Error('Stack with id careerwire-prd-alerts does not exist'), { name: 'ValidationError' }));
    await expect(readSendingTargets('prd', clients)).rejects.toThrow(OpsError);
    await expect(readSendingTargets('prd', clients)).rejects.toThrow(/no stack careerwire-prd-alerts .*--stage/);
  });

  it('a stack deployed before these outputs is an OpsError saying to deploy', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves({
      Stacks: [{ StackName: 'careerwire-dev-alerts', CreationTime: new Date(), StackStatus: 'UPDATE_COMPLETE', Outputs: [{ OutputKey: 'DigestQueueUrl', OutputValue: 'x' }] }],
    });
    await expect(readSendingTargets('dev', clients)).rejects.toThrow(/has no output DigestScheduleGroup: deploy this version first/);
  });
});

describe('setSending', () => {
  it('pause: each schedule is read, then written back whole with State DISABLED; then the senders are disabled', async () => {
    scheduler.on(GetScheduleCommand, { Name: 'plus-schedule' }).resolves(schedule('plus-schedule', 'ENABLED'));
    scheduler.on(GetScheduleCommand, { Name: 'free-schedule' }).resolves(schedule('free-schedule', 'ENABLED'));
    const order: string[] = [];
    scheduler.on(UpdateScheduleCommand).callsFake((input: { Name: string }) => {
      order.push(`schedule ${input.Name}`);
      return { ScheduleArn: 'arn' };
    });
    lambda.on(UpdateEventSourceMappingCommand).callsFake((input: { UUID: string }) => {
      order.push(`mapping ${input.UUID}`);
      return { State: 'Disabling' };
    });

    const result = await setSending('pause', 'careerwire-prod-alerts', targets, clients);

    const updates = scheduler.commandCalls(UpdateScheduleCommand).map((call) => call.args[0].input);
    const plus = schedule('plus-schedule', 'ENABLED');
    // Everything UpdateSchedule takes, as read: the input, the time zone, the retry policy and the DLQ survive.
    expect(updates[0]).toEqual({
      Name: 'plus-schedule',
      GroupName: 'default',
      State: 'DISABLED',
      ScheduleExpression: plus.ScheduleExpression,
      ScheduleExpressionTimezone: 'Europe/Berlin',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: plus.Target,
      Description: plus.Description,
      StartDate: undefined,
      EndDate: undefined,
      KmsKeyArn: undefined,
      ActionAfterCompletion: undefined,
    });
    expect(updates.map((update) => [update?.Name, update?.State])).toEqual([
      ['plus-schedule', 'DISABLED'],
      ['free-schedule', 'DISABLED'],
    ]);
    expect(lambda.commandCalls(UpdateEventSourceMappingCommand).map((call) => call.args[0].input)).toEqual([
      { UUID: 'uuid-plus', Enabled: false },
      { UUID: 'uuid-free', Enabled: false },
    ]);
    // Schedules first: no run starts while the senders stop.
    expect(order).toEqual(['schedule plus-schedule', 'schedule free-schedule', 'mapping uuid-plus', 'mapping uuid-free']);
    expect(result).toEqual({
      action: 'pause',
      stack: 'careerwire-prod-alerts',
      schedules: [
        { name: 'plus-schedule', state: 'DISABLED', changed: true },
        { name: 'free-schedule', state: 'DISABLED', changed: true },
      ],
      eventSourceMappings: [
        { uuid: 'uuid-plus', state: 'Disabling' },
        { uuid: 'uuid-free', state: 'Disabling' },
      ],
    });
  });

  it('resume: senders first, then the schedules; a schedule already enabled is left alone', async () => {
    const order: string[] = [];
    const read = (state: 'ENABLED' | 'DISABLED') => (input: { Name: string }) => {
      order.push(`read ${input.Name}`);
      return schedule(input.Name, state);
    };
    scheduler.on(GetScheduleCommand, { Name: 'plus-schedule' }).callsFake(read('DISABLED'));
    scheduler.on(GetScheduleCommand, { Name: 'free-schedule' }).callsFake(read('ENABLED'));
    scheduler.on(UpdateScheduleCommand).resolves({ ScheduleArn: 'arn' });
    lambda.on(UpdateEventSourceMappingCommand).callsFake((input: { UUID: string }) => {
      order.push(`mapping ${input.UUID}`);
      return { State: 'Enabling' };
    });

    const result = await setSending('resume', 'careerwire-prod-alerts', targets, clients);

    expect(lambda.commandCalls(UpdateEventSourceMappingCommand).map((call) => call.args[0].input)).toEqual([
      { UUID: 'uuid-plus', Enabled: true },
      { UUID: 'uuid-free', Enabled: true },
    ]);
    expect(scheduler.commandCalls(UpdateScheduleCommand).map((call) => [call.args[0].input.Name, call.args[0].input.State])).toEqual([['plus-schedule', 'ENABLED']]);
    // Senders first: a run that starts finds them consuming.
    expect(order).toEqual(['mapping uuid-plus', 'mapping uuid-free', 'read plus-schedule', 'read free-schedule']);
    expect(result.schedules).toEqual([
      { name: 'plus-schedule', state: 'ENABLED', changed: true },
      { name: 'free-schedule', state: 'ENABLED', changed: false },
    ]);
  });

  it('never writes a schedule it could not read whole', async () => {
    const { Target: _target, ...withoutTarget } = schedule('plus-schedule', 'ENABLED');
    scheduler.on(GetScheduleCommand).resolves(withoutTarget);
    lambda.on(UpdateEventSourceMappingCommand).resolves({});
    await expect(setSending('pause', 'careerwire-prod-alerts', { ...targets, scheduleNames: ['plus-schedule'] }, clients)).rejects.toThrow(OpsError);
    expect(scheduler.commandCalls(UpdateScheduleCommand)).toHaveLength(0);
  });
});
