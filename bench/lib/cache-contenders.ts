/**
 * The contenders of bench/cache-ops.ts: each Canter backend beside the bare client it stands on,
 * doing the same work (the bare side serialises the value to JSON where the store holds text).
 */
import { LRUCache } from 'lru-cache';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CacheSettings } from '../../src/cache/index.js';
import { createCache, createCacheTable, type DatabaseCache } from '../../src/cache/index.js';

export interface Ops {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<unknown>;
  /** A client whose calls are synchronous is measured in a tight loop, as it would be used. */
  sync?: { get(key: string): unknown; set(key: string, value: unknown): unknown };
  close(): Promise<void>;
}

export interface Contender {
  backend: string;
  label: string;
  bareLabel: string;
  canter(): Promise<Ops>;
  bare?(): Promise<Ops>;
}

const REDIS_URL = process.env.CANTER_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/14';
const MEMCACHED = process.env.CANTER_BENCH_MEMCACHED ?? '127.0.0.1:11211';

async function canterOps(settings: CacheSettings): Promise<Ops> {
  const cache = createCache('bench', { KEY_PREFIX: 'bench', TIMEOUT: 600, ...settings });
  if (settings.BACKEND === 'db') await createCacheTable(cache as DatabaseCache);
  await cache.set('probe', 1); // fails here, not mid-measurement, when the server is down
  return {
    get: (key) => cache.get(key),
    set: (key, value) => cache.set(key, value),
    close: () => cache.close(),
  };
}

export const CACHE_CONTENDERS: Contender[] = [
  {
    backend: 'locmem',
    label: 'locmem',
    bareLabel: 'lru-cache (sync)',
    canter: () => canterOps({ BACKEND: 'locmem', LOCATION: 'bench', OPTIONS: { MAX_ENTRIES: 10_000 } }),
    async bare() {
      const lru = new LRUCache<string, string>({ max: 10_000 });
      // Stored as text, as Canter's locmem stores it, so a get returns a copy.
      const get = (key: string): unknown => {
        const text = lru.get(key);
        return text === undefined ? undefined : JSON.parse(text);
      };
      const set = (key: string, value: unknown): unknown => lru.set(key, JSON.stringify(value), { ttl: 600_000 });
      return { get: async (k) => get(k), set: async (k, v) => set(k, v), sync: { get, set }, close: async () => undefined };
    },
  },
  {
    backend: 'redis',
    label: 'redis',
    bareLabel: 'node-redis (no per-command timeout)',
    canter: () => canterOps({ BACKEND: 'redis', LOCATION: REDIS_URL }),
    async bare() {
      const { createClient } = await import('redis');
      // node-redis's default 5 s per-command timeout costs an AbortSignal a call; Canter bounds calls
      // itself and turns it off, so the bare client runs without it too (the stricter comparison).
      const client = createClient({ url: REDIS_URL, commandOptions: { timeout: 0 } });
      await client.connect();
      return {
        get: async (key) => {
          const text = await client.get(`bare:${key}`);
          return text === null ? undefined : JSON.parse(text);
        },
        set: (key, value) => client.set(`bare:${key}`, JSON.stringify(value), { PX: 600_000 } as never),
        close: async () => void (await client.quit()),
      };
    },
  },
  {
    backend: 'memcached',
    label: 'memcached',
    bareLabel: 'memjs',
    canter: () => canterOps({ BACKEND: 'memcached', LOCATION: MEMCACHED }),
    async bare() {
      const memjs = await import('memjs');
      const client = memjs.Client.create(MEMCACHED);
      return {
        get: async (key) => {
          const { value } = await client.get(`bare:${key}`);
          return value === null ? undefined : JSON.parse(value.toString());
        },
        set: (key, value) => client.set(`bare:${key}`, JSON.stringify(value), { expires: 600 }),
        close: async () => client.close(),
      };
    },
  },
  {
    backend: 'file',
    label: 'file',
    bareLabel: '—',
    canter: () => canterOps({ BACKEND: 'file', LOCATION: join(tmpdir(), `canter-bench-cache-${process.pid}`), OPTIONS: { MAX_ENTRIES: 10_000 } }),
  },
  {
    backend: 'db',
    label: 'db (SQLite in memory)',
    bareLabel: '—',
    canter: () => canterOps({ BACKEND: 'db', LOCATION: 'bench_cache', OPTIONS: { MAX_ENTRIES: 10_000 } }),
  },
];
