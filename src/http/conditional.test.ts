import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { configureLogging } from '../conf/log.js';
import { configureSettings, defineSettings } from '../conf/settings/index.js';
import { RequestFactory } from '../testing/request-factory.js';
import { getConditionalResponse, httpDate, parseEtags, parseHttpDate, quoteEtag, setResponseEtag } from './conditional.js';
import { HttpResponse } from './response.js';
import { StreamingHttpResponse } from './streaming.js';

beforeAll(() => {
  configureLogging({ level: 'silent' });
  configureSettings(defineSettings({ SECRET_KEY: 'k', ALLOWED_HOSTS: ['testserver'] }));
});

const factory = new RequestFactory();

describe('quoteEtag and parseEtags', () => {
  it('quotes a bare tag and leaves quoted ones alone', () => {
    expect(quoteEtag('abc')).toBe('"abc"');
    expect(quoteEtag('"abc"')).toBe('"abc"');
    expect(quoteEtag('W/"abc"')).toBe('W/"abc"');
    expect(quoteEtag('a"b')).toBe('"a"b"');
  });

  it("reads lists as Django's tests do", () => {
    expect(parseEtags('"" ,  "etag", "e\\\\tag", W/"weak"')).toEqual(['""', '"etag"', '"e\\\\tag"', 'W/"weak"']);
    expect(parseEtags('*')).toEqual(['*']);
    expect(parseEtags(' * ')).toEqual(['*']);
    expect(parseEtags('"a", *')).toEqual(['"a"']);
    expect(parseEtags('etag, "e,tag"')).toEqual([]);
    expect(parseEtags('')).toEqual([]);
    expect(parseEtags('garbage')).toEqual([]);
  });

  it('never throws, and gives only well-formed tags, on any string', () => {
    // Pieces of real tags mixed with anything, so the lists are often nearly valid.
    const piece = fc.oneof(fc.constantFrom('"', ',', 'W/', '*', ' ', '"a"', 'W/"b"'), fc.string({ unit: 'binary' }));
    const header = fc.oneof(fc.string({ unit: 'binary' }), fc.array(piece, { maxLength: 12 }).map((p) => p.join('')));
    fc.assert(
      fc.property(header, (value) => parseEtags(value).every((tag) => tag === '*' || /^(W\/)?"[^"]*"$/.test(tag))),
    );
  });
});

describe('parseHttpDate and httpDate', () => {
  it('reads the three forms RFC 9110 requires', () => {
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')).toBe(784111777);
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT')).toBe(784111777);
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994')).toBe(784111777);
    expect(parseHttpDate('Sat, 29 Feb 2020 00:00:00 GMT')).toBe(Date.UTC(2020, 1, 29) / 1000);
    // A four-digit year is taken as written, even below 100 (Python's datetime agrees).
    expect(parseHttpDate('Sat, 01 Jan 0050 00:00:00 GMT')).toBe(-60589296000);
  });

  it('reads a two-digit year more than 50 years ahead as the past century', () => {
    const now = new Date().getUTCFullYear();
    const far = (now + 60) % 100;
    const year = parseHttpDate(`Sunday, 06-Nov-${String(far).padStart(2, '0')} 08:49:37 GMT`)!;
    expect(new Date(year * 1000).getUTCFullYear()).toBe(now + 60 - 100);
    const near = (now + 10) % 100;
    const soon = parseHttpDate(`Sunday, 06-Nov-${String(near).padStart(2, '0')} 08:49:37 GMT`)!;
    expect(new Date(soon * 1000).getUTCFullYear()).toBe(now + 10);
  });

  it.each([
    '',
    'yesterday',
    'Sun, 06 Nov 1994 08:49:37',
    'Sun, 31 Feb 1994 08:49:37 GMT',
    'Sun, 06 Foo 1994 08:49:37 GMT',
    'Sun, 06 Nov 1994 24:00:00 GMT',
    'Sun, 06 Nov 1994 08:60:00 GMT',
    'Sun, 06 Nov 1994 08:49:60 GMT',
    'Sun, 00 Nov 1994 08:49:37 GMT',
    'Sun, 06 Nov 0000 08:49:37 GMT',
    'Mon, 29 Feb 2100 00:00:00 GMT',
    ' Sun, 06 Nov 1994 08:49:37 GMT',
    'Sun, 06 Nov 1994 08:49:37 GMT garbage',
  ])('rejects %j', (value) => {
    expect(parseHttpDate(value)).toBeNull();
  });

  it('never throws on any string', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (value) => {
      const result = parseHttpDate(value);
      expect(result === null || Number.isInteger(result)).toBe(true);
    }));
  });

  it('formats an IMF-fixdate that reads back', () => {
    expect(httpDate(784111777)).toBe('Sun, 06 Nov 1994 08:49:37 GMT');
    expect(httpDate(784111777.9)).toBe('Sun, 06 Nov 1994 08:49:37 GMT');
    fc.assert(fc.property(fc.integer({ min: 0, max: 253402300799 }), (seconds) => {
      expect(parseHttpDate(httpDate(seconds))).toBe(seconds);
    }));
  });
});

describe('getConditionalResponse', () => {
  const ETAG = '"spam"';
  const WEAK = 'W/"spam"';
  const LAST_MODIFIED = 784111777; // Sun, 06 Nov 1994 08:49:37 GMT
  const EARLIER = 'Sat, 05 Nov 1994 08:49:37 GMT';
  const SAME = 'Sun, 06 Nov 1994 08:49:37 GMT';
  const LATER = 'Mon, 07 Nov 1994 08:49:37 GMT';

  function answer(method: string, headers: Record<string, string>, options: { etag?: string; lastModified?: number } = { etag: ETAG, lastModified: LAST_MODIFIED }) {
    const request = factory.generic(method, '/', null, undefined, { headers });
    const response = new HttpResponse('body');
    const result = getConditionalResponse(request, { ...options, response });
    return result === response ? 200 : result?.statusCode;
  }

  it.each<[string, Record<string, string>, number]>([
    ['GET', {}, 200],
    // If-None-Match: weak comparison.
    ['GET', { 'If-None-Match': ETAG }, 304],
    ['GET', { 'If-None-Match': WEAK }, 304],
    ['HEAD', { 'If-None-Match': ETAG }, 304],
    ['GET', { 'If-None-Match': '"other"' }, 200],
    ['GET', { 'If-None-Match': `"other", ${ETAG}` }, 304],
    ['GET', { 'If-None-Match': '*' }, 304],
    ['POST', { 'If-None-Match': ETAG }, 412],
    ['PUT', { 'If-None-Match': '*' }, 412],
    ['POST', { 'If-None-Match': '"other"' }, 200],
    // If-Match: strong comparison.
    ['PUT', { 'If-Match': ETAG }, 200],
    ['PUT', { 'If-Match': '"other"' }, 412],
    ['PUT', { 'If-Match': WEAK }, 412],
    ['PUT', { 'If-Match': '*' }, 200],
    ['GET', { 'If-Match': '"other"' }, 412],
    // If-Modified-Since.
    ['GET', { 'If-Modified-Since': SAME }, 304],
    ['GET', { 'If-Modified-Since': LATER }, 304],
    ['GET', { 'If-Modified-Since': EARLIER }, 200],
    ['POST', { 'If-Modified-Since': LATER }, 200],
    // If-None-Match takes precedence over If-Modified-Since.
    ['GET', { 'If-None-Match': '"other"', 'If-Modified-Since': LATER }, 200],
    // If-Unmodified-Since.
    ['PUT', { 'If-Unmodified-Since': SAME }, 200],
    ['PUT', { 'If-Unmodified-Since': EARLIER }, 412],
    ['GET', { 'If-Unmodified-Since': EARLIER }, 412],
    // If-Match takes precedence over If-Unmodified-Since.
    ['PUT', { 'If-Match': ETAG, 'If-Unmodified-Since': EARLIER }, 200],
    // Precondition order: If-Match fails before If-None-Match is looked at.
    ['GET', { 'If-Match': '"other"', 'If-None-Match': ETAG }, 412],
    // Garbage is ignored.
    ['GET', { 'If-None-Match': 'garbage' }, 200],
    ['GET', { 'If-None-Match': 'spam' }, 200],
    ['PUT', { 'If-Match': 'garbage' }, 200],
    ['GET', { 'If-Modified-Since': 'garbage' }, 200],
    ['GET', { 'If-Modified-Since': 'Sun, 31 Feb 2024 00:00:00 GMT' }, 200],
    ['PUT', { 'If-Unmodified-Since': 'not a date' }, 200],
  ])('%s with %j → %i', (method, headers, status) => {
    expect(answer(method, headers)).toBe(status);
  });

  it('without an ETag or Last-Modified: If-None-Match passes, If-Match and If-Unmodified-Since fail', () => {
    expect(answer('GET', { 'If-None-Match': '*' }, {})).toBe(200);
    expect(answer('PUT', { 'If-Match': '*' }, {})).toBe(412);
    expect(answer('PUT', { 'If-Unmodified-Since': LATER }, {})).toBe(412);
    expect(answer('GET', { 'If-Modified-Since': LATER }, {})).toBe(200);
  });

  it('a weak ETag never passes If-Match but matches If-None-Match', () => {
    expect(answer('PUT', { 'If-Match': WEAK }, { etag: WEAK })).toBe(412);
    expect(answer('GET', { 'If-None-Match': ETAG }, { etag: WEAK })).toBe(304);
  });

  it('accepts lastModified as a Date', () => {
    const request = factory.get('/', undefined, { headers: { 'If-Modified-Since': SAME } });
    expect(getConditionalResponse(request, { lastModified: new Date(LAST_MODIFIED * 1000 + 999) })?.statusCode).toBe(304);
  });

  it('returns a non-2xx response untouched, and null when there is no response and nothing to say', () => {
    const request = factory.get('/', undefined, { headers: { 'If-None-Match': '*' } });
    const missing = new HttpResponse('', { status: 404 });
    expect(getConditionalResponse(request, { etag: ETAG, response: missing })).toBe(missing);
    expect(getConditionalResponse(factory.get('/'), { etag: ETAG })).toBeNull();
    expect(getConditionalResponse(request, { etag: ETAG })?.statusCode).toBe(304);
  });

  it('a 304 keeps the caching headers and cookies, and drops the rest', () => {
    const request = factory.get('/', undefined, { headers: { 'If-None-Match': ETAG } });
    const response = new HttpResponse('body', { headers: {
      'Content-Type': 'text/plain', 'Cache-Control': 'max-age=60', 'Content-Location': '/x', Date: SAME,
      ETag: ETAG, Expires: LATER, 'Last-Modified': SAME, Vary: 'Cookie', 'Content-Language': 'en', 'X-Other': '1',
    } });
    response.setCookie('k', 'v');
    const answer = getConditionalResponse(request, { etag: ETAG, response })!;
    expect(answer.statusCode).toBe(304);
    expect(Object.keys(answer.headers.toObject()).sort()).toEqual(
      ['Cache-Control', 'Content-Location', 'Date', 'ETag', 'Expires', 'Last-Modified', 'Vary'],
    );
    expect(answer.setCookieHeaders()).toEqual(['k=v; Path=/']);
    expect((answer as HttpResponse).content.length).toBe(0);
  });
});

describe('setResponseEtag', () => {
  it('sets the quoted MD5 of the body, whatever form the body is in', () => {
    expect(setResponseEtag(new HttpResponse('hello')).headers.get('ETag')).toBe('"5d41402abc4b2a76b9719d911017c592"');
    expect(setResponseEtag(new HttpResponse(Buffer.from('hello'))).headers.get('ETag')).toBe('"5d41402abc4b2a76b9719d911017c592"');
    const latin1 = new HttpResponse('é', { contentType: 'text/plain; charset=latin1' });
    expect(setResponseEtag(latin1).headers.get('ETag')).toBe(`"${createHash('md5').update(Buffer.from([0xe9])).digest('hex')}"`);
  });

  it('leaves streaming and empty responses without one', () => {
    expect(setResponseEtag(new HttpResponse('')).headers.has('ETag')).toBe(false);
    expect(setResponseEtag(new StreamingHttpResponse(['a'])).headers.has('ETag')).toBe(false);
  });
});
