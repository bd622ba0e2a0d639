/** SNS (SES bounces and complaints) → suppressions and subscriber updates (app/feedback.ts). */
import middy from '@middy/core';
import { buildFeedback } from '../app/feedback';
import { readFeedbackConfig } from '../app/config';
import { withPowertools } from '../app/powertools';
import { awsClients } from '../shared/aws';
import { traceClient, traced } from '../shared/observability';

// The one read of the environment: a bad configuration fails the cold start, naming every problem.
export const handler = withPowertools(middy, buildFeedback(readFeedbackConfig(process.env), awsClients({ trace: traceClient })), traced);
