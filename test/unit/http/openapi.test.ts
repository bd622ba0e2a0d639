/** OpenAPI from route specs alone: the TypeBox schemas published as they are, components by reference. */
import { openApiDocument } from '../../../lambdas/http/openapi';
import { routeSpec } from '../../../lambdas/http/router';
import { Nullable, Type } from '../../../lambdas/http/schema';

const Thing = Type.Object({ id: Type.String(), size: Nullable(Type.Integer()) }, { additionalProperties: false });
const Unused = Type.Object({ never: Type.String() });

const listThings = routeSpec({
  method: 'GET',
  path: '/things',
  operationId: 'listThings',
  summary: 'Things',
  query: Type.Object({
    q: Type.Optional(Type.String({ description: 'Words.', maxLength: 10 })),
    limit: Type.Integer({ description: 'How many.', minimum: 1, default: 5 }),
  }),
  responses: {
    '200': { description: 'Things.', schema: Type.Object({ items: Type.Array(Thing) }) },
    '429': { description: 'Too many.' },
  },
});

const putThing = routeSpec({
  method: 'PUT',
  path: '/admin/things/{id}',
  operationId: 'putThing',
  summary: 'Put a thing',
  pathParams: Type.Object({ id: Type.String({ description: 'The id.', pattern: '^[a-z]+$' }) }),
  body: Thing,
  responses: { '204': { description: 'Stored.' } },
});

const doc = openApiDocument({
  routes: [listThings],
  adminRoutes: [putThing],
  components: { Thing, Unused },
  info: { title: 't', version: '1', description: 'd' },
  serverUrl: 'https://api.example',
}) as {
  paths: Record<string, Record<string, { parameters: unknown[]; responses: Record<string, unknown>; requestBody?: unknown; security: unknown[] }>>;
  components: { schemas: Record<string, unknown> };
};

it('publishes parameters with their descriptions beside their schemas, and whether each is required', () => {
  expect(doc.paths['/things']?.get?.parameters).toEqual([
    { name: 'q', in: 'query', required: false, description: 'Words.', schema: { type: 'string', maxLength: 10 } },
    { name: 'limit', in: 'query', required: true, description: 'How many.', schema: { type: 'integer', minimum: 1, default: 5 } },
  ]);
  expect(doc.paths['/admin/things/{id}']?.put?.parameters).toEqual([
    { name: 'id', in: 'path', required: true, description: 'The id.', schema: { type: 'string', pattern: '^[a-z]+$' } },
  ]);
});

it('refers to a component wherever its schema object appears, and publishes only those referred to', () => {
  expect(doc.paths['/things']?.get?.responses['200']).toEqual({
    description: 'Things.',
    content: { 'application/json': { schema: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Thing' } } } } } },
  });
  expect(doc.paths['/admin/things/{id}']?.put?.requestBody).toEqual({ required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } });
  expect(Object.keys(doc.components.schemas).sort()).toEqual(['Problem', 'Thing']);
  expect(doc.components.schemas.Thing).toEqual({
    type: 'object',
    required: ['id', 'size'],
    properties: { id: { type: 'string' }, size: { anyOf: [{ type: 'integer' }, { type: 'null' }] } },
    additionalProperties: false,
  });
});

it('documents the answers a spec implies: validation, key, not found, body type and size; errors as problem+json', () => {
  const put = doc.paths['/admin/things/{id}']?.put;
  expect(Object.keys(put?.responses ?? {}).sort()).toEqual(['204', '400', '401', '403', '404', '413', '415', '4XX', '5XX']);
  expect(put?.security).toEqual([{ apiKey: [] }]);
  expect(doc.paths['/things']?.get?.security).toEqual([]);
  expect(doc.paths['/things']?.get?.responses['429']).toEqual({
    description: 'Too many.',
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  });
});
