import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { caches } from '../cache/registry.js';
import { configureLogging } from '../conf/log.js';
import type { LogRecord } from '../conf/log.js';
import { configureSettings, defineSettings, overrideSettings } from '../conf/settings/index.js';
import { HttpResponse, JsonResponse } from '../http/response.js';
import type { HttpRequest } from '../http/request.js';
import { SessionMiddleware } from '../sessions/middleware.js';
import { Client } from '../testing/client.js';
import { path } from '../urls/index.js';
import { CSRF_SESSION_KEY } from './checks.js';
import { csrfExempt, csrfProtect, ensureCsrfCookie, requiresCsrfToken } from './decorators.js';
import { CsrfViewMiddleware } from './middleware.js';
import { getToken, rotateToken } from './request-state.js';
import { CSRF_TOKEN_LENGTH, maskCipherSecret } from './tokens.js';

const logs: LogRecord[] = [];

const form = (request: HttpRequest): HttpResponse => new HttpResponse(getToken(request));
const echo = (request: HttpRequest): JsonResponse => new JsonResponse({ ok: true, method: request.method });

const urlconf = {
  urlpatterns: [
    path('form/', form),
    path('echo/', echo),
    path('exempt/', csrfExempt(echo)),
    path('rotate/', (request: HttpRequest) => {
      rotateToken(request);
      return new HttpResponse('rotated');
    }),
    path('plain/', () => new HttpResponse('plain')),
  ],
};

beforeAll(() => {
  configureLogging({ level: 'warning', sink: (record) => logs.push(record) });
  configureSettings(defineSettings({
    SECRET_KEY: 'csrf-middleware-tests',
    ALLOWED_HOSTS: ['testserver', 'www.example.com', '.trusted.example'],
    ROOT_URLCONF: urlconf,
    MIDDLEWARE: [SessionMiddleware, CsrfViewMiddleware],
    SESSION_ENGINE: 'cache',
    CACHES: { default: { BACKEND: 'locmem', LOCATION: 'csrf-middleware-tests' } },
  }));
});

beforeEach(async () => {
  logs.length = 0;
  await caches.get().clear();
});

/** A client that enforces CSRF, with a csrftoken cookie and a token for it from GET /form/. */
async function primed(options: ConstructorParameters<typeof Client>[0] = {}): Promise<{ client: Client; token: string }> {
  const client = new Client({ enforceCsrfChecks: true, ...options });
  const response = await client.get('/form/');
  return { client, token: response.text };
}

function reasonOf(response: { text: string }): string {
  return /<pre>([^<]*)<\/pre>/.exec(response.text)?.[1] ?? '';
}

describe('CsrfViewMiddleware: tokens', () => {
  it('GET hands out a 64-character token and sets the csrftoken cookie with the CSRF_COOKIE_* settings', async () => {
    const client = new Client({ enforceCsrfChecks: true });
    const response = await client.get('/form/');
    expect(response.text).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(response.setCookieHeaders()[0]).toMatch(/^csrftoken=[A-Za-z0-9]{32}; expires=.+; Max-Age=31449600; Path=\/; SameSite=Lax$/);
    expect(response.headers.get('Vary')).toBe('Cookie');
  });

  it('masks the token afresh on every request, every one valid for the same secret', async () => {
    const { client, token } = await primed();
    const second = (await client.get('/form/')).text;
    expect(second).not.toBe(token);
    for (const t of [token, second]) expect((await client.post('/echo/', { csrfmiddlewaretoken: t })).statusCode).toBe(200);
  });

  it('accepts the token from the form field or from the X-CSRFToken header (ajax, seed 000)', async () => {
    const { client, token } = await primed();
    expect((await client.post('/echo/', { csrfmiddlewaretoken: token })).statusCode).toBe(200);
    expect((await client.post('/echo/', {}, undefined, { headers: { 'X-CSRFToken': token } })).statusCode).toBe(200);
    expect((await client.generic('PUT', '/echo/', '{}', 'application/json', { headers: { 'X-CSRFToken': token } })).statusCode).toBe(200);
    expect((await client.generic('DELETE', '/echo/', '', undefined, { headers: { 'X-CSRFToken': token } })).statusCode).toBe(200);
  });

  it('accepts the unmasked 32-character secret itself, as Django does', async () => {
    const { client } = await primed();
    const secret = client.cookies.get('csrftoken')!;
    expect((await client.post('/echo/', { csrfmiddlewaretoken: secret })).statusCode).toBe(200);
  });

  it('reads a header named by CSRF_HEADER_NAME', async () => {
    const restore = overrideSettings({ CSRF_HEADER_NAME: 'HTTP_X_XSRF_TOKEN' });
    try {
      const { client, token } = await primed();
      expect((await client.post('/echo/', {}, undefined, { headers: { 'X-XSRF-TOKEN': token } })).statusCode).toBe(200);
      const refused = await client.post('/echo/', {}, undefined, { headers: { 'X-CSRFToken': token } });
      expect(refused.statusCode).toBe(403);
    } finally {
      restore();
    }
  });

  it('leaves safe methods open: GET, HEAD, OPTIONS, TRACE need no token', async () => {
    const client = new Client({ enforceCsrfChecks: true });
    for (const send of [() => client.get('/echo/'), () => client.head('/echo/'), () => client.options('/echo/'), () => client.trace('/echo/')]) {
      expect((await send()).statusCode).toBe(200);
    }
  });

  it('rotateToken() issues a new secret: tokens of the old one stop working', async () => {
    const { client, token } = await primed();
    const response = await client.get('/rotate/');
    expect(response.setCookieHeaders()[0]).toMatch(/^csrftoken=/);
    const refused = await client.post('/echo/', { csrfmiddlewaretoken: token });
    expect(refused.statusCode).toBe(403);
  });
});

describe('CsrfViewMiddleware: attacks, each a 403 with the reason', () => {
  const debug = (): (() => void) => overrideSettings({ DEBUG: true });

  async function refused(send: (client: Client, token: string) => Promise<{ statusCode: number; text: string }>, reason: string, options = {}): Promise<void> {
    const restore = debug();
    try {
      const { client, token } = await primed(options);
      const response = await send(client, token);
      expect(response.statusCode).toBe(403);
      expect(response.text).toContain('CSRF verification failed. Request aborted.');
      expect(reasonOf(response)).toBe(reason.replaceAll("'", '&#39;'));
      expect(logs.some((r) => r.logger === 'canter.security.csrf' && r.message.startsWith(`Forbidden (${reason})`))).toBe(true);
    } finally {
      restore();
    }
  }

  it('a POST without any token', () =>
    refused((client) => client.post('/echo/', { name: 'x' }), 'CSRF token missing.'));

  it('a POST without the cookie', () =>
    refused((client, token) => {
      client.cookies.delete('csrftoken');
      return client.post('/echo/', { csrfmiddlewaretoken: token });
    }, 'CSRF cookie not set.'));

  it('the cookie but no header on an ajax post', () =>
    refused((client) => client.post('/echo/', {}, undefined, { headers: { 'X-Requested-With': 'XMLHttpRequest' } }), 'CSRF token missing.'));

  it('a token from another visitor (another secret)', async () => {
    const other = await primed();
    await refused((client) => client.post('/echo/', { csrfmiddlewaretoken: other.token }), 'CSRF token from POST incorrect.');
  });

  it('a tampered token', () =>
    refused((client, token) => client.post('/echo/', { csrfmiddlewaretoken: token.slice(0, -1) + (token.endsWith('a') ? 'b' : 'a') }), 'CSRF token from POST incorrect.'));

  it('a truncated token', () =>
    refused((client, token) => client.post('/echo/', { csrfmiddlewaretoken: token.slice(0, 40) }), 'CSRF token from POST has incorrect length.'));

  it('a token with characters outside letters and digits', () =>
    refused((client, token) => client.post('/echo/', { csrfmiddlewaretoken: `${token.slice(0, -1)}!` }), 'CSRF token from POST has invalid characters.'));

  it('a bad token in the header names the header', () =>
    refused((client, token) => client.post('/echo/', {}, undefined, { headers: { 'X-CSRFToken': token.slice(1) } }), "CSRF token from the 'X-Csrftoken' HTTP header has incorrect length."));

  it('a token in the query string only', () =>
    refused((client, token) => client.post(`/echo/?csrfmiddlewaretoken=${token}`, {}), 'CSRF token missing.'));

  it('a malformed cookie', () =>
    refused((client, token) => {
      client.cookies.set('csrftoken', 'short');
      return client.post('/echo/', { csrfmiddlewaretoken: token });
    }, 'CSRF cookie has incorrect length.'));

  it('a cross-origin Origin', () =>
    refused((client, token) => client.post('/echo/', { csrfmiddlewaretoken: token }, undefined, { headers: { Origin: 'https://evil.example' } }), 'Origin checking failed - https://evil.example does not match any trusted origins.'));

  it('an Origin of "null" (sandboxed frames, file: pages)', () =>
    refused((client, token) => client.post('/echo/', { csrfmiddlewaretoken: token }, undefined, { headers: { Origin: 'null' } }), 'Origin checking failed - null does not match any trusted origins.'));

  it('on HTTPS, a missing Referer', () =>
    refused((client, token) => client.post('/echo/', { csrfmiddlewaretoken: token }, undefined, { secure: true }), 'Referer checking failed - no Referer.'));

  it('on HTTPS, a Referer from an untrusted origin', () =>
    refused((client, token) => client.post('/echo/', { csrfmiddlewaretoken: token }, undefined, { secure: true, headers: { Referer: 'https://evil.example/page' } }), 'Referer checking failed - https://evil.example/page does not match any trusted origins.'));

  it('on HTTPS, an http: Referer', () =>
    refused((client, token) => client.post('/echo/', { csrfmiddlewaretoken: token }, undefined, { secure: true, headers: { Referer: 'http://testserver/page' } }), 'Referer checking failed - Referer is insecure while host is secure.'));

  it('on HTTPS, a malformed Referer', () =>
    refused((client, token) => client.post('/echo/', { csrfmiddlewaretoken: token }, undefined, { secure: true, headers: { Referer: 'not a url' } }), 'Referer checking failed - Referer is malformed.'));

  it('without DEBUG the page does not say why', async () => {
    const client = new Client({ enforceCsrfChecks: true });
    const response = await client.post('/echo/', {});
    expect(response.statusCode).toBe(403);
    expect(response.text).not.toContain('CSRF token missing');
    expect(response.text).toContain('More information is available with DEBUG=true.');
  });
});

describe('CsrfViewMiddleware: what passes', () => {
  it('on HTTPS, a same-site Referer or Origin with a good token', async () => {
    const { client, token } = await primed({ secure: true });
    expect((await client.post('/echo/', { csrfmiddlewaretoken: token }, undefined, { secure: true, headers: { Referer: 'https://testserver/form/' } })).statusCode).toBe(200);
    expect((await client.post('/echo/', { csrfmiddlewaretoken: token }, undefined, { secure: true, headers: { Origin: 'https://testserver' } })).statusCode).toBe(200);
  });

  it('CSRF_TRUSTED_ORIGINS, exact and with a wildcard subdomain', async () => {
    const restore = overrideSettings({ CSRF_TRUSTED_ORIGINS: ['https://app.partner.example', 'https://*.trusted.example'] });
    try {
      const { client, token } = await primed({ secure: true });
      const post = (headers: Record<string, string>) => client.post('/echo/', { csrfmiddlewaretoken: token }, undefined, { secure: true, headers });
      expect((await post({ Origin: 'https://app.partner.example' })).statusCode).toBe(200);
      expect((await post({ Origin: 'https://a.trusted.example' })).statusCode).toBe(200);
      expect((await post({ Origin: 'http://a.trusted.example' })).statusCode).toBe(403);
      expect((await post({ Origin: 'https://evil-trusted.example' })).statusCode).toBe(403);
      expect((await post({ Referer: 'https://b.trusted.example/x' })).statusCode).toBe(200);
      expect((await post({ Referer: 'https://app.partner.example/x' })).statusCode).toBe(200);
      expect((await post({ Referer: 'https://evil@app.partner.example.evil/x' })).statusCode).toBe(403);
    } finally {
      restore();
    }
  });

  it('csrfExempt views take unsafe requests without a token', async () => {
    const client = new Client({ enforceCsrfChecks: true });
    expect((await client.post('/exempt/', {})).statusCode).toBe(200);
  });

  it("the test Client skips the checks unless enforceCsrfChecks, as Django's does", async () => {
    expect((await new Client().post('/echo/', {})).statusCode).toBe(200);
  });

  it('a request that never asks for a token gets no csrftoken cookie', async () => {
    const response = await new Client({ enforceCsrfChecks: true }).get('/plain/');
    expect(response.setCookieHeaders()).toEqual([]);
  });

  it('a token of a cookie set by Django before 4.1 (a masked 64-character cookie) is accepted', async () => {
    const { client, token } = await primed();
    client.cookies.set('csrftoken', maskCipherSecret(client.cookies.get('csrftoken')!));
    expect(client.cookies.get('csrftoken')).toHaveLength(CSRF_TOKEN_LENGTH);
    expect((await client.post('/echo/', { csrfmiddlewaretoken: token })).statusCode).toBe(200);
  });
});

describe('CSRF_USE_SESSIONS', () => {
  it('keeps the secret in the session, sets no csrftoken cookie, and checks against it', async () => {
    const restore = overrideSettings({ CSRF_USE_SESSIONS: true });
    try {
      const client = new Client({ enforceCsrfChecks: true });
      const first = await client.get('/form/');
      expect(first.setCookieHeaders().some((line) => line.startsWith('csrftoken='))).toBe(false);
      expect(first.setCookieHeaders().some((line) => line.startsWith('sessionid='))).toBe(true);
      const stored = await caches.get().get<Record<string, unknown>>(`django.contrib.sessions.cache${client.cookies.get('sessionid')}`);
      expect(stored?.[CSRF_SESSION_KEY]).toMatch(/^[A-Za-z0-9]{32}$/);
      expect((await client.post('/echo/', { csrfmiddlewaretoken: first.text })).statusCode).toBe(200);
      expect((await new Client({ enforceCsrfChecks: true }).post('/echo/', { csrfmiddlewaretoken: first.text })).statusCode).toBe(403);
    } finally {
      restore();
    }
  });
});

describe('CSRF decorators without the middleware', () => {
  const views = {
    protected: csrfProtect(echo),
    requires: requiresCsrfToken((request: HttpRequest) => new HttpResponse(getToken(request))),
    ensure: ensureCsrfCookie(() => new HttpResponse('no form here')),
  };
  const decorated = {
    urlpatterns: [
      path('protected/', views.protected),
      path('requires/', views.requires),
      path('ensure/', views.ensure),
      path('token/', form),
    ],
  };

  it('csrfProtect refuses an unsafe request without a token, and takes one with it', async () => {
    const restore = overrideSettings({ MIDDLEWARE: [], ROOT_URLCONF: decorated });
    try {
      const client = new Client({ enforceCsrfChecks: true });
      expect((await client.post('/protected/', {})).statusCode).toBe(403);
      expect((await client.get('/protected/')).statusCode).toBe(200);
      const cookie = await client.get('/requires/');
      expect((await client.post('/protected/', { csrfmiddlewaretoken: cookie.text })).statusCode).toBe(200);
    } finally {
      restore();
    }
  });

  it('requiresCsrfToken never refuses, and its token sets the cookie', async () => {
    const restore = overrideSettings({ MIDDLEWARE: [], ROOT_URLCONF: decorated });
    try {
      const response = await new Client({ enforceCsrfChecks: true }).post('/requires/', {});
      expect(response.statusCode).toBe(200);
      expect(response.setCookieHeaders()[0]).toMatch(/^csrftoken=/);
    } finally {
      restore();
    }
  });

  it('ensureCsrfCookie sets the cookie on a page without a form', async () => {
    const restore = overrideSettings({ MIDDLEWARE: [], ROOT_URLCONF: decorated });
    try {
      const response = await new Client({ enforceCsrfChecks: true }).get('/ensure/');
      expect(response.setCookieHeaders()[0]).toMatch(/^csrftoken=[A-Za-z0-9]{32};/);
    } finally {
      restore();
    }
  });
});
