/** EventBridge Scheduler or the admin API → plan one alert run into the digest queues (app/digest-planner.ts). */
import middy from '@middy/core';
import { buildDigestPlanner } from '../app/digest-planner';
import { readDigestPlannerConfig } from '../app/config';
import { withPowertools } from '../app/powertools';
import { awsClients } from '../shared/aws';
import { traceClient, traced } from '../shared/observability';

// The one read of the environment: a bad configuration fails the cold start, naming every problem.
export const handler = withPowertools(middy, buildDigestPlanner(readDigestPlannerConfig(process.env), awsClients({ trace: traceClient })), traced);
