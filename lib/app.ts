/**
 * Builds the careerwire CDK app: config read once from context, four env-agnostic stacks
 * (data <- ingest, data <- jobs, data <- api) and the cdk-nag AwsSolutions checks over all of them.
 * bin/app.ts runs it for the CDK CLI; the infra tests call it with their own context.
 */
import { App, type AppProps } from 'aws-cdk-lib';
import { FeedsTable, GuidesTable, JobsTable } from '../lambdas/shared/tables';
import { type CareerwireConfig, loadConfig } from './config';
import { addNagChecks } from './nag';
import { ApiStack } from './stacks/api-stack';
import { DataStack } from './stacks/data-stack';
import { IngestStack } from './stacks/ingest-stack';
import { JobsStack } from './stacks/jobs-stack';

export const STACK_IDS = {
  data: 'CareerwireData',
  ingest: 'CareerwireIngest',
  jobs: 'CareerwireJobs',
  api: 'CareerwireApi',
} as const;

export interface CareerwireApp {
  readonly app: App;
  readonly config: CareerwireConfig;
  readonly data: DataStack;
  readonly ingest: IngestStack;
  readonly jobs: JobsStack;
  readonly api: ApiStack;
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
  const name = (part: string): string => `careerwire-${config.stage}-${part}`;

  const data = new DataStack(app, STACK_IDS.data, {
    stackName: name('data'),
    description: `careerwire ${config.stage}: tables, content bucket, alarm topic`,
    tags,
    config,
  });
  const guidesTable = data.table(GuidesTable);
  const jobsTable = data.table(JobsTable);
  const feedsTable = data.table(FeedsTable);

  const ingest = new IngestStack(app, STACK_IDS.ingest, {
    stackName: name('ingest'),
    description: `careerwire ${config.stage}: guide deployment and ingestion`,
    tags,
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
    config,
    jobsTable,
    feedsTable,
    guidesTable,
    alarmTopic: data.alarmTopic,
  });

  const api = new ApiStack(app, STACK_IDS.api, {
    stackName: name('api'),
    description: `careerwire ${config.stage}: HTTP API`,
    tags,
    config,
    guidesTable,
    jobsTable,
    feedsTable,
    adminApiKeySecret: data.adminApiKeySecret,
    alarmTopic: data.alarmTopic,
  });

  addNagChecks(app);
  return { app, config, data, ingest, jobs, api };
}
