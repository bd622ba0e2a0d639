/**
 * Hostile HTTP input for the hardening suites: the routes read from the API's own OpenAPI document,
 * fast-check generators of requests (methods, request targets, query strings, headers, bodies) built
 * from those routes' schemas, a raw HTTP client that sends exactly what was generated (fetch would
 * normalise paths and refuse some headers), and the checks every answer must pass.
 *
 * A generated request is either free (anything goes: read-only routes, or routes that refuse it for
 * want of a valid token or API key) or `mustReject`: a request to a route that can write, carrying at
 * least one defect the API has to refuse (an unknown query parameter, a body that is not JSON, one
 * that breaks the route's schema, one that is too large...). So a suite can assert that nothing
 * stored changed, whatever the generator came up with.
 */
import fc from 'fast-check';
import { Agent, request } from 'node:http';
import { prefersHtml } from '../../lambdas/http/router';

// ------------------------------------------------------------------------------------------------
// The routes, from GET /openapi.json
// ------------------------------------------------------------------------------------------------
export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: false | JsonSchema;
  items?: JsonSchema;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  enum?: string[];
  format?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  anyOf?: JsonSchema[];
  $ref?: string;
}

export interface ApiParam {
  name: string;
  required: boolean;
  schema: JsonSchema;
}

export interface ApiRoute {
  method: string;
  /** The OpenAPI template, e.g. /guides/{slug}. */
  path: string;
  operationId: string;
  pathParams: ApiParam[];
  query: ApiParam[];
  body?: JsonSchema;
  /** Under /admin/: the x-api-key header decides. */
  admin: boolean;
  /** A required `token` query parameter: a signed link, which no generated token can forge. */
  tokenGuarded: boolean;
}

interface OpenApiOperation {
  operationId: string;
  parameters?: { name: string; in: 'path' | 'query'; required?: boolean; schema: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, JsonSchema> };
}

export function apiRoutes(doc: OpenApiDocument): ApiRoute[] {
  const routes: ApiRoute[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      const params = op.parameters ?? [];
      const query = params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, required: p.required === true, schema: p.schema }));
      routes.push({
        method: method.toUpperCase(),
        path,
        operationId: op.operationId,
        pathParams: params.filter((p) => p.in === 'path').map((p) => ({ name: p.name, required: true, schema: p.schema })),
        query,
        ...(op.requestBody !== undefined ? { body: op.requestBody.content['application/json']?.schema ?? {} } : {}),
        admin: path.startsWith('/admin/'),
        tokenGuarded: query.some((q) => q.name === 'token' && q.required),
      });
    }
  }
  return routes;
}

// ------------------------------------------------------------------------------------------------
// Hostile text
// ------------------------------------------------------------------------------------------------
export const HOSTILE_STRINGS = [
  "' OR '1'='1' --",
  "'; DROP TABLE guides; --",
  '" OR ""="',
  "1; SELECT * FROM subscribers WHERE 't'='t'",
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "javascript:alert('x')",
  '</textarea><script>document.cookie</script>',
  '${7*7}{{7*7}}<%= 7*7 %>',
  '../../../../etc/passwd',
  '..%2f..%2f..%2fetc%2fpasswd',
  '\u0000',
  'a\r\nSet-Cookie: pwned=1',
  '%s%s%s%n',
  '{"$ne":null}',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '9'.repeat(400),
  '𝕳𝖊𝖑𝖑𝖔 𝖜𝖔𝖗𝖑𝖉',
  '\u202egnp.exe',
  'zero\u200bwidth\u200d',
  'e\u0301\u0301\u0301\u0301',
  '👩‍👩‍👧‍👦🏳️‍🌈',
  '\ud800 lone surrogate \udfff',
  'ﷺ'.repeat(50),
  'β€” πŸ“ˆ',
  ' ',
  '',
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.nat({ max: 3_000 }).map((n) => 'x'.repeat(n)) },
);

/**
 * Longest request target generated. Node's HTTP parser answers 431 (no body) past 16 KiB of request
 * line and headers, before the gateway sees anything; the API's own limit is 8 KiB (414).
 */
export const MAX_TARGET = 12_000;

// ------------------------------------------------------------------------------------------------
// Values from schemas: valid ones, and ones that break the schema for certain
// ------------------------------------------------------------------------------------------------
export type Components = Record<string, JsonSchema>;

function resolve(schema: JsonSchema, components: Components): JsonSchema {
  let s = schema;
  for (let i = 0; s.$ref !== undefined && i < 20; i++) {
    const target = components[s.$ref.replace('#/components/schemas/', '')];
    if (target === undefined) throw new Error(`unknown $ref ${s.$ref}`);
    s = target;
  }
  return s;
}

const DATE_TIME = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());

/** Plausible addresses (fc.emailAddress is thorough but slow: seconds per thousand). */
const EMAIL: fc.Arbitrary<string> = fc
  .tuple(fc.stringMatching(/^[a-z0-9][a-z0-9._+-]{0,19}$/), fc.constantFrom('example.com', 'example.org', 'mail.example.net', 'EXAMPLE.COM', 'bücher.example'))
  .map(([local, domain]) => `${local}@${domain}`);

function validString(s: JsonSchema): fc.Arbitrary<string> {
  if (s.enum !== undefined) return fc.constantFrom(...s.enum);
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? Math.max(min, 60);
  const fits = (v: string) => [...v].length >= min && [...v].length <= max;
  if (s.format === 'date-time') return DATE_TIME;
  if (s.format === 'email') return EMAIL.filter(fits);
  if (s.pattern !== undefined) {
    return fc.stringMatching(new RegExp(s.pattern)).filter((v) => fits(v) && new RegExp(s.pattern as string, 'u').test(v));
  }
  return fc.oneof(fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.min(max, 80) }), hostileString).filter(fits);
}

/** A value the schema accepts. */
export function validValue(schema: JsonSchema, components: Components, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema, components);
  if (s.anyOf !== undefined) return fc.oneof(...s.anyOf.map((x) => validValue(x, components, depth + 1)));
  switch (s.type) {
    case 'string':
      return validString(s);
    case 'integer':
      return fc.integer({ min: s.minimum ?? -1_000_000, max: s.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(validValue(s.items ?? {}, components, depth + 1), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 5, 5) });
    case 'object': {
      const properties = s.properties ?? {};
      const required = new Set(s.required ?? []);
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, p] of Object.entries(properties)) model[name] = validValue(p, components, depth + 1);
      return fc.record(model, { requiredKeys: [...required].filter((k) => k in model) });
    }
    default:
      return depth > 2 ? fc.constant(null) : fc.jsonValue({ maxDepth: 2 });
  }
}

const notA = (type: string): fc.Arbitrary<unknown> => {
  const all: Record<string, fc.Arbitrary<unknown>> = {
    string: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }), fc.object({ maxDepth: 1 })),
    number: fc.oneof(fc.string({ maxLength: 10 }), fc.boolean(), fc.constant(null), fc.constant([1])),
    boolean: fc.oneof(fc.constantFrom('true', 'false', 1, 0), fc.constant(null)),
    array: fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.constant(null), fc.object({ maxDepth: 1 })),
    object: fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.constant(null), fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }), fc.boolean()),
  };
  return all[type === 'integer' ? 'number' : type] ?? fc.constant(undefined);
};

const BAD_EMAILS = ['plainaddress', 'no-at-sign.example.com', '@example.com', 'user@', 'user@@example.com', 'us er@example.com', 'user@localhost', '<script>@x', 'a@b', 'user@[127.0.0.1]', 'user@-example.com'];
const BAD_DATES = ['yesterday', '2026-13-45T99:99Z', '2026-02-30', '0000-00-00T00:00:00Z', '2026-11-27 10:00', '1e309', ''];

/** A value the schema refuses, or null when the schema accepts everything. */
export function invalidValue(schema: JsonSchema, components: Components): fc.Arbitrary<unknown> | null {
  const s = resolve(schema, components);
  if (s.anyOf !== undefined) {
    // Only the string/object branches of nullable schemas appear in this API: break the non-null one.
    const inner = s.anyOf.find((x) => x.type !== 'null');
    const bad = inner === undefined ? null : invalidValue(inner, components);
    return bad === null ? null : bad.filter((v) => v !== null);
  }
  const options: fc.Arbitrary<unknown>[] = [];
  if (s.type !== undefined && s.type !== 'null') options.push(notA(s.type).filter((v) => v !== undefined));
  switch (s.type) {
    case 'string': {
      if (s.maxLength !== undefined) options.push(fc.integer({ min: s.maxLength + 1, max: s.maxLength + 200 }).map((n) => 'y'.repeat(n)));
      if (s.minLength !== undefined && s.minLength > 0) options.push(fc.constant('z'.repeat(s.minLength - 1)));
      if (s.enum !== undefined) options.push(hostileString.filter((v) => !(s.enum as string[]).includes(v)));
      if (s.pattern !== undefined) options.push(hostileString.filter((v) => !new RegExp(s.pattern as string, 'u').test(v)));
      if (s.format === 'email') options.push(fc.constantFrom(...BAD_EMAILS));
      if (s.format === 'date-time') options.push(fc.constantFrom(...BAD_DATES));
      break;
    }
    case 'integer':
    case 'number':
      if (s.minimum !== undefined) options.push(fc.integer({ min: -1e9, max: Math.ceil(s.minimum) - 1 }));
      if (s.maximum !== undefined) options.push(fc.integer({ min: Math.floor(s.maximum) + 1, max: 2 ** 53 }));
      if (s.type === 'integer') options.push(fc.constantFrom(1.5, -0.25, 1e-9));
      break;
    case 'array': {
      if (s.maxItems !== undefined) options.push(fc.array(validValue(s.items ?? {}, components), { minLength: s.maxItems + 1, maxLength: s.maxItems + 3 }));
      const item = s.items === undefined ? null : invalidValue(s.items, components);
      if (item !== null) options.push(fc.tuple(fc.array(validValue(s.items ?? {}, components), { maxLength: 2 }), item).map(([ok, bad]) => [...ok, bad]));
      break;
    }
    case 'object': {
      const valid = validValue(s, components) as fc.Arbitrary<Record<string, unknown>>;
      for (const name of s.required ?? []) {
        options.push(valid.map((v) => Object.fromEntries(Object.entries(v).filter(([k]) => k !== name))));
      }
      if (s.additionalProperties === false) {
        const known = new Set(Object.keys(s.properties ?? {}));
        const extra = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'admin', 'isAdmin', 'status', 'tier', "'; DROP"), fc.string({ minLength: 1, maxLength: 12 })).filter((k) => !known.has(k));
        // A computed key: "__proto__" becomes an own property, as JSON.parse makes it on the server.
        options.push(fc.tuple(valid, extra, fc.jsonValue({ maxDepth: 2 })).map(([v, k, x]) => ({ ...v, [k]: x })));
      }
      for (const [name, p] of Object.entries(s.properties ?? {})) {
        const bad = invalidValue(p, components);
        if (bad !== null) options.push(fc.tuple(valid, bad).map(([v, b]) => ({ ...v, [name]: b })));
      }
      break;
    }
  }
  return options.length === 0 ? null : fc.oneof(...options);
}

/**
 * A text (path segment or query value) the parameter's schema refuses, or null. Path and query values
 * are always strings, so "not a string" is no defect there: only length, pattern, enum, format and
 * number/boolean syntax are.
 */
export function invalidText(schema: JsonSchema, components: Components): fc.Arbitrary<string> | null {
  const s = resolve(schema, components);
  const options: fc.Arbitrary<string>[] = [];
  switch (s.type) {
    case 'string':
      if (s.maxLength !== undefined) options.push(fc.integer({ min: s.maxLength + 1, max: s.maxLength + 200 }).map((n) => 'y'.repeat(n)));
      if (s.minLength !== undefined && s.minLength > 1) options.push(fc.constant('z'.repeat(s.minLength - 1)));
      if (s.enum !== undefined) options.push(hostileString.filter((v) => v !== '' && !(s.enum as string[]).includes(v)));
      if (s.pattern !== undefined) options.push(hostileString.filter((v) => v !== '' && !new RegExp(s.pattern as string, 'u').test(v)));
      if (s.format === 'date-time') options.push(fc.constantFrom(...BAD_DATES.filter((d) => d !== '')));
      break;
    case 'integer':
    case 'number':
      options.push(fc.constantFrom('abc', '1e3', '0x10', ' 1', '1 ', '--1', '', 'NaN', 'Infinity', '１２'));
      if (s.minimum !== undefined) options.push(fc.integer({ min: -1e9, max: Math.ceil(s.minimum) - 1 }).map(String));
      if (s.maximum !== undefined) options.push(fc.integer({ min: Math.floor(s.maximum) + 1, max: 2 ** 53 }).map(String));
      if (s.type === 'integer') options.push(fc.constantFrom('1.5', '2.0001'));
      break;
    case 'boolean':
      options.push(fc.constantFrom('1', '0', 'yes', 'TRUE', 'False', '', 'null'));
      break;
  }
  return options.length === 0 ? null : fc.oneof(...options);
}

// ------------------------------------------------------------------------------------------------
// Requests
// ------------------------------------------------------------------------------------------------
export interface FuzzRequest {
  method: string;
  /** The raw request target, sent as is. */
  target: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** The route this request was made for. */
  route: ApiRoute;
  /** This request can write if accepted, and carries a defect: it must be refused. */
  mustReject: boolean;
  /** What was done to it, for failure messages. */
  notes: string[];
}

export interface FuzzContext {
  routes: readonly ApiRoute[];
  components: Components;
  adminKey: string;
  /** Real values for path parameters by name (existing slugs, job ids), to reach deeper code. */
  samples: Record<string, readonly string[]>;
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'];
const WRITE_METHODS = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);

/** Percent-encodes any string (a lone surrogate becomes U+FFFD instead of throwing). */
const enc = (s: string): string => encodeURIComponent(s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));

/** A path segment in its raw (already encoded) form. */
function segmentFor(param: ApiParam, ctx: FuzzContext): fc.Arbitrary<string> {
  const samples = ctx.samples[param.name] ?? [];
  const options: fc.Arbitrary<string>[] = [
    validValue(param.schema, ctx.components).map((v) => enc(String(v))),
    hostileString.filter((v) => v !== '').map(enc),
    fc.constantFrom('%', '%zz', '%C0%AF', '%00', '%2F', '%252F', '%E2%82', '%ED%A0%80', '%FF%FE', '..', '.', '%2e%2e', 'null', 'undefined', '__proto__', '~', '*', '%20'),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).map(enc),
    fc.integer({ min: 100, max: 10_000 }).map((n) => 'a'.repeat(n)),
  ];
  if (samples.length > 0) options.push(fc.constantFrom(...samples.map(enc)));
  return fc.oneof(...options);
}

function templatePath(route: ApiRoute, ctx: FuzzContext): fc.Arbitrary<{ path: string; notes: string[] }> {
  const parts = route.path.split('/').slice(1);
  const segments = parts.map((part) => {
    const name = /^\{(.+)\}$/.exec(part)?.[1];
    const param = route.pathParams.find((p) => p.name === name);
    return param === undefined ? fc.constant(part) : segmentFor(param, ctx);
  });
  const base = fc.tuple(...segments).map((s) => `/${s.join('/')}`);
  const variant = fc.oneof(
    { weight: 8, arbitrary: fc.constant('as-is') },
    { weight: 1, arbitrary: fc.constantFrom('trailing-slash', 'double-slash', 'extra-segment', 'upper-case', 'dot-segment', 'encoded-literal') },
  );
  return fc.tuple(base, variant, hostileString).map(([path, v, extra]) => {
    switch (v) {
      case 'trailing-slash':
        return { path: `${path}/`, notes: [v] };
      case 'double-slash':
        return { path: `/${path}`, notes: [v] };
      case 'extra-segment':
        return { path: `${path}/${enc(extra)}`, notes: [v] };
      case 'upper-case':
        return { path: path.toUpperCase(), notes: [v] };
      case 'dot-segment':
        return { path: `/x/..${path}`, notes: [v] };
      case 'encoded-literal':
        return { path: path.replace(/[a-z]/, (c) => `%${c.charCodeAt(0).toString(16)}`), notes: [v] };
      default:
        return { path, notes: [] };
    }
  });
}

type Pair = [string, string];

function queryPairs(route: ApiRoute, ctx: FuzzContext): fc.Arbitrary<Pair[]> {
  const known = route.query.map((q) => q.name);
  const value = (q: ApiParam | undefined): fc.Arbitrary<string> => {
    if (q === undefined) return hostileString;
    const bad = invalidText(q.schema, ctx.components);
    return fc.oneof(
      validValue(q.schema, ctx.components).map(String),
      ...(bad !== null ? [bad] : []),
      hostileString,
    );
  };
  const knownPair: fc.Arbitrary<Pair> =
    known.length === 0
      ? fc.tuple(fc.constantFrom('q', 'limit', 'token'), hostileString)
      : fc.constantFrom(...known).chain((name) => fc.tuple(fc.constant(name), value(route.query.find((q) => q.name === name))));
  const randomPair: fc.Arbitrary<Pair> = fc.tuple(fc.oneof(hostileString, fc.constantFrom('__proto__', 'constructor', 'toString', 'Limit', 'q[]', 'a.b')), hostileString);
  // Some requests only valid values, so that the handlers (lookups, token checks) run, not just validation.
  const validPair: fc.Arbitrary<Pair> =
    route.query.length === 0
      ? fc.constant(['', ''] as Pair)
      : fc.constantFrom(...route.query).chain((q) => fc.tuple(fc.constant(q.name), validValue(q.schema, ctx.components).map(String)));
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant<Pair[]>([]) },
    { weight: 2, arbitrary: fc.uniqueArray(validPair, { maxLength: 3, selector: ([k]) => k }).map((pairs) => pairs.filter(([k]) => k !== '')) },
    { weight: 3, arbitrary: fc.array(fc.oneof({ weight: 4, arbitrary: knownPair }, { weight: 1, arbitrary: randomPair }), { maxLength: 6 }) },
  );
}

/** A raw query string: mostly well encoded, sometimes repeated, huge or broken percent-encoding. */
function queryString(pairs: fc.Arbitrary<Pair[]>): fc.Arbitrary<{ query: string; notes: string[] }> {
  return fc
    .tuple(
      pairs,
      fc.oneof(
        { weight: 10, arbitrary: fc.constant('') },
        { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '&&&', '==', '=&=', '+', '%E2%82', 'a=%', '%00=%00', ';', '#frag', '?', 'q=%ZZ%') },
        { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 10_000 }).map((n) => `q=${'w'.repeat(n)}`) },
      ),
      fc.boolean(),
    )
    .map(([list, garbage, repeat]) => {
      const encoded = list.map(([k, v]) => `${enc(k)}=${enc(v)}`);
      if (repeat && encoded.length > 0) encoded.push(encoded[0] as string);
      const all = [...encoded, ...(garbage !== '' ? [garbage] : [])];
      const notes = [...(repeat && encoded.length > 0 ? ['repeated parameter'] : []), ...(garbage !== '' ? [`query garbage ${garbage.slice(0, 20)}`] : [])];
      return { query: all.join('&'), notes };
    });
}

const JSON_TYPES = ['application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/json;;;', 'Application/Json ; charset=latin1'];
const OTHER_TYPES = ['text/plain', 'application/xml', 'application/jsonx', 'application/problem+json', 'application/octet-stream', 'text/html', 'json', 'application/x-ndjson', '*/*', '; charset=utf-8'];
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=XyZ', 'multipart/form-data', 'multipart/form-data; boundary="a b"', `multipart/form-data; boundary=${'b'.repeat(90)}`];
const ACCEPTS = [
  undefined,
  'application/json',
  'application/problem+json',
  'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  'text/html',
  '*/*',
  'text/html;q=0, application/json',
  'application/json;q=0.1, text/html',
  'text/html;q=abc',
  ';;;,,,q=',
  'image/png',
];

interface Body {
  contentType?: string;
  body?: Buffer;
  notes: string[];
}

const b = (text: string) => Buffer.from(text, 'utf8');

function nested(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** Bodies that are never valid JSON for any route. */
const brokenJson: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('{', '{"email":', "{'email':'a@b.example'}", '{"a":1,}', '[1,2', 'NaN', '{"a":undefined}', '// comment\n{}', '\ufeff{}', '{"a":"\\x41"}', 'nul', '{"a" 1}', '"unterminated'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }).filter((s) => {
    try {
      JSON.parse(s);
      return false;
    } catch {
      return true;
    }
  }),
);

const formGarbage: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('a=1&a=2&%zz=%&&==', 'List-Unsubscribe=One-Click', 'List-Unsubscribe=Two-Clicks', 'confirm=yes', 'confirm=no&confirm=yes', 'keywords=' + 'k,'.repeat(500), '%', '=&=&='),
  fc.array(fc.tuple(hostileString, hostileString), { maxLength: 5 }).map((pairs) => pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&')),
  fc.constantFrom(
    '--XyZ\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--XyZ--\r\n',
    '--XyZ\r\nContent-Disposition: form-data; name="f"; filename="x.sh"\r\n\r\nrm -rf /\r\n--XyZ--\r\n',
    '--XyZ\r\n\r\n--XyZ--',
    '--XyZ',
    '--XyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n--XyZ--\r\n',
  ),
);

/** Any body at all: valid, invalid, broken, huge, deep, form, binary. */
function anyBody(route: ApiRoute, ctx: FuzzContext): fc.Arbitrary<Body> {
  const schema = route.body ?? { type: 'object', properties: {} };
  const bad = invalidValue(schema, ctx.components);
  const jsonType = fc.constantFrom(...JSON_TYPES);
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant<Body>({ notes: ['no body'] }) },
    { weight: 3, arbitrary: fc.tuple(jsonType, validValue(schema, ctx.components)).map(([t, v]) => ({ contentType: t, body: b(JSON.stringify(v)), notes: ['schema-valid JSON'] })) },
    ...(bad !== null ? [{ weight: 3, arbitrary: fc.tuple(jsonType, bad).map(([t, v]) => ({ contentType: t, body: b(JSON.stringify(v) ?? 'null'), notes: ['schema-invalid JSON'] })) }] : []),
    { weight: 1, arbitrary: fc.tuple(jsonType, fc.jsonValue({ maxDepth: 4 })).map(([t, v]) => ({ contentType: t, body: b(JSON.stringify(v)), notes: ['random JSON'] })) },
    { weight: 2, arbitrary: fc.tuple(jsonType, brokenJson).map(([t, text]) => ({ contentType: t, body: b(text), notes: ['broken JSON'] })) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(1_000, 5_000, 20_000, 20_000, 140_000), fc.constantFrom('x', 'é', '😀', '"')).map(([n, c]) => ({ contentType: 'application/json', body: b(JSON.stringify({ email: c.repeat(n), keywords: [c.repeat(n)] })), notes: [`huge string ${n}`] })) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(100, 10_000, 100_000), fc.constantFrom<'array' | 'object'>('array', 'object')).map(([d, k]) => ({ contentType: 'application/json', body: b(nested(d, k)), notes: [`nested ${k} ${d}`] })) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...FORM_TYPES), formGarbage).map(([t, text]) => ({ contentType: t, body: b(text), notes: ['form body'] })) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...OTHER_TYPES, undefined), fc.uint8Array({ maxLength: 300 })).map(([t, bytes]) => ({ ...(t !== undefined ? { contentType: t } : {}), body: Buffer.from(bytes), notes: ['binary body'] })) },
  );
}

/** A body this route must refuse (it has a body schema and is JSON-only for requests that write). */
function defectiveBody(route: ApiRoute, ctx: FuzzContext): fc.Arbitrary<Body> | null {
  if (route.body === undefined) return null;
  const bad = invalidValue(route.body, ctx.components);
  const valid = validValue(route.body, ctx.components);
  return fc.oneof(
    ...(bad !== null ? [fc.tuple(fc.constantFrom(...JSON_TYPES), bad).map(([t, v]) => ({ contentType: t, body: b(JSON.stringify(v) ?? 'null'), notes: ['defect: schema-invalid JSON'] }))] : []),
    fc.tuple(fc.constantFrom(...JSON_TYPES), brokenJson).map(([t, text]) => ({ contentType: t, body: b(text), notes: ['defect: broken JSON'] })),
    fc.tuple(fc.constantFrom(...OTHER_TYPES, undefined), valid).map(([t, v]) => ({ ...(t !== undefined ? { contentType: t } : {}), body: b(JSON.stringify(v)), notes: [`defect: content-type ${String(t)}`] })),
    valid.map((v) => ({ contentType: 'application/json', body: b(JSON.stringify({ ...(v as object), pad: 'p'.repeat(270_000) })), notes: ['defect: body over 256 KiB'] })),
  );
}

type KeyMode = 'none' | 'empty' | 'bogus' | 'valid';

function apiKey(mode: KeyMode, ctx: FuzzContext, bogus: string): string | undefined {
  if (mode === 'none') return undefined;
  if (mode === 'empty') return '';
  if (mode === 'valid') return ctx.adminKey;
  return bogus;
}

const printable = (s: string) => s.replace(/[^\x20-\x7e]/g, '?');

/**
 * Requests for one route. `forceKey` pins the admin key mode (to cover admin routes both with and
 * without a valid key); otherwise it is random.
 */
export function requestFor(route: ApiRoute, ctx: FuzzContext, forceKey?: KeyMode): fc.Arbitrary<FuzzRequest> {
  const sameTemplate = new Set(ctx.routes.filter((r) => r.path === route.path).map((r) => r.method));
  const otherMethods = METHODS.filter((m) => !sameTemplate.has(m) && !(m === 'HEAD' && sameTemplate.has('GET')));
  const methods = fc.oneof({ weight: 6, arbitrary: fc.constant(route.method) }, { weight: 1, arbitrary: fc.constantFrom(...otherMethods) });
  const keyMode: fc.Arbitrary<KeyMode> = forceKey !== undefined ? fc.constant(forceKey) : fc.constantFrom<KeyMode>('none', 'empty', 'bogus', 'valid');
  // Near misses of the real key (HTTP trims a value's edge spaces, so no " key" here: that one is valid).
  const k = ctx.adminKey;
  const nearMisses = ['x', k.slice(0, -1), `${k}0`, k.toUpperCase() === k ? k.toLowerCase() : k.toUpperCase(), `${k},${k}`, `${k}x`, `x${k}`, "' OR 1=1 --"];
  const bogusKey = fc.oneof(fc.constantFrom(...nearMisses), fc.string({ minLength: 1, maxLength: 1000 }).map(printable).filter((v) => v.trim() !== k));
  const defect = fc.constantFrom('unknown-query', 'body', 'path', 'query-value');
  const extraHeaders = fc.record(
    {
      'if-none-match': fc.constantFrom('*', '"abc"', 'W/"x", "y"', '', printable('"\u00e9"')),
      'x-forwarded-for': fc.constantFrom('127.0.0.1, 10.0.0.1', '::1', 'garbage'),
      cookie: fc.constantFrom('session=1', 'a=b; c=d', '=;=;'),
      'user-agent': hostileString.map((v) => printable(v).slice(0, 1000)),
      'content-encoding': fc.constantFrom('gzip', 'br', 'identity'),
    },
    { requiredKeys: [] },
  );
  // Built once: building arbitraries inside chain() for every sample costs seconds per thousand.
  const bodyDefect = defectiveBody(route, ctx);
  const segmentDefects = route.pathParams.map((p) => invalidText(p.schema, ctx.components));
  const pathDefect =
    segmentDefects.length > 0 && segmentDefects.every((x) => x !== null) ? fc.tuple(...(segmentDefects as fc.Arbitrary<string>[])) : null;
  const firstQuery = route.query[0];
  const firstQueryDefect = firstQuery === undefined ? null : invalidText(firstQuery.schema, ctx.components);
  const queryDefect = firstQuery !== undefined && firstQueryDefect !== null ? Object.assign(firstQueryDefect, { name: firstQuery.name }) : null;
  return fc
    .tuple(
      methods,
      templatePath(route, ctx),
      queryString(queryPairs(route, ctx)),
      anyBody(route, ctx),
      fc.constantFrom(...ACCEPTS),
      keyMode,
      bogusKey,
      extraHeaders,
      defect,
      fc.boolean(),
    )
    .chain(([method, path, query, body, accept, mode, bogus, extra, defectKind, withToken]) => {
      const guardedByKey = route.admin && mode !== 'valid';
      const canWrite = WRITE_METHODS.has(method) && method === route.method && !route.tokenGuarded && !guardedByKey;
      // Token routes: a token is usually sent (a random one: never valid), sometimes left out.
      const tokenPairs = route.tokenGuarded && withToken && !query.query.includes('token=') ? `token=${enc('v1.' + 'A'.repeat(40))}` : '';
      const base = (q: string, p: string, bd: Body, notes: string[]): FuzzRequest => {
        const headers: Record<string, string> = { ...extra };
        if (accept !== undefined) headers.accept = accept;
        if (bd.contentType !== undefined) headers['content-type'] = bd.contentType;
        const key = route.admin ? apiKey(mode, ctx, bogus) : undefined;
        if (key !== undefined) headers['x-api-key'] = key;
        const fullQuery = [tokenPairs, q].filter((x) => x !== '').join('&');
        return {
          method,
          target: (fullQuery === '' ? p : `${p}?${fullQuery}`).slice(0, MAX_TARGET),
          headers,
          ...(bd.body !== undefined ? { body: bd.body } : {}),
          route,
          mustReject: canWrite,
          notes: [...notes, ...bd.notes, ...(route.admin ? [`key ${mode}`] : [])],
        };
      };
      if (!canWrite) return fc.constant(base(query.query, path.path, body, [...path.notes, ...query.notes]));
      // A request that could write: give it a defect the API must refuse.
      if (defectKind === 'body' && bodyDefect !== null) {
        return bodyDefect.map((bd) => base(query.query, path.path, bd, [...path.notes, ...query.notes]));
      }
      if (defectKind === 'path' && pathDefect !== null) {
        return pathDefect.map((values) => {
          let i = 0;
          const p = route.path.replace(/\{[^}]+\}/g, () => enc(values[i++] as string));
          return base(query.query, p, body, ['defect: path parameter']);
        });
      }
      if (defectKind === 'query-value' && queryDefect !== null) {
        return queryDefect.map((v) => base(`${enc(queryDefect.name)}=${enc(v)}`, path.path, body, ['defect: query value']));
      }
      const unknown = `zz_${route.operationId}`;
      // First, so that cutting a long target at MAX_TARGET keeps it.
      return fc.constant(base([`${unknown}=1`, query.query].filter((x) => x !== '').join('&'), path.path, body, [...path.notes, 'defect: unknown query parameter']));
    });
}

// ------------------------------------------------------------------------------------------------
// Sending, and what every answer must be
// ------------------------------------------------------------------------------------------------
export interface FuzzResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  ms: number;
  /** Set when no answer came (timeout, reset). */
  error?: string;
}

export function fuzzAgent(maxSockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets });
}

/** Sends exactly the generated request; resolves with an error instead of throwing. */
export function send(baseUrl: string, req: FuzzRequest, agent: Agent, timeoutMs = 60_000): Promise<FuzzResponse> {
  const url = new URL(baseUrl);
  const started = Date.now();
  return new Promise((resolve) => {
    const headers: Record<string, string> = { ...req.headers };
    if (req.body !== undefined) headers['content-length'] = String(req.body.length);
    let r;
    try {
      r = request({ host: url.hostname, port: url.port, method: req.method, path: req.target, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), ms: Date.now() - started }));
        res.on('error', (e) => resolve({ status: 0, headers: {}, body: Buffer.alloc(0), ms: Date.now() - started, error: String(e) }));
      });
    } catch (error) {
      // The client refused to send it (a character Node will not put on the wire): not a server answer.
      resolve({ status: -1, headers: {}, body: Buffer.alloc(0), ms: 0, error: `client refused: ${String(error)}` });
      return;
    }
    r.setTimeout(timeoutMs, () => r.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    r.on('error', (e) => resolve({ status: 0, headers: {}, body: Buffer.alloc(0), ms: Date.now() - started, error: String(e) }));
    r.end(req.body);
  });
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function pool<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

const header = (res: FuzzResponse, name: string): string => {
  const v = res.headers[name];
  return Array.isArray(v) ? v.join(', ') : (v ?? '');
};

/**
 * What is wrong with an answer, if anything: a 5xx, no answer, an error that is not problem+json
 * (or, for a browser on a page route, an HTML page), a problem whose status differs from the HTTP
 * status, a write request that was accepted, or a reflected script in HTML (JSON-LD data blocks
 * aside, which cannot hold a `<`: the site escapes it).
 */
export function violations(req: FuzzRequest, res: FuzzResponse): string[] {
  const out: string[] = [];
  if (res.status === -1) return out; // never sent
  if (res.error !== undefined) return [`no answer: ${res.error}`];
  if (res.status >= 500) out.push(`status ${res.status}`);
  if (req.mustReject && res.status < 400) out.push(`a request with a defect was accepted (${res.status})`);
  if (WRITE_METHODS.has(req.method) && res.status < 400) out.push(`a ${req.method} was accepted (${res.status})`);
  const type = header(res, 'content-type').toLowerCase();
  if (res.status >= 400) {
    if (type.startsWith('application/problem+json')) {
      if (req.method !== 'HEAD') {
        try {
          const doc = JSON.parse(res.body.toString('utf8')) as { status?: unknown; type?: unknown; title?: unknown };
          if (doc.status !== res.status) out.push(`problem status ${String(doc.status)} ≠ HTTP ${res.status}`);
          if (typeof doc.type !== 'string' || typeof doc.title !== 'string') out.push('problem without type/title');
        } catch {
          out.push('problem+json body is not JSON');
        }
      }
    } else if (type.startsWith('text/html')) {
      if (!prefersHtml(req.headers.accept)) out.push('an HTML error for a client that did not ask for HTML');
      if (req.method !== 'HEAD' && !/<html[\s>]/i.test(res.body.toString('utf8'))) out.push('an HTML error that is not a page');
    } else {
      out.push(`a ${res.status} as "${type}", not problem+json`);
    }
    if (res.status === 405 && header(res, 'allow') === '') out.push('405 without Allow');
  }
  // JSON-LD blocks (structured data on the site's pages) are data, never run; any other script is a violation.
  const page = res.body.toString('utf8').replace(/<script type="application\/ld\+json">[^<]*<\/script>/g, '');
  if (type.startsWith('text/html') && /<script/i.test(page)) out.push('a <script> in an HTML answer');
  return out;
}

/** One line per request, for failure messages. */
export function describeRequest(req: FuzzRequest): string {
  const body = req.body === undefined ? '' : ` body(${req.body.length}B ${JSON.stringify(req.body.subarray(0, 80).toString('utf8'))})`;
  return `${req.method} ${req.target.slice(0, 160)}${req.target.length > 160 ? '…' : ''} [${req.route.operationId}; ${req.notes.join('; ')}] headers=${JSON.stringify(req.headers).slice(0, 200)}${body}`;
}
