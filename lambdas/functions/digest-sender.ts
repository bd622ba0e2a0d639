/** SQS (the Plus and Free digest queues) → the sender, with partial batch responses and SES deferrals (app/digest-sender.ts). */
import middy from '@middy/core';
import { buildDigestSender } from '../app/digest-sender';
import { readDigestSenderConfig } from '../app/config';
import { withPowertools } from '../app/powertools';
import { awsClients } from '../shared/aws';
import { traceClient, traced } from '../shared/observability';

// The one read of the environment: a bad configuration fails the cold start, naming every problem.
export const handler = withPowertools(middy, buildDigestSender(readDigestSenderConfig(process.env), awsClients({ trace: traceClient })), traced);
