/**
 * A small router over API Gateway HTTP API (payload 2.0) events. A route is a spec (its parameters,
 * body and answers as TypeBox schemas) and a handler bound to it: the parameters and body are checked
 * against the spec before the handler runs, which gets them typed by the same schemas. Every failure
 * becomes problem+json. The specs alone generate /openapi.json (openapi.ts), so a route can be
 * documented where its handler and dependencies are not loaded. The framework knows no domain.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { LIMITS } from '../shared/limits';
import { requireApiKey, type KeyProvider } from './api-key';
import { compressResult } from './compression';
import { processCursorKeys, withCursorKeys, type CursorKeyProvider } from './cursor';
import { HttpProblem, badRequest, type FieldError } from './problems';
import { redactEmails } from '../shared/email';
import { conforms, isArrayProperty, parseParameters, validate, type NoParameters, type Parameters, type Static, type TSchema } from './schema';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** What a handler gets: parameters and body checked against the route's schemas, typed by them. */
export interface Request<P extends Parameters = NoParameters, Q extends Parameters = NoParameters, B extends TSchema = TSchema, O extends boolean = false> {
  method: string;
  path: string;
  params: Static<P>;
  query: Static<Q>;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: BodyOf<B, O>;
  requestId: string;
  /** The client's address as API Gateway saw it (`requestContext.http.sourceIp`). */
  sourceIp: string;
}

/** A route whose body may be left out (`bodyOptional`) gets `undefined` then. */
export type BodyOf<B extends TSchema, O extends boolean> = O extends true ? Static<B> | undefined : Static<B>;

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
  schema?: TSchema;
  /** Of `schema` (default application/json); without a schema, the type of an opaque body (a page, a feed). */
  contentType?: string;
}

export const FORM_TYPE = 'application/x-www-form-urlencoded';
export const MULTIPART_TYPE = 'multipart/form-data';

/** Decoded form fields: a name given once is a string, a repeated name an array (in order). */
export type FormFields = Record<string, string | string[]>;

/**
 * A route that also takes HTML form bodies (application/x-www-form-urlencoded, and multipart/form-data
 * when `multipart` is set, as RFC 8058 one-click POSTs may be). The fields are validated against
 * `schema` (published in OpenAPI), then `toBody` turns them into the value the route's `body` schema
 * validates, so JSON and form requests meet the same rules.
 */
export interface FormBody {
  schema: TSchema;
  toBody(fields: FormFields): unknown;
  multipart?: boolean;
  /** Forms only (a page's own form): a JSON body is a 415 with this detail, before anything is read. */
  only?: string;
}

/**
 * What a route is, apart from the code that answers it: enough to validate its requests and to
 * document it, so OpenAPI can describe routes whose handlers (and their dependencies) are elsewhere.
 */
export interface RouteSpec<P extends Parameters = NoParameters, Q extends Parameters = NoParameters, B extends TSchema = TSchema, O extends boolean = false> {
  method: Method;
  /** OpenAPI-style template: /guides/{slug} */
  path: string;
  operationId: string;
  summary: string;
  tags?: string[];
  query?: Q;
  pathParams?: P;
  body?: B;
  /** Also accept form bodies (see FormBody). */
  form?: FormBody;
  /** An absent or empty body is fine: the handler gets `undefined`. */
  bodyOptional?: O;
  /** Largest body accepted, in bytes (default: whatever API Gateway lets through). */
  maxBodyBytes?: number;
  /**
   * HTML pages: renders an error for a client that prefers text/html (a browser) instead of
   * problem+json. Other clients still get problem+json.
   */
  htmlProblem?(problem: HttpProblem): Response;
  responses: Record<string, ResponseSpec>;
}

/** Any route's spec, its schemas' types forgotten: what the router and the OpenAPI generator read. */
export type AnyRouteSpec = RouteSpec<Parameters, Parameters, TSchema, boolean>;

export type Handler<P extends Parameters, Q extends Parameters, B extends TSchema, O extends boolean> = (
  request: Request<P, Q, B, O>,
) => Promise<Response>;

/** A request as the router has it: raw parameters, and the body decoded (JSON or form) on demand. */
export interface RawRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  headers: Record<string, string>;
  requestId: string;
  sourceIp: string;
  body(): unknown;
}

/** A route as the router serves it: its spec, and its handler behind the checks that type its request. */
export interface Route {
  readonly spec: AnyRouteSpec;
  run(request: RawRequest): Promise<Response>;
}

/** Declares a spec with its schemas' types kept (for bind). */
export function routeSpec<P extends Parameters = NoParameters, Q extends Parameters = NoParameters, B extends TSchema = TSchema, O extends boolean = false>(
  spec: RouteSpec<P, Q, B, O>,
): RouteSpec<P, Q, B, O> {
  return spec;
}

function bodyConforms<B extends TSchema, O extends boolean>(spec: RouteSpec<Parameters, Parameters, B, O>, value: unknown, errors: FieldError[]): value is BodyOf<B, O> {
  if (value === undefined && spec.bodyOptional === true) return true;
  if (spec.body === undefined) return value === undefined;
  return conforms(spec.body, value, errors);
}

/** Serves a spec with a handler typed by its schemas: parameters and body are checked before it runs. */
export function bind<P extends Parameters, Q extends Parameters, B extends TSchema, O extends boolean>(
  spec: RouteSpec<P, Q, B, O>,
  handle: Handler<P, Q, B, O>,
): Route {
  return {
    spec,
    async run(raw) {
      const params = parseParameters(spec.pathParams, raw.params);
      const query = parseParameters(spec.query, raw.query);
      if (!params.ok || !query.ok) {
        throw badRequest('Some parameters are invalid.', [...(params.ok ? [] : params.errors), ...(query.ok ? [] : query.errors)]);
      }
      const body = spec.body === undefined ? undefined : raw.body();
      const errors: FieldError[] = [];
      if (!bodyConforms(spec, body, errors)) throw badRequest('The body is invalid.', errors);
      const { method, path, headers, requestId, sourceIp } = raw;
      return handle({ method, path, params: params.value, query: query.value, headers, body, requestId, sourceIp });
    },
  };
}

/** A spec and its handler in one declaration. */
export function route<P extends Parameters = NoParameters, Q extends Parameters = NoParameters, B extends TSchema = TSchema, O extends boolean = false>(
  definition: RouteSpec<P, Q, B, O> & { handle: Handler<P, Q, B, O> },
): Route {
  const { handle, ...spec } = definition;
  return bind(spec, handle);
}

/** The slice of the Powertools logger the router needs (tests pass a recorder). */
export interface Logger {
  error(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
}

export interface RouterOptions {
  /**
   * Every request must carry this key in x-api-key (the admin API). Checked before anything else, so
   * a caller without the key learns nothing: not which paths exist, not what a body should look like.
   */
  apiKey?: KeyProvider;
  /**
   * Keys that sign page cursors (see cursor.ts), loaded only for routes that page (they declare a
   * `cursor` query parameter). Default: a key of this process alone.
   */
  cursorKeys?: CursorKeyProvider;
}

/**
 * On every answer, errors and 304s included: browsers that once reached the API over HTTPS never try
 * plain HTTP for it again (a year, the preload list's minimum).
 */
export const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
} as const;

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
  private readonly cursorKeys: CursorKeyProvider;

  constructor(
    readonly routes: readonly Route[],
    private readonly log: Logger,
    private readonly options: RouterOptions = {},
  ) {
    this.compiled = routes.map((r) => ({ route: r, segments: r.spec.path.split('/').slice(1) }));
    this.cursorKeys = options.cursorKeys ?? processCursorKeys();
  }

  async handle(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
    const result = await this.answer(event);
    const method = event.requestContext.http.method.toUpperCase();
    return compressResult(result, { acceptEncoding: lowerCaseHeaders(event.headers)['accept-encoding'], path: event.rawPath, head: method === 'HEAD' });
  }

  private async answer(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
    const method = event.requestContext.http.method.toUpperCase();
    const path = event.rawPath;
    const requestId = event.requestContext.requestId;
    const matched: { route?: Route } = {};
    // Pages render their errors as HTML for browsers; everyone else gets problem+json.
    const render = (problem: HttpProblem, head: boolean) => {
      const accept = lowerCaseHeaders(event.headers).accept;
      const htmlProblem = matched.route?.spec.htmlProblem;
      if (htmlProblem !== undefined && prefersHtml(accept)) {
        const page = htmlProblem(problem);
        return toResult({ ...page, headers: { ...problem.headers, ...page.headers } }, head);
      }
      return problemResult(problem, path, head);
    };
    // Logs name the route template and a redacted path: the tier route's path holds an address.
    const where = () => ({ route: matched.route?.spec.path, path: redactEmails(path), requestId });
    try {
      if (this.options.apiKey !== undefined) await requireApiKey(lowerCaseHeaders(event.headers), this.options.apiKey);
      checkSize(event);
      const response = await this.dispatch(event, method, path, requestId, matched);
      return toResult(response, method === 'HEAD');
    } catch (error) {
      if (error instanceof HttpProblem) return render(error, method === 'HEAD');
      if (isTransient(error)) {
        this.log.warn('dependency unavailable', { error: describe(error), ...where() });
        return render(
          new HttpProblem(503, 'unavailable', 'A backing service is briefly unavailable; retry shortly.', undefined, {
            'retry-after': '1',
          }),
          method === 'HEAD',
        );
      }
      this.log.error('unhandled error', { error: describe(error), ...where() });
      return render(new HttpProblem(500, 'internal-error', 'Something went wrong on our side.'), false);
    }
  }

  private async dispatch(
    event: APIGatewayProxyEventV2,
    method: string,
    path: string,
    requestId: string,
    matched: { route?: Route },
  ): Promise<Response> {
    const segments = path.split('/').slice(1);
    const allowed = new Set<string>();
    let found: { route: Route; params: Record<string, string> } | undefined;
    for (const candidate of this.compiled) {
      const params = match(candidate.segments, segments);
      if (params === undefined) continue;
      const routeMethod = candidate.route.spec.method;
      allowed.add(routeMethod);
      if (routeMethod === method || (method === 'HEAD' && routeMethod === 'GET')) {
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
    matched.route = r;
    const headers = lowerCaseHeaders(event.headers);
    const request: RawRequest = {
      method,
      path,
      params,
      query: event.queryStringParameters ?? {},
      headers,
      requestId,
      sourceIp: event.requestContext.http.sourceIp,
      body: () => decodeBody(event, headers, r.spec),
    };
    if (r.spec.query?.properties.cursor === undefined) return r.run(request);
    const keys = await this.cursorKeys();
    return withCursorKeys(keys, () => r.run(request));
  }
}

/** Limits that hold for every route, before any parsing: 414 for a long target, 413 for a big body. */
function checkSize(event: APIGatewayProxyEventV2): void {
  if (event.rawPath.length + (event.rawQueryString?.length ?? 0) > LIMITS.requestTargetChars) {
    throw new HttpProblem(414, 'uri-too-long', `The path and query string must be at most ${LIMITS.requestTargetChars} characters.`);
  }
  const body = event.body ?? '';
  const bytes = event.isBase64Encoded ? Math.floor((body.length * 3) / 4) : Buffer.byteLength(body, 'utf8');
  if (bytes > LIMITS.requestBodyBytes) {
    throw new HttpProblem(413, 'content-too-large', `The body must be at most ${LIMITS.requestBodyBytes} bytes.`);
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

function bodyText(event: APIGatewayProxyEventV2): Buffer {
  return Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
}

/** The body as JSON or form fields (checked against the form's schema, then as the route's body): not yet validated. */
function decodeBody(event: APIGatewayProxyEventV2, headers: Record<string, string>, r: AnyRouteSpec): unknown {
  const contentType = headers['content-type'] ?? '';
  const type = contentType.split(';')[0]?.trim().toLowerCase();
  const raw = bodyText(event);
  if (r.maxBodyBytes !== undefined && raw.length > r.maxBodyBytes) {
    throw new HttpProblem(413, 'content-too-large', `The body must be at most ${r.maxBodyBytes} bytes.`);
  }
  if (r.bodyOptional === true && raw.length === 0) return undefined;
  if (type === JSON_TYPE && r.form?.only !== undefined) {
    throw new HttpProblem(415, 'unsupported-media-type', r.form.only, undefined, { 'accept-post': formTypes(r.form).join(', ') });
  }
  if (type === JSON_TYPE) {
    try {
      return JSON.parse(raw.toString('utf8'));
    } catch {
      throw badRequest('The body is not valid JSON.');
    }
  }
  if (r.form !== undefined && (type === FORM_TYPE || (type === MULTIPART_TYPE && r.form.multipart === true))) {
    const fields = formShape(r.form.schema, type === FORM_TYPE ? parseUrlEncoded(raw.toString('utf8')) : parseMultipart(raw, contentType));
    const fieldErrors = validate(r.form.schema, fields);
    if (fieldErrors.length > 0) throw badRequest('The form is invalid.', fieldErrors);
    return r.form.toBody(fields);
  }
  const accepted = [...(r.form?.only === undefined ? [JSON_TYPE] : []), ...(r.form !== undefined ? formTypes(r.form) : [])];
  throw new HttpProblem(
    415,
    'unsupported-media-type',
    `Send the body as ${accepted.join(' or ')}.`,
    undefined,
    { 'accept-post': accepted.join(', ') },
  );
}

const formTypes = (form: FormBody) => [FORM_TYPE, ...(form.multipart === true ? [MULTIPART_TYPE] : [])];

/** A field the schema declares as an array is always an array (a checkbox group with one box ticked is one value). */
function formShape(schema: TSchema, fields: FormFields): FormFields {
  const out: FormFields = { ...fields };
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string' && isArrayProperty(schema, name)) out[name] = [value];
  }
  return out;
}

function addField(fields: FormFields, name: string, value: string): void {
  const existing = Object.hasOwn(fields, name) ? fields[name] : undefined;
  if (existing === undefined) fields[name] = value;
  else if (Array.isArray(existing)) existing.push(value);
  else fields[name] = [existing, value];
}

/** application/x-www-form-urlencoded (WHATWG: `+` is a space; bad escapes kept literally). */
export function parseUrlEncoded(text: string): FormFields {
  const fields: FormFields = Object.create(null) as FormFields;
  for (const [name, value] of new URLSearchParams(text)) addField(fields, name, value);
  return { ...fields };
}

/**
 * multipart/form-data (RFC 7578), text fields only: enough for HTML forms and RFC 8058 one-click
 * POSTs. File parts are refused; anything malformed is a 400.
 */
export function parseMultipart(body: Buffer, contentType: string): FormFields {
  const boundary = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const mark = boundary?.[1] ?? boundary?.[2];
  if (mark === undefined || mark.length > 70) throw badRequest('The multipart body has no valid boundary.');
  const text = body.toString('latin1');
  const delimiter = `--${mark}`;
  const parts = text.split(delimiter);
  if (parts.length < 3 || !(parts[parts.length - 1] as string).startsWith('--')) throw badRequest('The multipart body is malformed.');
  const fields: FormFields = Object.create(null) as FormFields;
  for (const part of parts.slice(1, -1)) {
    const chunk = part.replace(/^\r?\n/, '').replace(/\r?\n$/, '');
    const split = /\r?\n\r?\n/.exec(chunk);
    if (split === null) throw badRequest('The multipart body is malformed.');
    const head = chunk.slice(0, split.index);
    const content = chunk.slice(split.index + split[0].length);
    const disposition = /^content-disposition:\s*form-data\s*;(.*)$/im.exec(head);
    const name = disposition === null ? undefined : /\bname="([^"]*)"/i.exec(disposition[1] as string)?.[1];
    if (name === undefined) throw badRequest('A multipart part has no form-data name.');
    if (/\bfilename\*?=/i.test(disposition?.[1] ?? '')) throw badRequest('File uploads are not accepted.');
    addField(fields, name, Buffer.from(content, 'latin1').toString('utf8'));
  }
  return { ...fields };
}

/** Whether an Accept header prefers text/html over JSON (a browser navigating, not an API client). */
export function prefersHtml(accept: string | undefined): boolean {
  const q = acceptQualities(accept);
  const htmlQ = q.get('text/html') ?? 0;
  const jsonQ = Math.max(q.get('application/json') ?? 0, q.get('application/problem+json') ?? 0);
  return htmlQ > 0 && htmlQ >= jsonQ;
}

/** Whether an Accept header asks for JSON in preference to HTML (explicitly: `*\/*` alone does not). */
export function prefersJson(accept: string | undefined): boolean {
  const q = acceptQualities(accept);
  const jsonQ = q.get('application/json') ?? 0;
  return jsonQ > 0 && jsonQ > (q.get('text/html') ?? 0);
}

function acceptQualities(accept: string | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of (accept ?? '').split(',')) {
    const [type, ...params] = item.split(';').map((p) => p.trim().toLowerCase());
    if (type === undefined || type === '') continue;
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (Number.isFinite(q)) out.set(type, Math.max(out.get(type) ?? 0, q));
  }
  return out;
}

function lowerCaseHeaders(headers: APIGatewayProxyEventV2['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) out[name.toLowerCase()] = value;
  }
  return out;
}

function toResult(response: Response, head: boolean): APIGatewayProxyStructuredResultV2 {
  const headers: Record<string, string> = { ...response.headers, ...SECURITY_HEADERS };
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

/** Redacted: messages of DynamoDB and SES errors can quote the values they were given. */
function describe(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    return { name: error.name, message: redactEmails(error.message), stack: error.stack === undefined ? undefined : redactEmails(error.stack) };
  }
  return { value: redactEmails(String(error)) };
}
