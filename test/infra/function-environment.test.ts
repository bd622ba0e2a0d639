/**
 * Every function's environment against what its entry reads. Entries read their whole configuration
 * at cold start (lambdas/app/config.ts), so a variable missing from a template is a function that
 * never runs.
 *
 * Two checks per function:
 * - the exact variable names in the template equal the list below, written by reading the function's
 *   config reader (read<Fn>Config);
 * - the entry itself is loaded with the template's environment (references replaced by plausible
 *   values) and must build everything; without any one of the required variables of the list it
 *   must fail naming it (so the list is what the code requires).
 */
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ALERT_ENV, ENV, SIGN_UP_ENV, SUBSCRIPTION_ENV } from '../../lambdas/shared/env';
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
import { CareerwireFunction } from '../../lib/constructs/careerwire-function';
import { PATHS } from '../../lib/paths';
import { functionsOf, logicalId, NO_BUNDLING_CONTEXT, removeOutdir, type SynthesizedApp, synthesizeApp } from './support';

/** Set on every function by CareerwireFunction itself. */
const CONSTRUCT_ENV = ['NODE_OPTIONS', 'POWERTOOLS_LOG_LEVEL', 'POWERTOOLS_METRICS_NAMESPACE', 'POWERTOOLS_SERVICE_NAME'];

interface Expectation {
  entry: string;
  /** Required by the config reader: the function fails without them. */
  required: string[];
  /** Read with a default, and set deliberately. */
  optional?: string[];
}

const EXPECTED: Record<string, Expectation> = {
  api: {
    entry: PATHS.apiEntry,
    // readApiConfig: the guide and job stores, the token keys (page cursors), the site's base URL.
    required: [GuidesTable.envVar, JobsTable.envVar, SUBSCRIPTION_ENV.tokenSecretArn, SUBSCRIPTION_ENV.publicBaseUrl],
  },
  subscriptions: {
    entry: PATHS.subscriptionsEntry,
    // readSubscriptionsConfig: the guide summaries and the feeds' jobs; the subscription services: the
    // subscriber store (with deliveries), suppressions, sign-up limits, token keys, SES, links.
    required: [
      GuidesTable.envVar,
      JobsTable.envVar,
      SubscribersTable.envVar,
      DeliveriesTable.envVar,
      SuppressionsTable.envVar,
      RateLimitsTable.envVar,
      SUBSCRIPTION_ENV.tokenSecretArn,
      SUBSCRIPTION_ENV.senderEmail,
      SUBSCRIPTION_ENV.publicBaseUrl,
    ],
    optional: [SUBSCRIPTION_ENV.sesConfigurationSet, SIGN_UP_ENV.perClientPerHour, SIGN_UP_ENV.confirmationEmailsPerHour],
  },
  admin: {
    entry: PATHS.adminEntry,
    // readAdminConfig: the admin key secret, the planner, guides and jobs, runs; the subscriber store
    // without deliveries (tier changes).
    required: [
      ENV.adminApiKeySecretArn,
      ALERT_ENV.plannerFunctionName,
      GuidesTable.envVar,
      JobsTable.envVar,
      RunsTable.envVar,
      SubscribersTable.envVar,
    ],
  },
  feedback: {
    entry: PATHS.feedbackEntry,
    // readFeedbackConfig: the subscriber store without deliveries, the suppression store.
    required: [SubscribersTable.envVar, SuppressionsTable.envVar],
  },
  planner: {
    entry: PATHS.digestPlannerEntry,
    // readDigestPlannerConfig: the alert settings (PUBLIC_BASE_URL required; zone and empty tiers
    // defaulted), the audience, jobs and runs, the queues.
    required: [SUBSCRIPTION_ENV.publicBaseUrl, ALERT_ENV.digestQueueUrls.plus, ALERT_ENV.digestQueueUrls.free, SubscribersTable.envVar, JobsTable.envVar, RunsTable.envVar],
    optional: [ALERT_ENV.digestTimezone, ALERT_ENV.sendEmptyTiers],
  },
  sender: {
    entry: PATHS.digestSenderEntry,
    // readDigestSenderConfig: the alert settings, token keys, the audience, jobs, runs, ledger, guides
    // and suppressions; the mailer and the rate with defaults that must not be used in AWS.
    required: [
      SUBSCRIPTION_ENV.publicBaseUrl,
      SUBSCRIPTION_ENV.tokenSecretArn,
      SubscribersTable.envVar,
      JobsTable.envVar,
      RunsTable.envVar,
      DeliveriesTable.envVar,
      GuidesTable.envVar,
      SuppressionsTable.envVar,
    ],
    optional: [
      ALERT_ENV.digestTimezone,
      ALERT_ENV.sendEmptyTiers,
      ALERT_ENV.sendRatePerSecond,
      SUBSCRIPTION_ENV.senderEmail,
      SUBSCRIPTION_ENV.sesConfigurationSet,
    ],
  },
  ingest: { entry: PATHS.ingestEntry, required: [ENV.contentBucket, GuidesTable.envVar] },
  jobSync: {
    entry: PATHS.jobSyncEntry,
    required: [JobsTable.envVar, FeedsTable.envVar, GuidesTable.envVar],
    optional: [ENV.jobFeeds],
  },
};

/** A plausible value for a variable whose template value is a reference (resolved only at deploy). */
function placeholder(name: string): string {
  if (name.endsWith('_TABLE')) return `careerwire-test-${name.toLowerCase()}`;
  if (name.endsWith('_ARN')) return 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:careerwire-test-AbCdEf';
  if (name === SUBSCRIPTION_ENV.publicBaseUrl) return 'https://abc123.execute-api.eu-west-1.amazonaws.com';
  if (name === ALERT_ENV.digestQueueUrls.plus || name === ALERT_ENV.digestQueueUrls.free) return 'https://sqs.eu-west-1.amazonaws.com/123456789012/careerwire-test-digests';
  if (name === ALERT_ENV.plannerFunctionName) return 'careerwire-test-planner';
  if (name === SUBSCRIPTION_ENV.sesConfigurationSet) return 'careerwire-test-configuration-set';
  if (name === ENV.contentBucket) return 'careerwire-test-content';
  throw new Error(`no placeholder for ${name}: add one`);
}

/** Loads `expectation.entry` with exactly `variables` (plus what Lambda sets). */
function load(expectation: Expectation, variables: Record<string, string>): void {
  const saved = process.env;
  const env: NodeJS.ProcessEnv = {
    PATH: saved.PATH,
    AWS_REGION: 'eu-west-1',
    AWS_LAMBDA_FUNCTION_NAME: 'careerwire-test',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...variables,
  };
  process.env = env;
  try {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(expectation.entry);
    });
  } finally {
    process.env = saved;
  }
}

describe('function environments', () => {
  let synthesized: SynthesizedApp;
  let functions: Record<string, CareerwireFunction>;
  beforeAll(() => {
    synthesized = synthesizeApp(NO_BUNDLING_CONTEXT);
    functions = functionsOf(synthesized);
  });
  afterAll(() => removeOutdir(synthesized));

  const variablesOf = (fn: CareerwireFunction): Record<string, unknown> =>
    Template.fromStack(Stack.of(fn)).findResources('AWS::Lambda::Function')[logicalId(fn.function)]?.Properties.Environment.Variables;

  it('covers every function of the app', () => {
    const all = synthesized.app.node.findAll().filter((c) => c instanceof CareerwireFunction);
    expect(all.map((c) => c.node.path).sort()).toEqual(Object.values(functions).map((fn) => fn.node.path).sort());
    expect(Object.keys(functions).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.keys(EXPECTED))('%s: the template sets exactly the variables its entry reads', (name) => {
    const expectation = EXPECTED[name] as Expectation;
    const keys = Object.keys(variablesOf(functions[name] as CareerwireFunction)).sort();
    expect(keys).toEqual([...new Set([...expectation.required, ...(expectation.optional ?? []), ...CONSTRUCT_ENV])].sort());
  });

  it.each(Object.keys(EXPECTED))('%s: its entry loads with the template environment, and fails without any one required variable', (name) => {
    const expectation = EXPECTED[name] as Expectation;
    const variables = Object.fromEntries(
      Object.entries(variablesOf(functions[name] as CareerwireFunction)).map(([key, value]) => [key, typeof value === 'string' ? value : placeholder(key)]),
    );
    expect(() => load(expectation, variables)).not.toThrow();
    for (const required of expectation.required) {
      const without = Object.fromEntries(Object.entries(variables).filter(([key]) => key !== required));
      expect(() => load(expectation, without)).toThrow(new RegExp(`missing required environment variable ${required}\\b`));
    }
  });
});
