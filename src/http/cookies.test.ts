import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { quoteCookieValue, unquoteCookieValue } from './cookie-quoting.js';
import { parseCookieHeader, serializeCookie } from './cookies.js';
import { InvalidCookieError } from './errors.js';

const plain = (record: Record<string, string>) => ({ ...record });

describe('parseCookieHeader', () => {
  it('splits on ; and strips whitespace', () => {
    expect(plain(parseCookieHeader('a=1; b=2;c=3 ;  d = 4 '))).toEqual({ a: '1', b: '2', c: '3', d: '4' });
  });

  it('gives a chunk without = the name ""', () => {
    expect(plain(parseCookieHeader('abc; a=1'))).toEqual({ '': 'abc', a: '1' });
  });

  it('splits on the first = only', () => {
    expect(plain(parseCookieHeader('a=b=c'))).toEqual({ a: 'b=c' });
  });

  it('lets a later duplicate win, as Django does', () => {
    expect(plain(parseCookieHeader('a=1; a=2'))).toEqual({ a: '2' });
  });

  it('unquotes Python-quoted values', () => {
    expect(plain(parseCookieHeader('a="x\\073y"; b="q\\"\\\\"; c="plain"; d="\\351"'))).toEqual({
      a: 'x;y',
      b: 'q"\\',
      c: 'plain',
      d: 'é',
    });
  });

  it('leaves values without both surrounding quotes alone', () => {
    expect(plain(parseCookieHeader('a="x; b=y"; c="; d=\\073'))).toEqual({ a: '"x', b: 'y"', c: '"', d: '\\073' });
  });

  it('keeps a backslash before a newline and an escape past the end', () => {
    expect(unquoteCookieValue('"a\\\nb"')).toBe('a\\\nb');
    expect(unquoteCookieValue('"a\\"')).toBe('a\\');
    expect(unquoteCookieValue('"\\477"')).toBe('477');
  });

  it('strips Python whitespace, not JavaScript whitespace', () => {
    expect(plain(parseCookieHeader('\u001fa=1\u0085; b=\uFEFF2'))).toEqual({ a: '1', b: '\uFEFF2' });
  });

  it('skips empty chunks and never throws on empty input', () => {
    expect(plain(parseCookieHeader(''))).toEqual({});
    expect(plain(parseCookieHeader(';;; ; ='))).toEqual({});
  });

  it('returns an object without a prototype, so __proto__ is a harmless key', () => {
    const cookies = parseCookieHeader('__proto__=x; constructor=y; toString=z');
    expect(Object.getPrototypeOf(cookies)).toBeNull();
    expect(cookies['__proto__']).toBe('x');
    expect(cookies['constructor']).toBe('y');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('stays linear on many chunks without =', () => {
    const header = 'a;'.repeat(100_000) + 'b=1';
    const started = performance.now();
    expect(parseCookieHeader(header)['b']).toBe('1');
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('serializeCookie', () => {
  const NOW = Date.UTC(2024, 0, 15, 12, 0, 0, 250);
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes a bare name=value with Path=/ by default', () => {
    expect(serializeCookie('a', 'b')).toBe('a=b; Path=/');
  });

  it('writes attributes in SimpleCookie order and spelling', () => {
    expect(
      serializeCookie('c', 'v', {
        maxAge: 0,
        expires: 'Thu, 01 Jan 1970 00:00:00 GMT',
        domain: '.example.com',
        secure: true,
        httpOnly: true,
        sameSite: 'Lax',
        path: '/app',
      }),
    ).toBe('c=v; Domain=.example.com; expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Max-Age=0; Path=/app; SameSite=Lax; Secure');
  });

  it('sets expires from now + maxAge (fractions kept) and truncates Max-Age', () => {
    expect(serializeCookie('a', 'b', { maxAge: 3600.9 })).toBe('a=b; expires=Mon, 15 Jan 2024 13:00:01 GMT; Max-Age=3600; Path=/');
  });

  it('turns a Date expires into maxAge, adding a second as Django does', () => {
    const expires = new Date(NOW + 10_000);
    expect(serializeCookie('a', 'b', { expires })).toBe('a=b; expires=Mon, 15 Jan 2024 12:00:11 GMT; Max-Age=11; Path=/');
    expect(serializeCookie('a', 'b', { expires: new Date(0) })).toBe('a=b; expires=Mon, 15 Jan 2024 12:00:00 GMT; Max-Age=0; Path=/');
  });

  it('refuses maxAge together with a Date expires', () => {
    expect(() => serializeCookie('a', 'b', { expires: new Date(), maxAge: 1 })).toThrow(InvalidCookieError);
  });

  it('leaves out path and domain when null or empty', () => {
    expect(serializeCookie('a', 'b', { path: null, domain: '' })).toBe('a=b');
  });

  it('normalises SameSite case and refuses other values', () => {
    expect(serializeCookie('a', 'b', { sameSite: 'strict' })).toBe('a=b; Path=/; SameSite=Strict');
    expect(serializeCookie('a', 'b', { sameSite: 'NONE' as 'none' })).toBe('a=b; Path=/; SameSite=None');
    expect(serializeCookie('a', 'b', { sameSite: false })).toBe('a=b; Path=/');
    expect(() => serializeCookie('a', 'b', { sameSite: 'Loose' as 'Lax' })).toThrow('samesite must be "lax", "none", or "strict"');
  });

  it('quotes values like SimpleCookie, so CR/LF and ; cannot escape', () => {
    expect(serializeCookie('a', '')).toBe('a=""; Path=/');
    expect(serializeCookie('a', 'x\r\nSet-Cookie: evil=1; Path=/')).toBe(
      'a="x\\015\\012Set-Cookie: evil=1\\073 Path=/"; Path=/',
    );
    expect(serializeCookie('a', 'q"\\,é\u0000')).toBe('a="q\\"\\\\\\054\\351\\000"; Path=/');
  });

  it('refuses illegal and reserved names', () => {
    for (const name of ['', 'a b', 'a;b', 'a=b', 'a\r\nb', 'a"b', 'é', 'expires', 'Path', 'max-age', 'SameSite']) {
      expect(() => serializeCookie(name, 'v'), name).toThrow(InvalidCookieError);
    }
    expect(serializeCookie("!#$%&'*+-.^_`|~:", 'v')).toBe("!#$%&'*+-.^_`|~:=v; Path=/");
  });

  it('refuses values a header cannot carry, with the character named', () => {
    expect(() => serializeCookie('a', 'price €5')).toThrow(/U\+20AC/);
  });

  it('refuses ;, control characters and non-Latin-1 in path, domain and expires', () => {
    for (const bad of ['/a;b', '/a\r\nX: y', '/a\u0000', '/\u007f', '/€']) {
      expect(() => serializeCookie('a', 'b', { path: bad })).toThrow(InvalidCookieError);
      expect(() => serializeCookie('a', 'b', { domain: bad })).toThrow(InvalidCookieError);
      expect(() => serializeCookie('a', 'b', { expires: bad })).toThrow(InvalidCookieError);
    }
  });

  it('refuses non-finite and far-out maxAge', () => {
    expect(() => serializeCookie('a', 'b', { maxAge: Number.NaN })).toThrow(InvalidCookieError);
    expect(() => serializeCookie('a', 'b', { maxAge: Infinity })).toThrow(InvalidCookieError);
    expect(() => serializeCookie('a', 'b', { maxAge: 1e15 })).toThrow(InvalidCookieError);
  });
});

describe('properties', () => {
  const latin1 = fc.string({ unit: fc.integer({ min: 0, max: 0xff }).map((c) => String.fromCharCode(c)) });

  it('parseCookieHeader never throws on any string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }), fc.string({ unit: fc.constantFrom(';', '=', '"', '\\', ' ', 'a', '0', '7') })), (header) => {
        const cookies = parseCookieHeader(header);
        for (const value of Object.values(cookies)) expect(typeof value).toBe('string');
      }),
    );
  });

  it('serializeCookie then parseCookieHeader gives back any Latin-1 value', () => {
    const name = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+\-.^_`|~:]{1,10}$/).filter(
      (n) => !['expires', 'path', 'comment', 'domain', 'max-age', 'secure', 'httponly', 'version', 'samesite'].includes(n.toLowerCase()),
    );
    fc.assert(
      fc.property(name, latin1, (n, value) => {
        const header = serializeCookie(n, value, { httpOnly: true, sameSite: 'Lax' });
        expect([...header].some((c) => c < ' ' || c > '~')).toBe(false);
        const pair = header.slice(0, header.indexOf('; Path=/'));
        expect(parseCookieHeader(`other=1; ${pair}; last=2`)[n]).toBe(value);
      }),
    );
  });

  it('a quoted value never contains a bare ; or control character', () => {
    fc.assert(
      fc.property(latin1, (value) => {
        const quoted = quoteCookieValue(value);
        expect([...quoted].some((c) => c === ';' || c < ' ' || c > '~')).toBe(false);
        expect(unquoteCookieValue(quoted)).toBe(value);
      }),
    );
  });
});
