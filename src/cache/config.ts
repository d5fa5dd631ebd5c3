import type { BaseCache } from './base.js';
import { InvalidCacheBackendError } from './errors.js';
import { defaultKeyFunction, type KeyFunction } from './keys.js';

/** The short names of the built-in backends. */
export type CacheBackendName = 'dummy' | 'locmem' | 'file' | 'db' | 'memcached' | 'redis';

/** One entry of CACHES, with Django's keys. BACKEND is a short name, Django's class path, or a class. */
export type CacheSettings = {
  readonly BACKEND: string | CacheBackendClass;
  /** locmem: a name; file: a directory; db: a table; memcached/redis: a server, a socket or a list. */
  readonly LOCATION?: string | readonly string[];
  /** Seconds until entries expire: default 300; null = never; 0 = at once. */
  readonly TIMEOUT?: number | null;
  readonly OPTIONS?: Readonly<Record<string, unknown>>;
  readonly KEY_PREFIX?: string;
  readonly VERSION?: number;
  readonly KEY_FUNCTION?: KeyFunction;
};

/** An entry of CACHES after defaults and validation: what a backend's constructor receives. */
export interface CacheParams {
  readonly alias: string;
  readonly locations: readonly string[];
  readonly timeout: number | null;
  readonly maxEntries: number;
  readonly cullFrequency: number;
  readonly keyPrefix: string;
  readonly version: number;
  readonly keyFunction: KeyFunction;
  /** Seconds a server backend waits for an answer (OPTIONS.SOCKET_TIMEOUT, default 1). */
  readonly socketTimeout: number;
  /** Seconds a server backend waits to connect (OPTIONS.SOCKET_CONNECT_TIMEOUT, default 1). */
  readonly connectTimeout: number;
  /** OPTIONS without the keys above, for the backend's own use. */
  readonly options: Readonly<Record<string, unknown>>;
}

/** A cache backend class: `new Backend(params)`. */
export type CacheBackendClass = new (params: CacheParams) => BaseCache;

const BACKEND_NAMES: Readonly<Record<string, CacheBackendName>> = {
  dummy: 'dummy',
  'django.core.cache.backends.dummy.DummyCache': 'dummy',
  locmem: 'locmem',
  'django.core.cache.backends.locmem.LocMemCache': 'locmem',
  file: 'file',
  filebased: 'file',
  'django.core.cache.backends.filebased.FileBasedCache': 'file',
  db: 'db',
  database: 'db',
  'django.core.cache.backends.db.DatabaseCache': 'db',
  memcached: 'memcached',
  'django.core.cache.backends.memcached.MemcachedCache': 'memcached',
  'django.core.cache.backends.memcached.PyLibMCCache': 'memcached',
  'django.core.cache.backends.memcached.PyMemcacheCache': 'memcached',
  redis: 'redis',
  'django.core.cache.backends.redis.RedisCache': 'redis',
  'django_redis.cache.RedisCache': 'redis',
};

/** The built-in backend a BACKEND string names, or undefined. */
export function backendName(backend: string): CacheBackendName | undefined {
  return Object.hasOwn(BACKEND_NAMES, backend) ? BACKEND_NAMES[backend] : undefined;
}

const SHARED_OPTIONS = new Set(['MAX_ENTRIES', 'CULL_FREQUENCY', 'SOCKET_TIMEOUT', 'SOCKET_CONNECT_TIMEOUT']);

/**
 * Validates one CACHES entry and fills Django's defaults; every problem is listed in one
 * InvalidCacheBackendError naming CACHES[alias], the key, its value and what is valid.
 */
export function resolveCacheParams(alias: string, entry: Readonly<CacheSettings>): CacheParams {
  const problems: string[] = [];
  const at = (key: string, value: unknown, expected: string): void => {
    problems.push(`CACHES['${alias}'].${key} is ${describe(value)}; it must be ${expected}.`);
  };
  const options = entry.OPTIONS ?? {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) at('OPTIONS', options, 'an object');
  const location = entry.LOCATION ?? [];
  const locations = typeof location === 'string' ? splitLocation(location) : location;
  if (!Array.isArray(locations) || !locations.every((l) => typeof l === 'string')) {
    at('LOCATION', location, 'a string or an array of strings');
  }
  const timeout = entry.TIMEOUT === undefined ? 300 : entry.TIMEOUT;
  if (timeout !== null && !(typeof timeout === 'number' && Number.isFinite(timeout))) {
    at('TIMEOUT', timeout, 'a number of seconds (0 = expire at once) or null (never expire)');
  }
  const maxEntries = options.MAX_ENTRIES ?? 300;
  if (!Number.isSafeInteger(maxEntries) || (maxEntries as number) < 1) at('OPTIONS.MAX_ENTRIES', maxEntries, 'a whole number ≥ 1');
  const cullFrequency = options.CULL_FREQUENCY ?? 3;
  if (!Number.isSafeInteger(cullFrequency) || (cullFrequency as number) < 0) {
    at('OPTIONS.CULL_FREQUENCY', cullFrequency, 'a whole number ≥ 0 (0 empties the cache when it is full)');
  }
  const seconds = (key: string): number => {
    const value = options[key] ?? 1;
    if (typeof value !== 'number' || !(value > 0)) at(`OPTIONS.${key}`, value, 'a number of seconds > 0');
    return value as number;
  };
  const socketTimeout = seconds('SOCKET_TIMEOUT');
  const connectTimeout = seconds('SOCKET_CONNECT_TIMEOUT');
  const keyPrefix = entry.KEY_PREFIX ?? '';
  if (typeof keyPrefix !== 'string') at('KEY_PREFIX', keyPrefix, 'a string');
  const version = entry.VERSION ?? 1;
  if (!Number.isSafeInteger(version)) at('VERSION', version, 'a whole number');
  const keyFunction = entry.KEY_FUNCTION ?? defaultKeyFunction;
  if (typeof keyFunction !== 'function') at('KEY_FUNCTION', keyFunction, 'a function (key, keyPrefix, version) => string');
  if (problems.length > 0) throw new InvalidCacheBackendError(problems.join('\n'));
  return {
    alias,
    locations: locations as string[],
    timeout,
    maxEntries: maxEntries as number,
    cullFrequency: cullFrequency as number,
    keyPrefix,
    version,
    keyFunction,
    socketTimeout,
    connectTimeout,
    options: Object.fromEntries(Object.entries(options).filter(([key]) => !SHARED_OPTIONS.has(key))),
  };
}

/** Django splits a LOCATION string of several servers on `;` or `,`. */
function splitLocation(location: string): string[] {
  if (location === '') return [];
  return /^[a-z]+:\/\/\//i.test(location) ? [location] : location.split(/[;,]/).map((l) => l.trim());
}

/**
 * A CACHES entry from a URL (the demo's CACHE_URL): `locmem://[name]`, `dummy://`,
 * `redis://host:port/db` (or `rediss://`, `unix:///path.sock`), `memcached://host:port[,host:port]`,
 * `file:///path`, `db://table`.
 */
export function cacheSettingsFromUrl(url: string): CacheSettings {
  const match = /^([a-z]+):\/\/(.*)$/i.exec(url);
  const scheme = match?.[1]?.toLowerCase();
  const rest = match?.[2] ?? '';
  switch (scheme) {
    case 'locmem':
      return { BACKEND: 'locmem', LOCATION: rest };
    case 'dummy':
      return { BACKEND: 'dummy' };
    case 'redis':
    case 'rediss':
      return { BACKEND: 'redis', LOCATION: url };
    case 'memcached':
      return { BACKEND: 'memcached', LOCATION: rest.split(',') };
    case 'file':
      return { BACKEND: 'file', LOCATION: decodeURIComponent(rest) };
    case 'db':
      return { BACKEND: 'db', LOCATION: rest };
    default:
      throw new InvalidCacheBackendError(
        `CACHE_URL is ${JSON.stringify(url)}; it must start with locmem://, dummy://, redis://, rediss://, memcached://, file:// or db://.`,
      );
  }
}

function describe(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
