/**
 * Where jobs live. Keys are designed for the two reads that matter: "one job by id" (the table key)
 * and "jobs posted since T, newest first" (the byPostedMonth index: a Query per month touched).
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient, type NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { batchGetAll, batchWriteAll, type BatchOptions } from '../shared/dynamo';
import { FEED_LIMITS } from '../shared/limits';
import { JobsTable } from '../shared/tables';
import type { Job } from './job';

export interface JobPage {
  jobs: Job[];
  /** Opaque position after the last job, or null at the end. */
  next: JobPosition | null;
}

/** Where a newest-first listing stopped: the month partition and the last sort key read in it. */
export interface JobPosition {
  month: string;
  key: string;
}

export interface JobReader {
  get(id: string, now: Date): Promise<Job | null>;
  /**
   * Jobs newest first, from `after` (exclusive) back to `since` (inclusive), that pass `keep`, until
   * `limit` are found. Expired jobs are never returned, whatever DynamoDB's TTL has not yet deleted.
   */
  listNewest(options: { since: Date; now: Date; limit: number; after?: JobPosition; keep?: (job: Job) => boolean }): Promise<JobPage>;
}

export interface JobWriter {
  hashes(ids: readonly string[]): Promise<Map<string, string>>;
  putAll(jobs: readonly Job[]): Promise<void>;
}

export type JobStore = JobReader & JobWriter & JobVersion;

/** The version of the stored jobs: it changes whenever any job is written (see JOBS_VERSION_ID). */
export interface JobVersion {
  version(): Promise<string | null>;
}

/**
 * The jobs' version marker: an item of the jobs table that is not a job (no posted month, so not in
 * the index; an id no feed can give), rewritten with a new random version after every write of jobs,
 * so readers that cache jobs (cache.ts) know with one small GetItem whether theirs are current.
 */
export const JOBS_VERSION_ID = '#jobs-version';

export const postedMonth = (iso: string): string => iso.slice(0, 7);
export const postedKey = (job: Pick<Job, 'postedAt' | 'id'>): string => `${job.postedAt}#${job.id}`;

export function expiresAt(job: Pick<Job, 'postedAt'>, ttlDays: number = FEED_LIMITS.jobTtlDays): number {
  return Math.floor(Date.parse(job.postedAt) / 1000) + ttlDays * 86_400;
}

/** Calendar months ("YYYY-MM") from `to` back to `from`, newest first. */
export function monthsBetween(from: Date, to: Date): string[] {
  const months: string[] = [];
  let y = to.getUTCFullYear();
  let m = to.getUTCMonth();
  const stop = from.getUTCFullYear() * 12 + from.getUTCMonth();
  while (y * 12 + m >= stop) {
    months.push(`${y}-${String(m + 1).padStart(2, '0')}`);
    m -= 1;
    if (m < 0) {
      m = 11;
      y -= 1;
    }
  }
  return months;
}

interface JobItem extends Job {
  postedMonth: string;
  postedKey: string;
  expiresAt: number;
}

export class DynamoJobStore implements JobStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly ttlDays: number = FEED_LIMITS.jobTtlDays,
    private readonly batch: BatchOptions = {},
  ) {}

  async get(id: string, now: Date): Promise<Job | null> {
    if (id === JOBS_VERSION_ID) return null;
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: { id } }));
    if (out.Item === undefined || isExpired(out.Item, now)) return null;
    return toJob(out.Item);
  }

  async listNewest({ since, now, limit, after, keep = () => true }: Parameters<JobReader['listNewest']>[0]): Promise<JobPage> {
    const index = JobsTable.globalSecondaryIndexes[0];
    const jobs: Job[] = [];
    const sinceKey = since.toISOString();
    for (const month of monthsBetween(since, now)) {
      if (after !== undefined && month > after.month) continue;
      const upper = after !== undefined && month === after.month ? after.key : undefined;
      let startKey: Record<string, unknown> | undefined;
      do {
        const out = await this.doc.send(
          new QueryCommand({
            TableName: this.table,
            IndexName: index.indexName,
            KeyConditionExpression:
              upper === undefined ? '#m = :m AND #k >= :since' : '#m = :m AND #k BETWEEN :since AND :upper',
            ExpressionAttributeNames: { '#m': 'postedMonth', '#k': 'postedKey' },
            ExpressionAttributeValues: { ':m': month, ':since': sinceKey, ...(upper !== undefined ? { ':upper': upper } : {}) },
            ScanIndexForward: false,
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of out.Items ?? []) {
          if (upper !== undefined && item.postedKey === upper) continue; // BETWEEN is inclusive
          if (isExpired(item, now)) continue;
          const job = toJob(item);
          if (!keep(job)) continue;
          jobs.push(job);
          if (jobs.length === limit) return { jobs, next: { month, key: item.postedKey as string } };
        }
        startKey = out.LastEvaluatedKey;
      } while (startKey !== undefined);
    }
    return { jobs, next: null };
  }

  async version(): Promise<string | null> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { id: JOBS_VERSION_ID }, ProjectionExpression: '#v', ExpressionAttributeNames: { '#v': 'version' } }),
    );
    return typeof out.Item?.version === 'string' ? out.Item.version : null;
  }

  async hashes(ids: readonly string[]): Promise<Map<string, string>> {
    const items = await batchGetAll<{ id: string; contentHash: string }>(
      this.doc,
      this.table,
      ids.map((id) => ({ id })),
      ['id', 'contentHash'],
      this.batch,
    );
    return new Map(items.map((i) => [i.id, i.contentHash]));
  }

  async putAll(jobs: readonly Job[]): Promise<void> {
    await batchWriteAll(
      this.doc,
      this.table,
      jobs.map((job) => ({ PutRequest: { Item: this.toItem(job) } })),
      this.batch,
    );
    // After the jobs: a reader that sees the new version finds them. (The sync's BatchWriteItem grant covers it.)
    if (jobs.length > 0) await batchWriteAll(this.doc, this.table, [{ PutRequest: { Item: { id: JOBS_VERSION_ID, version: randomUUID() } } }], this.batch);
  }

  private toItem(job: Job): JobItem {
    return { ...job, postedMonth: postedMonth(job.postedAt), postedKey: postedKey(job), expiresAt: expiresAt(job, this.ttlDays) };
  }
}

function isExpired(item: Record<string, NativeAttributeValue>, now: Date): boolean {
  return typeof item.expiresAt === 'number' && item.expiresAt * 1000 <= now.getTime();
}

/** A job item as only toItem writes it, less the index attributes. */
function toJob(item: Record<string, NativeAttributeValue>): Job {
  const { postedMonth: _m, postedKey: _k, expiresAt: _e, ...job } = item;
  // Jobs stored before the remote flag read as not remote until their next sync rewrites them.
  return { remote: false, ...job } as Job;
}

/** Per-feed state for conditional GET, kept between hourly syncs. */
export interface FeedState {
  source: string;
  url: string;
  etag?: string;
  lastModified?: string;
  /** Health of the last sync: a 304 and a 200 are both 'ok', so a quiet feed costs no write. */
  lastStatus?: 'ok' | 'failed';
}

export interface FeedStateStore {
  get(source: string): Promise<FeedState | null>;
  put(state: FeedState): Promise<void>;
}

export class DynamoFeedStateStore implements FeedStateStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(source: string): Promise<FeedState | null> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: { source } }));
    return (out.Item as FeedState | undefined) ?? null;
  }

  async put(state: FeedState): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.table, Item: state }));
  }
}
