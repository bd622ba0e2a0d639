import { parseParameters, validate, type Schema } from '../../../lambdas/http/schema';

describe('validate', () => {
  const person: Schema = {
    type: 'object',
    properties: {
      email: { type: 'string', maxLength: 10 },
      age: { type: 'integer', minimum: 0 },
      tags: { type: 'array', items: { type: 'string', enum: ['a', 'b'] }, maxItems: 2 },
      nick: { nullable: { type: 'string' } },
    },
    required: ['email'],
    additionalProperties: false,
  };

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

  it('does not treat inherited names as properties', () => {
    expect(validate(person, JSON.parse('{"email":"x","__proto__":{"a":1}}'))).toEqual([
      { field: '/__proto__', message: 'is not allowed' },
    ]);
  });

  it('checks date-times strictly', () => {
    const s: Schema = { type: 'string', format: 'date-time' };
    expect(validate(s, '2026-11-27T10:00:00Z')).toEqual([]);
    expect(validate(s, '2026-13-45T10:00:00Z')).toHaveLength(1);
    expect(validate(s, 'yesterday')).toHaveLength(1);
  });
});

describe('parseParameters', () => {
  const specs = {
    limit: { description: 'n', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
    remote: { description: 'r', schema: { type: 'boolean' } },
    sort: { description: 's', schema: { type: 'string', enum: ['a', 'b'] } },
  } as const;

  it('coerces strings and applies defaults', () => {
    expect(parseParameters(specs, { remote: 'true', sort: 'b' })).toEqual({
      value: { limit: 20, remote: true, sort: 'b' },
      errors: [],
    });
  });

  it('rejects bad values and unknown names by name', () => {
    const { errors } = parseParameters(specs, { limit: '1e3', remote: 'yes', sorting: 'a' });
    expect(errors.map((e) => e.field).sort()).toEqual(['limit', 'remote', 'sorting']);
  });

  it('rejects out-of-range numbers', () => {
    expect(parseParameters(specs, { limit: '0' }).errors).toEqual([{ field: 'limit', message: 'must be ≥ 1' }]);
    expect(parseParameters(specs, { limit: '101' }).errors).toHaveLength(1);
  });
});
