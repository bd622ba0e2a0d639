/**
 * The HTTP API as two routers over one route table: the public API (the api function, API Gateway's
 * $default route: guides and jobs read-only; the subscription routes, authorised by signed tokens,
 * write only the subscriber tables) and the operators' /admin/* API (the admin function, which alone
 * holds the API key and the other write grants). The pure core behind lambdas/functions/{api,admin}.ts and the
 * local gateway; dependencies come in as interfaces so it runs against DynamoDB, dynalite or memory.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { guideRoutes, guideSchemas } from '../guides/routes';
import type { GuideReader } from '../guides/store';
import { adminJobRoutes, adminJobSchemas, jobRoutes, jobSchemas, type AdminJobDependencies } from '../jobs/routes';
import type { JobReader } from '../jobs/store';
import { alertRoutes, alertSchemas, type AlertRouteDependencies } from '../alerts/routes';
import {
  adminSubscriberRoutes,
  adminSubscriberSchemas,
  subscriptionRoutes,
  subscriptionSchemas,
  type ServicesProvider,
} from '../subscriptions/routes';
import type { SubscriptionLog } from '../subscriptions/service';
import type { SubscriberStore } from '../subscriptions/store';
import { PAGE_HEADERS, html, page } from '../subscriptions/html';
import { cachedGuideJobs, siteRoutes } from '../site/routes';
import type { CursorKeyProvider } from '../http/cursor';
import { openApiDocument } from '../http/openapi';
import { Router, route, type Logger, type Route } from '../http/router';

/** Paths under this prefix are the admin function's (API Gateway route `ANY /admin/{proxy+}`). */
export const ADMIN_PATH_PREFIX = '/admin/';

export type HttpHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

export interface ApiDependencies {
  guides: GuideReader;
  jobs: JobReader;
  log: Logger;
  now?: () => Date;
  /**
   * The subscription routes' services, as a provider (the api function builds them once, at cold
   * start). Absent: those routes are not served.
   */
  subscriptions?: ServicesProvider;
  /** Keys that sign page cursors; every instance must share them (the api function: the token keys). Default: a key of this process. */
  cursorKeys?: CursorKeyProvider;
  /** The site's absolute base URL (PUBLIC_BASE_URL), for its sitemap, canonical links and structured data. */
  siteUrl?: string;
}

export type AdminDependencies = AdminJobDependencies & {
  log: Logger;
  /** Absent: the subscriber routes are not served. */
  subscribers?: { store: SubscriberStore; log: SubscriptionLog };
  /** Absent: the alert-run routes are not served. */
  alerts?: Omit<AlertRouteDependencies, 'apiKey'>;
};

export const API_INFO = {
  title: 'careerwire API',
  version: '1.0.0',
  description:
    'Career guides, jobs and job-alert subscriptions. Errors are application/problem+json (RFC 9457). ' +
    'Routes tagged admin need the operators\' key in the x-api-key header.',
};

const COMPONENTS = { ...guideSchemas, ...jobSchemas, ...adminJobSchemas, ...subscriptionSchemas, ...adminSubscriberSchemas, ...alertSchemas };

function adminRoutes(deps: AdminDependencies): Route[] {
  const subscribers = deps.subscribers;
  return [
    ...adminJobRoutes(deps),
    ...(subscribers !== undefined
      ? adminSubscriberRoutes({ store: subscribers.store, log: subscribers.log, apiKey: deps.apiKey, now: deps.now })
      : []),
    ...(deps.alerts !== undefined ? alertRoutes({ ...deps.alerts, apiKey: deps.apiKey }) : []),
  ];
}

/** Admin routes for the OpenAPI document only: their handlers never run in the public function. */
function documentedAdminRoutes(withSubscribers: boolean): Route[] {
  const unavailable = () => {
    throw new Error('admin routes are served by the admin function');
  };
  const log = { error: () => undefined, warn: () => undefined, info: () => undefined };
  return adminRoutes({
    jobs: { hashes: unavailable, putAll: unavailable },
    linker: unavailable,
    apiKey: unavailable,
    now: () => new Date(),
    log,
    ...(withSubscribers ? { subscribers: { store: unavailable as unknown as SubscriberStore, log } } : {}),
    alerts: { runs: { get: unavailable } as never, startRun: unavailable },
  });
}

/**
 * The URL a request came to, when no PUBLIC_BASE_URL says it: API Gateway serves HTTPS only. A Host
 * header that is not a plain host[:port] gives a relative server URL rather than being echoed.
 */
function requestOrigin(headers: Record<string, string>): string {
  const host = headers.host ?? '';
  return /^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$/.test(host) ? `https://${host}` : '/';
}

/** The page Free digests point to for Plus. Plans are sold by the billing system, which sets the tier. */
const PLUS_PAGE = page(
  'careerwire Plus',
  html`<p>Free subscribers get a weekly digest of the new jobs that match them, every Monday.</p>
<p><strong>Plus</strong> subscribers get the same digest <strong>every day</strong>, so they hear about new jobs first, with the career guide of each role beside its jobs.</p>
<p>Your plan is set by your careerwire account; the links at the bottom of every digest let you change what you receive, or unsubscribe.</p>`,
);

export function createApi(deps: ApiDependencies): HttpHandler {
  const now = deps.now ?? (() => new Date());
  const routes: Route[] = [
    route({
      method: 'GET',
      path: '/health',
      operationId: 'health',
      summary: 'Liveness',
      tags: ['meta'],
      responses: { '200': { description: 'The API is up.' } },
      async handle() {
        return { status: 200, headers: { 'cache-control': 'no-store' }, body: { status: 'ok' } };
      },
    }),
    route({
      method: 'GET',
      path: '/openapi.json',
      operationId: 'openapi',
      summary: 'This API as OpenAPI 3.1',
      tags: ['meta'],
      responses: { '200': { description: 'The OpenAPI document.' } },
      async handle({ headers }) {
        const serverUrl = deps.siteUrl !== undefined && deps.siteUrl !== '' ? deps.siteUrl : requestOrigin(headers);
        if (openApi?.serverUrl !== serverUrl) {
          const adminRoutes = documentedAdminRoutes(deps.subscriptions !== undefined);
          openApi = { serverUrl, document: openApiDocument({ routes, adminRoutes, components: COMPONENTS, info: API_INFO, serverUrl }) };
        }
        return { status: 200, headers: { 'cache-control': 'public, max-age=300' }, body: openApi.document };
      },
    }),
    route({
      method: 'GET',
      path: '/plus',
      operationId: 'plus',
      summary: 'What Plus is (Free digests link here)',
      tags: ['meta'],
      responses: { '200': { description: 'An HTML page.', contentType: 'text/html' } },
      async handle() {
        return { status: 200, headers: { ...PAGE_HEADERS, 'cache-control': 'public, max-age=3600' }, raw: PLUS_PAGE };
      },
    }),
    ...guideRoutes(deps.guides, { site: { baseUrl: deps.siteUrl ?? '' }, jobsOf: cachedGuideJobs(deps.jobs, now) }),
    ...jobRoutes({ jobs: deps.jobs, guides: deps.guides, now }),
    ...(deps.subscriptions !== undefined ? subscriptionRoutes(deps.subscriptions) : []),
  ];
  // Built on first request: the document is the same for the life of the process (and its server URL).
  let openApi: { serverUrl: string; document: Record<string, unknown> } | undefined;
  // The site's pages and forms: HTML, not part of the JSON API's OpenAPI document.
  const site = siteRoutes({ guides: deps.guides, baseUrl: deps.siteUrl ?? '', ...(deps.subscriptions !== undefined ? { subscriptions: deps.subscriptions } : {}) });
  const router = new Router([...routes, ...site], deps.log, deps.cursorKeys !== undefined ? { cursorKeys: deps.cursorKeys } : {});
  return (event) => router.handle(event);
}

export function createAdminApi(deps: AdminDependencies): HttpHandler {
  // The router checks the key before anything else; the routes' own checks then always pass.
  const router = new Router(adminRoutes(deps), deps.log, { apiKey: deps.apiKey });
  return (event) => router.handle(event);
}
