/**
 * The site's own routes: the home page, sitemap.xml and robots.txt (the api function). The sign-up
 * form's routes (signup.ts) are the subscriptions function's: siteSignUpRoutes. The guide pages are served by the guide routes (content negotiation on Accept). These
 * routes are HTML or text only and stay out of /openapi.json, which describes the JSON API.
 */
import { createHash } from 'node:crypto';
import { guideCard, guideSearchForm } from '../guides/pages';
import type { GuideSummary } from '../guides/guide';
import type { GuideReader } from '../guides/store';
import { matchesEtag } from '../guides/routes';
import { route, type Response, type Route } from '../http/router';
import type { Job } from '../jobs/job';
import { jobFilter } from '../jobs/routes';
import type { JobReader } from '../jobs/store';
import { escapeHtml } from '../shared/html';
import { FEED_LIMITS, SITE_LIMITS } from '../shared/limits';
import { html } from '../subscriptions/html';
import { TIER_CADENCE } from '../subscriptions/tiers';
import { publicPageHeaders, siteProblemPage, sitePage } from './layout';
import { signUpForm } from './signup-form';

export interface SiteDependencies {
  guides: Pick<GuideReader, 'listSummaries'>;
  /** Absolute base URL of the site (PUBLIC_BASE_URL); '' when unknown (sitemap and canonical links need it). */
  baseUrl: string;
  /** The sign-up form's post is served (by the subscriptions function): the home page shows the form. */
  signUp?: boolean;
}

/** A guide page's jobs: the first page of GET /guides/{slug}/jobs (current jobs of the role, newest first). */
export async function currentGuideJobs(jobs: JobReader, slug: string, now: Date): Promise<Job[]> {
  const since = new Date(now.getTime() - FEED_LIMITS.jobTtlDays * 86_400_000);
  return (await jobs.listNewest({ since, now, limit: SITE_LIMITS.guideJobs, keep: jobFilter({ guideSlug: slug }) })).jobs;
}

/**
 * currentGuideJobs, read at most once per SITE_LIMITS.guideJobsCacheSeconds per guide and instance.
 * Jobs arrive hourly and CDNs keep a page for minutes, while the Query behind it costs several times
 * the page's rendering: without this, a page's p99 at 200 req/s is its jobs' Query, not the page.
 * Only slugs of existing guides reach it (the route checks first), so it holds one entry per guide.
 */
export function cachedGuideJobs(jobs: JobReader, now: () => Date): (slug: string) => Promise<Job[]> {
  const kept = new Map<string, { until: number; jobs: Promise<Job[]> }>();
  return (slug) => {
    const at = now();
    const entry = kept.get(slug);
    if (entry !== undefined && entry.until > at.getTime()) return entry.jobs;
    const read = currentGuideJobs(jobs, slug, at);
    kept.set(slug, { until: at.getTime() + SITE_LIMITS.guideJobsCacheSeconds * 1000, jobs: read });
    // A failed read is not kept: the next request tries again.
    read.catch(() => kept.delete(slug));
    return read;
  };
}

const byTitle = (a: GuideSummary, b: GuideSummary) => a.title.localeCompare(b.title, 'en');

export function renderHome(summaries: readonly GuideSummary[], baseUrl: string, withSignUp: boolean): string {
  const guides = [...summaries].sort(byTitle);
  return sitePage({
    title: 'careerwire: career guides and job alerts',
    description: 'Career guides that say what a role pays by level and how to grow in it, with its current jobs, and job alerts by email: weekly for free, daily with Plus.',
    ...(baseUrl !== '' ? { canonical: `${baseUrl}/` } : {}),
    structuredData: [
      { '@context': 'https://schema.org', '@type': 'WebSite', name: 'careerwire', ...(baseUrl !== '' ? { url: `${baseUrl}/` } : {}) },
    ],
    main: html`<h1>Find your next role, and hear about its jobs first</h1>
<p class="lead">careerwire publishes career guides: what a role involves day to day, what it pays at each level, the skills it takes, how people grow in it, and the jobs open in it now. Subscribe and we email you the new jobs that match you.</p>
${guideSearchForm({}, false)}
<h2 id="guides-heading">Career guides</h2>
${
  guides.length === 0
    ? html`<p>The first guides are on their way.</p>`
    : html`<ul class="tiers" aria-labelledby="guides-heading">${guides.slice(0, SITE_LIMITS.homeGuides).map(guideCard)}</ul>
<p><a href="/guides">${guides.length > SITE_LIMITS.homeGuides ? `All ${guides.length} career guides` : 'Search and sort the career guides'}</a></p>`
}
<h2 id="plans-heading">Free and Plus</h2>
<div class="plans">
<section aria-labelledby="plan-free"><h3 id="plan-free">Free</h3><p>A ${TIER_CADENCE.free} of the new jobs that match your keywords, regions, job types and roles, every Monday, with the career guide of each role beside its jobs.</p><p><strong>$0</strong>, for as long as you like.</p></section>
<section aria-labelledby="plan-plus"><h3 id="plan-plus">Plus</h3><p>The same digest <strong>every day</strong>: you hear about new jobs days before Free subscribers do.</p><p>Plus is sold through your careerwire account. <a href="/plus">More about Plus</a></p></section>
</div>
${withSignUp ? signUpForm({ heading: 'Get job alerts', guides: guides.map((g) => ({ slug: g.slug, title: g.title })) }) : ''}`,
  });
}

export function renderSitemap(summaries: readonly GuideSummary[], baseUrl: string): string {
  const url = (path: string, lastmod?: string) =>
    `<url><loc>${escapeHtml(`${baseUrl}${path}`)}</loc>${lastmod !== undefined ? `<lastmod>${escapeHtml(lastmod.slice(0, 10))}</lastmod>` : ''}</url>`;
  const newest = summaries.reduce<string | undefined>((m, s) => (m === undefined || s.updatedAt > m ? s.updatedAt : m), undefined);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    url('/', newest),
    url('/guides', newest),
    ...[...summaries].sort((a, b) => (a.slug < b.slug ? -1 : 1)).map((s) => url(`/guides/${encodeURIComponent(s.slug)}`, s.updatedAt)),
    '</urlset>',
    '',
  ].join('\n');
}

/** Crawlers read the guides and the home page; token links, the API's machinery and admin stay out. */
export function renderRobots(baseUrl: string): string {
  return [
    'User-agent: *',
    'Allow: /',
    'Disallow: /subscriptions',
    'Disallow: /unsubscribe',
    'Disallow: /subscribe',
    'Disallow: /admin/',
    ...(baseUrl !== '' ? [`Sitemap: ${baseUrl}/sitemap.xml`] : []),
    '',
  ].join('\n');
}

/** A public text answer with an ETag over its bytes (pages change when a guide does). */
function cached(body: string, contentType: string, ifNoneMatch: string | undefined, extra: Record<string, string> = {}): Response {
  const etag = `"s-${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  const headers = { ...extra, 'content-type': contentType, etag, 'cache-control': publicPageHeaders(SITE_LIMITS.pageMaxAgeSeconds)['cache-control'] as string };
  return matchesEtag(ifNoneMatch, etag) ? { status: 304, headers } : { status: 200, headers, raw: body };
}

export function siteRoutes(deps: SiteDependencies): Route[] {
  const page = { htmlProblem: siteProblemPage };
  return [
    route({
      ...page,
      method: 'GET',
      path: '/',
      operationId: 'home',
      summary: 'The home page (HTML)',
      tags: ['site'],
      responses: { '200': { description: 'An HTML page.', contentType: 'text/html' } },
      async handle({ headers }) {
        const body = renderHome(await deps.guides.listSummaries(), deps.baseUrl, deps.signUp === true);
        const { 'content-type': type, ...rest } = publicPageHeaders(SITE_LIMITS.pageMaxAgeSeconds);
        return cached(body, type as string, headers['if-none-match'], rest);
      },
    }),
    route({
      method: 'GET',
      path: '/sitemap.xml',
      operationId: 'sitemap',
      summary: 'The sitemap of the public pages',
      tags: ['site'],
      responses: { '200': { description: 'A sitemap (XML).', contentType: 'application/xml' } },
      async handle({ headers }) {
        return cached(renderSitemap(await deps.guides.listSummaries(), deps.baseUrl), 'application/xml; charset=utf-8', headers['if-none-match']);
      },
    }),
    route({
      method: 'GET',
      path: '/robots.txt',
      operationId: 'robots',
      summary: 'robots.txt',
      tags: ['site'],
      responses: { '200': { description: 'Text.', contentType: 'text/plain' } },
      async handle({ headers }) {
        return cached(renderRobots(deps.baseUrl), 'text/plain; charset=utf-8', headers['if-none-match']);
      },
    }),
  ];
}
