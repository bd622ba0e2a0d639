/**
 * Alarms that reach someone: every alarm action of every stack is followed to the topic it names, and
 * that topic's policy is evaluated as SNS would for CloudWatch publishing on behalf of that alarm.
 * A topic policy replaces SNS's default one, so a policy that holds only the TLS Deny lets no alarm
 * publish. The evaluation is run both ways: this account's alarm is allowed, another account's is not,
 * so a statement that matches nothing (or everything) fails.
 */
import { crossStackOutputName, crossStackProducer, NO_BUNDLING_CONTEXT, removeOutdir, synthesizeApp, type SynthesizedApp } from './support';

type Json = Record<string, unknown>;
interface StackTemplate {
  name: string;
  resources: Record<string, { Type: string; Properties?: Json }>;
  outputs: Record<string, { Value: unknown }>;
}

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const PSEUDO: Record<string, string> = { 'AWS::AccountId': ACCOUNT, 'AWS::Region': REGION, 'AWS::Partition': 'aws', 'AWS::URLSuffix': 'amazonaws.com' };

let app: SynthesizedApp;
let stacks: Map<string, StackTemplate>;

beforeAll(() => {
  app = synthesizeApp(NO_BUNDLING_CONTEXT);
  stacks = new Map(
    app.assembly.stacks.map((s) => {
      const template = s.template as { Resources?: StackTemplate['resources']; Outputs?: StackTemplate['outputs'] };
      return [s.stackName, { name: s.stackName, resources: template.Resources ?? {}, outputs: template.Outputs ?? {} }];
    }),
  );
});
afterAll(() => removeOutdir(app));

/** The topic an alarm action names: `Ref` in the same stack, or another stack's output of a `Ref`. */
function topicOf(stack: StackTemplate, action: unknown): { stack: StackTemplate; logicalId: string } {
  const value = action as Json;
  if (typeof value.Ref === 'string') return { stack, logicalId: value.Ref };
  const producer = crossStackProducer(value);
  const outputName = crossStackOutputName(value);
  if (producer !== undefined && outputName !== undefined) {
    const owner = stacks.get(producer);
    // A weak reference names the output; a strong one its export, whose output CDK names the same way.
    const exportName = value['Fn::ImportValue'];
    const output = (
      typeof exportName === 'string'
        ? Object.values(owner?.outputs ?? {}).find((candidate) => (candidate as { Export?: { Name?: unknown } }).Export?.Name === exportName)
        : owner?.outputs[outputName]
    ) as { Value?: Json } | undefined;
    if (owner !== undefined && typeof output?.Value?.Ref === 'string') return { stack: owner, logicalId: output.Value.Ref };
  }
  throw new Error(`${stack.name}: an alarm action that names no topic: ${JSON.stringify(action)}`);
}

/** A template value with pseudo parameters and `Ref`s to the topic resolved. */
function resolve(value: unknown, refs: Record<string, string>): unknown {
  if (typeof value === 'string') return value;
  const v = value as Json;
  if (typeof v.Ref === 'string') return PSEUDO[v.Ref] ?? refs[v.Ref] ?? `<unresolved ${v.Ref}>`;
  if (Array.isArray(v['Fn::Join'])) {
    const [sep, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map((p) => resolve(p, refs)).join(sep);
  }
  return JSON.stringify(value);
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
const glob = (pattern: string) => new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.?+^$()[\]{}|\\/]/g, '\\$&')).join('.*')}$`);

/** Does a condition block hold for this request context? Only the operators the project uses are known. */
function conditionHolds(condition: Json | undefined, context: Record<string, string | boolean>, refs: Record<string, string>): boolean {
  for (const [operator, tests] of Object.entries(condition ?? {})) {
    for (const [key, expected] of Object.entries(tests as Json)) {
      const actual = context[key];
      const values = asList(expected).map((e) => (typeof e === 'boolean' ? String(e) : String(resolve(e, refs))));
      const holds =
        operator === 'StringEquals' ? values.includes(String(actual))
        : operator === 'ArnLike' || operator === 'StringLike' ? values.some((p) => glob(p).test(String(actual)))
        : operator === 'Bool' ? values.includes(String(actual))
        : (() => {
            throw new Error(`unknown condition operator ${operator}`);
          })();
      if (!holds) return false;
    }
  }
  return true;
}

/** SNS's decision for CloudWatch publishing to the topic on behalf of `alarmArn` in `sourceAccount`. */
function cloudWatchMayPublish(topic: { stack: StackTemplate; logicalId: string }, alarmArn: string, sourceAccount: string): boolean {
  const topicArn = `arn:aws:sns:${REGION}:${ACCOUNT}:${topic.logicalId}`;
  const refs = { [topic.logicalId]: topicArn };
  const policies = Object.values(topic.stack.resources).filter(
    (r) => r.Type === 'AWS::SNS::TopicPolicy' && asList(r.Properties?.Topics).some((t) => (t as Json).Ref === topic.logicalId),
  );
  const context = { 'aws:SourceArn': alarmArn, 'aws:SourceAccount': sourceAccount, 'aws:SecureTransport': true };
  const matching = policies
    .flatMap((p) => ((p.Properties?.PolicyDocument as Json).Statement as Json[]) ?? [])
    .filter((s) => {
      const principal = s.Principal as Json | string;
      const forCloudWatch = principal === '*' || asList((principal as Json).Service).includes('cloudwatch.amazonaws.com');
      const publishes = asList(s.Action).some((a) => a === 'sns:Publish' || a === 'sns:*');
      const onTopic = asList(s.Resource).some((r) => resolve(r, refs) === topicArn || r === '*');
      return forCloudWatch && publishes && onTopic && conditionHolds(s.Condition as Json | undefined, context, refs);
    });
  // Without any policy SNS's default applies (the owner account may publish); with one, only its statements count.
  if (policies.length === 0) return sourceAccount === ACCOUNT;
  return matching.some((s) => s.Effect === 'Allow') && !matching.some((s) => s.Effect === 'Deny');
}

function alarms(): { stack: StackTemplate; id: string; actions: unknown[] }[] {
  return [...stacks.values()].flatMap((stack) =>
    Object.entries(stack.resources)
      .filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm')
      .map(([id, r]) => ({ stack, id, actions: [...asList(r.Properties?.AlarmActions ?? []), ...asList(r.Properties?.OKActions ?? [])] })),
  );
}

it('finds the alarms of every stack, each with an action', () => {
  const all = alarms();
  expect(all.length).toBeGreaterThanOrEqual(10);
  expect(all.filter((a) => a.actions.length === 0).map((a) => `${a.stack.name}/${a.id}`)).toEqual([]);
});

it('lets CloudWatch publish every alarm of this account to the topic it names, and no other account\'s', () => {
  const refused: string[] = [];
  const open: string[] = [];
  for (const alarm of alarms()) {
    for (const action of alarm.actions) {
      const topic = topicOf(alarm.stack, action);
      const own = `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${alarm.stack.name}-${alarm.id}`;
      const foreign = `arn:aws:cloudwatch:${REGION}:999988887777:alarm:${alarm.stack.name}-${alarm.id}`;
      if (!cloudWatchMayPublish(topic, own, ACCOUNT)) refused.push(`${alarm.stack.name}/${alarm.id} → ${topic.stack.name}/${topic.logicalId}`);
      if (cloudWatchMayPublish(topic, foreign, '999988887777')) open.push(`${alarm.stack.name}/${alarm.id} → ${topic.stack.name}/${topic.logicalId}`);
    }
  }
  expect(refused).toEqual([]);
  expect(open).toEqual([]);
});

it('sends alarms to no encrypted topic whose key CloudWatch may not use', () => {
  // CloudWatch can publish to an encrypted topic only if the key policy lets it use the key.
  for (const alarm of alarms()) {
    for (const action of alarm.actions) {
      const topic = topicOf(alarm.stack, action);
      const key = topic.stack.resources[topic.logicalId]?.Properties?.KmsMasterKeyId as Json | undefined;
      if (key === undefined) continue;
      const keyId = typeof key.Ref === 'string' ? key.Ref : (key['Fn::GetAtt'] as string[] | undefined)?.[0];
      const statements = ((topic.stack.resources[keyId ?? '']?.Properties?.KeyPolicy as Json | undefined)?.Statement as Json[]) ?? [];
      const forCloudWatch = statements.filter(
        (s) => s.Effect === 'Allow' && asList((s.Principal as Json).Service).includes('cloudwatch.amazonaws.com') && asList(s.Action).includes('kms:GenerateDataKey*'),
      );
      expect({ topic: topic.logicalId, cloudWatchMayUseKey: forCloudWatch.length > 0 }).toEqual({ topic: topic.logicalId, cloudWatchMayUseKey: true });
    }
  }
});
