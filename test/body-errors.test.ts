/**
 * A bad body gets its own answer whichever code reads it first: CsrfViewMiddleware looking for
 * its form field, a view reading request.POST, or request.json(). Only a broken connection is
 * swallowed by CSRF (Django's `except UnreadablePostError`), so the header can still carry the token.
 */
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { configureLogging } from '../src/conf/log.js';
import { configureSettings, defineSettings, overrideSettings } from '../src/conf/settings/index.js';
import { CsrfViewMiddleware } from '../src/csrf/middleware.js';
import { getToken } from '../src/csrf/request-state.js';
import { HttpRequest } from '../src/http/request.js';
import { HttpResponse, JsonResponse } from '../src/http/response.js';
import { Client } from '../src/testing/client.js';
import { path } from '../src/urls/index.js';

const MAX_FIELDS = 5;
const MAX_BYTES = 4096;

const urlconf = {
  urlpatterns: [
    path('form/', (request: HttpRequest) => new HttpResponse(getToken(request))),
    path('post/', (request: HttpRequest) => new JsonResponse({ fields: [...request.POST.keys()] })),
    path('json/', (request: HttpRequest) => new JsonResponse({ got: request.json() })),
  ],
};

beforeAll(() => {
  configureLogging({ level: 'silent' });
  configureSettings(defineSettings({
    SECRET_KEY: 'body-errors',
    ALLOWED_HOSTS: ['testserver'],
    ROOT_URLCONF: urlconf,
    MIDDLEWARE: [CsrfViewMiddleware],
    DATA_UPLOAD_MAX_NUMBER_FIELDS: MAX_FIELDS,
    DATA_UPLOAD_MAX_MEMORY_SIZE: MAX_BYTES,
  }));
});

/** A client that enforces CSRF and holds a cookie and a token for it. */
async function primed(): Promise<{ client: Client; token: string }> {
  const client = new Client({ enforceCsrfChecks: true, raiseRequestException: false });
  return { client, token: (await client.get('/form/')).text };
}

function fields(count: number, token: string): Record<string, string> {
  const data: Record<string, string> = { csrfmiddlewaretoken: token };
  for (let i = 0; i < count; i++) data[`f${i}`] = 'x';
  return data;
}

const BOUNDARY = 'BoUnDaRy';
const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;

function multipartBody(parts: Record<string, string>): string {
  return Object.entries(parts)
    .map(([name, value]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
    .join('') + `--${BOUNDARY}--\r\n`;
}

describe('body errors reach their own status through CsrfViewMiddleware', () => {
  it('too many urlencoded fields with the token in the form: 400, not a CSRF 403', async () => {
    const { client, token } = await primed();
    const ok = await client.post('/post/', new URLSearchParams(fields(MAX_FIELDS - 1, token)).toString(), 'application/x-www-form-urlencoded');
    expect(ok.statusCode).toBe(200);
    const response = await client.post('/post/', new URLSearchParams(fields(MAX_FIELDS + 3, token)).toString(), 'application/x-www-form-urlencoded');
    expect(response.statusCode).toBe(400);
  });

  it('too many multipart fields: 400', async () => {
    const { client, token } = await primed();
    const response = await client.post('/post/', fields(MAX_FIELDS + 3, token));
    expect(response.statusCode).toBe(400);
  });

  it('a body over DATA_UPLOAD_MAX_MEMORY_SIZE: 413, urlencoded or multipart', async () => {
    const { client, token } = await primed();
    const big = { csrfmiddlewaretoken: token, big: 'x'.repeat(MAX_BYTES * 2) };
    expect((await client.post('/post/', new URLSearchParams(big).toString(), 'application/x-www-form-urlencoded')).statusCode).toBe(413);
    expect((await client.post('/post/', big)).statusCode).toBe(413);
  });

  it('a malformed multipart body (truncated, no closing boundary): 400', async () => {
    const { client, token } = await primed();
    const truncated = multipartBody({ csrfmiddlewaretoken: token, a: '1' }).slice(0, -12);
    expect((await client.post('/post/', truncated, MULTIPART)).statusCode).toBe(400);
    expect((await client.post('/post/', multipartBody({ csrfmiddlewaretoken: token }), 'multipart/form-data')).statusCode).toBe(400);
  });

  it('answers the same status when the view, not CSRF, reads the body first', async () => {
    const { client, token } = await primed();
    const header = { headers: { 'X-CSRFToken': token } };
    const cases: Array<[() => Promise<{ statusCode: number }>, number]> = [
      [() => client.post('/post/', new URLSearchParams(fields(MAX_FIELDS + 3, '')).toString(), 'application/x-www-form-urlencoded', header), 400],
      [() => client.post('/post/', fields(MAX_FIELDS + 3, ''), undefined, header), 400],
      [() => client.post('/post/', multipartBody({ a: '1' }).slice(0, -12), MULTIPART, header), 400],
      [() => client.post('/post/', 'x'.repeat(MAX_BYTES + 1), 'application/x-www-form-urlencoded', header), 413],
      [() => client.post('/json/', JSON.stringify({ big: 'x'.repeat(MAX_BYTES) }), 'application/json', header), 413],
      [() => client.post('/json/', '{"a":', 'application/json', header), 400],
    ];
    for (const [send, status] of cases) expect((await send()).statusCode).toBe(status);
  });
});

describe('a broken connection is the one body error CSRF swallows', () => {
  function brokenRequest(headers: Record<string, string>): HttpRequest {
    const body = new Readable({
      read() {
        this.push('csrfmiddlewaretoken=abc&a=');
        this.destroy(new Error('socket hang up'));
      },
    });
    return new HttpRequest({
      method: 'POST',
      url: '/post/',
      headers: { host: 'testserver', 'content-type': 'application/x-www-form-urlencoded', 'content-length': '1000', ...headers },
      body,
    });
  }

  it('with the token in the header, CSRF passes and the view reading POST answers 400', async () => {
    const { client, token } = await primed();
    const cookie = `csrftoken=${client.cookies.get('csrftoken')}`;
    const response = await client.request(brokenRequest({ cookie, 'x-csrftoken': token }));
    expect(response.statusCode).toBe(400);
  });

  it('without a header, it is the 403 "CSRF token missing", as in Django', async () => {
    const { client } = await primed();
    const cookie = `csrftoken=${client.cookies.get('csrftoken')}`;
    const response = await client.request(brokenRequest({ cookie }));
    expect(response.statusCode).toBe(403);
  });
});

describe('deeply nested JSON', () => {
  it('a body nested 100,000 levels answers 400, not a stack overflow', async () => {
    const restore = overrideSettings({ DATA_UPLOAD_MAX_MEMORY_SIZE: 2_621_440 });
    try {
      const { client, token } = await primed();
      const deep = '['.repeat(100_000) + ']'.repeat(100_000);
      const response = await client.post('/json/', deep, 'application/json', { headers: { 'X-CSRFToken': token } });
      expect(response.statusCode).toBe(400);
      const nested = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
      expect((await client.post('/json/', nested, 'application/json', { headers: { 'X-CSRFToken': token } })).statusCode).toBe(400);
    } finally {
      restore();
    }
  });

  it('an ordinary nested document still echoes', async () => {
    const { client, token } = await primed();
    const response = await client.post('/json/', JSON.stringify({ a: [{ b: [1, { c: 'x' }] }] }), 'application/json', { headers: { 'X-CSRFToken': token } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ got: { a: [{ b: [1, { c: 'x' }] }] } });
  });
});
