import { MarkerCheckedJobReader } from '../../../lambdas/jobs/cache';
import { jobFilter } from '../../../lambdas/jobs/routes';
import type { JobPage, JobReader } from '../../../lambdas/jobs/store';
import { syntheticJobs } from '../../support/synthetic';
import { MemoryJobStore } from '../../support/memory/jobs';

const END = Date.parse('2026-12-03T07:00:00Z');
const NOW = new Date(END + 3_600_000);
const SINCE = new Date(NOW.getTime() - 60 * 86_400_000);

/** A memory store that counts what the cache asks of it. */
class CountingStore extends MemoryJobStore {
  lists = 0;
  versions = 0;
  override async listNewest(options: Parameters<JobReader['listNewest']>[0]): Promise<JobPage> {
    this.lists++;
    return super.listNewest(options);
  }
  override async version(): Promise<string | null> {
    this.versions++;
    return super.version();
  }
}

async function setup(count = 600) {
  const store = new CountingStore();
  // 70 days of jobs across three months: some expired, some older than any list reaches.
  await store.putAll(syntheticJobs(count, 7, END, 70 * 86_400_000));
  return { store, cached: new MarkerCheckedJobReader(store) };
}

/** Every page of a listing, following the positions as the route's cursors do. */
async function allPages(reader: JobReader, options: Omit<Parameters<JobReader['listNewest']>[0], 'after'>): Promise<JobPage[]> {
  const pages: JobPage[] = [];
  let after: JobPage['next'] = null;
  do {
    const page: JobPage = await reader.listNewest({ ...options, ...(after !== null ? { after } : {}) });
    pages.push(page);
    after = page.next;
  } while (after !== null);
  return pages;
}

describe('MarkerCheckedJobReader', () => {
  it.each([
    ['no filter', {}, 20],
    ['an industry', { industry: 'Healthcare' }, 7],
    ['a guide', { guideSlug: 'nurse' }, 5],
    ['a type', { type: 'contract' }, 50],
    ['nothing matches', { q: 'no-such-word' }, 20],
  ])('pages %s exactly as the store does (same jobs, same positions)', async (_label, filters, limit) => {
    const { store, cached } = await setup();
    const options = { since: SINCE, now: NOW, limit, keep: jobFilter(filters) };
    expect(await allPages(cached, options)).toEqual(await allPages(store, options));
  });

  it('reads the jobs once, then only the version marker per list', async () => {
    const { store, cached } = await setup();
    for (let i = 0; i < 10; i++) await cached.listNewest({ since: SINCE, now: NOW, limit: 20 });
    expect(store.lists).toBe(1);
    expect(store.versions).toBe(10);
  });

  it('shares one reload among concurrent lists', async () => {
    const { store, cached } = await setup();
    await Promise.all(Array.from({ length: 8 }, () => cached.listNewest({ since: SINCE, now: NOW, limit: 5 })));
    expect(store.lists).toBe(1);
  });

  it('sees a written job on the next list (the marker changed)', async () => {
    const { store, cached } = await setup();
    await cached.listNewest({ since: SINCE, now: NOW, limit: 5 });
    const [fresh] = syntheticJobs(1, 99, END + 60_000, 1);
    await store.putAll([{ ...fresh!, id: 'new:1', sourceId: '1', source: 'new' }]);
    const page = await cached.listNewest({ since: SINCE, now: NOW, limit: 5 });
    expect(page.jobs[0]?.id).toBe('new:1');
    expect(store.lists).toBe(2);
  });

  it('drops jobs that expire while kept, as the store does', async () => {
    const { store, cached } = await setup();
    await cached.listNewest({ since: SINCE, now: NOW, limit: 5 });
    const later = new Date(NOW.getTime() + 5 * 86_400_000);
    const options = { since: new Date(later.getTime() - 60 * 86_400_000), now: later, limit: 1000 };
    const fromCache = await cached.listNewest(options);
    expect(fromCache).toEqual(await store.listNewest(options));
    expect(store.lists).toBe(2); // the first load and the direct read above: the cache still holds its jobs
  });

  it('queries the store when more jobs are current than it keeps, or for an earlier since', async () => {
    const store = new CountingStore();
    await store.putAll(syntheticJobs(50, 3, END, 7 * 86_400_000));
    const small = new MarkerCheckedJobReader(store, 60, 10);
    const options = { since: SINCE, now: NOW, limit: 5 };
    expect(await small.listNewest(options)).toEqual(await store.listNewest(options));
    await small.listNewest(options);
    expect(store.lists).toBe(4); // the load (too many to keep), the store for each of the two lists, the direct read

    const { store: other, cached } = await setup();
    await cached.listNewest(options);
    const earlier = { ...options, since: new Date(SINCE.getTime() - 86_400_000) };
    expect(await cached.listNewest(earlier)).toEqual(await other.listNewest(earlier));
    expect(other.lists).toBe(3);
  });
});
