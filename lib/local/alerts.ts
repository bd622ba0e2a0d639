/**
 * Alerts on the local stack: the planner and sender functions, built by the same composition roots as
 * the deployed ones and wrapped the same way, with an in-process queue (Plus before Free) that feeds
 * the sender SQS-shaped batches and honours its deferrals, and the digest schedules evaluated every
 * minute from the same cron expressions EventBridge Scheduler runs in AWS (hourly, UTC): each run is
 * given its scheduled minute as its instant, as Scheduler gives the planner its scheduled time.
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { PlannerEvent } from '../../lambdas/alerts/planner-handler';
import { runView } from '../../lambdas/alerts/routes';
import { DynamoRunStore } from '../../lambdas/alerts/runs';
import { readDigestPlannerConfig, readDigestSenderConfig, type Environment } from '../../lambdas/app/config';
import { buildDigestPlanner } from '../../lambdas/app/digest-planner';
import { buildDigestSender } from '../../lambdas/app/digest-sender';
import { withPowertools, type Middy } from '../../lambdas/app/powertools';
import type { AwsClients } from '../../lambdas/shared/aws';
import { parseCron } from '../../lambdas/shared/cron';
import { traced } from '../../lambdas/shared/observability';
import { DIGEST_SCHEDULES } from '../../lambdas/shared/schedules';
import { TIERS, type Tier } from '../../lambdas/subscriptions/subscriber';
import { localContext } from './config';
import { LocalDigestQueue } from './digest-queue';

export type RunSummary = ReturnType<typeof runView> & { delivered: number; deadLettered: number };

export interface LocalAlerts {
  /** Plans the run at an instant (its due zones, or every zone) and delivers every message before resolving. */
  run(event: Extract<PlannerEvent, { tier: unknown }>): Promise<RunSummary>;
  /** Fires the digest schedules in-process; returns the function that stops them. */
  schedule(onRun?: (summary: RunSummary) => void): () => void;
}

/** `env`: the local functions' environment (localEnvironment); `clients`: the local stack's. */
export function localAlerts(env: Environment, clients: AwsClients, middy: Middy): LocalAlerts {
  const plannerConfig = readDigestPlannerConfig(env);
  const senderConfig = readDigestSenderConfig(env);
  // The sender function, with the in-process queue in place of SQS for deferrals.
  let handle: (event: SQSEvent) => Promise<SQSBatchResponse> = async () => ({ batchItemFailures: [] });
  const queue = new LocalDigestQueue((event) => handle(event));
  const sender = withPowertools(middy, buildDigestSender(senderConfig, clients, queue), traced);
  handle = (event) => sender(event, localContext('digest-sender'));
  const planner = withPowertools(middy, buildDigestPlanner(plannerConfig, clients, queue), traced);
  const runs = new DynamoRunStore(clients.dynamo(), plannerConfig.tables.runs);
  // One run at a time, like one planner after another in AWS: the queue is shared.
  let chain: Promise<unknown> = Promise.resolve();

  const run: LocalAlerts['run'] = (event) => {
    const next = chain.then(async () => {
      const planned = await planner(event, localContext('digest-planner'));
      const { delivered, deadLettered } = await queue.drain();
      const runId = 'runId' in planned ? planned.runId : planned.continued;
      const record = await runs.get(runId);
      if (record === null) throw new Error(`run ${runId} vanished`);
      return { ...runView(record), delivered, deadLettered };
    });
    chain = next.catch(() => undefined);
    return next;
  };

  return {
    run,
    schedule(onRun) {
      const fire = scheduledRuns();
      let lastMinute = -1;
      const timer = setInterval(() => {
        const minute = Math.floor(Date.now() / 60_000);
        if (minute === lastMinute) return;
        lastMinute = minute;
        for (const event of fire(minute)) {
          const { tier } = event;
          run(event).then(
            (summary) => onRun?.(summary),
            (error: unknown) => console.error(`scheduled ${tier} digest run failed`, error),
          );
        }
      }, 10_000);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}

/**
 * The digest runs the schedules start in a minute (epoch minutes): each tier whose cron matches,
 * with the minute's first instant as the run's instant, as Scheduler passes its scheduled time.
 */
export function scheduledRuns(): (minute: number) => { tier: Tier; now: string }[] {
  const matchers = TIERS.map((tier) => ({ tier, cron: parseCron(DIGEST_SCHEDULES[tier].expression, DIGEST_SCHEDULES[tier].timezone) }));
  return (minute) => {
    const now = new Date(minute * 60_000);
    return matchers.filter(({ cron }) => cron.matches(now)).map(({ tier }) => ({ tier, now: now.toISOString() }));
  };
}
