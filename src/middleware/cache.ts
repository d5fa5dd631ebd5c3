import { MiddlewareMixin } from './mixin.js';
import type { GetResponse, MixinHooks } from './mixin.js';
import { getSettings } from '../conf/settings/index.js';
import type { HttpRequest } from '../http/request.js';
import type { HttpResponse } from '../http/response.js';
import type { HttpResponseBase } from '../http/response-base.js';
import type { MaybePromise } from '../utils/maybe-promise.js';
import { PageCache, type CacheMiddlewareOptions } from './page-cache.js';

export { PageCache, type CacheMiddlewareOptions } from './page-cache.js';

/**
 * What the three page-cache middleware share: their PageCache, from the options or the
 * CACHE_MIDDLEWARE_* settings, read once, when the chain is built.
 */
abstract class PageCacheMiddleware extends MiddlewareMixin {
  readonly pages: PageCache;

  constructor(getResponse: GetResponse, options: CacheMiddlewareOptions = {}) {
    super(getResponse);
    const s = getSettings();
    this.pages = new PageCache({
      cacheAlias: options.cacheAlias ?? s.CACHE_MIDDLEWARE_ALIAS,
      cacheTimeout: options.cacheTimeout ?? s.CACHE_MIDDLEWARE_SECONDS,
      keyPrefix: options.keyPrefix ?? s.CACHE_MIDDLEWARE_KEY_PREFIX,
      pageTimeout: options.pageTimeout ?? null,
    });
  }
}

/**
 * The response half of the per-page cache: stores pages on their way out. Put it FIRST in
 * MIDDLEWARE, so it sees the response last, after every middleware that adds a header, a Vary
 * or a cookie (a page that sets a cookie is never stored).
 *
 * @example MIDDLEWARE: [UpdateCacheMiddleware, SessionMiddleware, CommonMiddleware, FetchFromCacheMiddleware]
 */
export class UpdateCacheMiddleware extends PageCacheMiddleware implements MixinHooks {
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
export class FetchFromCacheMiddleware extends PageCacheMiddleware implements MixinHooks {
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
export class CacheMiddleware extends PageCacheMiddleware implements MixinHooks {
  processRequest(request: HttpRequest): MaybePromise<HttpResponse | null> {
    return this.pages.fetch(request);
  }

  processResponse(request: HttpRequest, response: HttpResponseBase): MaybePromise<HttpResponseBase> {
    return this.pages.update(request, response);
  }
}
