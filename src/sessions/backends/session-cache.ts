import type { BaseCache } from '../../cache/base.js';
import { caches } from '../../cache/registry.js';
import type { SessionOptions } from '../session-options.js';

/** The SESSION_CACHE_ALIAS cache, which the cache and cached_db engines keep sessions in. */
export function sessionCache(options: SessionOptions): BaseCache {
  return caches.get(options.cacheAlias);
}
