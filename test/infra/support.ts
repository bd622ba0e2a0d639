/**
 * Shared helpers of the infra suite: synthesize the real app (with cdk.json's context, as `cdk synth`
 * does) into a temporary folder, and read IAM policies and resources out of templates.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { Matcher, MatchResult, type Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { type CareerwireApp, createApp } from '../../lib/app';
import type { CareerwireFunction } from '../../lib/constructs/careerwire-function';
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

/** Every function of the app, by the short name the infra tests use. */
export function functionsOf(app: CareerwireApp): Record<string, CareerwireFunction> {
  return {
    api: app.api.apiFunction,
    subscriptions: app.api.subscriptionsFunction,
    admin: app.api.adminFunction,
    feedback: app.mail.feedbackFunction,
    planner: app.alerts.planner,
    sender: app.alerts.sender,
    ingest: app.ingest.ingestFunction,
    jobSync: app.jobs.jobSyncFunction,
  };
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
 * The output a cross-stack reference reads, named as a weak reference names it
 * (`PublishOutputRef<logicalId>…`, `PublishOutputFnGetAtt<logicalId>Arn…`), whatever its strength:
 * a weak reference (Fn::GetStackOutput) names the output, a strong one (Fn::ImportValue, for the data
 * and mail stacks) the export `<stack>:ExportsOutput…` of the same construction. Undefined for
 * anything else.
 */
export function crossStackOutputName(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const weak = (value as { 'Fn::GetStackOutput'?: { OutputName?: unknown } })['Fn::GetStackOutput'];
  if (typeof weak?.OutputName === 'string') return weak.OutputName;
  const strong = (value as { 'Fn::ImportValue'?: unknown })['Fn::ImportValue'];
  if (typeof strong === 'string' && /^[^:]+:ExportsOutput/.test(strong)) return strong.replace(/^[^:]+:ExportsOutput/, 'PublishOutput');
  return undefined;
}

/** The stack a cross-stack reference reads from (its StackName, or the export's prefix). */
export function crossStackProducer(value: unknown): string | undefined {
  const weak = (value as { 'Fn::GetStackOutput'?: { StackName?: unknown } } | null)?.['Fn::GetStackOutput'];
  if (typeof weak?.StackName === 'string') return weak.StackName;
  const strong = (value as { 'Fn::ImportValue'?: unknown } | null)?.['Fn::ImportValue'];
  return typeof strong === 'string' ? strong.split(':')[0] : undefined;
}

class CrossStackReference extends Matcher {
  readonly name = 'crossStackReference';
  constructor(private readonly pattern: RegExp) {
    super();
  }

  test(actual: unknown): MatchResult {
    const result = new MatchResult(actual);
    const output = crossStackOutputName(actual);
    if (output === undefined || !this.pattern.test(output)) {
      result.recordFailure({ matcher: this, path: [], message: `expected a cross-stack reference to an output matching ${this.pattern}, got ${JSON.stringify(actual)}` });
    }
    return result;
  }
}

/**
 * A Match for a cross-stack reference (weak or strong: crossStackOutputName) to another stack's output
 * whose name matches `outputPattern`.
 */
export const fromOtherStack = (outputPattern: RegExp | string): Matcher =>
  new CrossStackReference(typeof outputPattern === 'string' ? new RegExp(outputPattern) : outputPattern);

/** The same for jest's `toEqual` (an asymmetric matcher). */
export const crossStackValue = (outputPattern: RegExp = /./) => ({
  $$typeof: Symbol.for('jest.asymmetricMatcher'),
  asymmetricMatch: (actual: unknown): boolean => outputPattern.test(crossStackOutputName(actual) ?? ''),
  toAsymmetricMatcher: (): string => `crossStackValue(${outputPattern})`,
});
