import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { caches } from '../cache/registry.js';
import { configureLogging } from '../conf/log.js';
import { configureSettings, defineSettings, overrideSettings } from '../conf/settings/index.js';
import { HttpResponse } from '../http/response.js';
import type { HttpRequest } from '../http/request.js';
import { Client } from '../testing/client.js';
import { path } from '../urls/index.js';
import { CACHE_KEY_PREFIX, CacheSessionStore } from './backends/cache.js';
import { SessionMiddleware } from './middleware.js';

let loads = 0;

/** The cache engine, counting its store reads. */
class CountingStore extends CacheSessionStore {
  protected override loadData(): ReturnType<CacheSessionStore['loadData']> {
    loads++;
    return super.loadData();
  }
}

const urlconf = {
  urlpatterns: [
    path('counter/', (request: HttpRequest) => {
      const count = Number(request.session.get('count') ?? 0) + 1;
      request.session.set('count', count);
      return new HttpResponse(String(count));
    }),
    path('read/', (request: HttpRequest) => new HttpResponse(String(request.session.get('count') ?? 'none'))),
    path('untouched/', () => new HttpResponse('ok')),
    path('expire/<int:seconds>/', (request: HttpRequest, { seconds }: { seconds: number }) => {
      request.session.set('x', 1);
      request.session.setExpiry(seconds);
      return new HttpResponse('ok');
    }),
    path('flush/', async (request: HttpRequest) => {
      await request.session.flush();
      return new HttpResponse('flushed');
    }),
    path('clear/', (request: HttpRequest) => {
      request.session.clear();
      return new HttpResponse('cleared');
    }),
    path('cycle/', async (request: HttpRequest) => {
      await request.session.cycleKey();
      return new HttpResponse(request.session.sessionKey ?? '');
    }),
    path('fail/', (request: HttpRequest) => {
      request.session.set('count', 999);
      const response = new HttpResponse('boom');
      response.statusCode = 500;
      return response;
    }),
  ],
};

beforeAll(() => {
  configureLogging({ level: 'silent' });
  configureSettings(defineSettings({
    SECRET_KEY: 'session-middleware-tests',
    ROOT_URLCONF: urlconf,
    MIDDLEWARE: [SessionMiddleware],
    SESSION_ENGINE: 'cache',
    CACHES: { default: { BACKEND: 'locmem', LOCATION: 'session-middleware-tests' } },
  }));
});

beforeEach(async () => {
  loads = 0;
  await caches.get().clear();
});

function sessionCookie(response: { setCookieHeaders(): readonly string[] }): string | undefined {
  return response.setCookieHeaders().find((line) => line.startsWith('sessionid='));
}

describe('SessionMiddleware', () => {
  it('counts across requests: the first sets the cookie, later ones keep the key', async () => {
    const client = new Client();
    const first = await client.get('/counter/');
    expect(first.text).toBe('1');
    const cookie = sessionCookie(first)!;
    expect(cookie).toMatch(/^sessionid=[a-z0-9]{32}; expires=.+; HttpOnly; Max-Age=1209600; Path=\/; SameSite=Lax$/);
    expect(first.headers.get('Vary')).toBe('Cookie');
    expect((await client.get('/counter/')).text).toBe('2');
    expect((await client.get('/counter/')).text).toBe('3');
    expect(client.cookies.get('sessionid')).toBe(cookie.slice(10, 42));
  });

  it('reads nothing and sets no cookie nor Vary for a request that neither has nor uses a session', async () => {
    const restore = overrideSettings({ SESSION_ENGINE: CountingStore });
    const response = await new Client().get('/untouched/').finally(restore);
    expect(response.setCookieHeaders()).toEqual([]);
    expect(response.headers.get('Vary')).toBeUndefined();
    expect(loads).toBe(0);
  });

  it('reads the store once for a request with the cookie, whether or not the view uses the session', async () => {
    const restore = overrideSettings({ SESSION_ENGINE: CountingStore });
    try {
      const client = new Client();
      await client.get('/counter/');
      expect(loads).toBe(0);
      await client.get('/untouched/');
      expect(loads).toBe(1);
      expect((await client.get('/counter/')).text).toBe('2');
      expect(loads).toBe(2);
    } finally {
      restore();
    }
  });

  it('varies on Cookie but sets no cookie when the session was only read', async () => {
    const response = await new Client().get('/read/');
    expect(response.text).toBe('none');
    expect(response.headers.get('Vary')).toBe('Cookie');
    expect(response.setCookieHeaders()).toEqual([]);
  });

  it('gives an unknown or hostile session key a new empty session and deletes the bad cookie', async () => {
    for (const bad of ['nosuchsessionkeyatall0000000000', '../../etc/passwd', 'x'.repeat(5000), '"quoted"', '']) {
      const client = new Client();
      client.cookies.set('sessionid', bad);
      const response = await client.get('/read/');
      expect(response.statusCode).toBe(200);
      expect(response.text).toBe('none');
      expect(sessionCookie(response)).toMatch(/^sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=\/; SameSite=Lax$/);
    }
  });

  it('writes only when modified, or on every request with SESSION_SAVE_EVERY_REQUEST', async () => {
    const client = new Client();
    await client.get('/counter/');
    expect(sessionCookie(await client.get('/read/'))).toBeUndefined();
    const restore = overrideSettings({ SESSION_SAVE_EVERY_REQUEST: true });
    try {
      expect(sessionCookie(await client.get('/read/'))).toMatch(/^sessionid=[a-z0-9]{32};/);
    } finally {
      restore();
    }
  });

  it('does not save the session of a 500 response', async () => {
    const client = new Client();
    await client.get('/counter/');
    await client.get('/fail/');
    expect((await client.get('/read/')).text).toBe('1');
  });

  it('flush() deletes the stored session and the cookie; the old key no longer works', async () => {
    const client = new Client();
    await client.get('/counter/');
    const oldKey = client.cookies.get('sessionid')!;
    const response = await client.get('/flush/');
    expect(sessionCookie(response)).toMatch(/^sessionid=""; /);
    expect(await caches.get().get(CACHE_KEY_PREFIX + oldKey)).toBeUndefined();
    const replay = new Client();
    replay.cookies.set('sessionid', oldKey);
    expect((await replay.get('/read/')).text).toBe('none');
  });

  it('clear() keeps the key and stores the emptied data', async () => {
    const client = new Client();
    await client.get('/counter/');
    const key = client.cookies.get('sessionid');
    const response = await client.get('/clear/');
    expect(sessionCookie(response)).toContain(`sessionid=${key};`);
    expect((await client.get('/read/')).text).toBe('none');
  });

  it('cycleKey() moves the data to a new key and deletes the old one', async () => {
    const client = new Client();
    await client.get('/counter/');
    const oldKey = client.cookies.get('sessionid')!;
    const response = await client.get('/cycle/');
    expect(response.text).not.toBe(oldKey);
    expect(client.cookies.get('sessionid')).toBe(response.text);
    expect((await client.get('/read/')).text).toBe('1');
    expect(await caches.get().get(CACHE_KEY_PREFIX + oldKey)).toBeUndefined();
  });

  it('setExpiry(0) gives a browser-session cookie; setExpiry(n) a cookie of n seconds', async () => {
    const browser = sessionCookie(await new Client().get('/expire/0/'))!;
    expect(browser).not.toMatch(/Max-Age|expires/);
    expect(sessionCookie(await new Client().get('/expire/10/'))).toMatch(/Max-Age=10;/);
  });

  it('applies the SESSION_COOKIE_* settings to the cookie', async () => {
    const restore = overrideSettings({
      SESSION_COOKIE_NAME: 'sid',
      SESSION_COOKIE_DOMAIN: 'example.com',
      SESSION_COOKIE_PATH: '/app',
      SESSION_COOKIE_SECURE: true,
      SESSION_COOKIE_HTTPONLY: false,
      SESSION_COOKIE_SAMESITE: 'Strict',
      SESSION_COOKIE_AGE: 60,
    });
    try {
      const line = (await new Client().get('/counter/')).setCookieHeaders()[0]!;
      expect(line).toMatch(/^sid=[a-z0-9]{32}; Domain=example.com; expires=.+; Max-Age=60; Path=\/app; SameSite=Strict; Secure$/);
    } finally {
      restore();
    }
  });

  it('SESSION_EXPIRE_AT_BROWSER_CLOSE makes browser-session cookies', async () => {
    const restore = overrideSettings({ SESSION_EXPIRE_AT_BROWSER_CLOSE: true });
    try {
      expect(sessionCookie(await new Client().get('/counter/'))).not.toMatch(/Max-Age/);
    } finally {
      restore();
    }
  });
});
