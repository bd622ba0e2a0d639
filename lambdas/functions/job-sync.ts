/** EventBridge, hourly → one sync of every configured job feed (app/job-sync.ts). */
import middy from '@middy/core';
import { buildJobSync } from '../app/job-sync';
import { readJobSyncConfig } from '../app/config';
import { withPowertools } from '../app/powertools';
import { awsClients } from '../shared/aws';
import { traceClient, traced } from '../shared/observability';

// The one read of the environment: a bad configuration fails the cold start, naming every problem.
export const handler = withPowertools(middy, buildJobSync(readJobSyncConfig(process.env), awsClients({ trace: traceClient })), traced);
