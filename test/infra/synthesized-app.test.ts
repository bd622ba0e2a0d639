/**
 * The whole app as `cdk synth` builds it: cdk-nag (AwsSolutions) and CDK's own template validation
 * report nothing unacknowledged, every acknowledgement is justified and still needed, no stack carries
 * warnings, and no template holds anything that looks like a secret.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Construct, type IConstruct } from 'constructs';
import { ENV } from '../../lambdas/shared/env';
import { MIN_KEY_BYTES, parseTokenKeys } from '../../lambdas/subscriptions/tokens';
import { STACK_IDS } from '../../lib/app';
import { acknowledge, MIN_ACK_REASON_LENGTH } from '../../lib/nag';
import { TOKEN_KEY_SECRET } from '../../lib/stacks/data-stack';
import { logicalId, NO_BUNDLING_CONTEXT, removeOutdir, type SynthesizedApp, synthesizeApp } from './support';

interface Ack {
  path: string;
  id: string;
  reason: string;
}

/** Acknowledgements recorded with Validations.of(...).acknowledge anywhere in the app. */
function acknowledgementsOf(synthesized: SynthesizedApp): Ack[] {
  return synthesized.app.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}

/** cdk-nag's findings with every acknowledgement ignored: what the acknowledgements hide. */
function findingsIgnoringAcknowledgements(synthesized: SynthesizedApp): { rule: string; path: string }[] {
  class AllFindings extends AwsSolutionsChecks {}
  Object.defineProperty(AllFindings.prototype, 'isAcknowledged', { value: () => false });
  const report = new AllFindings().validateScope(synthesized.app);
  return report.violations.flatMap((violation) =>
    violation.violatingResources.map((resource) => ({ rule: violation.ruleName, path: resource.constructPath ?? '' })),
  );
}

function validationViolations(synthesized: SynthesizedApp): string[] {
  const file = path.join(synthesized.assembly.directory, 'validation-report.json');
  if (!fs.existsSync(file)) return [];
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    pluginReports: { pluginName: string; violations?: { ruleName: string; severity?: string; violatingResources?: { constructPath?: string }[] }[] }[];
  };
  return report.pluginReports.flatMap((plugin) =>
    (plugin.violations ?? []).map(
      (v) => `${plugin.pluginName} ${v.severity ?? ''} ${v.ruleName} at ${(v.violatingResources ?? []).map((r) => r.constructPath).join(', ')}`,
    ),
  );
}

function templatesOf(synthesized: SynthesizedApp): Map<string, string> {
  return new Map(
    synthesized.assembly.stacks.map((stack) => [stack.stackName, fs.readFileSync(stack.templateFullPath, 'utf8')]),
  );
}

describe.each([
  // As `cdk synth` runs it: every function bundled.
  ['default configuration', {}],
  // Templates only (bundling is the same code as above): every optional setting the other way.
  [
    'removalPolicy=destroy, alarm email, feed, sender domain, public base URL, empty Plus digests',
    {
      // A stage must be declared under "stages" (cdk.json's are replaced here).
      stages: { sandbox: {} },
      stage: 'sandbox',
      removalPolicy: 'destroy',
      alarmEmail: 'ops@example.com',
      jobFeeds: 'https://jobs.example.org/feed.json',
      senderDomain: 'mail.example.org',
      senderEmail: 'digests@mail.example.org',
      publicBaseUrl: 'https://jobs.example.org',
      sendEmptyDigestTiers: 'plus',
      ...NO_BUNDLING_CONTEXT,
    },
  ],
])('synthesized app, %s', (_name, context) => {
  let synthesized: SynthesizedApp;
  // Synthesis itself throws when cdk-nag reports an unacknowledged error (jest runs the app in-memory).
  beforeAll(() => {
    synthesized = synthesizeApp(context);
  });
  afterAll(() => removeOutdir(synthesized));

  const stacks = () => [synthesized.data, synthesized.ingest, synthesized.jobs, synthesized.mail, synthesized.alerts, synthesized.api, synthesized.ops];

  it('synthesizes the data, ingest, jobs, mail, alerts, API and ops stacks', () => {
    expect(synthesized.assembly.stacks.map((stack) => stack.hierarchicalId).sort()).toEqual(Object.values(STACK_IDS).sort());
    expect(stacks().map((stack) => stack.node.id).sort()).toEqual(Object.values(STACK_IDS).sort());
  });

  it('orders the stacks data -> mail -> alerts -> api -> ops without a cycle (the API itself is in the data stack)', () => {
    const deps = (stack: Stack) => stack.dependencies.map((d) => d.node.id).sort();
    expect(deps(synthesized.data)).toEqual([]);
    expect(deps(synthesized.mail)).toEqual([STACK_IDS.data]);
    expect(deps(synthesized.alerts)).toEqual([STACK_IDS.data, STACK_IDS.mail].sort());
    expect(deps(synthesized.api)).toEqual([STACK_IDS.alerts, STACK_IDS.data, STACK_IDS.mail].sort());
    expect(deps(synthesized.ingest)).toEqual([STACK_IDS.data]);
    expect(deps(synthesized.jobs)).toEqual([STACK_IDS.data]);
    // The dashboard reads every stack; nothing depends on it.
    expect(deps(synthesized.ops)).toEqual(Object.values(STACK_IDS).filter((id) => id !== STACK_IDS.ops).sort());
    expect(stacks().filter((stack) => deps(stack).includes(STACK_IDS.ops))).toEqual([]);
  });

  it('every alarm of every stack notifies the alarm topic, and only it', () => {
    const topicId = logicalId(synthesized.data.alarmTopic);
    const alarms = [...templatesOf(synthesized)].flatMap(([stack, text]) =>
      Object.entries(JSON.parse(text).Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>)
        .filter(([, resource]) => resource.Type === 'AWS::CloudWatch::Alarm')
        .map(([id, resource]) => ({ stack, id, actions: resource.Properties.AlarmActions })),
    );
    expect(alarms.length).toBeGreaterThanOrEqual(18);
    for (const alarm of alarms) {
      const expected =
        alarm.stack === synthesized.data.stackName
          ? [{ Ref: topicId }]
          : [
              // Strong: the data stack's export of the topic's Ref.
              { 'Fn::ImportValue': expect.stringMatching(new RegExp(`^${synthesized.data.stackName}:ExportsOutputRef${topicId}`)) },
            ];
      expect(alarm).toEqual({ ...alarm, actions: expected });
    }
  });

  it('leaves no unacknowledged cdk-nag or template-validation finding, error or warning', () => {
    expect(validationViolations(synthesized)).toEqual([]);
    const unacknowledged = new AwsSolutionsChecks().validateScope(synthesized.app).violations;
    expect(unacknowledged.map((v) => `${v.severity} ${v.ruleName}`)).toEqual([]);
  });

  it('puts no warning or error annotation on any stack', () => {
    for (const stack of stacks()) {
      expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
      expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
    }
  });

  it('justifies every acknowledgement with a specific AwsSolutions id and a real reason', () => {
    const acks = acknowledgementsOf(synthesized);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.id).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      expect({ ack, reasonIsSpecific: ack.reason.trim().length >= MIN_ACK_REASON_LENGTH }).toEqual({ ack, reasonIsSpecific: true });
      // Never acknowledged for a whole stack or the app: always on the construct that owns the finding.
      expect(ack.path.split('/').length).toBeGreaterThan(1);
    }
  });

  it('every acknowledgement still hides a finding on its own construct (none is stale)', () => {
    const findings = findingsIgnoringAcknowledgements(synthesized);
    const stale = acknowledgementsOf(synthesized).filter(
      (ack) => !findings.some((f) => f.rule === ack.id && (f.path === ack.path || f.path.startsWith(`${ack.path}/`))),
    );
    expect(stale).toEqual([]);
  });

  it('holds nothing that looks like a secret in any template', () => {
    const patterns: [string, RegExp][] = [
      ['AWS access key id', /\b(AKIA|ASIA)[0-9A-Z]{16}\b/],
      ['AWS secret key', /aws_?secret_?access_?key/i],
      ['private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
      // A word of its own: CloudFormation's GenerateSecretString.PasswordLength is not a password.
      ['password literal', /passw(or)?d\b/i],
      ['api key literal', /"x-api-key"\s*:\s*"[^"]+"/i],
    ];
    const templates = templatesOf(synthesized);
    expect(templates.size).toBe(Object.keys(STACK_IDS).length);
    for (const [stack, text] of templates) {
      for (const [what, pattern] of patterns) {
        expect({ stack, what, found: pattern.exec(text)?.[0] }).toEqual({ stack, what, found: undefined });
      }
    }
  });

  const secretResources = () =>
    [...templatesOf(synthesized).values()]
      .map((text) => JSON.parse(text) as { Resources: Record<string, any> })
      .flatMap((t) => Object.entries(t.Resources).filter(([, r]) => r.Type === 'AWS::SecretsManager::Secret'));

  it('leaves the admin API key to CloudFormation: generated, never in a template or a function environment', () => {
    const secrets = secretResources();
    expect(secrets.map(([id]) => id).sort()).toEqual(
      [logicalId(synthesized.data.adminApiKeySecret), logicalId(synthesized.data.tokenKeysSecret)].sort(),
    );
    const [, admin] = secrets.find(([id]) => id === logicalId(synthesized.data.adminApiKeySecret)) ?? [];
    expect(admin.Properties.SecretString).toBeUndefined();
    expect(admin.Properties.GenerateSecretString).toEqual({
      PasswordLength: expect.any(Number),
      ExcludePunctuation: true,
      IncludeSpace: false,
    });
    expect(admin.Properties.GenerateSecretString.PasswordLength).toBeGreaterThanOrEqual(40);
    for (const template of [...templatesOf(synthesized).values()].map((text) => JSON.parse(text) as { Resources: Record<string, any> })) {
      for (const resource of Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function')) {
        expect(Object.keys(resource.Properties.Environment?.Variables ?? {})).not.toContain(ENV.adminApiKey);
      }
    }
  });

  it('leaves the token keys to CloudFormation, in the flat shape parseTokenKeys reads, with a key of enough bytes', () => {
    const [, token] = secretResources().find(([id]) => id === logicalId(synthesized.data.tokenKeysSecret)) ?? [];
    expect(token.Properties.SecretString).toBeUndefined();
    const generate = token.Properties.GenerateSecretString;
    expect(generate).toEqual({
      SecretStringTemplate: JSON.stringify(TOKEN_KEY_SECRET.template),
      GenerateStringKey: TOKEN_KEY_SECRET.generateStringKey,
      PasswordLength: TOKEN_KEY_SECRET.length,
      ExcludePunctuation: true,
      IncludeSpace: false,
    });
    // What Secrets Manager will store: the template plus a generated string of letters and digits.
    const generated = 'aZ09'.repeat(generate.PasswordLength / 4);
    const stored = JSON.stringify({ ...JSON.parse(generate.SecretStringTemplate), [generate.GenerateStringKey]: generated });
    const keys = parseTokenKeys(stored);
    expect(keys.current.id).toBe(TOKEN_KEY_SECRET.template.currentId);
    expect(keys.current.key.length).toBeGreaterThanOrEqual(MIN_KEY_BYTES);
    // 62 symbols per character: at least 256 bits of entropy.
    expect(generate.PasswordLength * Math.log2(62)).toBeGreaterThanOrEqual(256);
  });

  it('only the admin function may read the admin API key; only the api (page cursors), subscriptions and sender functions the token keys', () => {
    const readers = new Map<string, string[]>();
    for (const [stack, text] of templatesOf(synthesized)) {
      const resources = JSON.parse(text).Resources as Record<string, any>;
      for (const [id, resource] of Object.entries(resources)) {
        if (resource.Type === 'AWS::IAM::Role') expect(JSON.stringify(resource.Properties)).not.toMatch(/secretsmanager:/i);
        if (resource.Type !== 'AWS::IAM::Policy') continue;
        for (const statement of resource.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]) {
          if (!/secretsmanager:/i.test(JSON.stringify(statement.Action))) continue;
          const secret = JSON.stringify(statement.Resource);
          const which = [synthesized.data.adminApiKeySecret, synthesized.data.tokenKeysSecret].find((s) => secret.includes(logicalId(s)));
          const key = which === undefined ? `? ${secret}` : logicalId(which);
          readers.set(key, [...(readers.get(key) ?? []), `${stack}/${JSON.stringify(resource.Properties.Roles ?? id)}`]);
        }
      }
    }
    const role = (fn: { role: IConstruct }, stack: Stack) => `${stack.stackName}/${JSON.stringify([{ Ref: logicalId(fn.role) }])}`;
    expect(Object.fromEntries([...readers].map(([k, v]) => [k, v.sort()]))).toEqual({
      [logicalId(synthesized.data.adminApiKeySecret)]: [role(synthesized.api.adminFunction, synthesized.api)],
      [logicalId(synthesized.data.tokenKeysSecret)]: [
        role(synthesized.alerts.sender, synthesized.alerts),
        role(synthesized.api.apiFunction, synthesized.api),
        role(synthesized.api.subscriptionsFunction, synthesized.api),
      ].sort(),
    });
  });

  it('sets no hard-coded physical name on tables, buckets, queues, topics, functions, roles, secrets or rules', () => {
    const nameProperties: Record<string, string> = {
      'AWS::DynamoDB::Table': 'TableName',
      'AWS::S3::Bucket': 'BucketName',
      'AWS::SQS::Queue': 'QueueName',
      'AWS::SNS::Topic': 'TopicName',
      'AWS::Lambda::Function': 'FunctionName',
      'AWS::IAM::Role': 'RoleName',
      'AWS::Logs::LogGroup': 'LogGroupName',
      'AWS::SecretsManager::Secret': 'Name',
      'AWS::Events::Rule': 'Name',
      'AWS::Scheduler::Schedule': 'Name',
      'AWS::SES::ConfigurationSet': 'Name',
      'AWS::KMS::Alias': 'AliasName',
    };
    for (const [stack, text] of templatesOf(synthesized)) {
      const resources = JSON.parse(text).Resources as Record<string, { Type: string; Properties?: Record<string, unknown> }>;
      for (const [id, resource] of Object.entries(resources)) {
        const property = nameProperties[resource.Type];
        if (property) expect({ stack, id, name: resource.Properties?.[property] }).toEqual({ stack, id, name: undefined });
      }
    }
  });
});

describe('acknowledge()', () => {
  const scope = new Construct(new Stack(), 'Scope');
  it('refuses a short reason', () => {
    expect(() => acknowledge(scope, 'AwsSolutions-S1', 'not needed')).toThrow(/at least 40 characters/);
  });
  it('refuses an id that is not an AwsSolutions rule', () => {
    expect(() => acknowledge(scope, 'S1', 'x'.repeat(MIN_ACK_REASON_LENGTH))).toThrow(/not an AwsSolutions rule/);
  });
});
