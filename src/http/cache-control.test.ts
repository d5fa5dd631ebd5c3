import { beforeAll, describe, expect, it } from 'vitest';
import { configureSettings, defineSettings } from '../conf/settings/index.js';
import {
  addNeverCacheHeaders,
  getMaxAge,
  hasVaryHeader,
  parseCacheControl,
  patchCacheControl,
  patchResponseHeaders,
  patchVaryHeaders,
} from './cache-control.js';
import type { CacheControlDirectives } from './cache-control.js';
import { parseHttpDate } from './conditional.js';
import { HttpResponse } from './response.js';

beforeAll(() => {
  configureSettings(defineSettings({ SECRET_KEY: 'k', CACHE_MIDDLEWARE_SECONDS: 600 }));
});

function withCacheControl(value: string | null): HttpResponse {
  const response = new HttpResponse('');
  if (value !== null) response.headers.set('Cache-Control', value);
  return response;
}

function parts(response: HttpResponse): string[] {
  return (response.headers.get('Cache-Control') ?? '').split(', ').sort();
}

describe('patchCacheControl', () => {
  // Django's own table (tests/cache/tests.py test_patch_cache_control), plus max-age cases.
  const table: Array<[string | null, CacheControlDirectives, string[]]> = [
    [null, { private: true }, ['private']],
    ['', { private: true }, ['private']],
    ['', { noCache: 'Set-Cookie' }, ['no-cache=Set-Cookie']],
    ['', { 'no-cache': 'Set-Cookie' }, ['no-cache=Set-Cookie']],
    ['', { no_cache: 'Set-Cookie' }, ['no-cache=Set-Cookie']],
    ['no-cache=Set-Cookie', { noCache: true }, ['no-cache']],
    ['no-cache=Set-Cookie,no-cache=Link', { noCache: true }, ['no-cache']],
    ['no-cache=Set-Cookie', { noCache: 'Link' }, ['no-cache=Link', 'no-cache=Set-Cookie']],
    ['no-cache=Set-Cookie,no-cache=Link', { noCache: 'Custom' }, ['no-cache=Custom', 'no-cache=Link', 'no-cache=Set-Cookie']],
    ['private', { private: true }, ['private']],
    ['private', { public: true }, ['public']],
    ['public', { public: true }, ['public']],
    ['public', { private: true }, ['private']],
    ['must-revalidate,max-age=60,private', { public: true }, ['max-age=60', 'must-revalidate', 'public']],
    ['must-revalidate,max-age=60,public', { private: true }, ['max-age=60', 'must-revalidate', 'private']],
    ['must-revalidate,max-age=60', { public: true }, ['max-age=60', 'must-revalidate', 'public']],
    ['max-age=10', { maxAge: 5 }, ['max-age=5']],
    ['max-age=5', { maxAge: 10 }, ['max-age=5']],
    ['max-age=junk', { maxAge: 10 }, ['max-age=10']],
    ['', { sMaxage: 60, staleWhileRevalidate: 30, immutable: true }, ['immutable', 's-maxage=60', 'stale-while-revalidate=30']],
    ['Private, MAX-AGE=3', { noStore: true }, ['max-age=3', 'no-store', 'private']],
    ['', { private: false, noCache: undefined, 'no-store': null, maxAge: 0 }, ['max-age=0']],
  ];

  it.each(table)('%j patched with %j gives %j', (initial, directives, expected) => {
    const response = withCacheControl(initial);
    patchCacheControl(response, directives);
    expect(parts(response)).toEqual(expected);
  });

  it('keeps the order of existing directives and appends new ones', () => {
    const response = withCacheControl('no-transform, max-age=100');
    patchCacheControl(response, { public: true, maxAge: 50 });
    expect(response.headers.get('Cache-Control')).toBe('no-transform, max-age=50, public');
  });
});

describe('parseCacheControl', () => {
  it('lower-cases names, keeps values, and gathers no-cache field names', () => {
    const cc = parseCacheControl(' Max-Age=60 , no-cache=A,no-cache=B,private');
    expect(cc.get('max-age')).toBe('60');
    expect(cc.get('private')).toBe(true);
    expect(cc.get('no-cache')).toEqual(new Set(['A', 'B']));
    expect(parseCacheControl(undefined).size).toBe(0);
  });
});

describe('getMaxAge', () => {
  it.each([
    [null, null],
    ['', null],
    ['max-age=nan', null],
    ['max-age', null],
    ['max-age=3600', 3600],
    ['public, MAX-AGE=0', 0],
    ['private', null],
    ['max-age=1, max-age=2', 2],
  ])('Cache-Control %j → %j', (header, expected) => {
    expect(getMaxAge(withCacheControl(header))).toBe(expected);
  });
});

describe('patchResponseHeaders', () => {
  it('sets Expires and max-age from the timeout', () => {
    const response = new HttpResponse('');
    const before = Math.floor(Date.now() / 1000);
    patchResponseHeaders(response, 300);
    expect(response.headers.get('Cache-Control')).toBe('max-age=300');
    const expires = parseHttpDate(response.headers.get('Expires')!)!;
    expect(expires - before).toBeGreaterThanOrEqual(299);
    expect(expires - before).toBeLessThanOrEqual(301);
  });

  it('defaults to CACHE_MIDDLEWARE_SECONDS and never writes a negative max-age', () => {
    const defaulted = new HttpResponse('');
    patchResponseHeaders(defaulted);
    expect(defaulted.headers.get('Cache-Control')).toBe('max-age=600');
    const negative = new HttpResponse('');
    patchResponseHeaders(negative, -5);
    expect(negative.headers.get('Cache-Control')).toBe('max-age=0');
  });

  it('leaves an existing Expires alone and keeps the smaller max-age', () => {
    const response = withCacheControl('max-age=60');
    response.headers.set('Expires', 'Sun, 06 Nov 1994 08:49:37 GMT');
    patchResponseHeaders(response, 300);
    expect(response.headers.get('Expires')).toBe('Sun, 06 Nov 1994 08:49:37 GMT');
    expect(response.headers.get('Cache-Control')).toBe('max-age=60');
  });
});

describe('addNeverCacheHeaders', () => {
  it("writes Django's never-cache headers", () => {
    const response = new HttpResponse('');
    addNeverCacheHeaders(response);
    expect(response.headers.get('Cache-Control')).toBe('max-age=0, no-cache, no-store, must-revalidate, private');
    const expires = parseHttpDate(response.headers.get('Expires')!)!;
    expect(Math.abs(expires - Date.now() / 1000)).toBeLessThan(2);
  });

  it('turns a public page private and caps its max-age', () => {
    const response = withCacheControl('public, max-age=3600');
    addNeverCacheHeaders(response);
    expect(parts(response)).toEqual(['max-age=0', 'must-revalidate', 'no-cache', 'no-store', 'private']);
  });
});

describe('patchVaryHeaders and hasVaryHeader', () => {
  it.each<[string | null, string[], string]>([
    [null, ['Accept-Encoding'], 'Accept-Encoding'],
    ['Accept-Encoding', ['accept-encoding'], 'Accept-Encoding'],
    ['Accept-Encoding', ['ACCEPT-ENCODING'], 'Accept-Encoding'],
    ['Cookie', ['Accept-Encoding'], 'Cookie, Accept-Encoding'],
    ['Cookie, Accept-Encoding', ['Accept-Encoding'], 'Cookie, Accept-Encoding'],
    ['Cookie, Accept-Encoding', ['Accept-Encoding', 'cookie'], 'Cookie, Accept-Encoding'],
    [null, ['Accept-Encoding', 'COOKIE'], 'Accept-Encoding, COOKIE'],
    ['Cookie,     Accept-Encoding', ['Accept-Encoding', 'cookie'], 'Cookie, Accept-Encoding'],
    ['Cookie    ,     Accept-Encoding', ['Accept-Encoding', 'cookie'], 'Cookie, Accept-Encoding'],
    ['*', ['Accept-Language', 'Cookie'], '*'],
    ['Accept-Language, Cookie', ['*'], '*'],
  ])('Vary %j plus %j gives %j', (initial, added, expected) => {
    const response = new HttpResponse('');
    if (initial !== null) response.headers.set('Vary', initial);
    patchVaryHeaders(response, added);
    expect(response.headers.get('Vary')).toBe(expected);
  });

  it('finds a header case-insensitively', () => {
    const response = new HttpResponse('');
    expect(hasVaryHeader(response, 'Cookie')).toBe(false);
    response.headers.set('Vary', 'Accept-Language,  COOKIE');
    expect(hasVaryHeader(response, 'cookie')).toBe(true);
    expect(hasVaryHeader(response, 'Accept')).toBe(false);
  });
});
