/**
 * The whole HTTP API as one router: the pure core behind lambdas/functions/api.ts and the local
 * server. Dependencies come in as interfaces so it runs against DynamoDB, dynalite or memory alike.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { guideRoutes, guideSchemas } from '../guides/routes';
import type { GuideReader } from '../guides/store';
import { openApiDocument } from './openapi';
import { Router, route, type Logger, type Route } from './router';

export interface ApiDependencies {
  guides: GuideReader;
  log: Logger;
}

export const API_INFO = {
  title: 'careerwire API',
  version: '1.0.0',
  description: 'Career guides, jobs and job-alert subscriptions. Errors are application/problem+json (RFC 9457).',
};

export function createApi(deps: ApiDependencies): (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2> {
  const routes: Route[] = [];
  const components = { ...guideSchemas };
  // Built once on first request: the document is the same for the life of the process.
  let openApi: Record<string, unknown> | undefined;
  routes.push(
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
      async handle() {
        openApi ??= openApiDocument(routes, components, API_INFO);
        return { status: 200, headers: { 'cache-control': 'public, max-age=300' }, body: openApi };
      },
    }),
    ...guideRoutes(deps.guides),
  );
  const router = new Router(routes, deps.log);
  return (event) => router.handle(event);
}
