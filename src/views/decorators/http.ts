import { getLogger } from '../../conf/log.js';
import type { HttpRequest } from '../../http/request.js';
import { HttpResponseNotAllowed } from '../../http/response.js';
import type { View } from '../../urls/types.js';
import { named } from './wrap.js';

/**
 * Lets only the listed methods through; others get 405 with an Allow header. Django's
 * require_http_methods.
 *
 * @example const echo = requireHttpMethods(['GET', 'POST'])(echoView);
 */
export function requireHttpMethods(methods: readonly string[]): <V extends View>(view: V) => V {
  const allowed = new Set(methods.map((m) => m.toUpperCase()));
  const list = [...allowed];
  return <V extends View>(view: V): V => {
    const wrapped = function (this: unknown, request: HttpRequest, ...rest: unknown[]) {
      if (!allowed.has(request.method)) {
        getLogger('canter.request').warning(`Method Not Allowed (${request.method}): ${request.path}`, {
          extra: { status: 405 },
        });
        return new HttpResponseNotAllowed(list);
      }
      return view.call(this, request, ...rest);
    };
    return named(wrapped, view);
  };
}

/** Only GET. */
export const requireGET = requireHttpMethods(['GET']);
/** Only POST. */
export const requirePOST = requireHttpMethods(['POST']);
/** Only GET and HEAD, the methods that must not change anything. */
export const requireSafe = requireHttpMethods(['GET', 'HEAD']);
