import { settingChanged, getSettings } from '../conf/settings/index.js';
import type { BaseCache } from './base.js';
import { CACHE_BACKENDS } from './backends/index.js';
import { backendName, resolveCacheParams, type CacheBackendClass, type CacheSettings } from './config.js';
import { InvalidCacheBackendError } from './errors.js';

interface Held {
  readonly entry: unknown;
  readonly cache: BaseCache;
}

/**
 * The caches of CACHES, one per alias: Django's `caches`. Each is built on first use and kept;
 * when CACHES changes (overrideSettings, configureSettings) the old ones are closed and the next
 * get() builds afresh.
 */
export class CacheHandler {
  readonly #held = new Map<string, Held>();
  #listening = false;

  /**
   * The cache of an alias.
   *
   * @example
   * await caches.get('sessions').set('k', 1);
   */
  get(alias = 'default'): BaseCache {
    const caches = getSettings().CACHES as unknown as Readonly<Record<string, CacheSettings>>;
    const entry = Object.hasOwn(caches, alias) ? caches[alias] : undefined;
    const held = this.#held.get(alias);
    if (held !== undefined && held.entry === entry) return held.cache;
    this.#listen();
    if (held !== undefined) this.#retire(alias, held);
    if (entry === undefined) {
      const known = Object.keys(caches);
      throw new InvalidCacheBackendError(
        `The cache alias '${alias}' is not in CACHES; ${known.length === 0 ? 'CACHES is empty' : `it has ${known.map((a) => `'${a}'`).join(', ')}`}.`,
      );
    }
    const cache = createCache(alias, entry);
    this.#held.set(alias, { entry, cache });
    return cache;
  }

  /** A cache for every alias of CACHES. */
  all(): BaseCache[] {
    return Object.keys(getSettings().CACHES).map((alias) => this.get(alias));
  }

  /** Closes every cache's connections (at shutdown, at the end of a test run). */
  async closeAll(): Promise<void> {
    const held = [...this.#held.values()];
    this.#held.clear();
    await Promise.all(held.map((h) => h.cache.close().catch(() => undefined)));
  }

  #retire(alias: string, held: Held): void {
    this.#held.delete(alias);
    void held.cache.close().catch(() => undefined);
  }

  #listen(): void {
    if (this.#listening) return;
    this.#listening = true;
    settingChanged.connect(
      ({ setting }) => {
        if (setting !== 'CACHES') return;
        for (const [alias, held] of [...this.#held]) this.#retire(alias, held);
      },
      { dispatchUid: 'canter.cache.caches' },
    );
  }
}

/** Builds the cache one CACHES entry describes (validated; unknown backends named). */
export function createCache(alias: string, entry: Readonly<CacheSettings>): BaseCache {
  if (typeof entry !== 'object' || entry === null) {
    throw new InvalidCacheBackendError(`CACHES['${alias}'] must be an object with a BACKEND.`);
  }
  const Backend = backendClass(alias, entry.BACKEND);
  return new Backend(resolveCacheParams(alias, entry));
}

function backendClass(alias: string, backend: unknown): CacheBackendClass {
  if (typeof backend === 'function') return backend as CacheBackendClass;
  const name = typeof backend === 'string' ? backendName(backend) : undefined;
  const cls = name === undefined ? undefined : CACHE_BACKENDS[name];
  if (cls === undefined) {
    throw new InvalidCacheBackendError(
      `CACHES['${alias}'].BACKEND is ${JSON.stringify(backend) ?? String(backend)}; it must be one of ` +
        `'dummy', 'locmem', 'file', 'db', 'memcached', 'redis', Django's class path of one of them, or a BaseCache subclass.`,
    );
  }
  return cls;
}

/** Every alias's cache; built on first use. */
export const caches = new CacheHandler();
