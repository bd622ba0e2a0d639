/**
 * Pausing and resuming a stage's digests, one command each (`careerwire ops pause|resume`):
 * - the digest schedules: Scheduler's UpdateSchedule replaces the whole definition, so each schedule
 *   is read first (GetSchedule) and written back as read with only its State changed: a hand-built
 *   call would drop the input, the time zone, the retry policy and the DLQ;
 * - the senders' SQS event source mappings, disabled: messages already queued wait in the queue
 *   (its retention) and go out once enabled again.
 * Pausing stops the schedules first (no new run starts), then the senders; resuming starts the senders
 * first, so a run that starts finds them consuming.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { LambdaClient, UpdateEventSourceMappingCommand } from '@aws-sdk/client-lambda';
import { GetScheduleCommand, SchedulerClient, type ScheduleState, UpdateScheduleCommand } from '@aws-sdk/client-scheduler';
import { OpsError } from './errors';
import { ALERTS_OUTPUTS, ALERTS_STACK_PART, stackName } from './outputs';

export type SendingAction = 'pause' | 'resume';

/** What pausing acts on: the alerts stack's outputs. */
export interface SendingTargets {
  readonly scheduleGroup: string;
  readonly scheduleNames: readonly string[];
  readonly eventSourceMappingIds: readonly string[];
}

export interface SendingResult {
  readonly action: SendingAction;
  readonly stack: string;
  readonly schedules: { readonly name: string; readonly state: ScheduleState; readonly changed: boolean }[];
  readonly eventSourceMappings: { readonly uuid: string; readonly state: string }[];
}

export interface OpsClients {
  readonly cloudFormation: CloudFormationClient;
  readonly scheduler: SchedulerClient;
  readonly lambda: LambdaClient;
}


/** The default clients: the AWS SDK's credential chain and region (AWS_PROFILE, AWS_REGION, …). */
export function defaultOpsClients(): OpsClients {
  return { cloudFormation: new CloudFormationClient({}), scheduler: new SchedulerClient({}), lambda: new LambdaClient({}) };
}

/** Reads the pause targets from the stage's alerts stack outputs. */
export async function readSendingTargets(stage: string, clients: Pick<OpsClients, 'cloudFormation'>): Promise<{ stack: string; targets: SendingTargets }> {
  const stack = stackName(stage, ALERTS_STACK_PART);
  let outputs: Record<string, string>;
  try {
    const { Stacks } = await clients.cloudFormation.send(new DescribeStacksCommand({ StackName: stack }));
    outputs = Object.fromEntries((Stacks?.[0]?.Outputs ?? []).map((output) => [output.OutputKey ?? '', output.OutputValue ?? '']));
  } catch (error) {
    if ((error as Error).name === 'ValidationError') {
      throw new OpsError(`no stack ${stack} in this account and region: check --stage and AWS_REGION (deploy with npx cdk deploy --all -c stage=${stage})`);
    }
    throw error;
  }
  const list = (key: string): string[] => {
    const value = outputs[key];
    if (value === undefined) throw new OpsError(`stack ${stack} has no output ${key}: deploy this version first (npx cdk deploy --all -c stage=${stage})`);
    return value.split(',').map((part) => part.trim()).filter((part) => part !== '');
  };
  const [scheduleGroup] = list(ALERTS_OUTPUTS.scheduleGroup);
  return {
    stack,
    targets: {
      scheduleGroup: scheduleGroup ?? 'default',
      scheduleNames: list(ALERTS_OUTPUTS.scheduleNames),
      eventSourceMappingIds: list(ALERTS_OUTPUTS.senderEventSourceMappings),
    },
  };
}

/** Pauses or resumes the schedules and the senders; safe to repeat (a schedule already so is left alone). */
export async function setSending(action: SendingAction, stack: string, targets: SendingTargets, clients: Omit<OpsClients, 'cloudFormation'>): Promise<SendingResult> {
  const state: ScheduleState = action === 'pause' ? 'DISABLED' : 'ENABLED';
  const schedules: SendingResult['schedules'][number][] = [];
  const eventSourceMappings: SendingResult['eventSourceMappings'][number][] = [];

  const setSchedules = async (): Promise<void> => {
    for (const name of targets.scheduleNames) schedules.push(await setScheduleState(clients.scheduler, targets.scheduleGroup, name, state));
  };
  const setMappings = async (): Promise<void> => {
    for (const uuid of targets.eventSourceMappingIds) {
      const updated = await clients.lambda.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: action === 'resume' }));
      eventSourceMappings.push({ uuid, state: updated.State ?? (action === 'resume' ? 'Enabling' : 'Disabling') });
    }
  };
  if (action === 'pause') {
    await setSchedules();
    await setMappings();
  } else {
    await setMappings();
    await setSchedules();
  }
  return { action, stack, schedules, eventSourceMappings };
}

/** GetSchedule, then UpdateSchedule with every field as read and the new State. */
async function setScheduleState(scheduler: SchedulerClient, group: string, name: string, state: ScheduleState): Promise<SendingResult['schedules'][number]> {
  const current = await scheduler.send(new GetScheduleCommand({ Name: name, GroupName: group }));
  if (current.State === state) return { name, state, changed: false };
  if (current.ScheduleExpression === undefined || current.Target === undefined || current.FlexibleTimeWindow === undefined) {
    throw new OpsError(`schedule ${group}/${name} came back without its expression, target or time window: not updated`);
  }
  await scheduler.send(
    new UpdateScheduleCommand({
      Name: name,
      GroupName: group,
      State: state,
      ScheduleExpression: current.ScheduleExpression,
      ScheduleExpressionTimezone: current.ScheduleExpressionTimezone,
      FlexibleTimeWindow: current.FlexibleTimeWindow,
      Target: current.Target,
      Description: current.Description,
      StartDate: current.StartDate,
      EndDate: current.EndDate,
      KmsKeyArn: current.KmsKeyArn,
      ActionAfterCompletion: current.ActionAfterCompletion,
    }),
  );
  return { name, state, changed: true };
}
