/**
 * Alerts on the local stack: the planner core with an in-process queue (Plus before Free) that feeds
 * the real sender handler SQS-shaped batches and honours its deferrals, and the digest schedules evaluated every minute from the same cron
 * expressions EventBridge Scheduler runs in AWS.
 */
import { alertConfig, alertStores, plannerHandler, senderFromEnv, senderHandler, type PlannerEvent } from '../../lambdas/alerts/handlers';
import { runView } from '../../lambdas/alerts/routes';
import { parseCron } from '../../lambdas/shared/cron';
import { DIGEST_SCHEDULES } from '../../lambdas/shared/schedules';
import { TIERS } from '../../lambdas/subscriptions/subscriber';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { LocalDigestQueue } from './digest-queue';

export type RunSummary = ReturnType<typeof runView> & { delivered: number; deadLettered: number };

export interface LocalAlerts {
  /** Plans one period and delivers every message before resolving. */
  run(event: Extract<PlannerEvent, { tier: unknown }>): Promise<RunSummary>;
  /** Fires the digest schedules in-process; returns the function that stops them. */
  schedule(onRun?: (summary: RunSummary) => void): () => void;
}

/** Call after the local environment is set (tables, endpoints, token keys, PUBLIC_BASE_URL). */
export function localAlerts(): LocalAlerts {
  // The sender entry's handler, with the in-process queue in place of SQS for deferrals.
  let handle: (event: SQSEvent) => Promise<SQSBatchResponse> = async () => ({ batchItemFailures: [] });
  const queue = new LocalDigestQueue((event) => handle(event));
  handle = senderHandler(senderFromEnv(), queue);
  const config = alertConfig();
  const stores = alertStores();
  const plan = plannerHandler({ ...stores, queue, timezone: config.timezone, sendEmpty: config.sendEmpty });
  // One run at a time, like one planner after another in AWS: the queue is shared.
  let chain: Promise<unknown> = Promise.resolve();

  const run: LocalAlerts['run'] = (event) => {
    const next = chain.then(async () => {
      const planned = await plan(event);
      const { delivered, deadLettered } = await queue.drain();
      const runId = 'runId' in planned ? planned.runId : planned.continued;
      const record = await stores.runs.get(runId);
      if (record === null) throw new Error(`run ${runId} vanished`);
      return { ...runView(record), delivered, deadLettered };
    });
    chain = next.catch(() => undefined);
    return next;
  };

  return {
    run,
    schedule(onRun) {
      const matchers = TIERS.map((tier) => ({ tier, cron: parseCron(DIGEST_SCHEDULES[tier].expression, config.timezone) }));
      let lastMinute = -1;
      const timer = setInterval(() => {
        const now = new Date();
        const minute = Math.floor(now.getTime() / 60_000);
        if (minute === lastMinute) return;
        lastMinute = minute;
        for (const { tier, cron } of matchers) {
          if (!cron.matches(now)) continue;
          run({ tier, now: now.toISOString() }).then(
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
