import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidTokenFormat } from './errors.js';
import { checkTokenFormat, CSRF_ALLOWED_CHARS, doesTokenMatch, maskCipherSecret, newCsrfSecret, unmaskCipherToken } from './tokens.js';

const secretArb = fc.string({ unit: fc.constantFrom(...CSRF_ALLOWED_CHARS), minLength: 32, maxLength: 32 });

describe('CSRF tokens', () => {
  it('mask and unmask round-trip every secret, and every masking matches it', () => {
    fc.assert(fc.property(secretArb, (secret) => {
      const token = maskCipherSecret(secret);
      expect(token).toMatch(/^[A-Za-z0-9]{64}$/);
      expect(unmaskCipherToken(token)).toBe(secret);
      expect(doesTokenMatch(token, secret)).toBe(true);
      expect(doesTokenMatch(secret, secret)).toBe(true);
    }));
  });

  it('a token of another secret does not match', () => {
    fc.assert(fc.property(secretArb, secretArb, (a, b) => {
      fc.pre(a !== b);
      expect(doesTokenMatch(maskCipherSecret(a), b)).toBe(false);
    }));
  });

  it('new secrets are 32 letters and digits and do not repeat', () => {
    const secrets = new Set(Array.from({ length: 1000 }, newCsrfSecret));
    expect(secrets.size).toBe(1000);
    for (const s of secrets) expect(s).toMatch(/^[A-Za-z0-9]{32}$/);
  });

  it('the format check takes only 32 or 64 letters and digits, and never throws anything else', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (text) => {
      const valid = /^[A-Za-z0-9]*$/.test(text) && (text.length === 32 || text.length === 64);
      try {
        checkTokenFormat(text);
        expect(valid).toBe(true);
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidTokenFormat);
        expect(valid).toBe(false);
      }
    }));
  });
});
