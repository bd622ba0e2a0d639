/**
 * The alert engine's stores in memory (audience, runs, delivery ledger), with the contracts of the
 * DynamoDB ones: for unit tests, benchmarks and fault simulations.
 */
import { randomUUID } from 'node:crypto';
import { partitionOf, type AudienceMember, type AudiencePage, type AudienceStore } from '../../../lambdas/alerts/audience';
import type { ClaimResult, Delivery, Ledger } from '../../../lambdas/alerts/ledger';
import { newRunId, type Outcome, type RunRecord, type RunStore } from '../../../lambdas/alerts/runs';
import { ALERT_LIMITS } from '../../../lambdas/shared/limits';
import type { Subscriber } from '../../../lambdas/subscriptions/subscriber';
import { isLegacyShard } from '../../../lambdas/subscriptions/tiers';

/** In memory: unit tests, and the 1,000,000-subscriber planning benchmark (ids only, streamed). */
export class MemoryAudienceStore implements AudienceStore {
  /** `alertShard`: a legacy key the subscriber is still stored under (default: the partition their record implies). */
  readonly subscribers = new Map<string, Subscriber & { lastDigestJobIds?: string[]; alertShard?: string }>();
  /** Every page read, by partition: what a run costs in Queries. */
  readonly reads: string[] = [];
  /** Synthetic audiences: partition → how many ids, generated on demand instead of stored. */
  constructor(private readonly synthetic?: { size: (partition: string) => number }) {}

  async page(partition: string, start: string | undefined, limit: number): Promise<AudiencePage> {
    this.reads.push(partition);
    const from = start === undefined ? 0 : Number(start);
    if (this.synthetic !== undefined) {
      const size = this.synthetic.size(partition);
      const to = Math.min(from + limit, size);
      const ids = Array.from({ length: Math.max(0, to - from) }, (_, i) => `${partition}-${from + i}`);
      return { ids, next: to < size ? String(to) : undefined };
    }
    const all = [...this.subscribers.values()]
      .filter((s) => this.partitionOf(s) === partition)
      .map((s) => s.id)
      .sort();
    const ids = all.slice(from, from + limit);
    return { ids, next: from + limit < all.length ? String(from + limit) : undefined };
  }

  private partitionOf(s: Subscriber & { alertShard?: string }): string | undefined {
    const own = partitionOf(s);
    return own === undefined ? undefined : (s.alertShard ?? own);
  }

  async getMany(ids: readonly string[]): Promise<AudienceMember[]> {
    return ids.flatMap((id) => {
      const s = this.subscribers.get(id);
      if (s === undefined) return [];
      const partition = this.partitionOf(s);
      const { alertShard: _a, ...rest } = structuredClone(s);
      return [{ lastDigestJobIds: [], ...rest, ...(partition !== undefined ? { alertShard: partition } : {}) }];
    });
  }
  async rekey(member: AudienceMember): Promise<void> {
    const s = this.subscribers.get(member.id);
    if (s !== undefined && isLegacyShard(s.alertShard) && s.alertShard === member.alertShard) delete s.alertShard;
  }
  async advance(id: string, watermark: string, jobIds: readonly string[]): Promise<void> {
    const s = this.subscribers.get(id);
    if (s !== undefined && (s.lastDigestAt === null || s.lastDigestAt < watermark)) {
      s.lastDigestAt = watermark;
      s.lastDigestJobIds = [...jobIds];
    }
  }
}

export class MemoryRunStore implements RunStore {
  readonly runs = new Map<string, RunRecord>();
  async create(run: Parameters<RunStore['create']>[0]): Promise<RunRecord & { created: boolean }> {
    const record: RunRecord = { ...run, runId: run.runId ?? newRunId(), status: 'planning', planned: 0, messages: 0, counts: {} };
    const existing = this.runs.get(record.runId);
    if (existing !== undefined) return { ...structuredClone(existing), created: false };
    this.runs.set(record.runId, record);
    return { ...structuredClone(record), created: true };
  }
  async addPlanned(runId: string, planned: number, messages: number, done: boolean, next?: { shard: number; start?: string; skip?: number }): Promise<void> {
    const run = this.runs.get(runId);
    if (run === undefined) return;
    run.planned += planned;
    run.messages += messages;
    if (done) run.status = 'planned';
    if (next !== undefined) {
      run.nextShard = next.shard;
      if (next.start !== undefined) run.nextStart = next.start;
      else delete run.nextStart;
      if (next.skip !== undefined && next.skip > 0) run.nextSkip = next.skip;
      else delete run.nextSkip;
    }
  }
  async count(runId: string, outcomes: Partial<Record<Outcome, number>>): Promise<void> {
    const run = this.runs.get(runId);
    if (run === undefined) return;
    for (const [k, n] of Object.entries(outcomes)) run.counts[k] = (run.counts[k] ?? 0) + (n ?? 0);
  }
  async get(runId: string): Promise<RunRecord | null> {
    const run = this.runs.get(runId);
    return run === undefined ? null : structuredClone(run);
  }
}

/** The same contract in memory: unit tests, benchmarks and fault simulations. */
export class MemoryLedger implements Ledger {
  readonly items = new Map<string, Delivery>();
  constructor(private readonly leaseMs: number = ALERT_LIMITS.claimLeaseMs) {}

  async claim(subscriberId: string, period: string, runId: string, now: Date): Promise<ClaimResult> {
    const k = `${subscriberId}|${period}`;
    const existing = this.items.get(k);
    if (existing !== undefined) {
      const stale = existing.status === 'claimed' && Date.parse(existing.claimedAt) < now.getTime() - this.leaseMs;
      if (!stale) return existing.status === 'claimed' ? { outcome: 'busy' } : { outcome: 'done', status: existing.status };
    }
    const token = randomUUID();
    this.items.set(k, { subscriberId, period, status: 'claimed', runId, claimToken: token, claimedAt: now.toISOString() });
    return { outcome: 'claimed', token };
  }
  async finish(subscriberId: string, period: string, token: string, result: Parameters<Ledger['finish']>[3]): Promise<void> {
    const item = this.items.get(`${subscriberId}|${period}`);
    if (item?.claimToken !== token) throw new Error('claim lost');
    const { claimToken: _t, ...rest } = item;
    this.items.set(`${subscriberId}|${period}`, { ...rest, status: result.status, sentAt: result.at.toISOString(), ...(result.messageId ? { messageId: result.messageId } : {}), jobIds: result.jobIds ?? [], ...(result.reason ? { reason: result.reason } : {}) });
  }
  async release(subscriberId: string, period: string, token: string): Promise<void> {
    if (this.items.get(`${subscriberId}|${period}`)?.claimToken === token) this.items.delete(`${subscriberId}|${period}`);
  }
  async get(subscriberId: string, period: string): Promise<Delivery | null> {
    return this.items.get(`${subscriberId}|${period}`) ?? null;
  }
}
