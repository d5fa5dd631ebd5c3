import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { BaseCache } from '../cache/base.js';
import { CacheUnavailable } from '../cache/errors.js';
import { getCacheKey } from '../cache/page-keys.js';
import { caches } from '../cache/registry.js';
import { configureLogging } from '../conf/log.js';
import type { LogRecord } from '../conf/log.js';
import type { MiddlewareFactory } from './mixin.js';
import { configureSettings, defineSettings, overrideSettings } from '../conf/settings/index.js';
import { patchVaryHeaders } from '../http/cache-control.js';
import { HttpResponse, HttpResponseNotModified } from '../http/response.js';
import type { HttpRequest } from '../http/request.js';
import { StreamingHttpResponse } from '../http/streaming.js';
import { Client } from '../testing/client.js';
import { RequestFactory } from '../testing/request-factory.js';
import { path } from '../urls/index.js';
import { CacheMiddleware, FetchFromCacheMiddleware, UpdateCacheMiddleware } from './cache.js';

const runs = new Map<string, number>();

/** A view that counts its runs and says which run answered, so a cached answer shows. */
function counted(name: string, build: (request: HttpRequest, response: HttpResponse) => void = () => {}) {
  return (request: HttpRequest) => {
    const n = (runs.get(name) ?? 0) + 1;
    runs.set(name, n);
    const response = new HttpResponse(`${name} run ${n}`);
    build(request, response);
    return response;
  };
}

const urlconf = {
  urlpatterns: [
    path('cached/', counted('cached')),
    path('lang/', counted('lang', (request, response) => {
      response.content = `lang ${request.headers.get('Accept-Language') ?? '-'} run ${runs.get('lang')}`;
      patchVaryHeaders(response, ['Accept-Language']);
    })),
    path('by-cookie/', counted('by-cookie', (_request, response) => patchVaryHeaders(response, ['Cookie']))),
    path('sets-cookie/', counted('sets-cookie', (_request, response) => response.setCookie('flavour', 'ginger'))),
    path('private/', counted('private', (_r, response) => response.headers.set('Cache-Control', 'private, max-age=60'))),
    path('no-store/', counted('no-store', (_r, response) => response.headers.set('Cache-Control', 'no-store'))),
    path('no-cache/', counted('no-cache', (_r, response) => response.headers.set('Cache-Control', 'no-cache=Set-Cookie'))),
    path('max-age/<int:seconds>/', (request: HttpRequest, { seconds }: { seconds: number }) =>
      counted(`max-age-${seconds}`, (_r, response) => response.headers.set('Cache-Control', `max-age=${seconds}`))(request)),
    path('vary-star/', counted('vary-star', (_r, response) => response.headers.set('Vary', '*'))),
    path('missing/', counted('missing', (_r, response) => { response.statusCode = 404; })),
    path('not-modified/', (request: HttpRequest) => { counted('not-modified')(request); return new HttpResponseNotModified(); }),
    path('stream/', (request: HttpRequest) => { counted('stream')(request); return new StreamingHttpResponse(['a', 'b']); }),
    path('async/', async (request: HttpRequest) => counted('async')(request)),
    path('any/', counted('any')),
  ],
};

const trace: string[] = [];
const Traced: MiddlewareFactory = (getResponse) => (request) => {
  trace.push(`inner ${request.method} ${request.path}`);
  return getResponse(request);
};

beforeAll(() => {
  configureLogging({ level: 'silent' });
  configureSettings(defineSettings({
    SECRET_KEY: 'cache-middleware-tests',
    ALLOWED_HOSTS: ['testserver', 'other.example'],
    ROOT_URLCONF: urlconf,
    MIDDLEWARE: [CacheMiddleware, Traced],
    CACHES: { default: { BACKEND: 'locmem', LOCATION: 'cache-middleware-tests' } },
    CACHE_MIDDLEWARE_SECONDS: 600,
  }));
});

beforeEach(async () => {
  runs.clear();
  trace.length = 0;
  await caches.get().clear();
});

describe('CacheMiddleware', () => {
  it('serves the second GET from the cache without running the view or the inner middleware', async () => {
    const client = new Client();
    const first = await client.get('/cached/');
    expect(first.text).toBe('cached run 1');
    expect(first.headers.get('Cache-Control')).toBe('max-age=600');
    expect(first.headers.has('Expires')).toBe(true);
    const second = await client.get('/cached/');
    expect(second.statusCode).toBe(200);
    expect(second.text).toBe('cached run 1');
    expect(second.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expect(second.headers.get('Expires')).toBe(first.headers.get('Expires'));
    expect(runs.get('cached')).toBe(1);
    expect(trace).toEqual(['inner GET /cached/']);
  });

  it('answers a hit from an in-process cache without waiting (sync-first)', async () => {
    await new Client().get('/cached/');
    const pages = new CacheMiddleware(() => new HttpResponse('unused')).pages;
    const hit = pages.fetch(new RequestFactory().get('/cached/'));
    expect(hit).toBeInstanceOf(HttpResponse);
    expect((hit as HttpResponse).text).toBe('cached run 1');
    expect(pages.fetch(new RequestFactory().get('/cached/?other'))).toBeNull();
  });

  it('says how old a cached page is in Age', async () => {
    const client = new Client();
    await client.get('/cached/');
    expect((await client.get('/cached/')).headers.get('Age')).toBe('0');
    const now = Date.now();
    const clock = vi.spyOn(Date, 'now').mockReturnValue(now + 5000);
    try {
      expect((await client.get('/cached/')).headers.get('Age')).toBe('5');
    } finally {
      clock.mockRestore();
    }
  });

  it('keeps different query strings, hosts and schemes apart', async () => {
    const client = new Client();
    await client.get('/cached/?page=1');
    await client.get('/cached/?page=2');
    await client.get('/cached/?page=1');
    expect(runs.get('cached')).toBe(2);
    expect((await client.get('/cached/', undefined, { headers: { host: 'other.example' } })).text).toBe('cached run 3');
    expect((await client.get('/cached/', undefined, { secure: true })).text).toBe('cached run 4');
    expect((await client.get('/cached/')).text).toBe('cached run 5');
    expect((await client.get('/cached/', undefined, { secure: true })).text).toBe('cached run 4');
    expect(runs.get('cached')).toBe(5);
  });

  it('keeps one entry per value of a header named in Vary', async () => {
    const client = new Client();
    const fr = { headers: { 'Accept-Language': 'fr' } };
    const en = { headers: { 'Accept-Language': 'en' } };
    expect((await client.get('/lang/', undefined, fr)).text).toBe('lang fr run 1');
    expect((await client.get('/lang/', undefined, en)).text).toBe('lang en run 2');
    expect((await client.get('/lang/', undefined, fr)).text).toBe('lang fr run 1');
    expect((await client.get('/lang/', undefined, en)).text).toBe('lang en run 2');
    expect(runs.get('lang')).toBe(2);
  });

  it('keeps one entry per cookie when the page varies on Cookie', async () => {
    const client = new Client();
    await client.get('/by-cookie/', undefined, { headers: { cookie: 'sessionid=a' } });
    await client.get('/by-cookie/', undefined, { headers: { cookie: 'sessionid=b' } });
    const again = await client.get('/by-cookie/', undefined, { headers: { cookie: 'sessionid=a' } });
    expect(again.text).toBe('by-cookie run 1');
    expect(runs.get('by-cookie')).toBe(2);
  });

  it('never stores a response that sets a cookie', async () => {
    const client = new Client();
    await client.get('/sets-cookie/');
    client.cookies.clear();
    const second = await client.get('/sets-cookie/');
    expect(second.text).toBe('sets-cookie run 2');
    expect(second.setCookieHeaders()).toHaveLength(1);
  });

  it.each(['private', 'no-store', 'no-cache', 'vary-star', 'missing', 'not-modified', 'stream'])('never stores /%s/', async (name) => {
    const client = new Client();
    await client.get(`/${name}/`);
    await client.get(`/${name}/`);
    expect(runs.get(name)).toBe(2);
  });

  it('never stores a page whose max-age is 0', async () => {
    const client = new Client();
    await client.get('/max-age/0/');
    await client.get('/max-age/0/');
    expect(runs.get('max-age-0')).toBe(2);
  });

  it('never answers or stores other methods than GET and HEAD', async () => {
    const client = new Client();
    await client.get('/any/');
    const post = await client.post('/any/', { a: '1' });
    expect(post.text).toBe('any run 2');
    await client.post('/any/', { a: '1' });
    await client.put('/any/', 'x');
    expect(runs.get('any')).toBe(4);
    expect((await client.get('/any/')).text).toBe('any run 1');
  });

  it("answers HEAD from the GET entry; a HEAD miss does not fill GET's", async () => {
    const client = new Client();
    await client.get('/cached/');
    const head = await client.head('/cached/');
    expect(head.statusCode).toBe(200);
    expect(runs.get('cached')).toBe(1);

    await client.head('/any/');
    await client.head('/any/');
    expect(runs.get('any')).toBe(1);
    expect((await client.get('/any/')).text).toBe('any run 2');
  });

  it('caches async views too', async () => {
    const client = new Client();
    await client.get('/async/');
    expect((await client.get('/async/')).text).toBe('async run 1');
    expect(runs.get('async')).toBe(1);
  });

  it("keeps a page for the response's max-age, and it expires", async () => {
    const client = new Client();
    const first = await client.get('/max-age/1/');
    expect(first.headers.get('Cache-Control')).toBe('max-age=1');
    await client.get('/cached/');
    expect((await client.get('/max-age/1/')).text).toBe('max-age-1 run 1');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await client.get('/max-age/1/')).text).toBe('max-age-1 run 2');
    expect((await client.get('/cached/')).text).toBe('cached run 1');
  });

  it('stores nothing when the timeout is 0, but still says so in the headers', async () => {
    await overrideSettings({ CACHE_MIDDLEWARE_SECONDS: 0 }, async () => {
      const client = new Client();
      const first = await client.get('/cached/');
      expect(first.headers.get('Cache-Control')).toBe('max-age=0');
      await client.get('/cached/');
      expect(runs.get('cached')).toBe(2);
    });
  });

  it('uses CACHE_MIDDLEWARE_KEY_PREFIX and CACHE_MIDDLEWARE_ALIAS', async () => {
    await overrideSettings({
      CACHES: { default: { BACKEND: 'locmem', LOCATION: 'cache-middleware-tests' }, pages: { BACKEND: 'locmem', LOCATION: 'pages-alias' } },
      CACHE_MIDDLEWARE_ALIAS: 'pages',
      CACHE_MIDDLEWARE_KEY_PREFIX: 'site1',
    }, async () => {
      const client = new Client();
      await client.get('/cached/');
      const request = new RequestFactory().get('/cached/');
      expect(await getCacheKey(request, { cache: caches.get('pages') })).toMatch(/^views\.decorators\.cache\.cache_page\.site1\.GET\./);
      expect(await getCacheKey(request, { cache: caches.get('default') })).toBeNull();
      await caches.get('pages').clear();
    });
  });

  it('rebuilds a page whose entry is corrupt', async () => {
    const client = new Client();
    await client.get('/cached/');
    const key = await getCacheKey(new RequestFactory().get('/cached/'), { cache: caches.get() });
    await caches.get().set(key!, 'garbage');
    expect((await client.get('/cached/')).text).toBe('cached run 2');
    expect((await client.get('/cached/')).text).toBe('cached run 2');
  });
});

/** A cache whose server is down: every primitive fails as a server backend's would. */
class DownCache extends BaseCache {
  protected getRaw(): string | undefined {
    throw new CacheUnavailable('cache server 127.0.0.1:1 did not answer');
  }
  protected setRaw(): Promise<never> {
    return Promise.reject(new CacheUnavailable('cache server 127.0.0.1:1 did not answer'));
  }
  protected addRaw(): never {
    throw new CacheUnavailable('down');
  }
  protected touchRaw(): never {
    throw new CacheUnavailable('down');
  }
  protected deleteRaw(): never {
    throw new CacheUnavailable('down');
  }
  async clear(): Promise<void> {}
}

/** A cache that reads fine but cannot write. */
class ReadOnlyCache extends DownCache {
  protected override getRaw(): undefined {
    return undefined;
  }
}

describe('a cache outage', () => {
  const records: LogRecord[] = [];
  beforeEach(() => {
    records.length = 0;
    configureLogging({ level: 'warning', sink: (record) => records.push(record) });
  });
  afterEach(() => configureLogging({ level: 'silent' }));

  it('does not break the site: pages are served uncached, with a warning', async () => {
    await overrideSettings({ CACHES: { default: { BACKEND: DownCache } } }, async () => {
      const client = new Client();
      expect((await client.get('/cached/')).statusCode).toBe(200);
      expect((await client.get('/cached/')).text).toBe('cached run 2');
    });
    expect(records.length).toBeGreaterThanOrEqual(2);
    expect(records[0]).toMatchObject({ logger: 'canter.cache', level: 'warning' });
    expect(records[0]!.message).toMatch(/Page cache 'default' unavailable; serving \/cached\/ uncached/);
  });

  it('a failed store is skipped with a warning', async () => {
    await overrideSettings({ CACHES: { default: { BACKEND: ReadOnlyCache } } }, async () => {
      const response = await new Client().get('/cached/');
      expect(response.statusCode).toBe(200);
      expect(response.text).toBe('cached run 1');
    });
    expect(records.map((r) => r.message)).toEqual([expect.stringMatching(/\/cached\/ was not stored/)]);
  });
});

describe('UpdateCacheMiddleware and FetchFromCacheMiddleware', () => {
  it('work as a pair around the other middleware', async () => {
    await overrideSettings({ MIDDLEWARE: [UpdateCacheMiddleware, Traced, FetchFromCacheMiddleware] }, async () => {
      const client = new Client();
      await client.get('/cached/');
      expect((await client.get('/cached/')).text).toBe('cached run 1');
      expect(runs.get('cached')).toBe(1);
      // Fetch is last, so the middleware before it runs on hits as well.
      expect(trace).toEqual(['inner GET /cached/', 'inner GET /cached/']);
    });
  });

  it('UpdateCacheMiddleware alone stores nothing: nothing looked the page up', async () => {
    await overrideSettings({ MIDDLEWARE: [UpdateCacheMiddleware] }, async () => {
      const client = new Client();
      await client.get('/cached/');
      await client.get('/cached/');
      expect(runs.get('cached')).toBe(2);
      expect(await getCacheKey(new RequestFactory().get('/cached/'), { cache: caches.get() })).toBeNull();
    });
  });

  it('take explicit options over the settings', async () => {
    const make = (getResponse: (r: HttpRequest) => HttpResponse) => new CacheMiddleware(getResponse, { cacheTimeout: 42, keyPrefix: 'explicit', cacheAlias: 'default' });
    const layer = make(() => new HttpResponse('x'));
    expect([layer.pages.cacheTimeout, layer.pages.keyPrefix, layer.pages.cacheAlias, layer.pages.pageTimeout]).toEqual([42, 'explicit', 'default', null]);
    const response = await layer.call(new RequestFactory().get('/direct/'));
    expect(response.headers.get('Cache-Control')).toBe('max-age=42');
    const key = await getCacheKey(new RequestFactory().get('/direct/'), { cache: caches.get(), keyPrefix: 'explicit' });
    expect(key).toMatch(/\.explicit\.GET\./);
  });
});
