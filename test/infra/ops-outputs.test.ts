/** The outputs the runbook and `careerwire ops pause|resume` read, in the synthesized alerts stack. */
import { Template } from 'aws-cdk-lib/assertions';
import { ALERT_LIMITS } from '../../lambdas/shared/limits';
import { ALERTS_OUTPUTS } from '../../lib/ops/outputs';
import { logicalId, NO_BUNDLING_CONTEXT, removeOutdir, type SynthesizedApp, synthesizeApp } from './support';

let synthesized: SynthesizedApp;
let template: Template;
beforeAll(() => {
  synthesized = synthesizeApp({ ...NO_BUNDLING_CONTEXT });
  template = Template.fromStack(synthesized.alerts);
});
afterAll(() => removeOutdir(synthesized));

/** The logical ids a comma-joined output names (CDK writes a list of one as the item itself). */
function refsOf(value: { Ref?: string; 'Fn::Join'?: [string, { Ref: string }[]] }): string[] {
  const parts = value['Fn::Join']?.[1] ?? [value as { Ref: string }];
  return parts.map((part) => part.Ref).sort();
}

it('names the schedule group and every digest schedule', () => {
  const schedules = Object.keys(template.findResources('AWS::Scheduler::Schedule')).sort();
  expect(schedules.length).toBeGreaterThanOrEqual(2);
  template.hasOutput(ALERTS_OUTPUTS.scheduleGroup, { Value: 'default' });
  const names = template.findOutputs(ALERTS_OUTPUTS.scheduleNames)[ALERTS_OUTPUTS.scheduleNames]?.Value;
  const referenced = refsOf(names);
  expect(referenced).toEqual(schedules);
  // The group the schedules are in (none named: the default one).
  for (const schedule of Object.values(template.findResources('AWS::Scheduler::Schedule'))) {
    expect(schedule.Properties.GroupName).toBeUndefined();
  }
});

it('names every SQS event source mapping (the senders)', () => {
  const mappings = Object.keys(template.findResources('AWS::Lambda::EventSourceMapping')).sort();
  expect(mappings.length).toBeGreaterThanOrEqual(1);
  const value = template.findOutputs(ALERTS_OUTPUTS.senderEventSourceMappings)[ALERTS_OUTPUTS.senderEventSourceMappings]?.Value;
  expect(refsOf(value)).toEqual(mappings);
});

it('gives the ARN of every queue (start-message-move-task takes ARNs), the digest queue and its DLQ among them', () => {
  const queues = Object.keys(template.findResources('AWS::SQS::Queue'));
  const arnOutputs = Object.values(template.findOutputs('*'))
    .map((output) => output.Value?.['Fn::GetAtt'])
    .filter((getAtt): getAtt is [string, string] => Array.isArray(getAtt) && getAtt[1] === 'Arn')
    .map(([id]) => id);
  expect(arnOutputs.sort()).toEqual(expect.arrayContaining(queues.sort()));
  expect(queues).toEqual(expect.arrayContaining([logicalId(synthesized.alerts.digestDeadLetterQueue), logicalId(synthesized.alerts.plannerDeadLetterQueue)]));
});

it('the ledger\'s TTL outlasts every copy of a digest message: its queue, the DLQ, and the queue again after a replay', () => {
  const retention = Object.values(template.findResources('AWS::SQS::Queue')).map((queue) => Number(queue.Properties.MessageRetentionPeriod ?? 345_600));
  const longest = Math.max(...retention);
  expect(longest).toBeGreaterThan(0);
  expect(ALERT_LIMITS.ledgerTtlDays * 86_400).toBeGreaterThanOrEqual(3 * longest);
  // And no more than that with a week's margin: the TTL is what the ledger needs, not a year.
  expect(ALERT_LIMITS.ledgerTtlDays * 86_400).toBeLessThanOrEqual(3 * longest + 7 * 86_400);
});

it('gives the ARN and URL of every queue of every stack: the ingest, job-sync and feedback dead-letter queues too', () => {
  const stacks = [synthesized.data, synthesized.ingest, synthesized.jobs, synthesized.mail, synthesized.alerts, synthesized.api, synthesized.ops];
  const missing: string[] = [];
  const checked: string[] = [];
  for (const stack of stacks) {
    const stackTemplate = Template.fromStack(stack);
    const outputs = Object.values(stackTemplate.findOutputs('*')).map((output) => JSON.stringify(output.Value));
    for (const id of Object.keys(stackTemplate.findResources('AWS::SQS::Queue'))) {
      checked.push(`${stack.stackName}/${id}`);
      if (!outputs.includes(JSON.stringify({ 'Fn::GetAtt': [id, 'Arn'] }))) missing.push(`${stack.stackName}/${id} ARN`);
      if (!outputs.includes(JSON.stringify({ Ref: id }))) missing.push(`${stack.stackName}/${id} URL`);
    }
  }
  expect(missing).toEqual([]);
  expect(checked).toEqual(
    expect.arrayContaining([
      `${synthesized.ingest.stackName}/${logicalId(synthesized.ingest.deadLetterQueue)}`,
      `${synthesized.jobs.stackName}/${logicalId(synthesized.jobs.deadLetterQueue)}`,
      `${synthesized.mail.stackName}/${logicalId(synthesized.mail.feedbackDeadLetterQueue)}`,
      `${synthesized.alerts.stackName}/${logicalId(synthesized.alerts.digestDeadLetterQueue)}`,
    ]),
  );
});
