import { describe, expect, it } from 'vitest';
import { constantTimeCompare } from './constant-time.js';

describe('constantTimeCompare', () => {
  it('is true only for equal values', () => {
    expect(constantTimeCompare('abc', 'abc')).toBe(true);
    expect(constantTimeCompare('abc', 'abd')).toBe(false);
    expect(constantTimeCompare('', '')).toBe(true);
  });

  it('answers false, without throwing, for different lengths', () => {
    expect(constantTimeCompare('abc', 'abcd')).toBe(false);
    expect(constantTimeCompare('', 'a')).toBe(false);
  });

  it('compares strings as UTF-8 and accepts bytes', () => {
    expect(constantTimeCompare('é', Buffer.from([0xc3, 0xa9]))).toBe(true);
    expect(constantTimeCompare(Uint8Array.from([1, 2]), Uint8Array.from([1, 3]))).toBe(false);
  });
});
