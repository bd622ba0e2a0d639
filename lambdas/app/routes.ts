/**
 * The HTTP API's routers: the public API (the api function, API Gateway's $default route: guides,
 * jobs and the site, read-only, and /openapi.json, which also documents the routes the other
 * functions serve) and the operators' /admin/* API (the admin function, which alone holds the API key
 * and the other write grants). The subscription routes are the subscriptions function's
 * (subscription-routes.ts): this module imports only their specs, so the api's cold start loads none
 * of their use cases, stores or SES client. The pure core behind lambdas/functions/{api,admin}.ts and
 * the local gateway; dependencies come in as interfaces so it runs against DynamoDB, dynalite or memory.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { guideRoutes, guideSchemas } from '../guides/routes';
import type { GuideReader } from '../guides/store';
import { adminJobSchemas, adminJobSpecs, jobRoutes, jobSchemas } from '../jobs/routes';
import type { JobReader } from '../jobs/store';
import { alertSchemas, alertSpecs } from '../alerts/routes';
import { plusRoute } from '../subscriptions/plus';
import { adminSubscriberSchemas, adminSubscriberSpecs, subscriptionSchemas, subscriptionSpecs } from '../subscriptions/specs';
import { cachedGuideJobs, siteRoutes } from '../site/routes';
import type { CursorKeyProvider } from '../http/cursor';
import { openApiDocument } from '../http/openapi';
import { Router, route, type AnyRouteSpec, type Logger, type Route } from '../http/router';
import { StringMap, Type } from '../http/schema';

/** Paths under this prefix are the admin function's (API Gateway route `ANY /admin/{proxy+}`). */
export const ADMIN_PATH_PREFIX = '/admin/';

export type HttpHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

export interface ApiDependencies {
  guides: GuideReader;
  jobs: JobReader;
  log: Logger;
  now?: () => Date;
  /**
   * The subscription routes are served (by the subscriptions function, on their own paths: paths.ts):
   * /openapi.json documents them, and the home page carries the sign-up form. Absent: neither.
   */
  withSubscriptions?: boolean;
  /** Keys that sign page cursors; every instance must share them (the api function: the token keys). Default: a key of this process. */
  cursorKeys?: CursorKeyProvider;
  /** The site's absolute base URL (PUBLIC_BASE_URL), for its sitemap, canonical links and structured data. */
  siteUrl?: string;
}

export const API_INFO = {
  title: 'careerwire API',
  version: '1.0.0',
  description:
    'Career guides, jobs and job-alert subscriptions. Errors are application/problem+json (RFC 9457). ' +
    'Routes tagged admin need the operators\' key in the x-api-key header.',
};

const HealthSchema = Type.Object({ status: Type.Literal('ok') }, { additionalProperties: false });

/** The document's outline: its content is described by the OpenAPI 3.1 specification itself. */
const OpenApiDocumentSchema = Type.Object(
  { openapi: Type.String({ pattern: '^3\\.1\\.\\d+$' }), info: Type.Object({ title: Type.String(), version: Type.String() }), paths: StringMap(Type.Unknown()) },
  { description: 'An OpenAPI 3.1 document (https://spec.openapis.org/oas/v3.1.0).' },
);

const META_SCHEMAS = { Health: HealthSchema };

const COMPONENTS = { ...META_SCHEMAS, ...guideSchemas, ...jobSchemas, ...adminJobSchemas, ...subscriptionSchemas, ...adminSubscriberSchemas, ...alertSchemas };

/**
 * What the admin function serves, as specs: the public document describes the admin operations
 * without building their handlers (or needing their stores). The tier route is documented where the
 * subscription routes are served.
 */
function adminSpecs(withSubscribers: boolean): AnyRouteSpec[] {
  return [...adminJobSpecs, ...(withSubscribers ? adminSubscriberSpecs : []), ...alertSpecs];
}

/**
 * The URL a request came to, when no PUBLIC_BASE_URL says it: API Gateway serves HTTPS only. A Host
 * header that is not a plain host[:port] gives a relative server URL rather than being echoed.
 */
function requestOrigin(headers: Record<string, string>): string {
  const host = headers.host ?? '';
  return /^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$/.test(host) ? `https://${host}` : '/';
}

export function createApi(deps: ApiDependencies): HttpHandler {
  const now = deps.now ?? (() => new Date());
  const withSubscriptions = deps.withSubscriptions === true;
  const routes: Route[] = [
    route({
      method: 'GET',
      path: '/health',
      operationId: 'health',
      summary: 'Liveness',
      tags: ['meta'],
      responses: { '200': { description: 'The API is up.', schema: HealthSchema } },
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
      responses: { '200': { description: 'The OpenAPI document.', schema: OpenApiDocumentSchema } },
      async handle({ headers }) {
        const serverUrl = deps.siteUrl !== undefined && deps.siteUrl !== '' ? deps.siteUrl : requestOrigin(headers);
        if (openApi?.serverUrl !== serverUrl) {
          const document = openApiDocument({
            routes: [...routes.map((r) => r.spec), ...(withSubscriptions ? subscriptionSpecs : [])],
            adminRoutes: adminSpecs(withSubscriptions),
            components: COMPONENTS,
            info: API_INFO,
            serverUrl,
          });
          openApi = { serverUrl, document };
        }
        return { status: 200, headers: { 'cache-control': 'public, max-age=300' }, body: openApi.document };
      },
    }),
    plusRoute(),
    ...guideRoutes(deps.guides, { site: { baseUrl: deps.siteUrl ?? '' }, jobsOf: cachedGuideJobs(deps.jobs, now) }),
    ...jobRoutes({ jobs: deps.jobs, guides: deps.guides, now }),
  ];
  // Built on first request: the document is the same for the life of the process (and its server URL).
  let openApi: { serverUrl: string; document: Record<string, unknown> } | undefined;
  // The site's pages and forms: HTML, not part of the JSON API's OpenAPI document.
  const site = siteRoutes({ guides: deps.guides, baseUrl: deps.siteUrl ?? '', signUp: withSubscriptions });
  const router = new Router([...routes, ...site], deps.log, deps.cursorKeys !== undefined ? { cursorKeys: deps.cursorKeys } : {});
  return (event) => router.handle(event);
}
