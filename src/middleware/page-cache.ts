import type { BaseCache } from '../cache/base.js';
import { CacheUnavailable, CacheValueError } from '../cache/errors.js';
import {
  cacheHeaderKey,
  cachePageKey,
  headerListOf,
  isHeaderList,
  MD5_OF_NOTHING,
  urlDigestOf,
  varyDigest,
} from '../cache/page-keys.js';
import { caches } from '../cache/registry.js';
import { decodeResponse, encodeResponse } from '../cache/response-codec.js';
import { getLogger } from '../conf/log.js';
import { getSettings } from '../conf/settings/index.js';
import { hasVaryHeader, maxAgeIn, maxAgeOf, parseCacheControl, patchResponseHeaders } from '../http/cache-control.js';
import { parseHttpDate } from '../http/conditional.js';
import type { HttpRequest } from '../http/request.js';
import { defineRequestSlot } from '../http/request-slot.js';
import { HttpResponse } from '../http/response.js';
import type { HttpResponseBase } from '../http/response-base.js';
import { TemplateResponse } from '../http/template-response.js';
import { andThen, isThenable } from '../utils/maybe-promise.js';
import type { MaybePromise } from '../utils/maybe-promise.js';

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
const toStore = defineRequestSlot<string | null>('pageCacheUrlDigest', {
  missing: 'add FetchFromCacheMiddleware (canter/middleware) to MIDDLEWARE, or wrap the view in cachePage.',
  property: false,
});

const logger = getLogger('canter.cache');

/**
 * The per-page cache's two halves, shared by the middleware classes and cachePage. The middleware
 * pass every option, read from the settings when the chain is built; an option cachePage leaves
 * out is read from the settings at its first use and kept, so a decorator made at import time
 * (before settings exist) works.
 */
export class PageCache {
  readonly #options: CacheMiddlewareOptions;
  // What hits would otherwise compute again and again for the same pages: URL digests, and the
  // max-age and Expires of stored responses (for Age). Bounded; emptied when full.
  readonly #urlDigests = new Memo<string, string>();
  readonly #maxAges = new Memo<string, number | null>();
  readonly #expiries = new Memo<string, number | null>();
  // The keys of a URL digest, built once: the same key strings each time (their hashes cached).
  readonly #keys = new Map<string, PageKeys>();

  constructor(options: CacheMiddlewareOptions = {}) {
    this.#options = { ...options };
  }

  get cacheAlias(): string {
    return (this.#options.cacheAlias ??= getSettings().CACHE_MIDDLEWARE_ALIAS);
  }

  get keyPrefix(): string {
    return (this.#options.keyPrefix ??= getSettings().CACHE_MIDDLEWARE_KEY_PREFIX);
  }

  get cacheTimeout(): number {
    return (this.#options.cacheTimeout ??= getSettings().CACHE_MIDDLEWARE_SECONDS);
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
    if (request.method !== 'GET' && request.method !== 'HEAD') return null; // no toStore entry: not stored
    const urlDigest = this.#urlDigests.get(request.buildAbsoluteUri(), urlDigestOf);
    const lookUp = new LookUp(this, request, this.cache, this.keyPrefix, urlDigest);
    // Sync-first: with a cache that reads synchronously (locmem), a hit costs no await.
    try {
      const answer = lookUp.start();
      return isThenable(answer) ? answer.catch((error: unknown) => lookUp.failed(error)) : answer;
    } catch (error) {
      return lookUp.failed(error);
    }
  }

  /** The header key and the plain GET page key (no Vary values) of a URL digest. */
  keysFor(prefix: string, urlDigest: string): PageKeys {
    const known = this.#keys.get(urlDigest);
    if (known !== undefined && known.prefix === prefix) return known;
    const keys: PageKeys = {
      prefix,
      header: cacheHeaderKey(prefix, urlDigest),
      plainGet: cachePageKey(prefix, 'GET', urlDigest, MD5_OF_NOTHING),
    };
    if (this.#keys.size >= 1000) this.#keys.clear();
    this.#keys.set(urlDigest, keys);
    return keys;
  }

  /**
   * A hit: nothing to store for this request (having no toStore entry says so: a hit adds none,
   * as a write costs more than anything else on this path); Age says how old it is.
   */
  hit(_request: HttpRequest, response: HttpResponse): HttpResponse {
    this.#setAge(response);
    return response;
  }

  /** A miss: the response may be stored on the way out, under this URL digest (null: it must not). */
  miss(request: HttpRequest, urlDigest: string | null): null {
    toStore.set(request, urlDigest);
    return null;
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
    const urlDigest = toStore.of(request);
    if (urlDigest === undefined || urlDigest === null) return response;
    if (!(response instanceof HttpResponse) || (response.statusCode !== 200 && response.statusCode !== 304)) return response;
    // Stricter than Django, which stores cookie-setting responses unless they vary on Cookie.
    if (response.cookies.size > 0) return response;
    const cc = parseCacheControl(response.headers.get('Cache-Control'));
    if (cc.has('private') || cc.has('no-cache') || cc.has('no-store')) return response;
    if (hasVaryHeader(response, '*')) return response;
    const maxAge = maxAgeIn(cc);
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

/**
 * One request's look-up: the header list under the URL, then the page under the URL and the
 * request's values of those headers (for HEAD, the GET page first). Each step continues at once
 * when the cache answered synchronously.
 */
interface PageKeys {
  readonly prefix: string;
  readonly header: string;
  readonly plainGet: string;
}

class LookUp {
  constructor(
    readonly pages: PageCache,
    readonly request: HttpRequest,
    readonly cache: BaseCache,
    readonly prefix: string,
    readonly urlDigest: string,
  ) {
    this.#keys = pages.keysFor(prefix, urlDigest);
  }

  readonly #keys: PageKeys;

  start(): MaybePromise<HttpResponse | null> {
    return andThen(this.cache.lookup(this.#keys.header), withHeaders, this);
  }

  /** The header list's half: a miss, or the page stored for this request's Vary values. */
  withHeaders(headerList: unknown): MaybePromise<HttpResponse | null> {
    if (!isHeaderList(headerList)) return this.pages.miss(this.request, this.urlDigest);
    const headersDigest = varyDigest(this.request, headerList);
    const key = headerList.length === 0 ? this.#keys.plainGet : cachePageKey(this.prefix, 'GET', this.urlDigest, headersDigest);
    return andThen(this.cache.lookup(key), withPage, this, headersDigest);
  }

  /** The page's half: the cached response, or a miss. */
  withPage(data: unknown, headersDigest: string | undefined): MaybePromise<HttpResponse | null> {
    if (data === undefined && headersDigest !== undefined && this.request.method === 'HEAD') {
      return andThen(this.cache.lookup(cachePageKey(this.prefix, 'HEAD', this.urlDigest, headersDigest)), withPage, this, undefined);
    }
    if (typeof data !== 'string') return this.pages.miss(this.request, this.urlDigest);
    let response: HttpResponse;
    try {
      response = decodeResponse(data);
    } catch (error) {
      if (!(error instanceof CacheValueError)) throw error;
      logger.warning(`Page cache '${this.cache.alias}' held a corrupt entry for ${this.request.path}; rebuilding it.`, { error });
      return this.pages.miss(this.request, this.urlDigest);
    }
    return this.pages.hit(this.request, response);
  }

  /** An outage is a miss that stores nothing (storing would only wait on the same dead server). */
  failed(error: unknown): null {
    if (!(error instanceof CacheUnavailable)) throw error;
    logger.warning(`Page cache '${this.cache.alias}' unavailable; serving ${this.request.path} uncached: ${error.message}`, { error });
    return this.pages.miss(this.request, null);
  }
}

/** A small map of computed values, emptied when it holds too many. */
// The static halves of LookUp's steps, so a lookup that waits makes no closures.
const withHeaders = (found: unknown, lookUp: LookUp): MaybePromise<HttpResponse | null> => lookUp.withHeaders(found);
const withPage = (found: unknown, lookUp: LookUp, headersDigest: string | undefined): MaybePromise<HttpResponse | null> =>
  lookUp.withPage(found, headersDigest);

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
