/**
 * The api function's job lists, without a Query per request and as fresh as one: an instance keeps
 * every current job (those of the last FEED_LIMITS.jobTtlDays days, newest first) in memory, tagged
 * with the jobs' version marker (store.ts, JOBS_VERSION_ID), and each list first reads the marker:
 * one GetItem of one small item. While it is unchanged the kept jobs are the stored ones, so a list
 * is filtered and paged in memory exactly as listNewest pages the table (same order, same positions,
 * so cursors work across instances either way). A write of any job changes the marker, and the next
 * list reloads. More than LIMITS.cachedJobsMax current jobs: lists query the table as before.
 */
import { FEED_LIMITS, LIMITS } from '../shared/limits';
import type { Job } from './job';
import { expiresAt, postedKey, postedMonth, type JobPage, type JobReader, type JobVersion } from './store';

interface Snapshot {
  version: string | null;
  /** The month the snapshot was read in: a list in a later month reads again (its Query would cover that month). */
  month: string;
  /** Earliest posted time covered (ms). */
  since: number;
  /** Newest first; undefined when there were too many to keep. */
  jobs: Job[] | undefined;
}

export class MarkerCheckedJobReader implements JobReader {
  private snapshot: Promise<Snapshot> | undefined;

  constructor(
    private readonly store: JobReader & JobVersion,
    private readonly ttlDays: number = FEED_LIMITS.jobTtlDays,
    private readonly maxJobs: number = LIMITS.cachedJobsMax,
  ) {}

  /** One job by key is one read already. */
  get(id: string, now: Date): Promise<Job | null> {
    return this.store.get(id, now);
  }

  async listNewest(options: Parameters<JobReader['listNewest']>[0]): Promise<JobPage> {
    const version = await this.store.version();
    const snapshot = await this.current(version, options.now);
    if (snapshot.jobs === undefined || options.since.getTime() < snapshot.since) return this.store.listNewest(options);
    return page(snapshot.jobs, options, this.ttlDays);
  }

  private async current(version: string | null, now: Date): Promise<Snapshot> {
    const month = postedMonth(now.toISOString());
    const kept = this.snapshot;
    if (kept !== undefined) {
      const snapshot = await kept;
      if (snapshot.version === version && snapshot.month === month) return snapshot;
      // Another request may have started the reload already.
      if (this.snapshot !== kept) return this.current(version, now);
    }
    const load = this.load(version, now, month);
    this.snapshot = load;
    // A failed read is not kept: the next list tries again.
    load.catch(() => {
      if (this.snapshot === load) this.snapshot = undefined;
    });
    return load;
  }

  private async load(version: string | null, now: Date, month: string): Promise<Snapshot> {
    const since = new Date(now.getTime() - this.ttlDays * 86_400_000);
    const { jobs } = await this.store.listNewest({ since, now, limit: this.maxJobs + 1 });
    return { version, month, since: since.getTime(), jobs: jobs.length > this.maxJobs ? undefined : jobs };
  }
}

/** listNewest over jobs already newest first (by postedKey, whose prefix is the month). */
function page(all: readonly Job[], { since, now, limit, after, keep = () => true }: Parameters<JobReader['listNewest']>[0], ttlDays: number): JobPage {
  const sinceKey = since.toISOString();
  const jobs: Job[] = [];
  for (const job of all) {
    const key = postedKey(job);
    if (key < sinceKey) break;
    if (after !== undefined && key >= after.key) continue;
    if (expiresAt(job, ttlDays) * 1000 <= now.getTime()) continue;
    if (!keep(job)) continue;
    jobs.push(job);
    if (jobs.length === limit) return { jobs, next: { month: postedMonth(job.postedAt), key } };
  }
  return { jobs, next: null };
}
