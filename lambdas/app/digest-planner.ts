/**
 * The digest planner: EventBridge Scheduler ({ tier }) or the admin API ({ tier, dryRun, runId }) →
 * one alert run's subscriber ids into the tier's digest queue. When its time runs short it invokes
 * itself with where it stopped.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoAudienceStore } from '../alerts/audience';
import { plannerHandler, type PlannerEvent } from '../alerts/planner-handler';
import { SqsDigestQueue, type DigestQueue } from '../alerts/queue';
import { DynamoRunStore, type RunRecord } from '../alerts/runs';
import { DynamoJobStore } from '../jobs/store';
import type { AwsClients } from '../shared/aws';
import { logger } from '../shared/logging';
import type { DigestPlannerConfig } from './config';
import type { LambdaFunction } from './powertools';

export type PlannerResult = RunRecord | { continued: string };

/** `queue`: where the digest messages go; default the tiers' SQS queues (the local stack passes its own). */
export function buildDigestPlanner(config: DigestPlannerConfig, clients: AwsClients, queue?: DigestQueue): LambdaFunction<PlannerEvent, PlannerResult> {
  const doc = clients.dynamo();
  const plan = plannerHandler({
    audience: new DynamoAudienceStore(doc, config.tables.subscribers),
    jobs: new DynamoJobStore(doc, config.tables.jobs),
    runs: new DynamoRunStore(doc, config.tables.runs),
    queue: queue ?? new SqsDigestQueue(clients.client('sqs', (c) => new SQSClient(c)), config.queueUrls),
    timezone: config.alerts.timezone,
    sendEmpty: config.alerts.sendEmpty,
    continueWith: async (state) => {
      await clients.client('lambda', (c) => new LambdaClient(c)).send(
        new InvokeCommand({
          FunctionName: config.functionName,
          InvocationType: 'Event',
          Payload: Buffer.from(JSON.stringify({ continue: state } satisfies PlannerEvent)),
        }),
      );
    },
  });
  return async (event, context) => {
    const result = await plan(event, context);
    logger.info('planner finished', { ...result });
    return result;
  };
}
