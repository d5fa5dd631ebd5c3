export { BaseCache, type Timeout, type ValueOrFactory } from './base.js';
export { DatabaseCache, CACHE_TABLE_NAME, NEVER_EXPIRES } from './backends/db.js';
export { DummyCache } from './backends/dummy.js';
export { FileBasedCache } from './backends/file.js';
export { HashRing } from './backends/hash-ring.js';
export { LocMemCache } from './backends/locmem.js';
export { MemcachedCache } from './backends/memcached.js';
export { RedisCache, type RedisConnection } from './backends/redis.js';
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
export { cacheCommands, cacheTableSql, createCacheTable, createCacheTables } from './management/index.js';
export { caches, CacheHandler, createCache } from './registry.js';
export {
  absoluteUrlDigest,
  cacheHeaderKey,
  cachePageKey,
  generateCacheHeaderKey,
  generateCacheKey,
  getCacheKey,
  headerListOf,
  isHeaderList,
  learnCacheKey,
  makeTemplateFragmentKey,
  urlDigestOf,
  varyDigest,
  type PageKeyOptions,
} from './page-keys.js';
export { decodeResponse, encodeResponse } from './response-codec.js';
