import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeValue, encodeValue } from './codec.js';
import { CacheValueError } from './errors.js';

describe('cache value codec', () => {
  it('stores safe integers as bare digits, so servers can increment them', () => {
    expect(encodeValue(42)).toBe('42');
    expect(encodeValue(-7)).toBe('-7');
    expect(decodeValue('42')).toBe(42);
    expect(encodeValue('42')).toBe('s42');
    expect(decodeValue('s42')).toBe('42');
  });

  it('keeps floats, unsafe integers and -0 out of the integer form', () => {
    expect(encodeValue(1.5)).toBe('j1.5');
    expect(encodeValue(2 ** 60)).toMatch(/^j/);
  });

  it('round-trips Date and Buffer anywhere in a value', () => {
    const value = { at: new Date(0), raw: Buffer.from('hi'), list: [new Date(1), Uint8Array.of(1, 2)] };
    expect(decodeValue(encodeValue(value))).toStrictEqual({ ...value, list: [new Date(1), Buffer.from([1, 2])] });
  });

  it('does not let an object using the tag key pass for a Date or Buffer', () => {
    const sneaky = { '\u0000': 'b', v: 'aGk=', inner: { '\u0000': 'd', v: 'x' } };
    expect(decodeValue(encodeValue(sneaky))).toStrictEqual(sneaky);
  });

  it('refuses what cannot round-trip, naming it', () => {
    for (const bad of [undefined, () => 1, 10n, new Map(), new Set(), NaN, Infinity, { x: -Infinity }, Symbol('s')]) {
      expect(() => encodeValue(bad)).toThrow(CacheValueError);
    }
    expect(() => encodeValue(new Map())).toThrow(/Map cannot be cached/);
  });

  it('reports stored text it did not make as corrupt', () => {
    for (const garbage of ['', 'x', 'j{', 't[', '\u0000']) expect(() => decodeValue(garbage)).toThrow(CacheValueError);
  });

  it('round-trips any JSON value (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(decodeValue(encodeValue(value))).toStrictEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('round-trips objects with any keys, dates and bytes (property)', () => {
    const leaf = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.date({ noInvalidDate: true }), fc.uint8Array().map((a) => Buffer.from(a)));
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node')), fc.dictionary(fc.string(), tie('node'), { noNullPrototype: true })),
    })).node;
    fc.assert(fc.property(tree, (value) => void expect(decodeValue(encodeValue(value))).toStrictEqual(value)));
  });

  it('never throws anything but CacheValueError on arbitrary stored text (property)', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          decodeValue(text);
        } catch (error) {
          expect(error).toBeInstanceOf(CacheValueError);
        }
      }),
    );
  });
});
