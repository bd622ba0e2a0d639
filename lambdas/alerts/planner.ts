/**
 * The planner of one alert run: fixes the period and cutoff, checks the period's candidate jobs with
 * one Query, then streams the tier's audience shard by shard into SQS messages of subscriber ids,
 * recording the run. It never holds the audience in memory, and hands over to a fresh invocation when
 * its time runs short, so a million subscribers plan in bounded time and memory.
 */
import type { Job } from '../jobs/job';
import type { JobReader } from '../jobs/store';
import { ALERT_LIMITS } from '../shared/limits';
import type { Tier } from '../subscriptions/subscriber';
import { SHARDS, type AudienceStore } from './audience';
import { periodOf, type Period } from './periods';
import type { DigestMessage, DigestQueue } from './queue';
import { runIdFor, type RunRecord, type RunStore } from './runs';

export interface PlanRequest {
  tier: Tier;
  now: Date;
  dryRun?: boolean;
  runId?: string;
}

/** Where a planner stopped, for the invocation that continues it. */
export interface PlannerState {
  runId: string;
  tier: Tier;
  period: string;
  cutoff: string;
  dryRun: boolean;
  shard: number;
  start?: string;
}

export interface PlannerDependencies {
  audience: AudienceStore;
  jobs: JobReader;
  runs: RunStore;
  queue: DigestQueue;
  timezone: string;
  /** Send digests with no matching jobs? Per tier; default no. */
  sendEmpty?: Partial<Record<Tier, boolean>>;
  /** Milliseconds left in this invocation (Lambda's context); default: unlimited. */
  remainingMs?: () => number;
  /** Starts a fresh invocation from the state (Lambda async self-invoke); required with remainingMs. */
  continueWith?: (state: PlannerState) => Promise<void>;
  pageSize?: number;
}

/** The earliest job a subscriber of this run can be sent: bounds the candidate Query. */
export function windowStart(period: Period, cutoff: Date): Date {
  return new Date(cutoff.getTime() - ALERT_LIMITS.windowPeriods * period.lookbackMs);
}

/** A run's candidate jobs: posted in [since, cutoff], newest first. Planner and sender read the same. */
export async function candidateJobs(jobs: JobReader, since: Date, cutoff: Date): Promise<Job[]> {
  const found: Job[] = [];
  const last = cutoff.toISOString();
  let after: Awaited<ReturnType<JobReader['listNewest']>>['next'] | undefined;
  do {
    const page = await jobs.listNewest({ since, now: cutoff, limit: 1000, ...(after ? { after } : {}), keep: (j) => j.postedAt <= last });
    found.push(...page.jobs);
    after = page.next;
  } while (after !== null && after !== undefined);
  return found;
}

export async function startRun(request: PlanRequest, deps: PlannerDependencies): Promise<RunRecord> {
  const period = periodOf(request.tier, request.now, deps.timezone);
  const cutoff = request.now;
  const candidates = (await candidateJobs(deps.jobs, windowStart(period, cutoff), cutoff)).length;
  const created = await deps.runs.create({
    runId: request.runId ?? runIdFor(request.tier, period.key, request.dryRun === true),
    tier: request.tier,
    period: period.key,
    cutoff: cutoff.toISOString(),
    dryRun: request.dryRun === true,
    createdAt: new Date().toISOString(),
    candidateJobs: candidates,
  });
  const { created: isNew, ...run } = created;
  if (!isNew) {
    // A retried schedule or planner: resume the run where it stopped (its cutoff, not this call's).
    if (run.status === 'planned') return run;
    await continueRun(
      { runId: run.runId, tier: run.tier, period: run.period, cutoff: run.cutoff, dryRun: run.dryRun, shard: run.nextShard ?? 0, ...(run.nextStart !== undefined ? { start: run.nextStart } : {}) },
      deps,
    );
    return (await deps.runs.get(run.runId)) ?? run;
  }
  if (candidates === 0 && deps.sendEmpty?.[request.tier] !== true) {
    // Nothing can match anyone: no digest for anybody, and no need to read the audience.
    await deps.runs.addPlanned(run.runId, 0, 0, true);
    return { ...run, status: 'planned' };
  }
  await continueRun({ runId: run.runId, tier: run.tier, period: run.period, cutoff: run.cutoff, dryRun: run.dryRun, shard: 0 }, deps);
  return (await deps.runs.get(run.runId)) ?? run;
}

export async function continueRun(state: PlannerState, deps: PlannerDependencies): Promise<void> {
  const pageSize = deps.pageSize ?? 1000;
  const per = ALERT_LIMITS.subscribersPerMessage;
  for (let shard = state.shard; shard < SHARDS.length; shard++) {
    let start = shard === state.shard ? state.start : undefined;
    do {
      if (deps.remainingMs !== undefined && deps.continueWith !== undefined && deps.remainingMs() < ALERT_LIMITS.plannerReserveMs) {
        await deps.continueWith({ ...state, shard, ...(start !== undefined ? { start } : {}) });
        return;
      }
      const page = await deps.audience.page(state.tier, shard, start, pageSize);
      const messages: DigestMessage[] = [];
      for (let i = 0; i < page.ids.length; i += per) {
        messages.push({
          runId: state.runId,
          tier: state.tier,
          period: state.period,
          cutoff: state.cutoff,
          dryRun: state.dryRun,
          subscriberIds: page.ids.slice(i, i + per),
        });
      }
      if (messages.length > 0) {
        await deps.queue.send(messages);
        await deps.runs.addPlanned(state.runId, page.ids.length, messages.length, false, page.next !== undefined ? { shard, start: page.next } : { shard: shard + 1 });
      }
      start = page.next;
    } while (start !== undefined);
  }
  await deps.runs.addPlanned(state.runId, 0, 0, true);
}
