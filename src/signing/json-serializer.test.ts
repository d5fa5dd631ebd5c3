import { describe, expect, it } from 'vitest';
import { JSONSerializer } from './json-serializer.js';

const dump = (value: unknown): string => Buffer.from(JSONSerializer.dumps(value)).toString('latin1');

// Every expected string here is what Python's json.dumps(value, separators=(',', ':')) writes.
describe('JSONSerializer.dumps', () => {
  it('uses compact separators', () => {
    expect(dump({ a: [1, 2], b: { c: null } })).toBe('{"a":[1,2],"b":{"c":null}}');
  });

  it('escapes every character outside printable ASCII as lowercase \\uXXXX', () => {
    expect(dump('héllo')).toBe('"h\\u00e9llo"');
    expect(dump('\u007f')).toBe('"\\u007f"');
    expect(dump('\u2028')).toBe('"\\u2028"');
    expect(dump('日本')).toBe('"\\u65e5\\u672c"');
  });

  it('writes characters beyond U+FFFF as a surrogate pair', () => {
    expect(dump('🐎')).toBe('"\\ud83d\\udc0e"');
  });

  it('uses the short escapes Python uses and \\u00XX for other control characters', () => {
    expect(dump('"\\\b\f\n\r\t\u0000\u001f')).toBe('"\\"\\\\\\b\\f\\n\\r\\t\\u0000\\u001f"');
  });

  it('escapes object keys the same way', () => {
    expect(dump({ 'clé': 1 })).toBe('{"cl\\u00e9":1}');
  });

  it('leaves / and printable ASCII alone', () => {
    expect(dump(' !~/<>&\'')).toBe('" !~/<>&\'"');
  });

  it.each([
    [0, '0'],
    [-0, '0'],
    [42, '42'],
    [-7, '-7'],
    [Number.MAX_SAFE_INTEGER, '9007199254740991'],
    [0.5, '0.5'],
    [-2.5, '-2.5'],
    [0.1 + 0.2, '0.30000000000000004'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1.5e-7, '1.5e-07'],
    [-3.25e-5, '-3.25e-05'],
    [2 ** 53, '9007199254740992.0'],
    [1e16, '1e+16'],
    [1.5e16, '1.5e+16'],
    [2 ** 60, '1.152921504606847e+18'],
    [1e21, '1e+21'],
    [1e300, '1e+300'],
    [5e-324, '5e-324'],
    [123456.789, '123456.789'],
  ])('writes %s as Python writes it: %s', (value, expected) => {
    expect(dump(value)).toBe(expected);
  });

  it('writes a bigint as an int', () => {
    expect(dump(2n ** 70n)).toBe('1180591620717411303424');
  });

  it('refuses NaN and infinities, which are not JSON', () => {
    expect(() => dump(Number.NaN)).toThrow(TypeError);
    expect(() => dump([Number.POSITIVE_INFINITY])).toThrow(/not a JSON number/);
  });

  it('refuses circular structures', () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => dump(loop)).toThrow(/circular/);
  });

  it('allows the same object twice when it is not inside itself', () => {
    const shared = { x: 1 };
    expect(dump([shared, shared])).toBe('[{"x":1},{"x":1}]');
  });

  it('follows JSON.stringify for undefined, functions and toJSON', () => {
    expect(dump({ a: undefined, b: () => 1, c: 1 })).toBe('{"c":1}');
    expect(dump([undefined, () => 1])).toBe('[null,null]');
    expect(dump(new Date(Date.UTC(2024, 0, 2)))).toBe('"2024-01-02T00:00:00.000Z"');
    expect(dump([new String('s'), new Number(1), new Boolean(false)])).toBe('["s",1,false]');
    expect(() => dump(undefined)).toThrow(/Cannot serialize undefined/);
  });

  it('produces only ASCII bytes', () => {
    const bytes = JSONSerializer.dumps({ '\u00ff': 'ÿ😀\u0000' });
    expect([...bytes].every((b) => b < 0x80)).toBe(true);
  });
});

describe('JSONSerializer.loads', () => {
  it('reads what dumps wrote', () => {
    const value = { a: 'héllo 🐎', b: [1, 0.5, 1e-7, true, null], c: { d: '\n' } };
    expect(JSONSerializer.loads(JSONSerializer.dumps(value))).toEqual(value);
  });

  it('decodes bytes as Latin-1, as Django does', () => {
    expect(JSONSerializer.loads(Uint8Array.from([0x22, 0xe9, 0x22]))).toBe('é');
  });
});
