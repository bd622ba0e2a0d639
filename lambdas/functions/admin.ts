/** API Gateway `ANY /admin/{proxy+}` → the operators' API (app/admin.ts). */
import middy from '@middy/core';
import { buildAdmin } from '../app/admin';
import { readAdminConfig } from '../app/config';
import { withPowertools } from '../app/powertools';
import { awsClients } from '../shared/aws';
import { traceClient, traced } from '../shared/observability';

// The one read of the environment: a bad configuration fails the cold start, naming every problem.
export const handler = withPowertools(middy, buildAdmin(readAdminConfig(process.env), awsClients({ trace: traceClient })), traced);
