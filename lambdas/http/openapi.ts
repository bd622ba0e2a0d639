/** OpenAPI 3.1 generated from the route table and the schemas that validate requests. */
import type { Route } from './router';
import type { ParameterSpecs, Schema } from './schema';

export const ProblemSchema: Schema = {
  type: 'object',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { field: { type: 'string' }, message: { type: 'string' } },
        required: ['field', 'message'],
      },
    },
  },
  required: ['type', 'title', 'status'],
};

/** Our schema dialect → JSON Schema 2020-12 (what OpenAPI 3.1 uses). */
export function toJsonSchema(schema: Schema): Record<string, unknown> {
  if ('$ref' in schema) return { $ref: schema.$ref };
  if ('nullable' in schema) {
    const inner = toJsonSchema(schema.nullable);
    return { anyOf: [inner, { type: 'null' }], ...(schema.description ? { description: schema.description } : {}) };
  }
  const out: Record<string, unknown> = { ...schema };
  if (schema.type === 'array') out.items = toJsonSchema(schema.items);
  if (schema.type === 'object') {
    out.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, toJsonSchema(v)]));
    if (schema.additionalProperties !== undefined && schema.additionalProperties !== false) {
      out.additionalProperties = toJsonSchema(schema.additionalProperties);
    }
  }
  return out;
}

function parameters(specs: ParameterSpecs | undefined, location: 'query' | 'path'): unknown[] {
  return Object.entries(specs ?? {}).map(([name, spec]) => ({
    name,
    in: location,
    required: location === 'path' || spec.required === true,
    description: spec.description,
    schema: toJsonSchema(spec.schema),
  }));
}

/** The one security scheme: the operators' key, checked by the admin function's router. */
export const API_KEY_SCHEME = 'apiKey';

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

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
  routes: readonly Route[];
  /** Routes that need the operators' key (x-api-key). */
  adminRoutes: readonly Route[];
  components: Record<string, Schema>;
  info: { title: string; version: string; description: string };
  /** Where this deployment serves the API (PUBLIC_BASE_URL, or the URL the request came to). */
  serverUrl: string;
}

function operation(r: Route, admin: boolean): Record<string, unknown> {
  const responses: Record<string, unknown> = {};
  for (const [status, spec] of Object.entries(r.responses)) {
    responses[status] = {
      description: spec.description,
      ...(spec.schema !== undefined
        ? { content: { [spec.contentType ?? 'application/json']: { schema: toJsonSchema(spec.schema) } } }
        : {}),
    };
  }
  // The 4xx answers each route can give, from what it declares; the router's own (405, 414) and the rest under 4XX.
  const validated = r.body !== undefined || Object.keys(r.query ?? {}).length > 0 || Object.keys(r.pathParams ?? {}).length > 0;
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
    parameters: [...parameters(r.pathParams, 'path'), ...parameters(r.query, 'query')],
    responses,
  };
  if (r.body !== undefined) {
    const content: Record<string, unknown> = { 'application/json': { schema: toJsonSchema(r.body) } };
    if (r.form !== undefined) {
      content['application/x-www-form-urlencoded'] = { schema: toJsonSchema(r.form.schema) };
      if (r.form.multipart === true) content['multipart/form-data'] = { schema: toJsonSchema(r.form.schema) };
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
  const paths: Record<string, Record<string, unknown>> = {};
  const add = (r: Route, admin: boolean) => ((paths[r.path] ??= {})[r.method.toLowerCase()] = operation(r, admin));
  for (const r of options.routes) add(r, false);
  for (const r of options.adminRoutes) add(r, true);
  const all = Object.fromEntries(
    Object.entries({ ...options.components, Problem: ProblemSchema }).map(([k, v]) => [k, toJsonSchema(v)]),
  );
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
