import type { BaseCache } from '../cache/base.js';
import { CacheUnavailable, CacheValueError } from '../cache/errors.js';
import {
  cacheHeaderKey,
  cachePageKey,
  headerListOf,
  isHeaderList,
  urlDigestOf,
  varyDigest,
} from '../cache/page-keys.js';
import { caches } from '../cache/registry.js';
import { decodeResponse, encodeResponse } from '../cache/response-codec.js';
import { getLogger } from '../core/log.js';
import { MiddlewareMixin } from '../core/middleware.js';
import type { GetResponse, MaybePromise, MixinHooks } from '../core/middleware.js';
import { getSettings } from '../core/settings/index.js';
import { getMaxAge, hasVaryHeader, maxAgeOf, parseCacheControl, patchResponseHeaders } from '../http/cache-control.js';
import { parseHttpDate } from '../http/conditional.js';
import type { HttpRequest } from '../http/request.js';
import { HttpResponse } from '../http/response.js';
import type { HttpResponseBase } from '../http/response-base.js';
import { TemplateResponse } from '../http/template-response.js';

/** How the per-page cache is set up; what is not given comes from the CACHE_MIDDLEWARE_* settings. */
export interface CacheMiddlewareOptions {
  /** The CACHES alias; default CACHE_MIDDLEWARE_ALIAS. */
  cacheAlias?: string;
  /** Seconds a page is kept when its response names no max-age; default CACHE_MIDDLEWARE_SECONDS. */
  cacheTimeout?: number;
  /** Seconds a page is kept whatever its max-age says (cachePage's argument); default none. */
  pageTimeout?: number | null;
  /** Keeps several sites apart in one cache; default CACHE_MIDDLEWARE_KEY_PREFIX. */
  keyPrefix?: string;
}

/**
 * What the fetching half told the updating half about a request (Django's
 * request._cache_update_cache): the URL digest when the response should be stored, null when it
 * must not be. A request the fetching half never saw has no entry, and is not stored either.
 */
const toStore = new WeakMap<HttpRequest, string | null>();

const logger = getLogger('canter.cache');

/**
 * The per-page cache's two halves, shared by the middleware classes and cachePage. Settings are
 * read when a request needs them, so a decorator made at import time works.
 */
export class PageCache {
  readonly #options: CacheMiddlewareOptions;
  // What hits would otherwise compute again and again for the same pages: URL digests, and the
  // max-age and Expires of stored responses (for Age). Bounded; emptied when full.
  readonly #urlDigests = new Memo<string, string>();
  readonly #maxAges = new Memo<string, number | null>();
  readonly #expiries = new Memo<string, number | null>();

  constructor(options: CacheMiddlewareOptions = {}) {
    this.#options = { ...options };
  }

  get cacheAlias(): string {
    return this.#options.cacheAlias ?? getSettings().CACHE_MIDDLEWARE_ALIAS;
  }

  get keyPrefix(): string {
    return this.#options.keyPrefix ?? getSettings().CACHE_MIDDLEWARE_KEY_PREFIX;
  }

  get cacheTimeout(): number {
    return this.#options.cacheTimeout ?? getSettings().CACHE_MIDDLEWARE_SECONDS;
  }

  get pageTimeout(): number | null {
    return this.#options.pageTimeout ?? null;
  }

  get cache(): BaseCache {
    return caches.get(this.cacheAlias);
  }

  /**
   * The cached page for a GET or HEAD (HEAD is served from the GET entry when there is one), or
   * null: then the page is built and, if it may be, stored on the way out. Other methods are
   * answered null at once.
   */
  fetch(request: HttpRequest): MaybePromise<HttpResponse | null> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      toStore.set(request, null);
      return null;
    }
    const url = request.buildAbsoluteUri();
    return this.#lookUp(request, this.#urlDigests.get(url, urlDigestOf));
  }

  async #lookUp(request: HttpRequest, urlDigest: string): Promise<HttpResponse | null> {
    const cache = this.cache;
    const prefix = this.keyPrefix;
    let response: HttpResponse | null = null;
    try {
      const headerList = await cache.get(cacheHeaderKey(prefix, urlDigest));
      if (isHeaderList(headerList)) {
        const headersDigest = varyDigest(request, headerList);
        let data = await cache.get(cachePageKey(prefix, 'GET', urlDigest, headersDigest));
        if (data === undefined && request.method === 'HEAD') {
          data = await cache.get(cachePageKey(prefix, 'HEAD', urlDigest, headersDigest));
        }
        if (typeof data === 'string') response = decodeResponse(data);
      }
    } catch (error) {
      if (error instanceof CacheUnavailable) {
        // The site answers without its cache; storing would only wait on the same dead server.
        logger.warning(`Page cache '${cache.alias}' unavailable; serving ${request.path} uncached: ${error.message}`, { error });
        toStore.set(request, null);
        return null;
      }
      if (!(error instanceof CacheValueError)) throw error;
      logger.warning(`Page cache '${cache.alias}' held a corrupt entry for ${request.path}; rebuilding it.`, { error });
    }
    if (response === null) {
      toStore.set(request, urlDigest);
      return null;
    }
    toStore.set(request, null);
    this.#setAge(response);
    return response;
  }

  /** Age (RFC 9111 §5.1): how long ago the entry was stored, from its max-age and Expires (Django 5.1). */
  #setAge(response: HttpResponse): void {
    const cacheControl = response.headers.get('Cache-Control');
    const expires = response.headers.get('Expires');
    if (cacheControl === undefined || expires === undefined) return;
    const maxAge = this.#maxAges.get(cacheControl, maxAgeOf);
    const expiresAt = this.#expiries.get(expires, parseHttpDate);
    if (maxAge === null || expiresAt === null) return;
    const remaining = expiresAt - Math.floor(Date.now() / 1000);
    // A clock turned back gives Age 0, not a negative one.
    response.headers.set('Age', Math.max(0, maxAge - remaining));
  }

  /**
   * Stores the response when this request's lookup missed and the response may be shared:
   * status 200, not streaming, setting no cookie, without Cache-Control private, no-cache or
   * no-store, without Vary: *, and with a timeout above 0. The timeout is pageTimeout, else the
   * response's max-age, else cacheTimeout; Expires and max-age are set to match (on 304s too).
   */
  update(request: HttpRequest, response: HttpResponseBase): MaybePromise<HttpResponseBase> {
    const urlDigest = toStore.get(request);
    if (urlDigest === undefined || urlDigest === null) return response;
    if (!(response instanceof HttpResponse) || (response.statusCode !== 200 && response.statusCode !== 304)) return response;
    // Stricter than Django, which stores cookie-setting responses unless they vary on Cookie.
    if (response.cookies.size > 0) return response;
    const cc = parseCacheControl(response.headers.get('Cache-Control'));
    if (cc.has('private') || cc.has('no-cache') || cc.has('no-store')) return response;
    if (hasVaryHeader(response, '*')) return response;
    const maxAge = getMaxAge(response);
    if (maxAge !== null && maxAge <= 0) return response;
    const timeout = this.pageTimeout ?? maxAge ?? this.cacheTimeout;
    patchResponseHeaders(response, timeout);
    if (timeout <= 0 || response.statusCode !== 200) return response;

    if (response instanceof TemplateResponse && !response.isRendered) {
      response.addPostRenderCallback((rendered) => this.#store(request, rendered, urlDigest, timeout));
      return response;
    }
    return this.#store(request, response, urlDigest, timeout).then(() => response);
  }

  async #store(request: HttpRequest, response: HttpResponse, urlDigest: string, timeout: number): Promise<void> {
    const cache = this.cache;
    const prefix = this.keyPrefix;
    const headerList = headerListOf(response);
    const key = cachePageKey(prefix, request.method, urlDigest, varyDigest(request, headerList));
    try {
      await cache.set(cacheHeaderKey(prefix, urlDigest), headerList, timeout);
      await cache.set(key, encodeResponse(response), timeout);
    } catch (error) {
      if (!(error instanceof CacheUnavailable)) throw error;
      logger.warning(`Page cache '${cache.alias}' unavailable; ${request.path} was not stored: ${error.message}`, { error });
    }
  }
}

/** A small map of computed values, emptied when it holds too many. */
class Memo<K, V> {
  readonly #values = new Map<K, V>();

  get(key: K, compute: (key: K) => V): V {
    if (this.#values.has(key)) return this.#values.get(key) as V;
    const value = compute(key);
    if (this.#values.size >= 1000) this.#values.clear();
    this.#values.set(key, value);
    return value;
  }
}

/**
 * The response half of the per-page cache: stores pages on their way out. Put it FIRST in
 * MIDDLEWARE, so it sees the response last, after every middleware that adds a header, a Vary
 * or a cookie (a page that sets a cookie is never stored).
 *
 * @example MIDDLEWARE: [UpdateCacheMiddleware, SessionMiddleware, CommonMiddleware, FetchFromCacheMiddleware]
 */
export class UpdateCacheMiddleware extends MiddlewareMixin implements MixinHooks {
  readonly pages: PageCache;

  constructor(getResponse: GetResponse, options: CacheMiddlewareOptions = {}) {
    super(getResponse);
    this.pages = new PageCache(options);
  }

  processResponse(request: HttpRequest, response: HttpResponseBase): MaybePromise<HttpResponseBase> {
    return this.pages.update(request, response);
  }
}

/**
 * The request half of the per-page cache: answers GET and HEAD from the cache without running
 * the view or the middleware after it. Put it LAST in MIDDLEWARE.
 *
 * @example MIDDLEWARE: [UpdateCacheMiddleware, SessionMiddleware, CommonMiddleware, FetchFromCacheMiddleware]
 */
export class FetchFromCacheMiddleware extends MiddlewareMixin implements MixinHooks {
  readonly pages: PageCache;

  constructor(getResponse: GetResponse, options: CacheMiddlewareOptions = {}) {
    super(getResponse);
    this.pages = new PageCache(options);
  }

  processRequest(request: HttpRequest): MaybePromise<HttpResponse | null> {
    return this.pages.fetch(request);
  }
}

/**
 * Both halves in one layer, for a site whose pages depend on nothing outside it; cachePage
 * uses it around a single view.
 *
 * @example MIDDLEWARE: [CacheMiddleware, CommonMiddleware]
 */
export class CacheMiddleware extends MiddlewareMixin implements MixinHooks {
  readonly pages: PageCache;

  constructor(getResponse: GetResponse, options: CacheMiddlewareOptions = {}) {
    super(getResponse);
    this.pages = new PageCache(options);
  }

  processRequest(request: HttpRequest): MaybePromise<HttpResponse | null> {
    return this.pages.fetch(request);
  }

  processResponse(request: HttpRequest, response: HttpResponseBase): MaybePromise<HttpResponseBase> {
    return this.pages.update(request, response);
  }
}
