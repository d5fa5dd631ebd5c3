import { patchVaryHeaders } from '../../http/cache-control.js';
import type { View } from '../../urls/types.js';
import { afterView } from './wrap.js';

/**
 * Adds the headers to the view's Vary, so caches keep one copy per value of each.
 *
 * @example const home = varyOnHeaders('Accept-Language', 'User-Agent')(homeView);
 */
export function varyOnHeaders(...headers: string[]): <V extends View>(view: V) => V {
  return (view) => afterView(view, 'varyOnHeaders', (response) => patchVaryHeaders(response, headers));
}

/**
 * Adds Cookie to the view's Vary: for pages that depend on the visitor's cookies (a session).
 *
 * @example const dashboard = varyOnCookie(dashboardView);
 */
export function varyOnCookie<V extends View>(view: V): V {
  return afterView(view, 'varyOnCookie', (response) => patchVaryHeaders(response, ['Cookie']));
}
