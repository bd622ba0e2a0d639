/**
 * OpenAPI 3.1 generated from route specs and the TypeBox schemas that validate requests: they are
 * JSON Schema 2020-12 already, published as they are. A schema that is also a named component (the
 * same object) is published as a $ref to it.
 */
import type { AnyRouteSpec } from './router';
import { Type, type Parameters, type TSchema } from './schema';

export const ProblemSchema = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.Optional(Type.String()),
  instance: Type.Optional(Type.String()),
  errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
});

/** A schema as JSON (TypeBox's own markers are not enumerable), components other than `self` as $refs. */
function publish(value: unknown, names: ReadonlyMap<unknown, string>, self?: unknown): unknown {
  if (value !== self && typeof value === 'object' && value !== null) {
    const name = names.get(value);
    if (name !== undefined) return { $ref: `#/components/schemas/${name}` };
  }
  if (Array.isArray(value)) return value.map((item: unknown) => publish(item, names));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, publish(item, names)]));
}

function parameters(specs: Parameters | undefined, location: 'query' | 'path', names: ReadonlyMap<unknown, string>): unknown[] {
  const required = new Set<string>(specs?.required ?? []);
  return Object.entries(specs?.properties ?? {}).map(([name, schema]) => {
    const { description, ...rest } = Object.fromEntries(Object.entries(schema));
    return {
      name,
      in: location,
      required: location === 'path' || required.has(name),
      description,
      schema: publish(rest, names),
    };
  });
}

/** The one security scheme: the operators' key, checked by the admin function's router. */
export const API_KEY_SCHEME = 'apiKey';

const PROBLEM_CONTENT = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };

const problem = (description: string) => ({ description, content: PROBLEM_CONTENT });

/** Answers the router gives any route (and API Gateway in front of it), shared by reference. */
const SHARED_RESPONSES = {
  BadRequest: problem('A parameter or the body is invalid; `errors` lists each field.'),
  NotFound: problem('Nothing is there.'),
  Unauthorized: problem('No x-api-key header.'),
  Forbidden: problem('The x-api-key is not valid.'),
  ContentTooLarge: problem('The body is too large.'),
  UnsupportedMediaType: problem('The body is not of a type this operation accepts.'),
  ClientError: problem('Another client error (405 with Allow, 414 for an overlong path and query, 429 with Retry-After).'),
  ServerError: problem('Briefly unavailable (503 with Retry-After), or an error on our side.'),
} as const;

const responseRef = (name: keyof typeof SHARED_RESPONSES) => ({ $ref: `#/components/responses/${name}` });

export interface OpenApiOptions {
  /** Routes anyone may call. */
  routes: readonly AnyRouteSpec[];
  /** Routes that need the operators' key (x-api-key). */
  adminRoutes: readonly AnyRouteSpec[];
  /** Named schemas: wherever one of these objects appears, the document refers to it. */
  components: Record<string, TSchema>;
  info: { title: string; version: string; description: string };
  /** Where this deployment serves the API (PUBLIC_BASE_URL, or the URL the request came to). */
  serverUrl: string;
}

function operation(r: AnyRouteSpec, admin: boolean, names: ReadonlyMap<unknown, string>): Record<string, unknown> {
  const responses: Record<string, unknown> = {};
  for (const [status, spec] of Object.entries(r.responses)) {
    const content: Record<string, unknown> = {};
    if (spec.schema !== undefined) content[spec.contentType ?? 'application/json'] = { schema: publish(spec.schema, names) };
    else if (spec.contentType !== undefined) content[spec.contentType] = { schema: { type: 'string' } };
    else if (/^[45]/.test(status)) Object.assign(content, PROBLEM_CONTENT);
    responses[status] = { description: spec.description, ...(Object.keys(content).length > 0 ? { content } : {}) };
  }
  // The 4xx answers each route can give, from what it declares; the router's own (405, 414) and the rest under 4XX.
  const validated = r.body !== undefined || Object.keys(r.query?.properties ?? {}).length > 0 || Object.keys(r.pathParams?.properties ?? {}).length > 0;
  if (validated) responses['400'] ??= responseRef('BadRequest');
  if (admin) {
    responses['401'] ??= responseRef('Unauthorized');
    responses['403'] ??= responseRef('Forbidden');
  }
  if (r.pathParams !== undefined) responses['404'] ??= responseRef('NotFound');
  if (r.body !== undefined) {
    responses['413'] ??= responseRef('ContentTooLarge');
    responses['415'] ??= responseRef('UnsupportedMediaType');
  }
  responses['4XX'] ??= responseRef('ClientError');
  responses['5XX'] ??= responseRef('ServerError');
  const out: Record<string, unknown> = {
    operationId: r.operationId,
    summary: r.summary,
    tags: r.tags ?? [],
    // Public operations say so explicitly (an empty requirement), admin ones name the key.
    security: admin ? [{ [API_KEY_SCHEME]: [] }] : [],
    parameters: [...parameters(r.pathParams, 'path', names), ...parameters(r.query, 'query', names)],
    responses,
  };
  if (r.body !== undefined) {
    const content: Record<string, unknown> = { 'application/json': { schema: publish(r.body, names) } };
    if (r.form !== undefined) {
      content['application/x-www-form-urlencoded'] = { schema: publish(r.form.schema, names) };
      if (r.form.multipart === true) content['multipart/form-data'] = { schema: publish(r.form.schema, names) };
    }
    out.requestBody = { required: r.bodyOptional !== true, content };
  }
  return out;
}

/** Names of the component schemas a value refers to, directly or through other components. */
function referencedSchemas(roots: unknown, schemas: Record<string, unknown>): Set<string> {
  const seen = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (typeof value !== 'object' || value === null) return;
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string' && item.startsWith('#/components/schemas/')) {
        const name = item.slice('#/components/schemas/'.length);
        if (!seen.has(name)) {
          seen.add(name);
          walk(schemas[name]);
        }
      } else walk(item);
    }
  };
  walk(roots);
  return seen;
}

export function openApiDocument(options: OpenApiOptions): Record<string, unknown> {
  const components: Record<string, TSchema> = { ...options.components, Problem: ProblemSchema };
  const names = new Map<unknown, string>(Object.entries(components).map(([name, schema]) => [schema, name]));
  const paths: Record<string, Record<string, unknown>> = {};
  const add = (r: AnyRouteSpec, admin: boolean) => ((paths[r.path] ??= {})[r.method.toLowerCase()] = operation(r, admin, names));
  for (const r of options.routes) add(r, false);
  for (const r of options.adminRoutes) add(r, true);
  const all = Object.fromEntries(Object.entries(components).map(([name, schema]) => [name, publish(schema, names, schema)]));
  // Only the schemas something refers to: components of routes this deployment does not serve are left out.
  const used = referencedSchemas([paths, SHARED_RESPONSES], all);
  const schemas = Object.fromEntries(Object.entries(all).filter(([name]) => used.has(name)));
  return {
    openapi: '3.1.0',
    info: options.info,
    servers: [{ url: options.serverUrl }],
    paths,
    components: {
      schemas,
      responses: SHARED_RESPONSES,
      securitySchemes: {
        [API_KEY_SCHEME]: { type: 'apiKey', in: 'header', name: 'x-api-key', description: "The operators' key (admin routes only)." },
      },
    },
  };
}
