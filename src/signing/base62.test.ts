import { describe, expect, it } from 'vitest';
import { b62Decode, b62Encode } from './base62.js';

describe('base 62', () => {
  it("writes Django's digits", () => {
    expect(b62Encode(0)).toBe('0');
    expect(b62Encode(61)).toBe('z');
    expect(b62Encode(62)).toBe('10');
    expect(b62Encode(1_700_000_000)).toBe('1r31eq');
    expect(b62Encode(-62)).toBe('-10');
  });

  it('reads back what it writes', () => {
    for (const n of [0, 1, 61, 62, 3843, 1_700_000_000, Number.MAX_SAFE_INTEGER, -5]) {
      expect(b62Decode(b62Encode(n))).toBe(n);
    }
  });

  it('rejects text that is not base 62', () => {
    expect(() => b62Decode('')).toThrow(RangeError);
    expect(() => b62Decode('-')).toThrow(RangeError);
    expect(() => b62Decode('1r3!')).toThrow(/"!"/);
    expect(() => b62Decode('zzzzzzzzzzzzzzzzzzzz')).toThrow(/too large/);
  });

  it('refuses to encode a non-integer', () => {
    expect(() => b62Encode(1.5)).toThrow(RangeError);
  });
});
