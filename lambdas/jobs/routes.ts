/** The job routes: newest-first search, one job, a guide's jobs, and the operators' upsert. */
import { LIMITS, FEED_LIMITS } from '../shared/limits';
import { decodeCursor, encodeCursor, queryFingerprint } from '../http/cursor';
import { requireApiKey, type KeyProvider } from '../http/api-key';
import { notFound } from '../http/problems';
import { route, type Route } from '../http/router';
import type { GuideReader } from '../guides/store';
import type { GuideLinker } from './guide-link';
import type { Job } from './job';
import { AdminJobsBodySchema, AdminJobsResultSchema, JobListSchema, JobSchema } from './schema';
import type { JobPosition, JobReader, JobWriter } from './store';

const text = (description: string, maxLength = 100) => ({ description, schema: { type: 'string', minLength: 1, maxLength } }) as const;

const listQuery = {
  q: text('Words that must all appear in the title, company or tags (case-insensitive).', LIMITS.queryMaxLength),
  industry: text('Only jobs in this industry, e.g. Healthcare.'),
  geo: text('Only jobs for this region, e.g. USA; "Anywhere" for jobs open worldwide.'),
  type: text('Only jobs of this type, e.g. full-time, part-time, contract.'),
  level: text('Only jobs at this level: Entry, Mid, Senior, Lead...'),
  remote: {
    description: 'true: only jobs open to remote work; false: only jobs that are not.',
    schema: { type: 'boolean' },
  },
  salaryMin: {
    description: 'Only jobs whose yearly salary reaches this amount (jobs without a yearly salary are left out).',
    schema: { type: 'integer', minimum: 0, maximum: 10_000_000 },
  },
  since: {
    description: `Only jobs posted at or after this time (ISO 8601). Default and earliest: ${FEED_LIMITS.jobTtlDays} days ago.`,
    schema: { type: 'string', format: 'date-time', maxLength: 40 },
  },
  limit: {
    description: `Page size, 1–${LIMITS.pageMax} (default ${LIMITS.pageDefault}).`,
    schema: { type: 'integer', minimum: 1, maximum: LIMITS.pageMax, default: LIMITS.pageDefault },
  },
  cursor: { description: 'The nextCursor of the previous page.', schema: { type: 'string', maxLength: 1024, pattern: '^[A-Za-z0-9_-]+$' } },
} as const;

type ListQuery = { [K in keyof typeof listQuery]?: string | number | boolean };

export interface JobFilters {
  q?: string;
  industry?: string;
  geo?: string;
  type?: string;
  level?: string;
  remote?: boolean;
  salaryMin?: number;
  guideSlug?: string;
}

const lower = (s: string) => s.toLowerCase();

/** The predicate of a set of filters; every filter given must hold. */
export function jobFilter(f: JobFilters): (job: Job) => boolean {
  const words = (f.q ?? '').toLowerCase().split(/\s+/).filter((w) => w !== '');
  const industry = f.industry?.toLowerCase();
  const geo = f.geo?.toLowerCase();
  const type = f.type?.toLowerCase();
  const level = f.level?.toLowerCase();
  return (job) => {
    if (f.guideSlug !== undefined && job.guideSlug !== f.guideSlug) return false;
    if (industry !== undefined && !job.industries.some((i) => lower(i) === industry)) return false;
    if (type !== undefined && !job.types.some((t) => lower(t) === type)) return false;
    if (level !== undefined && lower(job.level ?? '') !== level) return false;
    if (f.remote !== undefined && (job.remote === true) !== f.remote) return false;
    if (geo !== undefined && !lower(job.geo).split(/\s*,\s*/).includes(geo)) return false;
    if (f.salaryMin !== undefined) {
      const top = job.salary?.period === 'year' ? (job.salary.max ?? job.salary.min) : null;
      if (top === null || top < f.salaryMin) return false;
    }
    if (words.length > 0) {
      const haystack = `${job.title} ${job.company} ${job.tags.join(' ')}`.toLowerCase();
      if (!words.every((w) => haystack.includes(w))) return false;
    }
    return true;
  };
}

const isPosition = (p: unknown): p is JobPosition =>
  typeof p === 'object' && p !== null && typeof (p as JobPosition).month === 'string' && typeof (p as JobPosition).key === 'string';

export interface JobRouteDependencies {
  jobs: JobReader;
  guides: GuideReader;
  now: () => Date;
}

async function listJobs(deps: JobRouteDependencies, query: ListQuery, extra: JobFilters = {}) {
  const now = deps.now();
  const earliest = new Date(now.getTime() - FEED_LIMITS.jobTtlDays * 86_400_000);
  const since = typeof query.since === 'string' && Date.parse(query.since) > earliest.getTime() ? new Date(query.since) : earliest;
  const fingerprint = queryFingerprint({ ...query, ...extra });
  const after = typeof query.cursor === 'string' ? decodeCursor(query.cursor, fingerprint, isPosition) : undefined;
  const filters: JobFilters = { ...extra };
  for (const name of ['q', 'industry', 'geo', 'type', 'level'] as const) {
    if (typeof query[name] === 'string') filters[name] = query[name] as string;
  }
  if (typeof query.salaryMin === 'number') filters.salaryMin = query.salaryMin;
  if (typeof query.remote === 'boolean') filters.remote = query.remote;
  const page = await deps.jobs.listNewest({
    since,
    now,
    limit: typeof query.limit === 'number' ? query.limit : LIMITS.pageDefault,
    ...(after !== undefined ? { after } : {}),
    keep: jobFilter(filters),
  });
  return {
    status: 200,
    headers: { 'cache-control': 'public, max-age=60' },
    body: { items: page.jobs, nextCursor: page.next === null ? null : encodeCursor(page.next, fingerprint) },
  };
}

export const jobSchemas = { Job: JobSchema, JobList: JobListSchema };

export function jobRoutes(deps: JobRouteDependencies): Route[] {
  return [
    route({
      method: 'GET',
      path: '/jobs',
      operationId: 'listJobs',
      summary: 'Search current jobs, newest first',
      tags: ['jobs'],
      query: listQuery,
      responses: { '200': { description: 'A page of jobs.', schema: { $ref: '#/components/schemas/JobList' } } },
      handle: ({ query }) => listJobs(deps, query),
    }),
    route({
      method: 'GET',
      path: '/jobs/{id}',
      operationId: 'getJob',
      summary: 'Get one job',
      tags: ['jobs'],
      pathParams: { id: { description: 'The job id (source:sourceId), percent-encoded.', schema: { type: 'string', minLength: 3, maxLength: 600 } } },
      responses: { '200': { description: 'The job.', schema: { $ref: '#/components/schemas/Job' } } },
      async handle({ params }) {
        const job = await deps.jobs.get(params.id as string, deps.now());
        if (job === null) throw notFound(`There is no current job "${params.id}".`);
        return { status: 200, headers: { 'cache-control': 'public, max-age=300' }, body: job };
      },
    }),
    route({
      method: 'GET',
      path: '/guides/{slug}/jobs',
      operationId: 'listGuideJobs',
      summary: "Current jobs of a guide's role, newest first",
      tags: ['jobs', 'guides'],
      pathParams: { slug: { description: 'The guide slug.', schema: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 120 } } },
      query: listQuery,
      responses: { '200': { description: 'A page of jobs.', schema: { $ref: '#/components/schemas/JobList' } } },
      async handle({ params, query }) {
        const slug = params.slug as string;
        if ((await deps.guides.get(slug)) === null) throw notFound(`There is no guide "${slug}".`);
        return listJobs(deps, query, { guideSlug: slug });
      },
    }),
  ];
}

export interface AdminJobDependencies {
  jobs: JobWriter;
  linker: () => Promise<GuideLinker>;
  apiKey: KeyProvider;
  now: () => Date;
}

export const adminJobSchemas = { AdminJobsResult: AdminJobsResultSchema };

export function adminJobRoutes(deps: AdminJobDependencies): Route[] {
  return [
    route({
      method: 'POST',
      path: '/admin/jobs',
      operationId: 'upsertJobs',
      summary: 'Upsert jobs directly (operators; x-api-key)',
      tags: ['admin'],
      body: AdminJobsBodySchema,
      responses: { '200': { description: 'A result per job.', schema: { $ref: '#/components/schemas/AdminJobsResult' } } },
      async handle({ headers, body }) {
        await requireApiKey(headers, deps.apiKey);
        const { source = 'admin', jobs: items } = body as { source?: string; jobs: unknown[] };
        // Loaded here, not at import: the api function carries these routes for /openapi.json only,
        // and need not load the feed parsers and the fetch code at its cold start.
        const [{ normaliseJsonItem }, { upsertJobs }] = await Promise.all([import('./feeds'), import('./sync')]);
        const linkGuide = await deps.linker();
        const now = deps.now();
        const results: { index: number; id?: string; status: 'written' | 'unchanged' | 'rejected'; reason?: string }[] = [];
        const accepted: Job[] = [];
        const seen = new Set<string>();
        items.forEach((item, index) => {
          const out = normaliseJsonItem(source, item, { now, linkGuide });
          if (!out.ok) results.push({ index, status: 'rejected', reason: out.reason });
          else if (seen.has(out.job.id)) results.push({ index, id: out.job.id, status: 'rejected', reason: 'duplicate id in this request' });
          else {
            seen.add(out.job.id);
            accepted.push(out.job);
            results.push({ index, id: out.job.id, status: 'written' });
          }
        });
        const { unchanged } = await upsertJobs(deps.jobs, accepted);
        const same = new Set(unchanged);
        for (const r of results) if (r.id !== undefined && r.status === 'written' && same.has(r.id)) r.status = 'unchanged';
        return { status: 200, headers: { 'cache-control': 'no-store' }, body: { results } };
      },
    }),
  ];
}
