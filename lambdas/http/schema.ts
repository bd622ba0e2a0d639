/**
 * A small JSON Schema subset: the one description of request parameters and bodies that both
 * validates requests and is published in /openapi.json, so the two cannot drift.
 */
import type { FieldError } from './problems';

interface Described {
  description?: string;
}

export type Schema =
  | (Described & {
      type: 'string';
      minLength?: number;
      maxLength?: number;
      pattern?: string;
      enum?: readonly string[];
      format?: 'date-time' | 'email' | 'uri';
    })
  | (Described & { type: 'integer' | 'number'; minimum?: number; maximum?: number; default?: number })
  | (Described & { type: 'boolean' })
  | (Described & { type: 'array'; items: Schema; maxItems?: number; minItems?: number })
  | (Described & {
      type: 'object';
      properties: Record<string, Schema>;
      required?: readonly string[];
      additionalProperties?: false | Schema;
    })
  | (Described & { nullable: Schema })
  | { $ref: string };

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

/** Validates a decoded JSON value. `$ref`s are resolved against `components`. */
export function validate(
  schema: Schema,
  value: unknown,
  at = '',
  components: Record<string, Schema> = {},
): FieldError[] {
  const errors: FieldError[] = [];
  const fail = (message: string): FieldError[] => {
    errors.push({ field: at === '' ? '/' : at, message });
    return errors;
  };
  if ('$ref' in schema) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = components[name];
    if (target === undefined) throw new Error(`unknown schema ${schema.$ref}`);
    return validate(target, value, at, components);
  }
  if ('nullable' in schema) {
    return value === null ? errors : validate(schema.nullable, value, at, components);
  }
  switch (schema.type) {
    case 'string': {
      if (typeof value !== 'string') return fail('must be a string');
      const length = [...value].length;
      if (schema.minLength !== undefined && length < schema.minLength)
        return fail(`must be at least ${schema.minLength} characters`);
      if (schema.maxLength !== undefined && length > schema.maxLength)
        return fail(`must be at most ${schema.maxLength} characters`);
      if (schema.enum !== undefined && !schema.enum.includes(value))
        return fail(`must be one of ${schema.enum.join(', ')}`);
      if (schema.pattern !== undefined && !compiled(schema.pattern).test(value))
        return fail(`must match ${schema.pattern}`);
      if (schema.format === 'date-time' && (!ISO_DATE_TIME.test(value) || Number.isNaN(Date.parse(value))))
        return fail('must be an ISO 8601 date-time');
      return errors;
    }
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail(`must be a ${schema.type}`);
      if (schema.type === 'integer' && !Number.isInteger(value)) return fail('must be an integer');
      if (schema.minimum !== undefined && value < schema.minimum) return fail(`must be ≥ ${schema.minimum}`);
      if (schema.maximum !== undefined && value > schema.maximum) return fail(`must be ≤ ${schema.maximum}`);
      return errors;
    }
    case 'boolean':
      return typeof value === 'boolean' ? errors : fail('must be a boolean');
    case 'array': {
      if (!Array.isArray(value)) return fail('must be an array');
      if (schema.minItems !== undefined && value.length < schema.minItems)
        return fail(`must have at least ${schema.minItems} items`);
      if (schema.maxItems !== undefined && value.length > schema.maxItems)
        return fail(`must have at most ${schema.maxItems} items`);
      value.forEach((item, i) => errors.push(...validate(schema.items, item, `${at}/${i}`, components)));
      return errors;
    }
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('must be an object');
      const record = value as Record<string, unknown>;
      for (const name of schema.required ?? []) {
        if (!(name in record)) errors.push({ field: `${at}/${name}`, message: 'is required' });
      }
      for (const [name, item] of Object.entries(record)) {
        const property = Object.hasOwn(schema.properties, name) ? schema.properties[name] : undefined;
        if (property !== undefined) errors.push(...validate(property, item, `${at}/${name}`, components));
        else if (schema.additionalProperties === false)
          errors.push({ field: `${at}/${name}`, message: 'is not allowed' });
        else if (schema.additionalProperties !== undefined)
          errors.push(...validate(schema.additionalProperties, item, `${at}/${name}`, components));
      }
      return errors;
    }
  }
}

/** A query string parameter: its schema (scalar), and whether it is required. */
export interface ParameterSpec {
  schema: Schema & { type: 'string' | 'integer' | 'number' | 'boolean' };
  required?: boolean;
  description: string;
}

export type ParameterSpecs = Record<string, ParameterSpec>;

type ValueOf<P extends ParameterSpec> = P['schema']['type'] extends 'string'
  ? string
  : P['schema']['type'] extends 'boolean'
    ? boolean
    : number;

export type ParsedParameters<S extends ParameterSpecs> = {
  [K in keyof S]: S[K]['required'] extends true ? ValueOf<S[K]> : ValueOf<S[K]> | undefined;
};

/**
 * Coerces raw string parameters by their schemas and validates them. Unknown names are errors:
 * a misspelt filter silently ignored would return the wrong jobs.
 */
export function parseParameters<S extends ParameterSpecs>(
  specs: S,
  raw: Record<string, string | undefined>,
): { value: ParsedParameters<S>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const value: Record<string, unknown> = {};
  for (const name of Object.keys(raw)) {
    if (!Object.hasOwn(specs, name)) errors.push({ field: name, message: 'is not a known parameter' });
  }
  for (const [name, spec] of Object.entries(specs)) {
    const text = Object.hasOwn(raw, name) ? raw[name] : undefined;
    if (text === undefined) {
      if (spec.required === true) errors.push({ field: name, message: 'is required' });
      else if ('default' in spec.schema && spec.schema.default !== undefined) value[name] = spec.schema.default;
      continue;
    }
    let coerced: unknown = text;
    if (spec.schema.type === 'integer' || spec.schema.type === 'number') {
      coerced = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
    } else if (spec.schema.type === 'boolean') {
      coerced = text === 'true' ? true : text === 'false' ? false : text;
    }
    const problems = validate(spec.schema, coerced);
    for (const p of problems) errors.push({ field: name, message: p.message });
    if (problems.length === 0) value[name] = coerced;
  }
  return { value: value as ParsedParameters<S>, errors };
}
