import { addNeverCacheHeaders, patchCacheControl } from '../../http/cache-control.js';
import type { CacheControlDirectives } from '../../http/cache-control.js';
import type { HttpRequest } from '../../http/request.js';
import type { HttpResponseBase } from '../../http/response-base.js';
import { PageCache } from '../../middleware/page-cache.js';
import type { View } from '../../urls/types.js';
import { andThen, isThenable } from '../../utils/maybe-promise.js';
import type { MaybePromise } from '../../utils/maybe-promise.js';
import { afterView, checkRequest, named } from './wrap.js';

/**
 * Caches a view's pages as CacheMiddleware would, for `seconds` whatever max-age the response
 * names (null: its max-age, else CACHE_MIDDLEWARE_SECONDS). As in Django, the cache is the
 * 'default' alias and the key prefix '' unless given. Works on the view itself or in the URLconf.
 *
 * @example path('articles/', cachePage(60 * 15)(articleList))
 * @example const feed = cachePage(300, { cache: 'pages', keyPrefix: 'feed' })(feedView);
 */
export function cachePage(seconds: number | null, options: { cache?: string; keyPrefix?: string } = {}): <V extends View>(view: V) => V {
  const pages = new PageCache({ pageTimeout: seconds, cacheAlias: options.cache ?? 'default', keyPrefix: options.keyPrefix ?? '' });
  return <V extends View>(view: V): V => {
    const respond = (self: unknown, request: HttpRequest, rest: unknown[]) =>
      andThen(view.call(self, request, ...rest), storePage, pages, request);
    const wrapped = function (this: unknown, request: HttpRequest, ...rest: unknown[]) {
      checkRequest(request, 'cachePage');
      const hit = pages.fetch(request);
      // A hit skips the view, and, as with Django's decorator, the storing half too.
      if (isThenable(hit)) return hit.then((cached) => cached ?? respond(this, request, rest));
      return hit ?? respond(this, request, rest);
    };
    return named(wrapped, view);
  };
}

function storePage(response: HttpResponseBase, pages: PageCache, request: HttpRequest): MaybePromise<HttpResponseBase> {
  return pages.update(request, response);
}

/**
 * Adds Cache-Control directives to the view's responses (patchCacheControl's rules).
 *
 * @example const prices = cacheControl({ public: true, maxAge: 3600 })(priceList);
 */
export function cacheControl(directives: CacheControlDirectives): <V extends View>(view: V) => V {
  return (view) => afterView(view, 'cacheControl', (response) => patchCacheControl(response, directives));
}

/**
 * Marks the view's responses as never to be cached: Expires now, and Cache-Control max-age=0,
 * no-cache, no-store, must-revalidate, private.
 *
 * @example const account = neverCache(accountView);
 */
export function neverCache<V extends View>(view: V): V {
  return afterView(view, 'neverCache', addNeverCacheHeaders);
}
