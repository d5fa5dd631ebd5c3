import { LRUCache } from 'lru-cache';
import { addTo, BaseCache } from '../base.js';
import { decodeValue, encodeValue } from '../codec.js';
import type { CacheParams } from '../config.js';

type Store = LRUCache<string, string>;

// Django keeps one store per LOCATION name, shared by every alias (and every instance) naming it.
const stores = new Map<string, Store>();

/**
 * The in-process cache (Django's LocMemCache): least recently used entries go first; when
 * MAX_ENTRIES is reached, 1/CULL_FREQUENCY of the entries are culled (all of them when
 * CULL_FREQUENCY is 0). Each process has its own: not shared between workers.
 */
export class LocMemCache extends BaseCache {
  readonly #store: Store;

  constructor(params: CacheParams) {
    super(params);
    const name = params.locations[0] ?? '';
    let store = stores.get(name);
    if (store === undefined) {
      // Culling below keeps the size under max; max is only lru-cache's own bound.
      store = new LRUCache<string, string>({ max: params.maxEntries + 1, allowStale: false, updateAgeOnGet: false });
      stores.set(name, store);
    }
    this.#store = store;
  }

  protected getRaw(key: string): string | undefined {
    return this.#store.get(key);
  }

  protected setRaw(key: string, data: string, timeout: number | null): void {
    if (this.#store.size >= this.maxEntries && !this.#store.has(key)) this.#cull();
    this.#store.set(key, data, { ttl: ttl(timeout) });
  }

  protected addRaw(key: string, data: string, timeout: number | null): boolean {
    if (this.#store.has(key)) return false;
    this.setRaw(key, data, timeout);
    return true;
  }

  protected touchRaw(key: string, timeout: number | null): boolean {
    const data = this.#store.get(key);
    if (data === undefined) return false;
    this.#store.set(key, data, { ttl: ttl(timeout) });
    return true;
  }

  protected deleteRaw(key: string): boolean {
    const live = this.#store.has(key);
    this.#store.delete(key);
    return live;
  }

  async clear(): Promise<void> {
    this.#store.clear();
  }

  // Synchronous read-modify-write: no other caller can run between the read and the write.
  protected override async incrRaw(key: string, delta: number, shownKey: string): Promise<number | undefined> {
    const data = this.#store.get(key);
    if (data === undefined) return undefined;
    const value = addTo(decodeValue(data), delta, shownKey);
    const remaining = this.#store.getRemainingTTL(key);
    this.#store.set(key, encodeValue(value), { ttl: Number.isFinite(remaining) ? Math.max(1, remaining) : 0 });
    return value;
  }

  #cull(): void {
    if (this.cullFrequency === 0) {
      this.#store.clear();
      return;
    }
    const count = Math.floor(this.#store.size / this.cullFrequency);
    const victims: string[] = [];
    for (const key of this.#store.rkeys()) {
      if (victims.length >= count) break;
      victims.push(key);
    }
    for (const key of victims) this.#store.delete(key);
  }
}

/** lru-cache's ttl in ms; 0 means none. */
function ttl(timeout: number | null): number {
  return timeout === null ? 0 : Math.max(1, Math.round(timeout * 1000));
}
