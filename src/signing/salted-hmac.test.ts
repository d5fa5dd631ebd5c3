import { describe, expect, it } from 'vitest';
import { InvalidAlgorithm } from './errors.js';
import { saltedHmac } from './salted-hmac.js';
import type { HashAlgorithm } from './salted-hmac.js';
import { useSettings } from './settings.test-helper.js';

// Digests computed with Django 3.2's django.utils.crypto.salted_hmac.
describe('saltedHmac', () => {
  it("matches Django's salted_hmac for sha1 (its default) and sha256", () => {
    expect(saltedHmac('salt', 'value', 'secret').toString('hex')).toBe('a82be9ba6efe61405ee8d2e8a3781c37e103360a');
    expect(saltedHmac('salt', 'value', 'secret', 'sha256').toString('hex')).toBe(
      'debaddcd9ecbaab181289870baf8af49b0af0a7050d620d1a63f1e69bd87ceb8',
    );
  });

  it('takes the secret from SECRET_KEY when none is given', () => {
    useSettings({ SECRET_KEY: 'k' });
    expect(saltedHmac('salt', 'value', undefined, 'sha256').toString('hex')).toBe(
      '34933a054a08170a6f385777bba40a1708a3b7399be5907d5d15705b1e0291fe',
    );
    useSettings({ SECRET_KEY: 'other' });
    expect(saltedHmac('salt', 'value', undefined, 'sha256').toString('hex')).not.toBe(
      '34933a054a08170a6f385777bba40a1708a3b7399be5907d5d15705b1e0291fe',
    );
  });

  it('treats a string secret and its UTF-8 bytes alike', () => {
    expect(saltedHmac('s', 'v', 'clé')).toEqual(saltedHmac('s', 'v', Buffer.from('clé', 'utf8')));
  });

  it('gives different digests for different salts, values and secrets', () => {
    const base = saltedHmac('s', 'v', 'k').toString('hex');
    expect(saltedHmac('t', 'v', 'k').toString('hex')).not.toBe(base);
    expect(saltedHmac('s', 'w', 'k').toString('hex')).not.toBe(base);
    expect(saltedHmac('s', 'v', 'l').toString('hex')).not.toBe(base);
  });

  it('rejects an algorithm hashlib does not name', () => {
    expect(() => saltedHmac('s', 'v', 'k', 'sha-256' as HashAlgorithm)).toThrow(InvalidAlgorithm);
    expect(() => saltedHmac('s', 'v', 'k', 'toString' as HashAlgorithm)).toThrow(/not a hash algorithm/);
  });
});
