import { beforeEach, describe, expect, it } from 'vitest';
import { BadSignature, SignatureExpired } from './errors.js';
import { dumps, loads } from './dumps.js';
import { useSettings } from './settings.test-helper.js';

const T0 = 1_700_000_000;
const at = (seconds: number) => (): number => seconds * 1000;

// Expected strings were produced by Django 3.2's signing.dumps with SECRET_KEY = 's3cret' at T0.
beforeEach(() => {
  useSettings({ SECRET_KEY: 's3cret' });
});

describe('dumps', () => {
  it("gives exactly Django's string for the same data, key, salt and second", () => {
    expect(dumps('hello', { clock: at(T0) })).toBe('ImhlbGxvIg:1r31eq:IcQoTwBrcdP-LTjxegjE_qioQQoK-FIWtZnUwILmfkE');
    expect(dumps({ user: 42 }, { salt: 'unsubscribe', clock: at(T0) })).toBe(
      'eyJ1c2VyIjo0Mn0:1r31eq:Ga-44RtTXFMAzWxgNnBDoSh_XGC8zGInoP_Dpk3-3qM',
    );
  });

  it("compresses Django's documented example the way Django does", () => {
    const list = Array.from({ length: 19 }, (_, i) => i + 1);
    expect(dumps(list, { compress: true, clock: at(T0) })).toBe(
      '.eJwFwcERACAIwLCF-rCiILN47r-GyZVJsNgkxaFxoDgxcOHGxMKD_T7vhAml:1r31eq:0MLudhbQEKP8d_hR0QuL-kG8uTAb2wxESTskMVnkXRU',
    );
  });

  it('does not compress when compression would not save two bytes', () => {
    expect(dumps('x', { compress: true }).startsWith('.')).toBe(false);
  });
});

describe('loads', () => {
  it("reads Django's strings", () => {
    expect(loads('ImhlbGxvIg:1r31eq:IcQoTwBrcdP-LTjxegjE_qioQQoK-FIWtZnUwILmfkE')).toBe('hello');
    expect(
      loads('.eJwFwcERACAIwLCF-rCiILN47r-GyZVJsNgkxaFxoDgxcOHGxMKD_T7vhAml:1r31eq:0MLudhbQEKP8d_hR0QuL-kG8uTAb2wxESTskMVnkXRU'),
    ).toEqual(Array.from({ length: 19 }, (_, i) => i + 1));
  });

  it('round-trips objects with and without compression', () => {
    const value = { a: 'é🐎', b: [1, 2.5, null, true], c: { nested: 'x'.repeat(100) } };
    expect(loads(dumps(value))).toEqual(value);
    expect(loads(dumps(value, { compress: true }))).toEqual(value);
  });

  it('rejects another salt or key', () => {
    const token = dumps({ user: 42 }, { salt: 'unsubscribe' });
    expect(() => loads(token)).toThrow(BadSignature);
    expect(() => loads(token, { salt: 'reset' })).toThrow(BadSignature);
    expect(() => loads(token, { salt: 'unsubscribe', key: 'other' })).toThrow(BadSignature);
    expect(loads(token, { salt: 'unsubscribe' })).toEqual({ user: 42 });
  });

  it('accepts a fallback key, given or from SECRET_KEY_FALLBACKS', () => {
    const token = dumps('v', { key: 'old' });
    expect(loads(token, { key: 'new', fallbackKeys: ['old'] })).toBe('v');
    useSettings({ SECRET_KEY: 'new', SECRET_KEY_FALLBACKS: ['old'] });
    expect(loads(token)).toBe('v');
    expect(() => loads(token, { fallbackKeys: [] })).toThrow(BadSignature);
  });

  it('enforces maxAge, accepting the boundary', () => {
    const token = dumps('v', { clock: at(T0) });
    expect(loads(token, { maxAge: 30, clock: at(T0 + 30) })).toBe('v');
    expect(() => loads(token, { maxAge: 30, clock: at(T0 + 31) })).toThrow(SignatureExpired);
  });

  it('rejects tampering with the compression flag', () => {
    const token = dumps({ items: Array(40).fill('same') }, { compress: true });
    expect(() => loads(token.slice(1))).toThrow(BadSignature);
    expect(() => loads(`.${dumps('plain')}`)).toThrow(BadSignature);
  });

  it('rejects values without separators or with a bad timestamp', () => {
    expect(() => loads('ImhlbGxvIg')).toThrow('No ":" found in value');
    expect(() => loads('ImhlbGxvIg:IcQoTwBrcdP-LTjxegjE_qioQQoK-FIWtZnUwILmfkE')).toThrow(BadSignature);
  });
});
