import { canonicalJson } from '../../../lambdas/shared/json';

describe('canonicalJson', () => {
  it('sorts keys at every level, inside arrays too, and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: null } })).toBe('{"a":{"c":null,"d":[3,1]},"b":1}');
    expect(canonicalJson([{ z: { y: 1, x: [{ w: 2, v: 3 }] }, a: 0 }])).toBe('[{"a":0,"z":{"x":[{"v":3,"w":2}],"y":1}}]');
    expect(canonicalJson({ a: 'x', b: 2 })).toBe(canonicalJson({ b: 2, a: 'x' }));
  });

  it('sorts by code unit, upper case before lower case', () => {
    expect(canonicalJson({ b: 1, B: 2, _: 3, é: 4, a: 5 })).toBe('{"B":2,"_":3,"a":5,"b":1,"é":4}');
  });

  it('puts integer-like keys first, in numeric order, whatever order they were added in', () => {
    expect(canonicalJson({ b: 1, 10: 'x', 2: 'y' })).toBe('{"2":"y","10":"x","b":1}');
  });

  it('leaves out what JSON.stringify leaves out, and writes null for it inside arrays', () => {
    expect(canonicalJson({ a: undefined, f: () => 1, b: 'é"\n' })).toBe('{"b":"é\\"\\n"}');
    expect(canonicalJson([undefined, () => 1, NaN])).toBe('[null,null,null]');
  });

  it('writes scalars as JSON.stringify does and refuses a value that is not JSON at all', () => {
    expect(canonicalJson('a"b')).toBe('"a\\"b"');
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson(1.5)).toBe('1.5');
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
  });
});
