import { getLogger } from '../conf/log.js';
import { andThen } from '../utils/maybe-promise.js';
import type { MaybePromise } from '../utils/maybe-promise.js';
import { decodeValue, encodeValue } from './codec.js';
import type { CacheParams } from './config.js';
import { CacheKeyNotFound, CacheValueError } from './errors.js';
import { memcacheKeyProblem, warnAboutKey, type KeyFunction } from './keys.js';

/**
 * How long an entry lives, in seconds: undefined = the cache's TIMEOUT, null = forever,
 * 0 or less = expire at once (the value is not kept).
 */
export type Timeout = number | null | undefined;

/** The answer of getOrSet: a value, or a function (sync or async) computing it on a miss. */
export type ValueOrFactory<T> = T | (() => T | Promise<T>);

/**
 * Django's BaseCache: the public API written once over six primitives a backend implements on
 * full keys and encoded values (getRaw, setRaw, addRaw, touchRaw, deleteRaw, clear). A backend
 * may also override the batch primitives and incrRaw when its server does better than a loop.
 * The primitives receive a timeout already resolved to seconds > 0, or null for never.
 */
export abstract class BaseCache {
  readonly alias: string;
  /** TIMEOUT in seconds; null = never. */
  readonly defaultTimeout: number | null;
  readonly keyPrefix: string;
  readonly version: number;
  readonly maxEntries: number;
  readonly cullFrequency: number;
  readonly #keyFunction: KeyFunction;
  // Made and validated keys of the default version, by caller key: a hit skips building,
  // validating and hashing a fresh string. Bounded; emptied when full.
  readonly #madeKeys = new Map<string, string>();

  constructor(params: CacheParams) {
    this.alias = params.alias;
    this.defaultTimeout = params.timeout;
    this.keyPrefix = params.keyPrefix;
    this.version = params.version;
    this.maxEntries = params.maxEntries;
    this.cullFrequency = params.cullFrequency;
    this.#keyFunction = params.keyFunction;
  }

  protected abstract getRaw(key: string): MaybePromise<string | undefined>;
  protected abstract setRaw(key: string, data: string, timeout: number | null): MaybePromise<void>;
  /** Stores only when the key is absent (or expired); true when it stored. */
  protected abstract addRaw(key: string, data: string, timeout: number | null): MaybePromise<boolean>;
  /** Gives a live entry a new timeout; false when there is none. */
  protected abstract touchRaw(key: string, timeout: number | null): MaybePromise<boolean>;
  /** True when there was a live entry to delete. */
  protected abstract deleteRaw(key: string): MaybePromise<boolean>;
  /** Removes everything from the cache, not only this alias's prefix (as Django does). */
  abstract clear(): Promise<void>;

  protected async getManyRaw(keys: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (const key of keys) {
      const data = await this.getRaw(key);
      if (data !== undefined) found.set(key, data);
    }
    return found;
  }

  /** Stores each entry; returns the keys that could not be stored. */
  protected async setManyRaw(entries: ReadonlyArray<readonly [string, string]>, timeout: number | null): Promise<string[]> {
    for (const [key, data] of entries) await this.setRaw(key, data, timeout);
    return [];
  }

  protected async deleteManyRaw(keys: readonly string[]): Promise<void> {
    for (const key of keys) await this.deleteRaw(key);
  }

  /**
   * Adds delta to a number and stores it, or returns undefined when the key is absent. This
   * default is Django's: read, add, write with the cache's TIMEOUT; backends whose server can
   * do it atomically override it.
   */
  protected async incrRaw(key: string, delta: number, shownKey: string): Promise<number | undefined> {
    const data = await this.getRaw(key);
    if (data === undefined) return undefined;
    const value = addTo(decodeValue(data), delta, shownKey);
    await this.storeResolved(key, encodeValue(value), this.resolveTimeout(undefined));
    return value;
  }

  /** Releases connections; the cache still works afterwards and reconnects when used. */
  async close(): Promise<void> {}

  /** The stored key: KEY_FUNCTION(key, KEY_PREFIX, version ?? VERSION). */
  makeKey(key: string, version?: number): string {
    return this.#keyFunction(key, this.keyPrefix, version ?? this.version);
  }

  /** Warns (CacheKeyWarning) about keys memcached would reject; memcached itself refuses them. */
  validateKey(key: string): void {
    const problem = memcacheKeyProblem(key);
    if (problem !== undefined) warnAboutKey(problem);
  }

  protected makeAndValidateKey(key: string, version?: number): string {
    if (version === undefined) {
      const known = this.#madeKeys.get(key);
      if (known !== undefined) return known;
    }
    const made = this.makeKey(key, version);
    this.validateKey(made);
    if (version === undefined) {
      if (this.#madeKeys.size >= MADE_KEYS_LIMIT) this.#madeKeys.clear();
      this.#madeKeys.set(key, made);
    }
    return made;
  }

  /** A timeout argument in seconds: > 0, null for never, or 0 for "already expired". */
  protected resolveTimeout(timeout: Timeout): number | null {
    const seconds = timeout === undefined ? this.defaultTimeout : timeout;
    if (seconds === null) return null;
    return seconds > 0 ? seconds : 0;
  }

  /**
   * The value stored under key, or `defaultValue` (undefined unless given) when there is none.
   *
   * @example
   * const count = await cache.get<number>('visits', 0);
   */
  async get<T = unknown>(key: string): Promise<T | undefined>;
  async get<T = unknown>(key: string, defaultValue: T, version?: number): Promise<T>;
  async get<T = unknown>(key: string, defaultValue?: T, version?: number): Promise<T | undefined> {
    const pending = this.getRaw(this.makeAndValidateKey(key, version));
    const data = pending instanceof Promise ? await pending : pending;
    return data === undefined ? defaultValue : (readStored(data, key, this.alias, defaultValue) as T);
  }

  /**
   * get() for hot paths that are sync-first (the page cache): the value, or undefined on a miss,
   * returned at once when the backend reads synchronously (locmem, dummy), else a Promise.
   *
   * @example
   * const value = andThen(cache.lookup('page'), render);
   */
  lookup<T = unknown>(key: string, version?: number): MaybePromise<T | undefined> {
    return andThen(this.getRaw(this.makeAndValidateKey(key, version)), readFound, key, this.alias) as MaybePromise<T | undefined>;
  }

  /** Stores a value (JSON, Date or Buffer) for `timeout` seconds. */
  async set(key: string, value: unknown, timeout?: Timeout, version?: number): Promise<void> {
    const made = this.makeAndValidateKey(key, version);
    const data = encodeValue(value);
    const seconds = this.resolveTimeout(timeout);
    const pending = seconds === 0 ? this.deleteRaw(made) : this.setRaw(made, data, seconds);
    if (pending instanceof Promise) await pending;
  }

  /** Stores the value only when the key is absent; true when it stored. */
  async add(key: string, value: unknown, timeout?: Timeout, version?: number): Promise<boolean> {
    const made = this.makeAndValidateKey(key, version);
    const data = encodeValue(value);
    const seconds = this.resolveTimeout(timeout);
    if (seconds === 0) return (await this.getRaw(made)) === undefined;
    return this.addRaw(made, data, seconds);
  }

  /**
   * The cached value; on a miss, the default (or what the factory returns) is added and
   * returned. The value is read back after adding, so concurrent callers agree on one.
   *
   * @example
   * const books = await cache.getOrSet('books', () => Book.objects.valuesList('title', { flat: true }), 60);
   */
  async getOrSet<T>(key: string, defaultValue: ValueOrFactory<T>, timeout?: Timeout, version?: number): Promise<T> {
    const made = this.makeAndValidateKey(key, version);
    const data = await this.getRaw(made);
    const MISSING = Symbol('missing');
    const stored = data === undefined ? MISSING : readStored(data, key, this.alias, MISSING);
    if (stored !== MISSING) return stored as T;
    const value = typeof defaultValue === 'function' ? await (defaultValue as () => T | Promise<T>)() : defaultValue;
    await this.add(key, value, timeout, version);
    return this.get(key, value, version);
  }

  /** The values found, by the keys asked for; missing keys are absent from the result. */
  async getMany<T = unknown>(keys: Iterable<string>, version?: number): Promise<Record<string, T>> {
    const byMade = new Map<string, string>();
    for (const key of keys) byMade.set(this.makeAndValidateKey(key, version), key);
    const found = await this.getManyRaw([...byMade.keys()]);
    const result = Object.create(null) as Record<string, T>;
    const MISSING = Symbol('missing');
    for (const [made, data] of found) {
      const key = byMade.get(made) as string;
      const value = readStored(data, key, this.alias, MISSING);
      if (value !== MISSING) result[key] = value as T;
    }
    return result;
  }

  /** Stores several values; returns the keys that could not be stored (none on most backends). */
  async setMany(data: Readonly<Record<string, unknown>> | ReadonlyMap<string, unknown>, timeout?: Timeout, version?: number): Promise<string[]> {
    const entries = data instanceof Map ? [...data] : Object.entries(data);
    const byMade = new Map<string, string>();
    const encoded: Array<readonly [string, string]> = [];
    for (const [key, value] of entries) {
      const made = this.makeAndValidateKey(key, version);
      byMade.set(made, key);
      encoded.push([made, encodeValue(value)]);
    }
    const seconds = this.resolveTimeout(timeout);
    if (seconds === 0) {
      await this.deleteManyRaw([...byMade.keys()]);
      return [];
    }
    const failed = await this.setManyRaw(encoded, seconds);
    return failed.map((made) => byMade.get(made) ?? made);
  }

  /** Deletes a key; true when there was one. */
  async delete(key: string, version?: number): Promise<boolean> {
    return this.deleteRaw(this.makeAndValidateKey(key, version));
  }

  async deleteMany(keys: Iterable<string>, version?: number): Promise<void> {
    const made = [...keys].map((key) => this.makeAndValidateKey(key, version));
    if (made.length > 0) await this.deleteManyRaw(made);
  }

  /** Sets a new timeout on a live key; true when the key was there. */
  async touch(key: string, timeout?: Timeout, version?: number): Promise<boolean> {
    const made = this.makeAndValidateKey(key, version);
    const seconds = this.resolveTimeout(timeout);
    if (seconds === 0) return this.deleteRaw(made);
    return this.touchRaw(made, seconds);
  }

  /** True when the cache holds the key (Django's has_key and `in`). */
  async has(key: string, version?: number): Promise<boolean> {
    return (await this.getRaw(this.makeAndValidateKey(key, version))) !== undefined;
  }

  /** Adds delta to a stored number and returns the new value; CacheKeyNotFound when absent. */
  async incr(key: string, delta = 1, version?: number): Promise<number> {
    const value = await this.incrRaw(this.makeAndValidateKey(key, version), delta, key);
    if (value === undefined) throw new CacheKeyNotFound(key);
    return value;
  }

  /** Subtracts delta from a stored number and returns the new value; CacheKeyNotFound when absent. */
  async decr(key: string, delta = 1, version?: number): Promise<number> {
    return this.incr(key, -delta, version);
  }

  /** Moves a key to version + delta (keeping its value) and returns the new version. */
  async incrVersion(key: string, delta = 1, version?: number): Promise<number> {
    const from = version ?? this.version;
    const made = this.makeAndValidateKey(key, from);
    const data = await this.getRaw(made);
    if (data === undefined) throw new CacheKeyNotFound(key);
    await this.storeResolved(this.makeAndValidateKey(key, from + delta), data, this.resolveTimeout(undefined));
    await this.deleteRaw(made);
    return from + delta;
  }

  async decrVersion(key: string, delta = 1, version?: number): Promise<number> {
    return this.incrVersion(key, -delta, version);
  }

  private async storeResolved(key: string, data: string, seconds: number | null): Promise<void> {
    if (seconds === 0) await this.deleteRaw(key);
    else await this.setRaw(key, data, seconds);
  }
}

const MADE_KEYS_LIMIT = 10_000;
const logger = getLogger('canter.cache');

/**
 * The value of stored text, or `missing` when the text is not ours (another program's value under
 * the same key, or damage): a cache that cannot read an entry has a miss, not an outage.
 */
function readStored(data: string, key: string, alias: string, missing: unknown): unknown {
  try {
    return decodeValue(data);
  } catch (error) {
    if (!(error instanceof CacheValueError)) throw error;
    logger.warning(`Cache '${alias}' holds a value under '${key}' that Canter did not write; treating it as a miss.`);
    return missing;
  }
}

/** lookup()'s second half: the stored text's value, undefined for a miss or text that is not ours. */
function readFound(data: string | undefined, key: string, alias: string): unknown {
  return data === undefined ? undefined : readStored(data, key, alias, undefined);
}

/** value + delta for incr/decr, or a CacheValueError naming the key when value is not a number. */
export function addTo(value: unknown, delta: number, key: string): number {
  if (typeof value !== 'number') {
    throw new CacheValueError(`incr/decr need a number, but the cache holds a ${value === null ? 'null' : typeof value} for key '${key}'.`);
  }
  return value + delta;
}
