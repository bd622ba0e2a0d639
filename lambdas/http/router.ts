/**
 * A small router over API Gateway HTTP API (payload 2.0) events. Routes declare their parameters and
 * bodies as schemas; the router validates them before a handler runs and turns every failure into
 * problem+json. The same route table generates /openapi.json.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { HttpProblem, badRequest } from './problems';
import { parseParameters, validate, type ParameterSpecs, type ParsedParameters, type Schema } from './schema';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Request<Q extends ParameterSpecs = ParameterSpecs> {
  method: string;
  path: string;
  params: Record<string, string>;
  query: ParsedParameters<Q>;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: unknown;
  requestId: string;
}

export interface Response {
  status: number;
  headers?: Record<string, string>;
  /** JSON-serialised unless `raw` is set. */
  body?: unknown;
  /** A pre-rendered body (HTML pages); sent as is with its `content-type` header. */
  raw?: string;
}

export interface ResponseSpec {
  description: string;
  schema?: Schema;
  contentType?: string;
}

export interface Route<Q extends ParameterSpecs = ParameterSpecs> {
  method: Method;
  /** OpenAPI-style template: /guides/{slug} */
  path: string;
  operationId: string;
  summary: string;
  tags?: string[];
  query?: Q;
  pathParams?: ParameterSpecs;
  body?: Schema;
  responses: Record<string, ResponseSpec>;
  handle(request: Request<Q>): Promise<Response>;
}

/** Declares a route with its query type inferred from its parameter specs. */
export function route<Q extends ParameterSpecs>(definition: Route<Q>): Route {
  return definition as unknown as Route;
}

/** The slice of the Powertools logger the router needs (tests pass a recorder). */
export interface Logger {
  error(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
}

interface CompiledRoute {
  route: Route;
  segments: string[];
}

const JSON_TYPE = 'application/json';
const PROBLEM_TYPE = 'application/problem+json';

/** Errors that mean a dependency is briefly unavailable: the client should retry, it did nothing wrong. */
const TRANSIENT = new Set([
  'TimeoutError',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
]);

export function isTransient(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return (typeof name === 'string' && TRANSIENT.has(name)) || (typeof code === 'string' && TRANSIENT.has(code));
}

export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(
    readonly routes: readonly Route[],
    private readonly log: Logger,
  ) {
    this.compiled = routes.map((r) => ({ route: r, segments: r.path.split('/').slice(1) }));
  }

  async handle(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
    const method = event.requestContext.http.method.toUpperCase();
    const path = event.rawPath;
    const requestId = event.requestContext.requestId;
    try {
      const response = await this.dispatch(event, method, path, requestId);
      return toResult(response, method === 'HEAD');
    } catch (error) {
      if (error instanceof HttpProblem) return problemResult(error, path, method === 'HEAD');
      if (isTransient(error)) {
        this.log.warn('dependency unavailable', { error: describe(error), path, requestId });
        return problemResult(
          new HttpProblem(503, 'unavailable', 'A backing service is briefly unavailable; retry shortly.', undefined, {
            'retry-after': '1',
          }),
          path,
          method === 'HEAD',
        );
      }
      this.log.error('unhandled error', { error: describe(error), path, requestId });
      return problemResult(new HttpProblem(500, 'internal-error', 'Something went wrong on our side.'), path, false);
    }
  }

  private async dispatch(
    event: APIGatewayProxyEventV2,
    method: string,
    path: string,
    requestId: string,
  ): Promise<Response> {
    const segments = path.split('/').slice(1);
    const allowed = new Set<string>();
    let found: { route: Route; params: Record<string, string> } | undefined;
    for (const candidate of this.compiled) {
      const params = match(candidate.segments, segments);
      if (params === undefined) continue;
      allowed.add(candidate.route.method);
      if (candidate.route.method === method || (method === 'HEAD' && candidate.route.method === 'GET')) {
        found = { route: candidate.route, params };
        break;
      }
    }
    if (found === undefined) {
      if (allowed.size > 0) {
        const allow = [...allowed, ...(allowed.has('GET') ? ['HEAD'] : [])].join(', ');
        throw new HttpProblem(405, 'method-not-allowed', `${method} is not allowed on ${path}.`, undefined, { allow });
      }
      throw new HttpProblem(404, 'not-found', `No route for ${path}.`);
    }
    const { route: r, params } = found;
    const headers = lowerCaseHeaders(event.headers);

    const query = parseParameters(r.query ?? {}, event.queryStringParameters ?? {});
    const pathParams = parseParameters(r.pathParams ?? {}, params);
    const errors = [...pathParams.errors, ...query.errors];
    if (errors.length > 0) throw badRequest('Some parameters are invalid.', errors);

    let body: unknown;
    if (r.body !== undefined) body = parseBody(event, headers, r.body);

    return r.handle({ method, path, params, query: query.value, headers, body, requestId });
  }
}

function match(template: string[], actual: string[]): Record<string, string> | undefined {
  if (template.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const t = template[i] as string;
    const a = actual[i] as string;
    if (t.startsWith('{') && t.endsWith('}')) {
      if (a === '') return undefined;
      let decoded: string;
      try {
        decoded = decodeURIComponent(a);
      } catch {
        throw badRequest(`The path segment "${a}" is not valid percent-encoding.`);
      }
      params[t.slice(1, -1)] = decoded;
    } else if (t !== a) {
      return undefined;
    }
  }
  return params;
}

function parseBody(event: APIGatewayProxyEventV2, headers: Record<string, string>, schema: Schema): unknown {
  const type = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== JSON_TYPE) {
    throw new HttpProblem(415, 'unsupported-media-type', 'Send the body as application/json.');
  }
  const text = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest('The body is not valid JSON.');
  }
  const errors = validate(schema, value);
  if (errors.length > 0) throw badRequest('The body is invalid.', errors);
  return value;
}

function lowerCaseHeaders(headers: APIGatewayProxyEventV2['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) out[name.toLowerCase()] = value;
  }
  return out;
}

const BASE_HEADERS = { 'x-content-type-options': 'nosniff' };

function toResult(response: Response, head: boolean): APIGatewayProxyStructuredResultV2 {
  const headers: Record<string, string> = { ...BASE_HEADERS, ...response.headers };
  let body: string | undefined;
  if (response.raw !== undefined) {
    body = response.raw;
  } else if (response.body !== undefined) {
    body = JSON.stringify(response.body);
    headers['content-type'] ??= JSON_TYPE;
  }
  return { statusCode: response.status, headers, ...(body !== undefined && !head ? { body } : {}) };
}

function problemResult(problem: HttpProblem, path: string, head: boolean): APIGatewayProxyStructuredResultV2 {
  return toResult(
    {
      status: problem.status,
      headers: { ...problem.headers, 'content-type': PROBLEM_TYPE, 'cache-control': 'no-store' },
      body: problem.toDocument(path),
    },
    head,
  );
}

function describe(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { value: String(error) };
}
