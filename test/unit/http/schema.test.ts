import { Record as RecordType } from 'typebox';
import { Nullable, StringEnum, StringMap, Type, parseParameters, validate } from '../../../lambdas/http/schema';

describe('validate', () => {
  const person = Type.Object(
    {
      email: Type.String({ maxLength: 10 }),
      age: Type.Optional(Type.Integer({ minimum: 0 })),
      tags: Type.Optional(Type.Array(StringEnum(['a', 'b']), { maxItems: 2 })),
      nick: Type.Optional(Nullable(Type.String())),
    },
    { additionalProperties: false },
  );

  it('accepts a valid value', () => {
    expect(validate(person, { email: 'a@b.c', age: 3, tags: ['a'], nick: null })).toEqual([]);
  });

  it('reports each problem with a JSON pointer', () => {
    const errors = validate(person, { age: 1.5, tags: ['a', 'c', 'b'], extra: 1 });
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: '/email', message: 'is required' },
        { field: '/age', message: 'must be an integer' },
        { field: '/tags', message: 'must have at most 2 items' },
        { field: '/extra', message: 'is not allowed' },
      ]),
    );
  });

  it("reports a nullable value's errors as its type's, and enum values by name", () => {
    expect(validate(person, { email: 'x', nick: 3, tags: ['c'] })).toEqual([
      { field: '/nick', message: 'must be a string' },
      { field: '/tags/0', message: 'must be one of a, b' },
    ]);
    expect(validate(Type.Union([Type.Literal('x'), Type.Literal('y')]), 'z')).toEqual([{ field: '/', message: 'must be one of x, y' }]);
  });

  it('checks string maps by their value schema, as additionalProperties or as patternProperties (TypeBox records)', () => {
    for (const counts of [StringMap(Type.Number()), RecordType(Type.String(), Type.Number())]) {
      expect(validate(counts, { a: 1, b: 2 })).toEqual([]);
      expect(validate(counts, { a: 'one' })).toEqual([{ field: '/a', message: 'must be a number' }]);
    }
  });

  it('counts characters, not UTF-16 units', () => {
    expect(validate(Type.String({ maxLength: 2 }), '😀😀')).toEqual([]);
    expect(validate(Type.String({ maxLength: 2 }), '😀😀😀')).toEqual([{ field: '/', message: 'must be at most 2 characters' }]);
  });

  it('does not treat inherited names as properties', () => {
    expect(validate(person, JSON.parse('{"email":"x","__proto__":{"a":1}}'))).toEqual([
      { field: '/__proto__', message: 'is not allowed' },
    ]);
  });

  it('checks date-times strictly', () => {
    const s = Type.String({ format: 'date-time' });
    expect(validate(s, '2026-11-27T10:00:00Z')).toEqual([]);
    expect(validate(s, '2026-13-45T10:00:00Z')).toHaveLength(1);
    expect(validate(s, 'yesterday')).toHaveLength(1);
  });
});

describe('parseParameters', () => {
  const specs = Type.Object({
    limit: Type.Optional(Type.Integer({ description: 'n', minimum: 1, maximum: 100, default: 20 })),
    remote: Type.Optional(Type.Boolean({ description: 'r' })),
    sort: Type.Optional(StringEnum(['a', 'b'], { description: 's' })),
  });

  it('coerces strings and applies defaults', () => {
    expect(parseParameters(specs, { remote: 'true', sort: 'b' })).toEqual({ ok: true, value: { limit: 20, remote: true, sort: 'b' } });
  });

  it('rejects bad values and unknown names by name', () => {
    const parsed = parseParameters(specs, { limit: '1e3', remote: 'yes', sorting: 'a' });
    expect(parsed.ok ? [] : parsed.errors.map((e) => e.field).sort()).toEqual(['limit', 'remote', 'sorting']);
  });

  it('rejects out-of-range numbers', () => {
    expect(parseParameters(specs, { limit: '0' })).toEqual({ ok: false, errors: [{ field: 'limit', message: 'must be ≥ 1' }] });
    expect(parseParameters(specs, { limit: '101' }).ok).toBe(false);
  });

  it('requires what the object requires, and takes nothing when there is no schema', () => {
    expect(parseParameters(Type.Object({ token: Type.String() }), {})).toEqual({ ok: false, errors: [{ field: 'token', message: 'is required' }] });
    expect(parseParameters(undefined, { x: '1' })).toEqual({ ok: false, errors: [{ field: 'x', message: 'is not a known parameter' }] });
    expect(parseParameters(undefined, {})).toEqual({ ok: true, value: {} });
  });
});
