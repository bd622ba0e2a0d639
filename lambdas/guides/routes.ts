/**
 * The guide routes of the HTTP API: list with search/sort/cursor, and one guide with ETag caching.
 * Both are negotiated on Accept: a browser (text/html preferred) gets the site's pages (pages.ts),
 * an API client (application/json, or no Accept) the JSON. Each representation has its own ETag,
 * and both say Vary: Accept so caches keep them apart.
 */
import { createHash } from 'node:crypto';
import { LIMITS } from '../shared/limits';
import { decodeCursor, encodeCursor, queryFingerprint } from '../http/cursor';
import { notFound } from '../http/problems';
import { prefersHtml, route, type Response, type Route } from '../http/router';
import { Nullable, StringEnum, Type, validate, type Static } from '../http/schema';
import type { Job } from '../jobs/job';
import { siteProblemPage } from '../site/layout';
import type { Guide, GuideSummary } from './guide';
import { guidePageHeaders, renderGuideIndex, renderGuidePage, type SiteContext } from './pages';
import { GuideSchema, GuideSummarySchema } from './schema';
import type { GuideReader } from './store';

const SORTS = ['title', 'salary', 'growth'] as const;
const SortSchema = StringEnum(SORTS, { description: 'title (A–Z, the default), salary (highest median first) or growth (fastest first).' });
type Sort = Static<typeof SortSchema>;

const listQuery = Type.Object({
  q: Type.Optional(
    Type.String({ description: 'Words that must all appear in the title or summary (case-insensitive).', minLength: 1, maxLength: LIMITS.queryMaxLength }),
  ),
  remote: Type.Optional(Type.Boolean({ description: 'true: only remote-friendly roles; false: only roles that are not.' })),
  sort: Type.Optional(SortSchema),
  limit: Type.Optional(
    Type.Integer({ description: `Page size, 1–${LIMITS.pageMax} (default ${LIMITS.pageDefault}).`, minimum: 1, maximum: LIMITS.pageMax, default: LIMITS.pageDefault }),
  ),
  cursor: Type.Optional(Type.String({ description: 'The nextCursor of the previous page.', maxLength: 512, pattern: '^[A-Za-z0-9_-]+$' })),
});

const slugParam = Type.Object({
  slug: Type.String({ description: 'The guide slug.', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 120 }),
});

export const GuideListSchema = Type.Object(
  { items: Type.Array(GuideSummarySchema), nextCursor: Nullable(Type.String()) },
  { additionalProperties: false },
);

export const guideSchemas = { Guide: GuideSchema, GuideSummary: GuideSummarySchema, GuideList: GuideListSchema };

/** What the HTML representations need beyond the guides. Absent: the routes serve JSON only. */
export interface GuidePageDependencies {
  /** The current jobs of a guide's role, newest first: those of GET /guides/{slug}/jobs. */
  jobsOf(slug: string): Promise<Job[]>;
  site: SiteContext;
}

const VARY = { vary: 'Accept' } as const;

export function guideRoutes(guides: GuideReader, pages?: GuidePageDependencies): Route[] {
  const wantsPage = (headers: Record<string, string>) => pages !== undefined && prefersHtml(headers.accept);
  return [
    route({
      htmlProblem: siteProblemPage,
      method: 'GET',
      path: '/guides',
      operationId: 'listGuides',
      summary: 'List career guides',
      tags: ['guides'],
      query: listQuery,
      responses: {
        '200': { description: 'A page of guide summaries (JSON); the guide index page for browsers (Accept: text/html).', schema: GuideListSchema },
        '304': { description: 'Not modified (the HTML page) since the ETag given in If-None-Match.' },
      },
      async handle({ query, headers }) {
        const sort: Sort = query.sort ?? 'title';
        const filtered = filterSummaries(await guides.listSummaries(), query.q, query.remote);
        if (pages !== undefined && wantsPage(headers)) {
          // A page lists every match: there are hundreds of guides at most, and people should not page through cursors.
          const all = paginate(filtered, sort, filtered.length, undefined, '').items;
          const page = renderGuideIndex(all, { sort, ...(query.q !== undefined ? { q: query.q } : {}), ...(query.remote !== undefined ? { remote: query.remote } : {}) }, pages.site);
          return htmlAnswer(page, headers['if-none-match']);
        }
        const page = paginate(filtered, sort, query.limit ?? LIMITS.pageDefault, query.cursor, queryFingerprint(query));
        return { status: 200, headers: { 'cache-control': 'public, max-age=60', ...VARY }, body: page };
      },
    }),
    route({
      htmlProblem: siteProblemPage,
      method: 'GET',
      path: '/guides/{slug}',
      operationId: 'getGuide',
      summary: 'Get one career guide',
      tags: ['guides'],
      pathParams: slugParam,
      responses: {
        '200': { description: 'The guide (JSON); its page for browsers (Accept: text/html).', schema: GuideSchema },
        '304': { description: 'Not modified since the ETag given in If-None-Match.' },
      },
      async handle({ params, headers }) {
        const { slug } = params;
        const guide = await guides.get(slug);
        if (guide === null) throw notFound(`There is no guide "${slug}".`);
        if (pages !== undefined && wantsPage(headers)) {
          const page = guidePage(guide, await pages.jobsOf(slug), pages.site);
          return htmlAnswer(page, headers['if-none-match']);
        }
        const etag = `"${guide.contentHash}"`;
        const caching = {
          ...VARY,
          etag,
          'cache-control': `public, max-age=${LIMITS.guideMaxAgeSeconds}`,
          'last-modified': new Date(guide.updatedAt).toUTCString(),
        };
        if (matchesEtag(headers['if-none-match'], etag)) return { status: 304, headers: caching };
        return { status: 200, headers: { ...caching, 'content-type': 'application/json' }, raw: guideJson(guide) };
      },
    }),
  ];
}

interface RenderedPage {
  html: string;
  etag: string;
}

/** A page's ETag is a hash of its bytes: whatever changed (the guide, its jobs, the template), a new tag. */
const rendered = (html: string): RenderedPage => ({ html, etag: `"p-${createHash('sha256').update(html).digest('base64url').slice(0, 27)}"` });

function htmlAnswer(page: string | RenderedPage, ifNoneMatch: string | undefined): Response {
  const { html, etag } = typeof page === 'string' ? rendered(page) : page;
  const headers = { ...guidePageHeaders(), ...VARY, etag };
  if (matchesEtag(ifNoneMatch, etag)) return { status: 304, headers };
  return { status: 200, headers, raw: html };
}

/** The last page rendered for each guide object, kept while its jobs are the same ones. */
const renderedPages = new WeakMap<Guide, { jobs: string; page: RenderedPage }>();

function guidePage(guide: Guide, jobs: readonly Job[], site: SiteContext): RenderedPage {
  const key = `${site.baseUrl}\n${guide.contentHash}\n${jobs.map((j) => `${j.id}\u0000${j.contentHash}`).join('\n')}`;
  const kept = renderedPages.get(guide);
  if (kept !== undefined && kept.jobs === key) return kept.page;
  const page = rendered(renderGuidePage(guide, jobs, site));
  renderedPages.set(guide, { jobs: key, page });
  return page;
}

/** The JSON of each guide object served, by identity and checked against its hash: ~40 KB not re-serialised per request. */
const serialised = new WeakMap<Guide, { hash: string; json: string }>();

function guideJson(guide: Guide): string {
  const kept = serialised.get(guide);
  if (kept !== undefined && kept.hash === guide.contentHash) return kept.json;
  const json = JSON.stringify(guide);
  serialised.set(guide, { hash: guide.contentHash, json });
  return json;
}

/** RFC 9110 If-None-Match: weak comparison over a list, or "*". */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

export function filterSummaries(all: GuideSummary[], q: string | undefined, remote: boolean | undefined): GuideSummary[] {
  const words = (q ?? '').toLowerCase().split(/\s+/).filter((w) => w !== '');
  return all.filter((s) => {
    if (remote !== undefined && isRemote(s.workArrangement) !== remote) return false;
    if (words.length === 0) return true;
    const text = `${s.title} ${s.summary}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

function isRemote(arrangement: string | null): boolean {
  return arrangement !== null && /remote/i.test(arrangement);
}

interface Position {
  /** Sort value: number for salary/growth (missing last), title otherwise. */
  v: string | number | null;
  s: string;
}

function sortValue(summary: GuideSummary, sort: Sort): string | number | null {
  if (sort === 'salary') return summary.medianSalary;
  if (sort === 'growth') return summary.growthRatePercent;
  return summary.title.toLowerCase();
}

/** Orders by the sort value (numbers high first, missing values last), then slug: a total order for keyset paging. */
function compare(a: Position, b: Position, sort: Sort): number {
  if (a.v !== b.v) {
    if (a.v === null) return 1;
    if (b.v === null) return -1;
    if (sort === 'title') return String(a.v) < String(b.v) ? -1 : 1;
    return Number(b.v) - Number(a.v);
  }
  return a.s < b.s ? -1 : a.s > b.s ? 1 : 0;
}

export function paginate(
  items: GuideSummary[],
  sort: Sort,
  limit: number,
  cursor: string | undefined,
  fingerprint: string,
): { items: GuideSummary[]; nextCursor: string | null } {
  const positioned = items
    .map((item) => ({ item, pos: { v: sortValue(item, sort), s: item.slug } }))
    .sort((a, b) => compare(a.pos, b.pos, sort));
  let start = 0;
  if (cursor !== undefined) {
    const after = decodeCursor(cursor, fingerprint, isPosition(sort));
    start = positioned.findIndex((p) => compare(p.pos, after, sort) > 0);
    if (start === -1) start = positioned.length;
  }
  const page = positioned.slice(start, start + limit);
  const last = page[page.length - 1];
  const more = start + limit < positioned.length;
  return {
    items: page.map((p) => p.item),
    nextCursor: more && last !== undefined ? encodeCursor(last.pos, fingerprint) : null,
  };
}

/** A cursor's position, as this sort writes it: the guard a decoded cursor must pass. */
function isPosition(sort: Sort) {
  const schema = Type.Object({ v: Nullable(sort === 'title' ? Type.String() : Type.Number()), s: Type.String() });
  return (p: unknown): p is Position => validate(schema, p).length === 0;
}
