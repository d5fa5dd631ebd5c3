import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LocMemCache } from '../../cache/backends/locmem.js';
import { getCacheKey } from '../../cache/page-keys.js';
import { caches } from '../../cache/registry.js';
import { configureLogging } from '../../conf/log.js';
import { configureSettings, defineSettings, overrideSettings } from '../../conf/settings/index.js';
import { HttpResponse, TemplateResponse } from '../../http/index.js';
import type { HttpRequest, HttpResponseBase } from '../../http/index.js';
import { Client, RequestFactory } from '../../testing/index.js';
import { path } from '../../urls/index.js';
import { isThenable } from '../../utils/maybe-promise.js';
import { cacheControl, cachePage, neverCache } from './cache.js';

/** Records the timeout each key was stored with. */
const timeouts = new Map<string, number | null>();
class RecordingCache extends LocMemCache {
  protected override setRaw(key: string, data: string, timeout: number | null): void {
    timeouts.set(key, timeout);
    super.setRaw(key, data, timeout);
  }
}

let runs = 0;
function page(request: HttpRequest): HttpResponse {
  runs += 1;
  return new HttpResponse(`${request.method} run ${runs}`);
}

const urlconf = {
  urlpatterns: [
    path('foo/', cachePage(900)(page)),
    path('template/', cachePage(60)((request: HttpRequest) => {
      runs += 1;
      return new TemplateResponse(request, { render: (context: Record<string, unknown>) => `rendered ${String(context.n)}` }, { n: runs });
    })),
  ],
};

beforeAll(() => {
  configureLogging({ level: 'silent' });
  configureSettings(defineSettings({
    SECRET_KEY: 'k',
    ALLOWED_HOSTS: ['testserver'],
    ROOT_URLCONF: urlconf,
    CACHES: {
      default: { BACKEND: RecordingCache, LOCATION: 'decorator-tests' },
      other: { BACKEND: 'locmem', LOCATION: 'decorator-tests-other' },
    },
  }));
});

beforeEach(async () => {
  runs = 0;
  timeouts.clear();
  await caches.get().clear();
  await caches.get('other').clear();
});

const factory = new RequestFactory();

describe('cachePage', () => {
  it('serves a view from the cache in the URLconf, with max-age and Expires', async () => {
    const client = new Client();
    const first = await client.get('/foo/');
    expect(first.headers.get('Cache-Control')).toBe('max-age=900');
    expect(first.headers.has('Expires')).toBe(true);
    expect((await client.get('/foo/')).text).toBe('GET run 1');
    expect(runs).toBe(1);
  });

  it('works on a view called directly', async () => {
    const view = cachePage(60)(page);
    expect(view.name).toBe('page');
    await view(factory.get('/direct/'));
    expect(((await view(factory.get('/direct/'))) as HttpResponse).text).toBe('GET run 1');
    expect(((await view(factory.get('/direct/?x=1'))) as HttpResponse).text).toBe('GET run 2');
  });

  it("stores for its own timeout, whatever the response's max-age, which is lowered to match", async () => {
    const view = cachePage(900)((_r: HttpRequest) => new HttpResponse('x', { headers: { 'Cache-Control': 'max-age=3600' } }));
    const response = await view(factory.get('/long/'));
    expect(response.headers.get('Cache-Control')).toBe('max-age=900');
    const short = cachePage(900)((_r: HttpRequest) => new HttpResponse('x', { headers: { 'Cache-Control': 'max-age=5' } }));
    await short(factory.get('/short/'));
    expect([...new Set(timeouts.values())]).toEqual([900]);
  });

  it("with null, stores for the response's max-age, else CACHE_MIDDLEWARE_SECONDS", async () => {
    await cachePage(null)((_r: HttpRequest) => new HttpResponse('x', { headers: { 'Cache-Control': 'max-age=5' } }))(factory.get('/a/'));
    expect([...new Set(timeouts.values())]).toEqual([5]);
    timeouts.clear();
    await cachePage(null)((_r: HttpRequest) => new HttpResponse('x'))(factory.get('/b/'));
    expect([...new Set(timeouts.values())]).toEqual([600]);
  });

  it("uses the 'default' cache and no prefix unless told otherwise, as Django's does", async () => {
    await overrideSettings({ CACHE_MIDDLEWARE_ALIAS: 'other', CACHE_MIDDLEWARE_KEY_PREFIX: 'ignored' }, async () => {
      await cachePage(60)(page)(factory.get('/plain/'));
      expect(await getCacheKey(factory.get('/plain/'), { cache: caches.get('default'), keyPrefix: '' })).not.toBeNull();
      await cachePage(60, { cache: 'other', keyPrefix: 'feed' })(page)(factory.get('/feed/'));
      expect(await getCacheKey(factory.get('/feed/'), { cache: caches.get('other'), keyPrefix: 'feed' })).not.toBeNull();
      expect(await getCacheKey(factory.get('/feed/'), { cache: caches.get('default'), keyPrefix: 'feed' })).toBeNull();
    });
  });

  it('stays synchronous for methods it does not cache', () => {
    const view = cachePage(60)(page);
    const answer = view(factory.post('/p/'));
    expect(isThenable(answer)).toBe(false);
    expect((answer as HttpResponse).text).toBe('POST run 1');
    expect(((view(factory.post('/p/'))) as HttpResponse).text).toBe('POST run 2');
  });

  it('caches async views', async () => {
    const view = cachePage(60)(async (request: HttpRequest) => page(request));
    await view(factory.get('/async/'));
    expect(((await view(factory.get('/async/'))) as HttpResponse).text).toBe('GET run 1');
  });

  it('stores a TemplateResponse once it is rendered', async () => {
    const client = new Client();
    expect((await client.get('/template/')).text).toBe('rendered 1');
    expect((await client.get('/template/')).text).toBe('rendered 1');
    expect(runs).toBe(1);
  });

  it('refuses to be called without a request', () => {
    const view = cachePage(60)(page);
    expect(() => view({} as HttpRequest)).toThrow(/cachePage didn't receive an HttpRequest/);
  });
});

describe('cacheControl', () => {
  it("writes camelCase directives under Django's names, merged with the view's", () => {
    const view = cacheControl({ public: true, maxAge: 3600, sMaxage: 60, noTransform: true, staleWhileRevalidate: 30 })(
      (_r: HttpRequest) => new HttpResponse('x', { headers: { 'Cache-Control': 'private, max-age=600' } }),
    );
    const response = view(factory.get('/')) as HttpResponseBase;
    expect(response.headers.get('Cache-Control')).toBe('max-age=600, public, s-maxage=60, no-transform, stale-while-revalidate=30');
  });

  it('keeps a sync view sync and an async one async', async () => {
    const sync = cacheControl({ noCache: true })((_r: HttpRequest) => new HttpResponse('x'));
    const answer = sync(factory.get('/'));
    expect(isThenable(answer)).toBe(false);
    expect((answer as HttpResponseBase).headers.get('Cache-Control')).toBe('no-cache');
    const async = cacheControl({ private: true })(async (_r: HttpRequest) => new HttpResponse('x'));
    const pending = async(factory.get('/'));
    expect(isThenable(pending)).toBe(true);
    expect((await pending).headers.get('Cache-Control')).toBe('private');
  });

  it('passes the arguments through and keeps the name', () => {
    function detail(_request: HttpRequest, kwargs: { id: number }): HttpResponse {
      return new HttpResponse(String(kwargs.id));
    }
    const view = cacheControl({ maxAge: 1 })(detail);
    expect(view.name).toBe('detail');
    expect((view(factory.get('/'), { id: 7 }) as HttpResponse).text).toBe('7');
  });

  it('refuses to be called without a request', () => {
    expect(() => cacheControl({})(page)('not a request' as unknown as HttpRequest)).toThrow(/cacheControl didn't receive an HttpRequest/);
  });
});

describe('neverCache', () => {
  it("adds Django's never-cache headers, sync or async", async () => {
    const sync = neverCache((_r: HttpRequest) => new HttpResponse('x'))(factory.get('/')) as HttpResponseBase;
    expect(sync.headers.get('Cache-Control')).toBe('max-age=0, no-cache, no-store, must-revalidate, private');
    expect(sync.headers.has('Expires')).toBe(true);
    const async = await neverCache(async (_r: HttpRequest) => new HttpResponse('x'))(factory.get('/'));
    expect(async.headers.get('Cache-Control')).toBe('max-age=0, no-cache, no-store, must-revalidate, private');
  });

  it('keeps a page out of cachePage', async () => {
    let n = 0;
    const view = cachePage(60)(neverCache((_r: HttpRequest) => new HttpResponse(`run ${++n}`)));
    await view(factory.get('/never/'));
    expect(((await view(factory.get('/never/'))) as HttpResponse).text).toBe('run 2');
  });
});
