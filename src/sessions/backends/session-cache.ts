import type { BaseCache } from '../../cache/base.js';
import { caches } from '../../cache/registry.js';
import { getSettings } from '../../core/settings/index.js';

/** The SESSION_CACHE_ALIAS cache, which the cache and cached_db engines keep sessions in. */
export function sessionCache(): BaseCache {
  return caches.get(getSettings().SESSION_CACHE_ALIAS);
}
