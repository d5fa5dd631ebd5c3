export { BaseCache, type Timeout, type ValueOrFactory } from './base.js';
export { DummyCache } from './backends/dummy.js';
export { LocMemCache } from './backends/locmem.js';
export { checkCaches } from './checks.js';
export { decodeValue, encodeValue, type CacheValue } from './codec.js';
export {
  backendName,
  cacheSettingsFromUrl,
  resolveCacheParams,
  type CacheBackendClass,
  type CacheBackendName,
  type CacheParams,
  type CacheSettings,
} from './config.js';
export { cache } from './default-cache.js';
export {
  CacheKeyNotFound,
  CacheKeyWarning,
  CacheUnavailable,
  CacheValueError,
  InvalidCacheBackendError,
  InvalidCacheKey,
} from './errors.js';
export { defaultKeyFunction, memcacheKeyProblem, MEMCACHE_MAX_KEY_LENGTH, type KeyFunction } from './keys.js';
export { caches, CacheHandler, createCache } from './registry.js';
