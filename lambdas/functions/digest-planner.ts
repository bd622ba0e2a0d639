/**
 * EventBridge Scheduler ({ tier }) or the admin API ({ tier, dryRun, runId }) → plan one alert run:
 * subscriber ids into the tier's digest queue. When its time runs short it invokes itself with where it stopped.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { alertConfig, alertStores, plannerHandler, type PlannerEvent } from '../alerts/handlers';
import { SqsDigestQueue } from '../alerts/queue';
import { ALERT_ENV, requireEnv } from '../shared/env';
import { logger, tracer } from '../shared/observability';

const config = alertConfig();
const lambda = tracer.captureAWSv3Client(new LambdaClient({}));
const plan = plannerHandler({
  ...alertStores(),
  queue: new SqsDigestQueue(tracer.captureAWSv3Client(new SQSClient({})), {
    plus: requireEnv(ALERT_ENV.digestQueueUrls.plus),
    free: requireEnv(ALERT_ENV.digestQueueUrls.free),
  }),
  timezone: config.timezone,
  sendEmpty: config.sendEmpty,
  continueWith: async (state) => {
    await lambda.send(
      new InvokeCommand({
        FunctionName: requireEnv('AWS_LAMBDA_FUNCTION_NAME'),
        InvocationType: 'Event',
        Payload: Buffer.from(JSON.stringify({ continue: state } satisfies PlannerEvent)),
      }),
    );
  },
});

export const handler = async (event: PlannerEvent, context: Context) => {
  logger.addContext(context);
  const result = await plan(event, context);
  logger.info('planner finished', { ...result });
  return result;
};
