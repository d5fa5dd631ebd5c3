import { describe, expect, it } from 'vitest';
import { b64Decode, b64Encode } from './base64.js';

describe('b64Encode', () => {
  it('writes URL-safe base64 without padding', () => {
    expect(b64Encode('hello')).toBe('aGVsbG8');
    expect(b64Encode(Uint8Array.from([0xfb, 0xff, 0xbf]))).toBe('-_-_');
    expect(b64Encode('')).toBe('');
  });

  it('encodes only the bytes a Uint8Array view covers', () => {
    const backing = Uint8Array.from([1, 2, 104, 105, 3]);
    expect(b64Encode(backing.subarray(2, 4))).toBe('aGk');
  });

  it('encodes strings as UTF-8', () => {
    expect(b64Encode('é')).toBe('w6k');
  });
});

describe('b64Decode', () => {
  it('reads what b64Encode wrote, for every remainder length', () => {
    for (const text of ['', 'a', 'ab', 'abc', 'abcd', '\u00ff\u00fe']) {
      expect(b64Decode(b64Encode(text)).toString('utf8')).toBe(text);
    }
  });

  it('accepts padded input, as Django does', () => {
    expect(b64Decode('aGVsbG8=').toString()).toBe('hello');
  });

  it.each([
    ['a character outside the alphabet', 'aGV+bG8', /outside/],
    ['standard base64 slash', 'ab/c', /outside/],
    ['whitespace', 'aGVs bG8', /outside/],
    ['a length of 4n+1', 'aGVsb', /length/],
    ['padding on a length no encoder makes', 'aGVsbG=', /length/],
  ])('rejects %s', (_label, text, message) => {
    expect(() => b64Decode(text)).toThrow(message);
  });
});
