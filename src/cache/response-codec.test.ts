import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { configureSettings, defineSettings } from '../conf/settings/index.js';
import { HttpResponse, HttpResponseNotModified } from '../http/response.js';
import { decodeValue, encodeValue } from './codec.js';
import { CacheValueError } from './errors.js';
import { decodeResponse, encodeResponse } from './response-codec.js';

beforeAll(() => {
  configureSettings(defineSettings({ SECRET_KEY: 'k' }));
});

/** Through the cache's own value codec too, as a backend would store it. */
function roundTrip(response: HttpResponse): HttpResponse {
  return decodeResponse(decodeValue(encodeValue(encodeResponse(response))) as string);
}

describe('encodeResponse / decodeResponse', () => {
  it('keeps status, reason, headers in order, and the body', () => {
    const response = new HttpResponse('<p>héllo</p>', { status: 200, reason: 'Fine', headers: { 'X-One': '1', 'Content-Type': 'text/html; charset=utf-8', 'x-two': '2' } });
    const back = roundTrip(response);
    expect(back.statusCode).toBe(200);
    expect(back.reasonPhrase).toBe('Fine');
    expect([...back.headers]).toEqual([['X-One', '1'], ['Content-Type', 'text/html; charset=utf-8'], ['x-two', '2']]);
    expect(back.text).toBe('<p>héllo</p>');
    expect(back.content).toEqual(response.content);
  });

  it('keeps an empty custom reason apart from none', () => {
    expect(roundTrip(new HttpResponse('', { reason: '' })).customReasonPhrase).toBe('');
  });

  it('uses the standard reason phrase when none was set', () => {
    const back = roundTrip(new HttpResponse('', { status: 404 }));
    expect(back.statusCode).toBe(404);
    expect(back.customReasonPhrase).toBeUndefined();
    expect(back.reasonPhrase).toBe('Not Found');
  });

  it('stores a UTF-8 body as text that the decoded response sends without re-encoding', () => {
    const stored = encodeResponse(new HttpResponse('plain text,\nünïcode'));
    expect(stored.endsWith('\nplain text,\nünïcode')).toBe(true);
    const back = decodeResponse(stored);
    expect(back.wireBody).toEqual({ body: 'plain text,\nünïcode', encoding: 'utf8' });
  });

  it('keeps exact bytes for binary, NUL-holding and latin-1 bodies', () => {
    const binary = Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x41]);
    expect(roundTrip(new HttpResponse(binary, { contentType: 'application/octet-stream' })).content).toEqual(binary);
    const nul = new HttpResponse('a\u0000b');
    expect(roundTrip(nul).content).toEqual(Buffer.from('a\u0000b'));
    const latin1 = new HttpResponse('café', { contentType: 'text/plain; charset=latin1' });
    const back = roundTrip(latin1);
    expect(back.content).toEqual(Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    expect(back.charset).toBe('latin1');
    expect(back.text).toBe('café');
  });

  it('keeps bytes that are UTF-8 under a charset that is not', () => {
    const response = new HttpResponse(Buffer.from('ascii only'), { contentType: 'text/plain; charset=latin1' });
    const back = roundTrip(response);
    expect(back.content).toEqual(Buffer.from('ascii only'));
  });

  it('keeps the absence of Content-Type (a 304)', () => {
    const back = roundTrip(new HttpResponseNotModified({ headers: { ETag: '"x"' } }));
    expect(back.statusCode).toBe(304);
    expect(back.headers.has('Content-Type')).toBe(false);
    expect(back.headers.get('ETag')).toBe('"x"');
  });

  it('never stores cookies', () => {
    const response = new HttpResponse('x');
    response.setCookie('sessionid', 'secret');
    const stored = encodeResponse(response);
    expect(stored).not.toContain('secret');
    expect(decodeResponse(stored).setCookieHeaders()).toEqual([]);
  });

  it('gives a fresh response each time', () => {
    const stored = encodeResponse(new HttpResponse('x', { headers: { 'X-A': '1' } }));
    const first = decodeResponse(stored);
    first.headers.set('X-A', 'changed');
    expect(decodeResponse(stored).headers.get('X-A')).toBe('1');
  });

  it('round-trips any body bytes and header values', () => {
    fc.assert(fc.property(
      fc.uint8Array({ maxLength: 200 }),
      fc.string(),
      fc.constantFrom('utf-8', 'latin1', 'ascii', 'shift_jis'),
      (bytes, value, charset) => {
        const response = new HttpResponse(bytes, { contentType: `text/plain; charset=${charset}` });
        const safeValue = value.replace(/[\r\n]/g, ' ');
        response.headers.set('X-Value', safeValue);
        const back = roundTrip(response);
        expect(back.content).toEqual(Buffer.from(bytes));
        expect(back.headers.get('X-Value')).toBe(safeValue);
      },
    ));
  });

  it.each([
    '',
    'not a page',
    'canter-page:1',
    'canter-page:1\n200\n-\nutf-8\nt\n',
    'canter-page:1\n200\n-\nutf-8\nt\nx\nbody',
    'canter-page:1\n200\n-\nutf-8\nt\n-1\nbody',
    'canter-page:1\n200\n-\nutf-8\nt\n2\nA\n1\nbody',
    'canter-page:1\n200\n-\nutf-8\nx\n0\nbody',
    'canter-page:1\n200\n?\nutf-8\nt\n0\nbody',
    'canter-page:1\n99\n-\nutf-8\nt\n0\nbody',
    'canter-page:1\nOK\n-\nutf-8\nt\n0\nbody',
    'canter-page:1\n200\n-\nutf-8\nt\n1\nBad:Name\nv\nbody',
  ])('refuses %j with CacheValueError', (data) => {
    expect(() => decodeResponse(data)).toThrow(CacheValueError);
  });
});
