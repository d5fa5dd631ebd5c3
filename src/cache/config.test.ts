import { describe, expect, it } from 'vitest';
import { backendName, cacheSettingsFromUrl, resolveCacheParams } from './config.js';
import { InvalidCacheBackendError } from './errors.js';
import { defaultKeyFunction } from './keys.js';

describe('CACHES entries', () => {
  it("fills Django's defaults", () => {
    const params = resolveCacheParams('default', { BACKEND: 'locmem' });
    expect(params).toMatchObject({ alias: 'default', locations: [], timeout: 300, maxEntries: 300, cullFrequency: 3, keyPrefix: '', version: 1 });
    expect(params.keyFunction).toBe(defaultKeyFunction);
    expect(params.keyFunction('k', 'p', 2)).toBe('p:2:k');
  });

  it('keeps TIMEOUT null (never) and 0 (at once)', () => {
    expect(resolveCacheParams('a', { BACKEND: 'locmem', TIMEOUT: null }).timeout).toBeNull();
    expect(resolveCacheParams('a', { BACKEND: 'locmem', TIMEOUT: 0 }).timeout).toBe(0);
  });

  it('splits a LOCATION of several servers on ; and , and keeps lists', () => {
    expect(resolveCacheParams('a', { BACKEND: 'memcached', LOCATION: '10.0.0.1:11211;10.0.0.2:11211' }).locations).toStrictEqual(['10.0.0.1:11211', '10.0.0.2:11211']);
    expect(resolveCacheParams('a', { BACKEND: 'memcached', LOCATION: ['a:1', 'b:2'] }).locations).toStrictEqual(['a:1', 'b:2']);
    expect(resolveCacheParams('a', { BACKEND: 'redis', LOCATION: 'unix:///tmp/redis.sock' }).locations).toStrictEqual(['unix:///tmp/redis.sock']);
  });

  it('takes MAX_ENTRIES, CULL_FREQUENCY and socket timeouts out of OPTIONS, passing the rest on', () => {
    const params = resolveCacheParams('a', { BACKEND: 'redis', OPTIONS: { MAX_ENTRIES: 10, CULL_FREQUENCY: 0, SOCKET_TIMEOUT: 0.25, DB: 3 } });
    expect(params).toMatchObject({ maxEntries: 10, cullFrequency: 0, socketTimeout: 0.25, connectTimeout: 1, options: { DB: 3 } });
  });

  it('lists every problem of an entry in one error naming the alias and key', () => {
    const error = (() => {
      try {
        resolveCacheParams('sessions', { BACKEND: 'locmem', TIMEOUT: -Infinity, VERSION: 1.5, KEY_PREFIX: 3 as unknown as string, OPTIONS: { MAX_ENTRIES: 0, CULL_FREQUENCY: -1, SOCKET_TIMEOUT: 'soon' } });
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidCacheBackendError);
    const lines = error?.message.split('\n') ?? [];
    expect(lines).toHaveLength(6);
    expect(lines).toContain("CACHES['sessions'].OPTIONS.MAX_ENTRIES is 0; it must be a whole number ≥ 1.");
    expect(error?.message).toContain("CACHES['sessions'].TIMEOUT is null; it must be a number of seconds");
    expect(error?.message).toContain("CACHES['sessions'].VERSION is 1.5; it must be a whole number.");
  });

  it("knows Django's class paths and the seed's backends", () => {
    expect(backendName('django.core.cache.backends.memcached.PyLibMCCache')).toBe('memcached');
    expect(backendName('django.core.cache.backends.memcached.MemcachedCache')).toBe('memcached');
    expect(backendName('django_redis.cache.RedisCache')).toBe('redis');
    expect(backendName('django.core.cache.backends.filebased.FileBasedCache')).toBe('file');
    expect(backendName('django.core.cache.backends.db.DatabaseCache')).toBe('db');
    expect(backendName('toString')).toBeUndefined();
  });
});

describe('CACHE_URL', () => {
  it('maps each scheme to a backend', () => {
    expect(cacheSettingsFromUrl('redis://127.0.0.1:6379/1')).toStrictEqual({ BACKEND: 'redis', LOCATION: 'redis://127.0.0.1:6379/1' });
    expect(cacheSettingsFromUrl('memcached://a:11211,b:11211')).toStrictEqual({ BACKEND: 'memcached', LOCATION: ['a:11211', 'b:11211'] });
    expect(cacheSettingsFromUrl('file:///var/tmp/canter%20cache')).toStrictEqual({ BACKEND: 'file', LOCATION: '/var/tmp/canter cache' });
    expect(cacheSettingsFromUrl('db://my_cache_table')).toStrictEqual({ BACKEND: 'db', LOCATION: 'my_cache_table' });
    expect(cacheSettingsFromUrl('locmem://')).toStrictEqual({ BACKEND: 'locmem', LOCATION: '' });
    expect(cacheSettingsFromUrl('dummy://')).toStrictEqual({ BACKEND: 'dummy' });
  });

  it('names what is valid for an unknown scheme', () => {
    expect(() => cacheSettingsFromUrl('mongodb://x')).toThrow(/CACHE_URL is "mongodb:\/\/x"; it must start with locmem:\/\//);
    expect(() => cacheSettingsFromUrl('not a url')).toThrow(InvalidCacheBackendError);
  });
});
