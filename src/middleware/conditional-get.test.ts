import { beforeAll, describe, expect, it } from 'vitest';
import { configureLogging } from '../conf/log.js';
import { configureSettings, defineSettings } from '../conf/settings/index.js';
import { HttpResponse } from '../http/response.js';
import type { HttpResponseBase } from '../http/response-base.js';
import { StreamingHttpResponse } from '../http/streaming.js';
import { RequestFactory } from '../testing/request-factory.js';
import { ConditionalGetMiddleware } from './conditional-get.js';

beforeAll(() => {
  configureLogging({ level: 'silent' });
  configureSettings(defineSettings({ SECRET_KEY: 'k', ALLOWED_HOSTS: ['testserver'] }));
});

const factory = new RequestFactory();
const HELLO_ETAG = '"5d41402abc4b2a76b9719d911017c592"'; // md5('hello')
const LAST_MODIFIED = 'Sat, 12 Feb 2011 17:38:44 GMT';

async function run(make: () => HttpResponseBase, method = 'GET', headers: Record<string, string> = {}): Promise<HttpResponseBase> {
  const middleware = new ConditionalGetMiddleware(() => make());
  return middleware.call(factory.generic(method, '/', null, undefined, { headers }));
}

const hello = () => new HttpResponse('hello');

describe('ConditionalGetMiddleware', () => {
  it('gives a response without an ETag the MD5 of its body', async () => {
    expect((await run(hello)).headers.get('ETag')).toBe(HELLO_ETAG);
  });

  it('keeps an ETag the view set', async () => {
    const response = await run(() => new HttpResponse('hello', { headers: { ETag: '"mine"' } }));
    expect(response.headers.get('ETag')).toBe('"mine"');
  });

  it('answers 304 when If-None-Match matches, keeping ETag', async () => {
    const response = await run(hello, 'GET', { 'If-None-Match': HELLO_ETAG });
    expect(response.statusCode).toBe(304);
    expect(response.headers.get('ETag')).toBe(HELLO_ETAG);
    expect((response as HttpResponse).content.length).toBe(0);
    expect((await run(hello, 'GET', { 'If-None-Match': '"other"' })).statusCode).toBe(200);
  });

  it('answers 304 when the page was not modified since If-Modified-Since', async () => {
    const page = () => new HttpResponse('', { headers: { 'Last-Modified': LAST_MODIFIED } });
    expect((await run(page, 'GET', { 'If-Modified-Since': LAST_MODIFIED })).statusCode).toBe(304);
    expect((await run(page, 'GET', { 'If-Modified-Since': 'Sat, 12 Feb 2011 17:38:43 GMT' })).statusCode).toBe(200);
    expect((await run(page, 'GET', { 'If-Modified-Since': 'Sun, 13 Feb 2011 17:38:44 GMT' })).statusCode).toBe(304);
  });

  it('answers 412 when If-Match fails on a GET', async () => {
    expect((await run(hello, 'GET', { 'If-Match': '"other"' })).statusCode).toBe(412);
    expect((await run(hello, 'GET', { 'If-Match': HELLO_ETAG })).statusCode).toBe(200);
  });

  it('ignores malformed conditional headers', async () => {
    const cases: Array<Record<string, string>> = [
      { 'If-None-Match': 'garbage' },
      { 'If-None-Match': 'hello' },
      { 'If-None-Match': '"unterminated' },
      { 'If-Modified-Since': 'garbage' },
      { 'If-Modified-Since': 'Sat, 31 Feb 2011 17:38:44 GMT' },
      { 'If-Match': ',,,' },
      { 'If-Unmodified-Since': '1297532324' },
    ];
    for (const headers of cases) {
      const page = () => new HttpResponse('hello', { headers: { 'Last-Modified': LAST_MODIFIED } });
      expect((await run(page, 'GET', headers)).statusCode).toBe(200);
    }
  });

  it('ignores a malformed Last-Modified of the response', async () => {
    const page = () => new HttpResponse('', { headers: { 'Last-Modified': 'yesterday' } });
    expect((await run(page, 'GET', { 'If-Modified-Since': LAST_MODIFIED })).statusCode).toBe(200);
  });

  it('leaves methods other than GET alone', async () => {
    for (const method of ['HEAD', 'POST', 'PUT']) {
      const response = await run(hello, method, { 'If-None-Match': HELLO_ETAG });
      expect(response.statusCode).toBe(200);
      expect(response.headers.has('ETag')).toBe(false);
    }
  });

  it('adds no ETag under Cache-Control: no-store, to streaming or to empty responses', async () => {
    const noStore = await run(() => new HttpResponse('hello', { headers: { 'Cache-Control': 'private, No-Store' } }));
    expect(noStore.headers.has('ETag')).toBe(false);
    const streaming = await run(() => new StreamingHttpResponse(['hello']), 'GET', { 'If-None-Match': '*' });
    expect(streaming.statusCode).toBe(200);
    expect(streaming.headers.has('ETag')).toBe(false);
    expect((await run(() => new HttpResponse(''))).headers.has('ETag')).toBe(false);
  });

  it('leaves responses that are not 2xx alone', async () => {
    const response = await run(() => new HttpResponse('missing', { status: 404 }), 'GET', { 'If-None-Match': '*' });
    expect(response.statusCode).toBe(404);
  });
});
