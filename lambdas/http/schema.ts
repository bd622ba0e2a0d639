/**
 * Request and response schemas are TypeBox types: plain JSON Schema 2020-12 objects that type the
 * handlers (Static<>), validate requests here, and are published in /openapi.json as they are.
 *
 * Validation is a small interpreter over the keywords those builders produce rather than a compiled
 * validator: nothing is compiled at a cold start, every error of a request is listed at once (a form
 * shows each beside its field), with the API's own wording, and formats mean what they always meant
 * here (date-time is checked; an address is judged by the sign-up use case, not by a format regex).
 */
import {
  Array as ArrayType,
  Boolean as BooleanType,
  Enum,
  Integer,
  Literal,
  Null,
  Number as NumberType,
  Object as ObjectType,
  Optional,
  String as StringType,
  Union,
  Unknown,
  Unsafe,
  type Static,
  type TObject,
  type TProperties,
  type TSchema,
} from 'typebox';
import type { FieldError } from './problems';

export type { Static, TObject, TProperties, TSchema };

/**
 * The TypeBox builders the schemas use, imported one by one: TypeBox's default export carries its
 * whole type system (about 70 KB minified), which the api function would load at every cold start.
 */
export const Type = {
  Array: ArrayType,
  Boolean: BooleanType,
  Enum,
  Integer,
  Literal,
  Null,
  Number: NumberType,
  Object: ObjectType,
  Optional,
  String: StringType,
  Union,
  Unknown,
  Unsafe,
};

/** The keywords the interpreter reads; TypeBox types are JSON Schema objects, read through this view. */
interface Keywords {
  type?: string;
  description?: string;
  default?: unknown;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  enum?: readonly unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  items?: TSchema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, TSchema>;
  required?: readonly string[];
  additionalProperties?: boolean | TSchema;
  patternProperties?: Record<string, TSchema>;
  anyOf?: readonly TSchema[];
}

const keywords = (schema: TSchema): Keywords => schema;

/** A string enum, typed as the union of its values and published with `type: string`. */
export function StringEnum<const T extends string[]>(values: readonly [...T], options: { description?: string } = {}) {
  return Type.Enum(values, { type: 'string', ...options });
}

/** `T | null`: published as anyOf with a null branch, which OpenAPI 3.1 reads as nullable. */
export function Nullable<T extends TSchema>(schema: T, options: { description?: string } = {}) {
  return Type.Union([schema, Type.Null()], options);
}

/**
 * An object of any keys whose values are all `value`: `additionalProperties` with a schema, which
 * every JSON Schema tool reads (TypeBox's own Record publishes a catch-all patternProperties).
 */
export function StringMap<T extends TSchema>(value: T, options: { description?: string } = {}) {
  return Type.Unsafe<Record<string, Static<T>>>({ type: 'object', additionalProperties: value, ...options });
}

const patternCache = new Map<string, RegExp>();
function compiled(pattern: string): RegExp {
  let re = patternCache.get(pattern);
  if (re === undefined) {
    re = new RegExp(pattern, 'u');
    patternCache.set(pattern, re);
  }
  return re;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNullType = (schema: TSchema) => keywords(schema).type === 'null';

/** Validates a decoded JSON value: every error, each with a JSON pointer to its value. */
export function validate(schema: TSchema, value: unknown, at = ''): FieldError[] {
  const errors: FieldError[] = [];
  check(schema, value, at, errors);
  return errors;
}

/** validate() as a type guard: the errors go to `errors`, and a value without any is the schema's type. */
export function conforms<T extends TSchema>(schema: T, value: unknown, errors: FieldError[]): value is Static<T> {
  const before = errors.length;
  check(schema, value, '', errors);
  return errors.length === before;
}

function check(schema: TSchema, value: unknown, at: string, errors: FieldError[]): void {
  const s = keywords(schema);
  const fail = (message: string) => {
    errors.push({ field: at === '' ? '/' : at, message });
  };
  if (s.anyOf !== undefined) return checkAnyOf(s.anyOf, value, at, errors, fail);
  if (s.const !== undefined && s.type === undefined) {
    if (value !== s.const) fail(`must be one of ${show(s.const)}`);
    return;
  }
  switch (s.type) {
    case 'string': {
      if (typeof value !== 'string') return fail('must be a string');
      const length = [...value].length;
      if (s.minLength !== undefined && length < s.minLength) return fail(`must be at least ${s.minLength} characters`);
      if (s.maxLength !== undefined && length > s.maxLength) return fail(`must be at most ${s.maxLength} characters`);
      if (s.enum !== undefined && !s.enum.includes(value)) return fail(`must be one of ${s.enum.map(show).join(', ')}`);
      if (s.const !== undefined && value !== s.const) return fail(`must be one of ${show(s.const)}`);
      if (s.pattern !== undefined && !compiled(s.pattern).test(value)) return fail(`must match ${s.pattern}`);
      if (s.format === 'date-time' && (!ISO_DATE_TIME.test(value) || Number.isNaN(Date.parse(value))))
        return fail('must be an ISO 8601 date-time');
      return;
    }
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail(`must be a ${s.type}`);
      if (s.type === 'integer' && !Number.isInteger(value)) return fail('must be an integer');
      if (s.minimum !== undefined && value < s.minimum) return fail(`must be ≥ ${s.minimum}`);
      if (s.maximum !== undefined && value > s.maximum) return fail(`must be ≤ ${s.maximum}`);
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean') fail('must be a boolean');
      return;
    case 'null':
      if (value !== null) fail('must be null');
      return;
    case 'array': {
      if (!Array.isArray(value)) return fail('must be an array');
      if (s.minItems !== undefined && value.length < s.minItems) return fail(`must have at least ${s.minItems} items`);
      if (s.maxItems !== undefined && value.length > s.maxItems) return fail(`must have at most ${s.maxItems} items`);
      const items = s.items;
      if (items !== undefined) value.forEach((item, i) => check(items, item, `${at}/${i}`, errors));
      return;
    }
    case 'object':
      return checkObject(s, value, at, errors, fail);
    default:
      if (s.enum !== undefined && !s.enum.includes(value)) fail(`must be one of ${s.enum.map(show).join(', ')}`);
  }
}

function checkAnyOf(branches: readonly TSchema[], value: unknown, at: string, errors: FieldError[], fail: (message: string) => void): void {
  // T | null reads as T's errors: "must be an integer" says more than "must match one of two schemas".
  const others = branches.filter((b) => !isNullType(b));
  if (value === null && others.length < branches.length) return;
  const outcomes = others.map((b) => validate(b, value, at));
  if (outcomes.some((o) => o.length === 0)) return;
  const consts = others.map((b) => keywords(b).const);
  if (others.length > 1 && consts.every((c) => c !== undefined)) return fail(`must be one of ${consts.map(show).join(', ')}`);
  errors.push(...(outcomes[0] ?? []));
}

function checkObject(s: Keywords, value: unknown, at: string, errors: FieldError[], fail: (message: string) => void): void {
  if (!isRecord(value)) return fail('must be an object');
  const properties = s.properties ?? {};
  for (const name of s.required ?? []) {
    if (!Object.hasOwn(value, name)) errors.push({ field: `${at}/${name}`, message: 'is required' });
  }
  for (const [name, item] of Object.entries(value)) {
    const property = Object.hasOwn(properties, name) ? properties[name] : undefined;
    if (property !== undefined) {
      check(property, item, `${at}/${name}`, errors);
      continue;
    }
    const patterned = Object.entries(s.patternProperties ?? {}).filter(([pattern]) => compiled(pattern).test(name));
    if (patterned.length > 0) patterned.forEach(([, p]) => check(p, item, `${at}/${name}`, errors));
    else if (s.additionalProperties === false) errors.push({ field: `${at}/${name}`, message: 'is not allowed' });
    else if (typeof s.additionalProperties === 'object') check(s.additionalProperties, item, `${at}/${name}`, errors);
  }
}

/** The scalar type a query or path parameter's text is read as. */
function scalarType(schema: TSchema): string {
  const s = keywords(schema);
  const inner = s.anyOf?.find((b) => !isNullType(b));
  return (inner !== undefined ? keywords(inner).type : s.type) ?? 'string';
}

/** Query and path parameters: an object of scalars; a property left out of `required` is optional. */
export type Parameters = TObject;

/** The parameters of a route that declares none. */
export type NoParameters = TObject<Record<never, never>>;

/**
 * Coerces raw string parameters by their schemas and validates them. Unknown names are errors: a
 * misspelt filter silently ignored would return the wrong jobs. Fields are parameter names.
 */
export function parseParameters<P extends Parameters>(
  specs: P | undefined,
  raw: Record<string, string | undefined>,
): { ok: true; value: Static<P> } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const properties: Record<string, TSchema> = specs?.properties ?? {};
  const required = new Set<string>(specs?.required ?? []);
  const value: Record<string, unknown> = {};
  for (const name of Object.keys(raw)) {
    if (!Object.hasOwn(properties, name)) errors.push({ field: name, message: 'is not a known parameter' });
  }
  for (const [name, schema] of Object.entries(properties)) {
    const text = Object.hasOwn(raw, name) ? raw[name] : undefined;
    if (text === undefined) {
      const fallback = keywords(schema).default;
      if (required.has(name)) errors.push({ field: name, message: 'is required' });
      else if (fallback !== undefined) value[name] = fallback;
      continue;
    }
    let coerced: unknown = text;
    const type = scalarType(schema);
    if (type === 'integer' || type === 'number') coerced = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
    else if (type === 'boolean') coerced = text === 'true' ? true : text === 'false' ? false : text;
    const problems = validate(schema, coerced);
    for (const p of problems) errors.push({ field: name, message: p.message });
    if (problems.length === 0) value[name] = coerced;
  }
  if (errors.length > 0) return { ok: false, errors };
  // Already checked field by field above; the guard runs again over the few coerced values to type them.
  if (parametersConform(specs, value, errors)) return { ok: true, value };
  return { ok: false, errors };
}

/** A route without parameters of a kind takes none (its type is then the empty object). */
function parametersConform<P extends Parameters>(specs: P | undefined, value: Record<string, unknown>, errors: FieldError[]): value is Static<P> {
  return specs === undefined ? Object.keys(value).length === 0 : conforms(specs, value, errors);
}

/** Whether an object schema declares `name` as an array (a form field that may repeat). */
export function isArrayProperty(schema: TSchema, name: string): boolean {
  const properties = keywords(schema).properties ?? {};
  const property = Object.hasOwn(properties, name) ? properties[name] : undefined;
  return property !== undefined && keywords(property).type === 'array';
}
