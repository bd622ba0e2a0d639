/**
 * The planner of one alert run at an instant T (the schedule's time, not the wall clock: a retried or
 * late run plans its own instant). It checks the run's candidate jobs with one Query, then streams the
 * partitions of the zones whose delivery hour T is (shared/schedules.ts) into SQS messages of
 * subscriber ids, recording the run. Ids are queued in full SendMessageBatch calls across pages and
 * zones, so a day of 24 hourly runs makes no more SQS calls than one run over everyone would. It never
 * holds the audience in memory, and hands over to a fresh invocation when its time runs short.
 */
import type { Job } from '../jobs/job';
import type { JobReader } from '../jobs/store';
import { ALERT_LIMITS } from '../shared/limits';
import { deliveryDue, dueZones } from '../shared/schedules';
import { knownZones } from '../shared/clock';
import type { Tier } from '../subscriptions/subscriber';
import { DEFAULT_ZONE_KEY, legacyShards } from '../subscriptions/tiers';
import type { AudienceStore } from './audience';
import { periodOf, type Period } from './periods';
import type { DigestMessage, DigestQueue } from './queue';
import { runIdFor, type RunRecord, type RunStore } from './runs';

export interface PlanRequest {
  tier: Tier;
  /** The run's instant: which zones are due, and the cutoff of its digests. */
  now: Date;
  dryRun?: boolean;
  runId?: string;
  /** Operators: every zone's subscribers at once, each in their own local period at `now`. */
  allZones?: boolean;
}

/** Where a planner stopped, for the invocation that continues it. */
export interface PlannerState {
  runId: string;
  tier: Tier;
  /** The run's key (runKey). */
  period: string;
  cutoff: string;
  dryRun: boolean;
  allZones?: boolean;
  /** Index into the run's partitions (runPartitions). */
  shard: number;
  start?: string;
  /** Ids at the start of that page already queued. */
  skip?: number;
}

/** One byAlertShard partition a run pages; `legacy`: written before zones, its members re-keyed at send. */
export interface RunPartition {
  key: string;
  legacy: boolean;
}

/**
 * The partitions a run at `instant` pages, always in the same order for the same instant (a
 * continuation and a retried planner find their place in it by index): the due zones', then, when the
 * default zone is due, the partition of subscribers without a zone and the legacy shards.
 */
export function runPartitions(tier: Tier, instant: Date, defaultZone: string, allZones = false): RunPartition[] {
  const zones = allZones ? knownZones() : dueZones(tier, instant);
  const out: RunPartition[] = zones.map((zone) => ({ key: `${tier}#${zone}`, legacy: false }));
  if (allZones || deliveryDue(tier, defaultZone, instant)) {
    out.push({ key: `${tier}#${DEFAULT_ZONE_KEY}`, legacy: false }, ...legacyShards(tier).map((key) => ({ key, legacy: true })));
  }
  return out;
}

/** A run's key: its tier and instant (to the minute), so a retried schedule finds the run it started. */
export function runKey(tier: Tier, instant: Date, allZones = false): string {
  return `${tier}@${instant.toISOString().slice(0, 16)}Z${allZones ? '#all-zones' : ''}`;
}

export interface PlannerDependencies {
  audience: AudienceStore;
  jobs: JobReader;
  runs: RunStore;
  queue: DigestQueue;
  /** The zone of subscribers without one (digestTimezone). */
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
  const allZones = request.allZones === true;
  const period = periodOf(request.tier, request.now, deps.timezone);
  const cutoff = request.now;
  const partitions = runPartitions(request.tier, cutoff, deps.timezone, allZones);
  // An hour in which no zone is due (most hours of a Free week) reads no jobs and no audience.
  const candidates = partitions.length === 0 ? 0 : (await candidateJobs(deps.jobs, windowStart(period, cutoff), cutoff)).length;
  const key = runKey(request.tier, cutoff, allZones);
  const created = await deps.runs.create({
    runId: request.runId ?? runIdFor(request.tier, key, request.dryRun === true),
    tier: request.tier,
    period: key,
    cutoff: cutoff.toISOString(),
    dryRun: request.dryRun === true,
    ...(allZones ? { allZones } : {}),
    createdAt: new Date().toISOString(),
    candidateJobs: candidates,
  });
  const { created: isNew, ...run } = created;
  const state = (shard: number, start?: string, skip?: number): PlannerState => ({
    runId: run.runId,
    tier: run.tier,
    period: run.period,
    cutoff: run.cutoff,
    dryRun: run.dryRun,
    ...(run.allZones === true ? { allZones: true } : {}),
    shard,
    ...(start !== undefined ? { start } : {}),
    ...(skip !== undefined && skip > 0 ? { skip } : {}),
  });
  if (!isNew) {
    // A retried schedule or planner: resume the run where it stopped (its cutoff, not this call's).
    if (run.status === 'planned') return run;
    await continueRun(state(run.nextShard ?? 0, run.nextStart, run.nextSkip), deps);
    return (await deps.runs.get(run.runId)) ?? run;
  }
  if (partitions.length === 0 || (candidates === 0 && deps.sendEmpty?.[request.tier] !== true)) {
    // Nobody is due, or nothing can match anyone: no digest for anybody, and no need to read the audience.
    await deps.runs.addPlanned(run.runId, 0, 0, true);
    return { ...run, status: 'planned' };
  }
  await continueRun(state(0), deps);
  return (await deps.runs.get(run.runId)) ?? run;
}

/** A place in a run's reading: the partition's index, the page's start, and ids of that page to pass over. */
interface Position {
  shard: number;
  start?: string;
  skip?: number;
}

export async function continueRun(state: PlannerState, deps: PlannerDependencies): Promise<void> {
  const pageSize = deps.pageSize ?? ALERT_LIMITS.audiencePageSize;
  const per = ALERT_LIMITS.subscribersPerMessage;
  const batch = per * ALERT_LIMITS.sqsBatchEntries;
  const partitions = runPartitions(state.tier, new Date(state.cutoff), deps.timezone, state.allZones === true);
  // Ids read and not queued yet, with the pages they came from: where a retried planner reads again.
  const pending: string[] = [];
  const segments: (Position & { count: number })[] = [];
  const at = (p: Position): Position => ({ shard: p.shard, ...(p.start !== undefined ? { start: p.start } : {}), ...(p.skip ? { skip: p.skip } : {}) });

  /** Queues the pending ids in full batches (all of them when `all`); `after` is where reading goes on. */
  const flush = async (all: boolean, legacy: boolean, after: Position) => {
    let count = all ? pending.length : pending.length - (pending.length % batch);
    if (count === 0) return;
    const ids = pending.splice(0, count);
    const messages: DigestMessage[] = [];
    for (let i = 0; i < ids.length; i += per) {
      messages.push({
        runId: state.runId,
        tier: state.tier,
        period: state.period,
        cutoff: state.cutoff,
        dryRun: state.dryRun,
        ...(state.allZones === true ? { allZones: true } : {}),
        ...(legacy ? { legacy: true } : {}),
        subscriberIds: ids.slice(i, i + per),
      });
    }
    await deps.queue.send(messages);
    while (count > 0) {
      const first = segments[0] as Position & { count: number };
      const taken = Math.min(count, first.count);
      first.count -= taken;
      first.skip = (first.skip ?? 0) + taken;
      count -= taken;
      if (first.count === 0) segments.shift();
    }
    await deps.runs.addPlanned(state.runId, ids.length, messages.length, false, segments[0] !== undefined ? at(segments[0]) : after);
  };

  for (let shard = state.shard; shard < partitions.length; shard++) {
    const partition = partitions[shard] as RunPartition;
    // Legacy members' messages are marked: ids of the other kind are queued before the first of them.
    const previous = partitions[shard - 1];
    if (previous !== undefined && previous.legacy !== partition.legacy) await flush(true, previous.legacy, { shard });
    let start = shard === state.shard ? state.start : undefined;
    let skip = shard === state.shard ? (state.skip ?? 0) : 0;
    do {
      if (deps.remainingMs !== undefined && deps.continueWith !== undefined && deps.remainingMs() < ALERT_LIMITS.plannerReserveMs) {
        // The next invocation reads the pending ids again rather than carrying them.
        const from = segments[0] !== undefined ? at(segments[0]) : at({ shard, ...(start !== undefined ? { start } : {}), skip });
        const { start: _start, skip: _skip, ...rest } = state;
        await deps.continueWith({ ...rest, ...from });
        return;
      }
      const page = await deps.audience.page(partition.key, start, pageSize);
      const ids = skip > 0 ? page.ids.slice(skip) : page.ids;
      if (ids.length > 0) {
        segments.push({ shard, ...(start !== undefined ? { start } : {}), skip, count: ids.length });
        pending.push(...ids);
      }
      skip = 0;
      await flush(false, partition.legacy, page.next !== undefined ? { shard, start: page.next } : { shard: shard + 1 });
      start = page.next;
    } while (start !== undefined);
  }
  await flush(true, partitions.at(-1)?.legacy === true, { shard: partitions.length });
  await deps.runs.addPlanned(state.runId, 0, 0, true);
}
