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

export function openApiDocument(
  routes: readonly Route[],
  components: Record<string, Schema>,
  info: { title: string; version: string; description: string },
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const responses: Record<string, unknown> = {};
    for (const [status, spec] of Object.entries(r.responses)) {
      responses[status] = {
        description: spec.description,
        ...(spec.schema !== undefined
          ? { content: { [spec.contentType ?? 'application/json']: { schema: toJsonSchema(spec.schema) } } }
          : {}),
      };
    }
    responses.default = {
      description: 'An error, as RFC 9457 problem details.',
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
    const operation: Record<string, unknown> = {
      operationId: r.operationId,
      summary: r.summary,
      tags: r.tags ?? [],
      parameters: [...parameters(r.pathParams, 'path'), ...parameters(r.query, 'query')],
      responses,
    };
    if (r.body !== undefined) {
      operation.requestBody = { required: true, content: { 'application/json': { schema: toJsonSchema(r.body) } } };
    }
    (paths[r.path] ??= {})[r.method.toLowerCase()] = operation;
  }
  const schemas = Object.fromEntries(
    Object.entries({ ...components, Problem: ProblemSchema }).map(([k, v]) => [k, toJsonSchema(v)]),
  );
  return { openapi: '3.1.0', info, paths, components: { schemas } };
}
