/** Alert runs: what a planner planned, and the counters senders add to, for operators and metrics. */
import { createHash, randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Tier } from '../subscriptions/subscriber';
import { ALERT_LIMITS } from '../shared/limits';

export interface RunRecord {
  runId: string;
  tier: Tier;
  /** The run's key: tier and instant, e.g. "plus@2026-11-27T07:00Z" (each subscriber's period is their own). */
  period: string;
  /** Operators' run over every zone at once. */
  allZones?: boolean;
  /** The run's cutoff: jobs posted after it belong to the next digest. */
  cutoff: string;
  dryRun: boolean;
  status: 'planning' | 'planned';
  createdAt: string;
  candidateJobs: number;
  planned: number;
  messages: number;
  /** Counters: sent, skipped.<reason>, failed.<reason>. */
  counts: Record<string, number>;
  /** Where planning goes on (a retried planner resumes there): the partition's index, and the page start within it. */
  nextShard?: number;
  nextStart?: string;
  /** Ids at the start of that page already queued. */
  nextSkip?: number;
}

/** Run counter names: `sent`, `skipped.<reason>` or `failed.<reason>`. */
export type Outcome = 'sent' | `skipped.${string}` | `failed.${string}`;

export interface RunStore {
  /** Records a new run; `created: false` with the stored record when one with this id exists already. */
  create(run: Omit<RunRecord, 'runId' | 'counts' | 'planned' | 'messages' | 'status'> & { runId?: string }): Promise<RunRecord & { created: boolean }>;
  /** Adds a page's counts; `next` is where planning goes on after it. */
  addPlanned(runId: string, planned: number, messages: number, done: boolean, next?: { shard: number; start?: string; skip?: number }): Promise<void>;
  count(runId: string, outcomes: Partial<Record<Outcome, number>>): Promise<void>;
  get(runId: string): Promise<RunRecord | null>;
}

export const newRunId = (): string => randomUUID();

/**
 * The run of a tier at an instant (its runKey): always the same id (UUID-shaped, from a hash), so a schedule retried by
 * Scheduler, or a planner retried by Lambda, finds the run it started and resumes it instead of
 * planning the audience again. Dry runs get an id of their own.
 */
export function runIdFor(tier: Tier, key: string, dryRun: boolean): string {
  const h = createHash('sha256').update(`careerwire-run|${tier}|${key}|${dryRun ? 'dry' : 'live'}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
const ttl = (iso: string) => Math.floor(Date.parse(iso) / 1000) + ALERT_LIMITS.ledgerTtlDays * 86_400;
/** Counter names become attribute names: keep them to a safe alphabet. */
const attr = (outcome: string) => `c_${outcome.replace(/[^a-zA-Z0-9]/g, '_')}`;

export class DynamoRunStore implements RunStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async create(run: Parameters<RunStore['create']>[0]): Promise<RunRecord & { created: boolean }> {
    const record: RunRecord = { ...run, runId: run.runId ?? newRunId(), status: 'planning', planned: 0, messages: 0, counts: {} };
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...record, counts: undefined, expiresAt: ttl(record.createdAt) },
          ConditionExpression: 'attribute_not_exists(runId)',
        }),
      );
      return { ...record, created: true };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const existing = await this.get(record.runId);
      if (existing === null) throw error;
      return { ...existing, created: false };
    }
  }

  async addPlanned(runId: string, planned: number, messages: number, done: boolean, next?: { shard: number; start?: string; skip?: number }): Promise<void> {
    const sets = [...(done ? ['#s = :planned'] : []), ...(next !== undefined ? ['nextShard = :shard', 'nextStart = :start', 'nextSkip = :skip'] : [])];
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { runId },
        UpdateExpression: `ADD planned :p, messages :m${sets.length > 0 ? ` SET ${sets.join(', ')}` : ''}`,
        ExpressionAttributeValues: {
          ':p': planned,
          ':m': messages,
          ...(done ? { ':planned': 'planned' } : {}),
          ...(next !== undefined ? { ':shard': next.shard, ':start': next.start ?? null, ':skip': next.skip ?? 0 } : {}),
        },
        ...(done ? { ExpressionAttributeNames: { '#s': 'status' } } : {}),
      }),
    );
  }

  async count(runId: string, outcomes: Partial<Record<Outcome, number>>): Promise<void> {
    const entries = Object.entries(outcomes).filter(([, n]) => (n ?? 0) > 0);
    if (entries.length === 0) return;
    const names: Record<string, string> = {};
    const values: Record<string, number> = {};
    const parts = entries.map(([outcome, n], i) => {
      names[`#c${i}`] = attr(outcome);
      values[`:c${i}`] = n as number;
      return `#c${i} :c${i}`;
    });
    // Also remember each counter's readable name, once.
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { runId },
        UpdateExpression: `ADD ${parts.join(', ')}, outcomeNames :names`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ...values, ':names': new Set(entries.map(([o]) => o)) },
      }),
    );
  }

  async get(runId: string): Promise<RunRecord | null> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: { runId }, ConsistentRead: true }));
    if (out.Item === undefined) return null;
    const item = out.Item;
    const counts: Record<string, number> = {};
    for (const name of (item.outcomeNames as Set<string> | undefined) ?? []) counts[name] = Number(item[attr(name)] ?? 0);
    return {
      runId: item.runId,
      tier: item.tier,
      period: item.period,
      cutoff: item.cutoff,
      dryRun: item.dryRun,
      ...(item.allZones === true ? { allZones: true } : {}),
      status: item.status,
      createdAt: item.createdAt,
      candidateJobs: item.candidateJobs,
      planned: item.planned ?? 0,
      messages: item.messages ?? 0,
      counts,
      ...(typeof item.nextShard === 'number' ? { nextShard: item.nextShard } : {}),
      ...(typeof item.nextStart === 'string' ? { nextStart: item.nextStart } : {}),
      ...(typeof item.nextSkip === 'number' && item.nextSkip > 0 ? { nextSkip: item.nextSkip } : {}),
    };
  }
}
