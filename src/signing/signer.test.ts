import { beforeEach, describe, expect, it } from 'vitest';
import { ImproperlyConfigured } from '../conf/errors.js';
import { BadSignature, InvalidAlgorithm } from './errors.js';
import type { HashAlgorithm } from './salted-hmac.js';
import { useSettings } from './settings.test-helper.js';
import { Signer } from './signer.js';
import type { Serializer } from './json-serializer.js';

// Expected strings were produced by Django 3.2's django.core.signing with SECRET_KEY = 's3cret'.
beforeEach(() => {
  useSettings({ SECRET_KEY: 's3cret' });
});

describe('Signer.sign', () => {
  it("writes value:signature exactly as Django's Signer does", () => {
    expect(new Signer().sign('hello')).toBe('hello:l2gzFWbSnD8sFisiUEjBl-NAfOQ5ca044-8-rFFvloo');
    expect(new Signer({ salt: 'invitations' }).sign('user-42')).toBe('user-42:UCvRbvnZOGOEDJhuvSzWgzMD_Cg_IsVDJDUbx_pqZsM');
    expect(new Signer({ key: 'other' }).sign('hello')).toBe('hello:1g8kv7UaW20y0qHFR-vb4ywb46lljNVkxV2Xxb0oEWc');
    expect(new Signer({ algorithm: 'sha1' }).sign('hello')).toBe('hello:dPqkqGQcrcf5ByRpw7RJSpbr4qw');
  });

  it("defaults the salt to Django's class path and treats an empty salt as absent", () => {
    expect(new Signer().salt).toBe('django.core.signing.Signer');
    expect(new Signer({ salt: '' }).sign('x')).toBe(new Signer().sign('x'));
  });

  it('reads SECRET_KEY when it is built, and treats an empty key as absent', () => {
    const before = new Signer();
    useSettings({ SECRET_KEY: 'rotated' });
    expect(before.sign('hello')).toBe('hello:l2gzFWbSnD8sFisiUEjBl-NAfOQ5ca044-8-rFFvloo');
    expect(new Signer({ key: '' }).sign('hello')).not.toBe(before.sign('hello'));
    expect(new Signer({ key: '' }).sign('hello')).toBe(new Signer({ key: 'rotated' }).sign('hello'));
  });

  it('accepts the key as bytes', () => {
    expect(new Signer({ key: Buffer.from('other') }).sign('hello')).toBe(new Signer({ key: 'other' }).sign('hello'));
  });

  it('refuses to sign a string with a lone surrogate', () => {
    expect(() => new Signer().sign('a\ud800')).toThrow(/lone surrogate/);
  });

  it('does not expose the key', () => {
    const signer = new Signer({ key: 'very-secret' });
    expect(JSON.stringify(signer)).not.toContain('very-secret');
    expect(Object.values(signer)).not.toContain('very-secret');
  });
});

describe('Signer options', () => {
  it.each([':', '/', '.', '!', '~', '::', 'a:', '\u00e9'])('accepts the separator %j', (sep) => {
    const signer = new Signer({ sep });
    expect(signer.unsign(signer.sign('a:b/c.d'))).toBe('a:b/c.d');
    expect(signer.sign('v').startsWith(`v${sep}`)).toBe(true);
  });

  // Django's check is ^[A-z0-9-_=]*$, and A-z spans [ \ ] ^ _ ` as well as the letters.
  it.each(['', 'a', 'Z', '0', '-', '_', '=', 'ab', '[', '\\', ']', '^', '`'])('rejects the unsafe separator %j', (sep) => {
    expect(() => new Signer({ sep })).toThrow(/Unsafe Signer separator/);
  });

  it('accepts the hashlib algorithms and rejects other names', () => {
    for (const algorithm of ['md5', 'sha1', 'sha512', 'sha3_256', 'blake2b'] as const) {
      const signer = new Signer({ algorithm });
      expect(signer.unsign(signer.sign('v'))).toBe('v');
    }
    expect(() => new Signer({ algorithm: 'SHA256' as HashAlgorithm })).toThrow(InvalidAlgorithm);
  });

  it('fails with a message naming SECRET_KEY when it is empty', () => {
    useSettings({ SECRET_KEY: '', DEBUG: true });
    expect(() => new Signer()).toThrow(ImproperlyConfigured);
    expect(() => new Signer()).toThrow(/SECRET_KEY setting must not be empty/);
    expect(new Signer({ key: 'given' }).sign('v')).toMatch(/^v:/);
  });
});

describe('Signer.unsign', () => {
  const signer = (): Signer => new Signer();

  it('returns the value, which may itself contain the separator', () => {
    expect(signer().unsign('hello:l2gzFWbSnD8sFisiUEjBl-NAfOQ5ca044-8-rFFvloo')).toBe('hello');
    expect(signer().unsign(signer().sign('a:b:c'))).toBe('a:b:c');
    expect(signer().unsign(signer().sign(''))).toBe('');
  });

  it('throws BadSignature naming the separator when there is none', () => {
    expect(() => signer().unsign('no-separator-here')).toThrow(BadSignature);
    expect(() => signer().unsign('no-separator-here')).toThrow('No ":" found in value');
  });

  it('throws BadSignature for a signature that does not match, quoting it', () => {
    expect(() => signer().unsign('hello:wrong')).toThrow('Signature "wrong" does not match');
    expect(() => signer().unsign('hello:')).toThrow(BadSignature);
  });

  it('rejects every single-character change to a signed value', () => {
    const signed = signer().sign('hello world');
    for (let i = 0; i < signed.length; i++) {
      const changed = signed.slice(0, i) + (signed[i] === 'A' ? 'B' : 'A') + signed.slice(i + 1);
      expect(() => signer().unsign(changed), `position ${i}`).toThrow(BadSignature);
    }
    expect(() => signer().unsign(`${signed}A`)).toThrow(BadSignature);
    expect(() => signer().unsign(signed.slice(0, -1))).toThrow(BadSignature);
  });

  it('rejects a value signed with another salt, key, separator or algorithm', () => {
    const signed = signer().sign('hello');
    expect(() => new Signer({ salt: 'other' }).unsign(signed)).toThrow(BadSignature);
    expect(() => new Signer({ key: 'other' }).unsign(signed)).toThrow(BadSignature);
    expect(() => new Signer({ algorithm: 'sha512' }).unsign(signed)).toThrow(BadSignature);
    expect(() => new Signer({ sep: '/' }).unsign(signed)).toThrow(BadSignature);
  });

  // Django 3.2 also accepted sha1 signatures from a sha256 Signer (a deprecation shim removed in
  // 4.0); Canter follows 4.0+, so a sha1 signature needs a signer built with algorithm 'sha1'.
  it('does not accept a legacy sha1 signature from a sha256 signer', () => {
    expect(() => signer().unsign('hello:dPqkqGQcrcf5ByRpw7RJSpbr4qw')).toThrow(BadSignature);
    expect(new Signer({ algorithm: 'sha1' }).unsign('hello:dPqkqGQcrcf5ByRpw7RJSpbr4qw')).toBe('hello');
  });

  it('accepts signatures made with a fallback key, and signs only with the current key', () => {
    const old = new Signer({ key: 'old' }).sign('hello');
    const rotated = new Signer({ key: 'new', fallbackKeys: ['older', 'old'] });
    expect(rotated.unsign(old)).toBe('hello');
    expect(rotated.sign('hello')).toBe(new Signer({ key: 'new' }).sign('hello'));
    expect(() => new Signer({ key: 'new', fallbackKeys: ['older'] }).unsign(old)).toThrow(BadSignature);
  });

  it('takes fallback keys from SECRET_KEY_FALLBACKS unless given', () => {
    const old = new Signer({ key: 'old' }).sign('hello');
    useSettings({ SECRET_KEY: 'new', SECRET_KEY_FALLBACKS: ['old'] });
    expect(new Signer().unsign(old)).toBe('hello');
    expect(() => new Signer({ fallbackKeys: [] }).unsign(old)).toThrow(BadSignature);
  });

  it('rejects a value with a lone surrogate even when its UTF-8 form has a valid signature', () => {
    const signed = signer().sign('a\ufffd');
    const forged = `a\ud800${signed.slice(signed.lastIndexOf(':'))}`;
    expect(() => signer().unsign(forged)).toThrow(BadSignature);
  });
});

describe('Signer objects', () => {
  it('signs base64 JSON and reads it back', () => {
    const signer = new Signer();
    const signed = signer.signObject({ a: [1, 'é'] });
    expect(signed.split(':')[0]).toBe(Buffer.from('{"a":[1,"\\u00e9"]}').toString('base64url'));
    expect(signer.unsignObject(signed)).toEqual({ a: [1, 'é'] });
  });

  it('compresses when asked and when that is shorter, marking it with a leading dot', () => {
    const signer = new Signer();
    const long = { items: Array.from({ length: 50 }, () => 'repeat') };
    const compressed = signer.signObject(long, { compress: true });
    expect(compressed.startsWith('.')).toBe(true);
    expect(compressed.length).toBeLessThan(signer.signObject(long).length);
    expect(signer.unsignObject(compressed)).toEqual(long);
    expect(signer.signObject('short', { compress: true }).startsWith('.')).toBe(false);
  });

  it('uses a custom serializer both ways', () => {
    const upper: Serializer = {
      dumps: (value) => Buffer.from(String(value).toUpperCase()),
      loads: (data) => `loaded ${Buffer.from(data).toString()}`,
    };
    const signer = new Signer();
    expect(signer.unsignObject(signer.signObject('abc', { serializer: upper }), { serializer: upper })).toBe('loaded ABC');
  });

  it('reports a validly signed but undecodable payload as BadSignature with the cause', () => {
    const signer = new Signer();
    for (const payload of ['not*base64', '.bm90IHpsaWI', 'bm90IGpzb24']) {
      let error: unknown;
      try {
        signer.unsignObject(signer.sign(payload));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(BadSignature);
      expect((error as BadSignature).message).toMatch(/could not be decoded/);
      expect((error as BadSignature).cause).toBeDefined();
    }
  });

  it('checks the signature before decoding anything', () => {
    expect(() => new Signer().unsignObject('.eJzLSM3JyVcozy_KSQEAGgQEXQ:forged')).toThrow('Signature "forged" does not match');
  });
});
