/** The job routes: newest-first search, one job, a guide's jobs, and the operators' upsert. */
import { LIMITS, FEED_LIMITS } from '../shared/limits';
import { decodeCursor, encodeCursor, queryFingerprint } from '../http/cursor';
import { requireApiKey, type KeyProvider } from '../http/api-key';
import { notFound } from '../http/problems';
import { bind, route, routeSpec, type Route } from '../http/router';
import { Type, validate, type Static } from '../http/schema';
import type { GuideReader } from '../guides/store';
import type { GuideLinker } from './guide-link';
import type { Job } from './job';
import { AdminJobsBodySchema, AdminJobsResultSchema, JobListSchema, JobSchema } from './schema';
import type { JobPosition, JobReader, JobWriter } from './store';

const text = (description: string, maxLength = 100) => Type.Optional(Type.String({ description, minLength: 1, maxLength }));

const listQuery = Type.Object({
  q: text('Words that must all appear in the title, company or tags (case-insensitive).', LIMITS.queryMaxLength),
  industry: text('Only jobs in this industry, e.g. Healthcare.'),
  geo: text('Only jobs for this region, e.g. USA; "Anywhere" for jobs open worldwide.'),
  type: text('Only jobs of this type, e.g. full-time, part-time, contract.'),
  level: text('Only jobs at this level: Entry, Mid, Senior, Lead...'),
  remote: Type.Optional(Type.Boolean({ description: 'true: only jobs open to remote work; false: only jobs that are not.' })),
  salaryMin: Type.Optional(
    Type.Integer({
      description: 'Only jobs whose yearly salary reaches this amount (jobs without a yearly salary are left out).',
      minimum: 0,
      maximum: 10_000_000,
    }),
  ),
  since: Type.Optional(
    Type.String({
      description: `Only jobs posted at or after this time (ISO 8601). Default and earliest: ${FEED_LIMITS.jobTtlDays} days ago.`,
      format: 'date-time',
      maxLength: 40,
    }),
  ),
  limit: Type.Optional(
    Type.Integer({ description: `Page size, 1–${LIMITS.pageMax} (default ${LIMITS.pageDefault}).`, minimum: 1, maximum: LIMITS.pageMax, default: LIMITS.pageDefault }),
  ),
  cursor: Type.Optional(Type.String({ description: 'The nextCursor of the previous page.', maxLength: 1024, pattern: '^[A-Za-z0-9_-]+$' })),
});

type ListQuery = Static<typeof listQuery>;

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

const JobPositionSchema = Type.Object({ month: Type.String(), key: Type.String() });
const isPosition = (p: unknown): p is JobPosition => validate(JobPositionSchema, p).length === 0;

export interface JobRouteDependencies {
  jobs: JobReader;
  guides: GuideReader;
  now: () => Date;
}

async function listJobs(deps: JobRouteDependencies, query: ListQuery, extra: JobFilters = {}) {
  const now = deps.now();
  const earliest = new Date(now.getTime() - FEED_LIMITS.jobTtlDays * 86_400_000);
  const since = query.since !== undefined && Date.parse(query.since) > earliest.getTime() ? new Date(query.since) : earliest;
  const fingerprint = queryFingerprint({ ...query, ...extra });
  const after = query.cursor !== undefined ? decodeCursor(query.cursor, fingerprint, isPosition) : undefined;
  const { q, industry, geo, type, level, remote, salaryMin } = query;
  const filters: JobFilters = { ...extra, q, industry, geo, type, level, remote, salaryMin };
  const page = await deps.jobs.listNewest({
    since,
    now,
    limit: query.limit ?? LIMITS.pageDefault,
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
      responses: { '200': { description: 'A page of jobs.', schema: JobListSchema } },
      handle: ({ query }) => listJobs(deps, query),
    }),
    route({
      method: 'GET',
      path: '/jobs/{id}',
      operationId: 'getJob',
      summary: 'Get one job',
      tags: ['jobs'],
      pathParams: Type.Object({ id: Type.String({ description: 'The job id (source:sourceId), percent-encoded.', minLength: 3, maxLength: 600 }) }),
      responses: { '200': { description: 'The job.', schema: JobSchema } },
      async handle({ params }) {
        const job = await deps.jobs.get(params.id, deps.now());
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
      pathParams: Type.Object({ slug: Type.String({ description: 'The guide slug.', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 120 }) }),
      query: listQuery,
      responses: { '200': { description: 'A page of jobs.', schema: JobListSchema } },
      async handle({ params, query }) {
        const { slug } = params;
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

/** POST /admin/jobs, apart from its handler: the api function documents it without its dependencies. */
export const upsertJobsSpec = routeSpec({
  method: 'POST',
  path: '/admin/jobs',
  operationId: 'upsertJobs',
  summary: 'Upsert jobs directly (operators; x-api-key)',
  tags: ['admin'],
  body: AdminJobsBodySchema,
  responses: { '200': { description: 'A result per job.', schema: AdminJobsResultSchema } },
});

export const adminJobSpecs = [upsertJobsSpec];

type UpsertResult = Static<typeof AdminJobsResultSchema>['results'][number];

export function adminJobRoutes(deps: AdminJobDependencies): Route[] {
  return [
    bind(upsertJobsSpec, async ({ headers, body }) => {
      await requireApiKey(headers, deps.apiKey);
      const { source = 'admin', jobs: items } = body;
      // Loaded on first use, not at import: the admin function's other routes need no feed parsers.
      const [{ normaliseJsonItem }, { upsertJobs }] = await Promise.all([import('./feeds'), import('./sync')]);
      const linkGuide = await deps.linker();
      const now = deps.now();
      const results: UpsertResult[] = [];
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
    }),
  ];
}
