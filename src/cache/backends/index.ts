import type { CacheBackendClass, CacheBackendName } from '../config.js';
import { DatabaseCache } from './db.js';
import { DummyCache } from './dummy.js';
import { FileBasedCache } from './file.js';
import { LocMemCache } from './locmem.js';
import { MemcachedCache } from './memcached.js';
import { RedisCache } from './redis.js';

/**
 * The built-in backends by short name. Server backends load their driver (redis, memjs) with
 * `await import()` on first use, so listing them here costs nothing.
 */
export const CACHE_BACKENDS: Readonly<Partial<Record<CacheBackendName, CacheBackendClass>>> = {
  dummy: DummyCache,
  locmem: LocMemCache,
  file: FileBasedCache,
  db: DatabaseCache,
  memcached: MemcachedCache,
  redis: RedisCache,
};
