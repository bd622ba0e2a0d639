/**
 * Builds the careerwire CDK app: config read once from context, seven env-agnostic stacks and the
 * cdk-nag AwsSolutions checks over all of them. Dependencies (each arrow: "is used by"):
 *
 *   data -> ingest, jobs
 *   data -> mail -> alerts -> api      (data and mail also feed api directly)
 *   ingest, jobs, mail, alerts, api -> ops   (the dashboard; nothing depends on it)
 *
 * The API itself lives in the data stack, so the alert functions can build links from its id while
 * the API stack depends on them (the admin function starts digest runs on the planner).
 * bin/app.ts runs it for the CDK CLI; the infra tests call it with their own context.
 *
 * References to the data and mail stacks are strong (exports and Fn::ImportValue), whatever the app's
 * default: a replaced table, topic or HTTP API then reaches every consumer in the same deployment, and
 * CloudFormation refuses to delete what a consumer still uses. Stages marked production have
 * termination protection on every stack.
 */
import { App, type AppProps, CfnResource, ReferenceStrength, type Stack } from 'aws-cdk-lib';
import {
  DeliveriesTable,
  FeedsTable,
  GuidesTable,
  JobsTable,
  RateLimitsTable,
  RunsTable,
  SubscribersTable,
  SuppressionsTable,
} from '../lambdas/shared/tables';
import { type CareerwireConfig, loadConfig } from './config';
import { addNagChecks } from './nag';
import { AlertsStack } from './stacks/alerts-stack';
import { ApiStack } from './stacks/api-stack';
import { DataStack } from './stacks/data-stack';
import { IngestStack } from './stacks/ingest-stack';
import { JobsStack } from './stacks/jobs-stack';
import { MailStack } from './stacks/mail-stack';
import { OpsStack } from './stacks/ops-stack';

export const STACK_IDS = {
  data: 'CareerwireData',
  ingest: 'CareerwireIngest',
  jobs: 'CareerwireJobs',
  mail: 'CareerwireMail',
  alerts: 'CareerwireAlerts',
  api: 'CareerwireApi',
  ops: 'CareerwireOps',
} as const;

export interface CareerwireApp {
  readonly app: App;
  readonly config: CareerwireConfig;
  readonly data: DataStack;
  readonly ingest: IngestStack;
  readonly jobs: JobsStack;
  readonly mail: MailStack;
  readonly alerts: AlertsStack;
  readonly api: ApiStack;
  readonly ops: OpsStack;
  /** PUBLIC_BASE_URL of every function that builds links: publicBaseUrl, or the API's own URL. */
  readonly publicBaseUrl: string;
}

export interface CreateAppOptions extends AppProps {
  /** Folder deployed as guides/ (tests point it at fixtures). @default content/guides */
  readonly guidesSource?: string;
}

export function createApp(options: CreateAppOptions = {}): CareerwireApp {
  const { guidesSource, ...appProps } = options;
  const app = new App(appProps);
  const config = loadConfig(app.node);
  const tags = { project: 'careerwire', stage: config.stage };
  const terminationProtection = config.production;
  const name = (part: string): string => `careerwire-${config.stage}-${part}`;

  const data = new DataStack(app, STACK_IDS.data, {
    stackName: name('data'),
    description: `careerwire ${config.stage}: tables, secrets, content bucket, API endpoint, alarm topic`,
    tags,
    terminationProtection,
    config,
  });
  const guidesTable = data.table(GuidesTable);
  const jobsTable = data.table(JobsTable);
  const feedsTable = data.table(FeedsTable);
  const subscribersTable = data.table(SubscribersTable);
  const suppressionsTable = data.table(SuppressionsTable);
  const deliveriesTable = data.table(DeliveriesTable);
  const runsTable = data.table(RunsTable);
  const rateLimitsTable = data.table(RateLimitsTable);
  const publicBaseUrl = config.publicBaseUrl ?? data.apiBaseUrl;

  const ingest = new IngestStack(app, STACK_IDS.ingest, {
    stackName: name('ingest'),
    description: `careerwire ${config.stage}: guide deployment and ingestion`,
    tags,
    terminationProtection,
    config,
    contentBucket: data.contentBucket,
    guidesTable,
    alarmTopic: data.alarmTopic,
    guidesSource,
  });

  const jobs = new JobsStack(app, STACK_IDS.jobs, {
    stackName: name('jobs'),
    description: `careerwire ${config.stage}: hourly job feed sync`,
    tags,
    terminationProtection,
    config,
    jobsTable,
    feedsTable,
    guidesTable,
    alarmTopic: data.alarmTopic,
  });

  const mail = new MailStack(app, STACK_IDS.mail, {
    stackName: name('mail'),
    description: `careerwire ${config.stage}: SES identity, configuration set, bounce and complaint feedback`,
    tags,
    terminationProtection,
    config,
    subscribersTable,
    suppressionsTable,
    alarmTopic: data.alarmTopic,
  });

  const alerts = new AlertsStack(app, STACK_IDS.alerts, {
    stackName: name('alerts'),
    description: `careerwire ${config.stage}: scheduled digests (planner, queue, sender)`,
    tags,
    terminationProtection,
    config,
    subscribersTable,
    suppressionsTable,
    deliveriesTable,
    runsTable,
    jobsTable,
    guidesTable,
    tokenKeysSecret: data.tokenKeysSecret,
    publicBaseUrl,
    mail,
    alarmTopic: data.alarmTopic,
  });

  const api = new ApiStack(app, STACK_IDS.api, {
    stackName: name('api'),
    description: `careerwire ${config.stage}: HTTP API`,
    tags,
    terminationProtection,
    config,
    httpApi: data.httpApi,
    publicBaseUrl,
    guidesTable,
    jobsTable,
    subscribersTable,
    suppressionsTable,
    deliveriesTable,
    runsTable,
    rateLimitsTable,
    adminApiKeySecret: data.adminApiKeySecret,
    tokenKeysSecret: data.tokenKeysSecret,
    mail,
    apiBaseUrl: data.apiBaseUrl,
    planner: alerts.planner.function,
    alarmTopic: data.alarmTopic,
  });

  const ops = new OpsStack(app, STACK_IDS.ops, {
    stackName: name('ops'),
    description: `careerwire ${config.stage}: operations dashboard`,
    tags,
    terminationProtection,
    config,
    ingest,
    jobs,
    mail,
    alerts,
    api,
  });

  referenceStrongly(data);
  referenceStrongly(mail);
  addNagChecks(app);
  return { app, config, data, ingest, jobs, mail, alerts, api, ops, publicBaseUrl };
}

/**
 * Every reference other stacks make to a resource of `stack` becomes an export and Fn::ImportValue.
 * Weak references (Fn::GetStackOutput) are read only when the consumer's template changes, so a
 * replaced resource would not reach consumers that did not change.
 */
function referenceStrongly(stack: Stack): void {
  for (const construct of stack.node.findAll()) {
    if (CfnResource.isCfnResource(construct)) construct.applyCrossStackReferenceStrength(ReferenceStrength.STRONG);
  }
}
