/** API Gateway HTTP API ($default route, payload 2.0) → the public API and the site (app/api.ts); the subscription routes are functions/subscriptions.ts. Not traced: the api loads no X-Ray SDK (README, "cold load"). */
import middy from '@middy/core';
import { buildApi } from '../app/api';
import { readApiConfig } from '../app/config';
import { withPowertools } from '../app/powertools';
import { awsClients } from '../shared/aws';
import { untraced } from '../shared/logging';

// The one read of the environment: a bad configuration fails the cold start, naming every problem.
export const handler = withPowertools(middy, buildApi(readApiConfig(process.env), awsClients()), untraced);
