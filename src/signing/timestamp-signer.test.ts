import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BadSignature, SignatureExpired } from './errors.js';
import { useSettings } from './settings.test-helper.js';
import { Signer } from './signer.js';
import { TimestampSigner } from './timestamp-signer.js';

const T0 = 1_700_000_000; // seconds; '1r31eq' in base 62

/** A signer whose clock reads `seconds.now` (fractions allowed). */
function signerAt(seconds: { now: number }, options: { salt?: string } = {}): TimestampSigner {
  return new TimestampSigner({ ...options, clock: () => seconds.now * 1000 });
}

beforeEach(() => {
  useSettings({ SECRET_KEY: 's3cret' });
});

describe('TimestampSigner', () => {
  it("writes value:timestamp:signature exactly as Django's TimestampSigner does", () => {
    const signer = signerAt({ now: T0 + 0.9 });
    expect(signer.timestamp()).toBe('1r31eq');
    expect(signer.sign('hello')).toBe('hello:1r31eq:oIz2ANqFNEpq7g8u6xGCyFuxvB_y8sqxr_ZfaLDGZG4');
    expect(signer.salt).toBe('django.core.signing.TimestampSigner');
  });

  it('returns the value without its timestamp', () => {
    const signer = signerAt({ now: T0 });
    expect(signer.unsign('hello:1r31eq:oIz2ANqFNEpq7g8u6xGCyFuxvB_y8sqxr_ZfaLDGZG4')).toBe('hello');
    expect(signer.unsign(signer.sign('a:b'))).toBe('a:b');
  });

  it('accepts a signature exactly maxAge seconds old and rejects one a moment older', () => {
    const clock = { now: T0 };
    const signer = signerAt(clock);
    const signed = signer.sign('v');
    clock.now = T0 + 60;
    expect(signer.unsign(signed, 60)).toBe('v');
    clock.now = T0 + 60.001;
    expect(() => signer.unsign(signed, 60)).toThrow(SignatureExpired);
  });

  it('counts age from the whole second the value was signed in', () => {
    const clock = { now: T0 + 0.75 };
    const signer = signerAt(clock);
    const signed = signer.sign('v');
    clock.now = T0 + 10.5;
    expect(() => signer.unsign(signed, 10)).toThrow('Signature age 10.5 > 10 seconds');
  });

  it('makes SignatureExpired a BadSignature with its own code', () => {
    const clock = { now: T0 };
    const signer = signerAt(clock);
    const signed = signer.sign('v');
    clock.now = T0 + 3600;
    let error: unknown;
    try {
      signer.unsign(signed, 1);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SignatureExpired);
    expect(error).toBeInstanceOf(BadSignature);
    expect((error as SignatureExpired).code).toBe('E_SIGNATURE_EXPIRED');
    expect(new BadSignature('x').code).toBe('E_BAD_SIGNATURE');
  });

  it('ignores age when no maxAge is given, and checks the signature before the age', () => {
    const clock = { now: T0 };
    const signer = signerAt(clock);
    const signed = signer.sign('v');
    clock.now = T0 + 10 ** 9;
    expect(signer.unsign(signed)).toBe('v');
    expect(() => signer.unsign(`${signed}x`, 1)).toThrow(/does not match/);
  });

  it('accepts a signature from the future (clock skew), as Django does', () => {
    const clock = { now: T0 + 100 };
    const signer = signerAt(clock);
    const signed = signer.sign('v');
    clock.now = T0;
    expect(signer.unsign(signed, 0)).toBe('v');
  });

  it('refuses a NaN maxAge rather than skip the check', () => {
    const signer = signerAt({ now: T0 });
    expect(() => signer.unsign(signer.sign('v'), Number.NaN)).toThrow(TypeError);
  });

  it('reads Date.now at each call by default, so fake timers apply', () => {
    vi.useFakeTimers({ now: T0 * 1000 });
    try {
      const signer = new TimestampSigner();
      const signed = signer.sign('v');
      expect(signed).toMatch(/^v:1r31eq:/);
      vi.setSystemTime((T0 + 61) * 1000);
      expect(() => signer.unsign(signed, 60)).toThrow(SignatureExpired);
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects a signed value that carries no timestamp, or a broken one', () => {
    const signer = new TimestampSigner({ salt: 'shared' });
    const plain = new Signer({ salt: 'shared' });
    expect(() => signer.unsign(plain.sign('novalue'))).toThrow(/carries no timestamp/);
    expect(() => signer.unsign(plain.sign('v:1r3!'))).toThrow(/not a base 62 number/);
  });

  it('does not accept a plain Signer value, whose default salt differs', () => {
    expect(() => new TimestampSigner().unsign(new Signer().sign('v:1r31eq'))).toThrow(/does not match/);
  });

  it('checks age in unsignObject', () => {
    const clock = { now: T0 };
    const signer = signerAt(clock);
    const signed = signer.signObject({ a: 1 }, { compress: true });
    clock.now = T0 + 5;
    expect(signer.unsignObject(signed, { maxAge: 5 })).toEqual({ a: 1 });
    expect(() => signer.unsignObject(signed, { maxAge: 4 })).toThrow(SignatureExpired);
  });
});

afterEach(() => {
  vi.useRealTimers();
});
