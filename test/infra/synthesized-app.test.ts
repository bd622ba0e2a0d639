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
import { Construct } from 'constructs';
import { ENV } from '../../lambdas/shared/env';
import { acknowledge, MIN_ACK_REASON_LENGTH } from '../../lib/nag';
import { logicalId, removeOutdir, type SynthesizedApp, synthesizeApp } from './support';

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
  ['default configuration', {}],
  [
    'removalPolicy=destroy with an alarm email and a feed',
    { stage: 'sandbox', removalPolicy: 'destroy', alarmEmail: 'ops@example.com', jobFeeds: 'https://jobs.example.org/feed.json' },
  ],
])('synthesized app, %s', (_name, context) => {
  let synthesized: SynthesizedApp;
  // Synthesis itself throws when cdk-nag reports an unacknowledged error (jest runs the app in-memory).
  beforeAll(() => {
    synthesized = synthesizeApp(context);
  });
  afterAll(() => removeOutdir(synthesized));

  it('synthesizes the data, ingest, jobs and API stacks', () => {
    expect(synthesized.assembly.stacks.map((stack) => stack.hierarchicalId).sort()).toEqual([
      'CareerwireApi',
      'CareerwireData',
      'CareerwireIngest',
      'CareerwireJobs',
    ]);
  });

  it('leaves no unacknowledged cdk-nag or template-validation finding, error or warning', () => {
    expect(validationViolations(synthesized)).toEqual([]);
    const unacknowledged = new AwsSolutionsChecks().validateScope(synthesized.app).violations;
    expect(unacknowledged.map((v) => `${v.severity} ${v.ruleName}`)).toEqual([]);
  });

  it('puts no warning or error annotation on any stack', () => {
    for (const stack of [synthesized.data, synthesized.ingest, synthesized.jobs, synthesized.api]) {
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
    expect(templates.size).toBe(4);
    for (const [stack, text] of templates) {
      for (const [what, pattern] of patterns) {
        expect({ stack, what, found: pattern.exec(text)?.[0] }).toEqual({ stack, what, found: undefined });
      }
    }
  });

  it('leaves the admin API key to CloudFormation: generated, never in a template or a function environment', () => {
    const templates = [...templatesOf(synthesized).values()].map((text) => JSON.parse(text) as { Resources: Record<string, any> });
    const secrets = templates.flatMap((t) => Object.values(t.Resources).filter((r) => r.Type === 'AWS::SecretsManager::Secret'));
    expect(secrets).toHaveLength(1);
    expect(secrets[0].Properties.SecretString).toBeUndefined();
    expect(secrets[0].Properties.GenerateSecretString).toEqual({
      PasswordLength: expect.any(Number),
      ExcludePunctuation: true,
      IncludeSpace: false,
    });
    expect(secrets[0].Properties.GenerateSecretString.PasswordLength).toBeGreaterThanOrEqual(40);
    for (const template of templates) {
      for (const resource of Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function')) {
        expect(Object.keys(resource.Properties.Environment?.Variables ?? {})).not.toContain(ENV.adminApiKey);
      }
    }
  });

  it('only the admin function may read the admin API key secret', () => {
    const adminRole = logicalId(synthesized.api.adminFunction.role);
    const readers: string[] = [];
    for (const [stack, text] of templatesOf(synthesized)) {
      const resources = JSON.parse(text).Resources as Record<string, any>;
      for (const [id, resource] of Object.entries(resources)) {
        if (resource.Type !== 'AWS::IAM::Policy' && resource.Type !== 'AWS::IAM::Role') continue;
        if (/secretsmanager:/i.test(JSON.stringify(resource.Properties))) {
          readers.push(`${stack}/${JSON.stringify(resource.Properties.Roles ?? id)}`);
        }
      }
    }
    expect(readers).toEqual([`${synthesized.api.stackName}/${JSON.stringify([{ Ref: adminRole }])}`]);
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
