/**
 * Shared helpers of the infra suite: synthesize the real app (with cdk.json's context, as `cdk synth`
 * does) into a temporary folder, and read IAM policies and resources out of templates.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { type CareerwireApp, createApp } from '../../lib/app';
import { REPO_ROOT } from '../../lib/paths';

/** The "context" block of cdk.json: feature flags and the configuration defaults. */
export const CDK_JSON_CONTEXT: Record<string, unknown> = JSON.parse(
  fs.readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8'),
).context;

export const FIXTURES = path.join(__dirname, 'fixtures');
/** A guides folder with one .md file, so the guides deployment is always part of the synthesized app. */
export const FIXTURE_GUIDES = path.join(FIXTURES, 'guides');

export interface SynthesizedApp extends CareerwireApp {
  readonly assembly: CloudAssembly;
  readonly outdir: string;
}

/** Builds and synthesizes the app once; cdk-nag runs as part of synthesis and throws on errors. */
export function synthesizeApp(context: Record<string, unknown> = {}): SynthesizedApp {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'careerwire-infra-'));
  const built = createApp({ context: { ...CDK_JSON_CONTEXT, ...context }, outdir, guidesSource: FIXTURE_GUIDES });
  const assembly = built.app.synth();
  return { ...built, assembly, outdir };
}

export function removeOutdir(app: SynthesizedApp | undefined): void {
  if (app) fs.rmSync(app.outdir, { recursive: true, force: true });
}

export function logicalId(construct: IConstruct): string {
  const stack = Stack.of(construct);
  const resource = (construct.node.defaultChild ?? construct) as Parameters<Stack['getLogicalId']>[0];
  return stack.resolve(stack.getLogicalId(resource));
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/** Every statement of every AWS::IAM::Policy attached to the role with this logical id. */
export function statementsOfRole(template: Template, roleLogicalId: string): Statement[] {
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as {
    Properties: { Roles: unknown[]; PolicyDocument: { Statement: Statement[] } };
  }[];
  return policies
    .filter((policy) => policy.Properties.Roles.some((role) => JSON.stringify(role) === JSON.stringify({ Ref: roleLogicalId })))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

export function actionsOf(statements: readonly Statement[]): string[] {
  return [...new Set(statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])))].sort();
}

/** Context that skips asset bundling (`aws:cdk:bundling-stacks`), for extra configurations whose code assets are not asserted. */
export const NO_BUNDLING_CONTEXT = { 'aws:cdk:bundling-stacks': [] } as const;

export interface TableAccess {
  /** Actions on the table ARN. */
  table: string[];
  /** Actions on the ARNs of its indexes. */
  indexes: string[];
}

/**
 * The DynamoDB actions `statements` allow, per table, keyed by table id ("Jobs"). Tables are
 * recognised by their logical id in the data stack (references to them carry it); a DynamoDB
 * statement on any other resource is reported under "?", so a test comparing the whole record
 * catches it.
 */
export function dynamoAccessByTable(
  statements: readonly Statement[],
  tableLogicalIds: Readonly<Record<string, string>>,
): Record<string, TableAccess> {
  const access: Record<string, { table: Set<string>; indexes: Set<string> }> = {};
  for (const statement of statements) {
    const actions = actionsOf([statement]).filter((action) => action.startsWith('dynamodb:'));
    if (actions.length === 0) continue;
    const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
    for (const resource of resources) {
      const text = JSON.stringify(resource);
      const id =
        Object.keys(tableLogicalIds).find((key) => {
          const table = tableLogicalIds[key];
          // A cross-stack reference names the output after the logical id; a same-stack one is a GetAtt.
          return text.includes(`${table}Arn`) || text.includes(`"${table}","Arn"`);
        }) ?? '?';
      const entry = (access[id] ??= { table: new Set(), indexes: new Set() });
      const into = text.includes('/index/') ? entry.indexes : entry.table;
      for (const action of actions) into.add(action);
    }
  }
  return Object.fromEntries(
    Object.entries(access).map(([id, entry]) => [id, { table: [...entry.table].sort(), indexes: [...entry.indexes].sort() }]),
  );
}

/** DynamoDB action names as IAM spells them, sorted: `ddb('GetItem')` → ['dynamodb:GetItem']. */
export const ddb = (...operations: string[]): string[] => operations.map((o) => `dynamodb:${o}`).sort();

/** Logical ids of the data stack's tables, by table id. */
export function tableLogicalIds(synthesized: CareerwireApp): Record<string, string> {
  return Object.fromEntries([...synthesized.data.tables].map(([id, table]) => [id, logicalId(table.table)]));
}

/**
 * A matcher for a cross-stack reference to another stack's output (weak references:
 * Fn::GetStackOutput) whose output name matches `outputPattern`.
 */
export const fromOtherStack = (outputPattern: RegExp | string) =>
  Match.objectLike({
    'Fn::GetStackOutput': Match.objectLike({ OutputName: Match.stringLikeRegexp(typeof outputPattern === 'string' ? outputPattern : outputPattern.source) }),
  });
