/**
 * The jobs stores in memory, with the contracts of the DynamoDB ones (expired jobs are never read, a
 * write of jobs moves the version): for unit tests and benchmarks. `writes` counts what a real store
 * would have written.
 */
import type { Job } from '../../../lambdas/jobs/job';
import {
  expiresAt,
  postedKey,
  postedMonth,
  type FeedState,
  type FeedStateStore,
  type JobPage,
  type JobReader,
  type JobStore,
} from '../../../lambdas/jobs/store';

/** For unit tests and benchmarks: the same contracts, in memory. */
export class MemoryJobStore implements JobStore {
  readonly jobs = new Map<string, Job>();
  writes = 0;
  private generation = 0;

  async version(): Promise<string | null> {
    return this.generation === 0 ? null : String(this.generation);
  }

  async get(id: string, now: Date): Promise<Job | null> {
    const job = this.jobs.get(id);
    return job === undefined || expiresAt(job) * 1000 <= now.getTime() ? null : job;
  }
  async listNewest({ since, now, limit, after, keep = () => true }: Parameters<JobReader['listNewest']>[0]): Promise<JobPage> {
    const sorted = [...this.jobs.values()]
      .filter((j) => j.postedAt >= since.toISOString() && expiresAt(j) * 1000 > now.getTime())
      .sort((a, b) => (postedKey(a) < postedKey(b) ? 1 : -1));
    const jobs: Job[] = [];
    for (const job of sorted) {
      if (after !== undefined && postedKey(job) >= after.key) continue;
      if (!keep(job)) continue;
      jobs.push(job);
      if (jobs.length === limit) return { jobs, next: { month: postedMonth(job.postedAt), key: postedKey(job) } };
    }
    return { jobs, next: null };
  }
  async hashes(ids: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const id of ids) {
      const job = this.jobs.get(id);
      if (job !== undefined) out.set(id, job.contentHash);
    }
    return out;
  }
  async putAll(jobs: readonly Job[]): Promise<void> {
    for (const job of jobs) {
      this.writes++;
      this.jobs.set(job.id, structuredClone(job));
    }
    if (jobs.length > 0) this.generation++;
  }
}

export class MemoryFeedStateStore implements FeedStateStore {
  readonly states = new Map<string, FeedState>();
  writes = 0;
  async get(source: string): Promise<FeedState | null> {
    return this.states.get(source) ?? null;
  }
  async put(state: FeedState): Promise<void> {
    this.writes++;
    this.states.set(state.source, { ...state });
  }
}
