import type { BaseCache } from './base.js';
import { caches } from './registry.js';

/**
 * The 'default' alias's cache, looked up on each use so that overrideSettings() of CACHES is
 * seen (Django's `cache`).
 *
 * @example
 * await cache.set('greeting', 'hello', 30);
 */
export const cache: BaseCache = new Proxy({} as BaseCache, {
  get(_target, property) {
    const current = caches.get();
    const value: unknown = Reflect.get(current, property, current);
    return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(current) : value;
  },
});
