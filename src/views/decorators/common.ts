import type { View } from '../../urls/types.js';
import { named } from './wrap.js';

/**
 * Keeps CommonMiddleware's APPEND_SLASH from redirecting to this view (Django's
 * no_append_slash): for a URL that must not be reached by adding a slash to a 404.
 *
 * @example path('api/items/', noAppendSlash(items))
 */
export function noAppendSlash<V extends View>(view: V): V {
  const wrapped = named(function (this: unknown, ...args: unknown[]) {
    return (view as unknown as (...a: unknown[]) => unknown).apply(this, args);
  }, view);
  Object.defineProperty(wrapped, 'shouldAppendSlash', { value: false });
  return wrapped;
}
