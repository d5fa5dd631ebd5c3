/**
 * Django's MultiValueDict: a dictionary whose keys may hold several values, as form fields and
 * query parameters do. Reading a key gives its last value; getlist() gives all of them.
 */

/** Anything update() can merge in: another MultiValueDict, a record, or [key, value] pairs. */
export type MultiValueSource<V> =
  | MultiValueDict<V>
  | Readonly<Record<string, V>>
  | Iterable<readonly [string, V]>;

/**
 * A map from string keys to lists of values. Keys are kept in a Map, so any string, including
 * `__proto__` and `constructor`, is an ordinary key.
 *
 * A key whose list is empty (after `setlist(key, [])`) is present for has() and keys() but has
 * no last value, so get() returns the default and values(), items() and dict() leave it out.
 *
 * @example
 * const d = new MultiValueDict([['name', ['Adrian', 'Simon']]]);
 * d.get('name');     // 'Simon'
 * d.getlist('name'); // ['Adrian', 'Simon']
 */
export class MultiValueDict<V> {
  readonly #lists = new Map<string, V[]>();

  constructor(lists?: Iterable<readonly [string, readonly V[]]>) {
    if (lists !== undefined) for (const [key, values] of lists) this.#lists.set(key, [...values]);
  }

  /** The number of keys. */
  get size(): number {
    return this.#lists.size;
  }

  /** The last value of `key`, or `fallback` when the key is absent or its list is empty. */
  get(key: string): V | undefined;
  get<D>(key: string, fallback: D): V | D;
  get<D>(key: string, fallback?: D): V | D | undefined {
    const list = this.#lists.get(key);
    return list === undefined || list.length === 0 ? fallback : list[list.length - 1];
  }

  /** A copy of every value of `key`, or `fallback` (default []) when the key is absent. */
  getlist(key: string, fallback: V[] = []): V[] {
    const list = this.#lists.get(key);
    return list === undefined ? fallback : [...list];
  }

  /** Replaces every value of `key` with `value`. */
  set(key: string, value: V): void {
    this.#lists.set(key, [value]);
  }

  /** Replaces every value of `key` with a copy of `values`. */
  setlist(key: string, values: readonly V[]): void {
    this.#lists.set(key, [...values]);
  }

  /** Adds `value` after the existing values of `key`. */
  appendlist(key: string, value: V): void {
    this.setlistdefault(key).push(value);
  }

  /** Sets `key` to `fallback` when absent; returns the key's last value either way. */
  setdefault(key: string, fallback: V): V | undefined {
    if (!this.#lists.has(key)) this.set(key, fallback);
    return this.get(key);
  }

  /**
   * Sets `key` to `fallback` when absent and returns the key's live list, as Django does, so
   * pushing onto the result adds values.
   */
  setlistdefault(key: string, fallback: readonly V[] = []): V[] {
    let list = this.#lists.get(key);
    if (list === undefined) {
      list = [...fallback];
      this.#lists.set(key, list);
    }
    return list;
  }

  /** Removes `key` and returns its whole list (Django's dict.pop), or `fallback` when absent. */
  pop(key: string): V[] | undefined;
  pop<D>(key: string, fallback: D): V[] | D;
  pop<D>(key: string, fallback?: D): V[] | D | undefined {
    const list = this.#lists.get(key);
    if (list === undefined) return fallback;
    this.#lists.delete(key);
    return list;
  }

  /** Removes the most recently added key and returns it with its list; undefined when empty. */
  popitem(): [string, V[]] | undefined {
    let last: string | undefined;
    for (const key of this.#lists.keys()) last = key;
    if (last === undefined) return undefined;
    const list = this.#lists.get(last) ?? [];
    this.#lists.delete(last);
    return [last, list];
  }

  /** Removes every key. */
  clear(): void {
    this.#lists.clear();
  }

  /** Removes `key`; returns whether it was present. */
  delete(key: string): boolean {
    return this.#lists.delete(key);
  }

  /** Appends the values of each source to the lists of their keys (it never replaces, as in Django). */
  update(...sources: MultiValueSource<V>[]): void {
    for (const source of sources) {
      if (source instanceof MultiValueDict) {
        for (const [key, values] of source.lists()) this.setlistdefault(key).push(...values);
      } else if (isIterable(source)) {
        for (const [key, value] of source) this.appendlist(key, value);
      } else {
        for (const key of Object.keys(source)) this.appendlist(key, source[key] as V);
      }
    }
  }

  has(key: string): boolean {
    return this.#lists.has(key);
  }

  keys(): IterableIterator<string> {
    return this.#lists.keys();
  }

  /** The last value of each key. */
  *values(): IterableIterator<V> {
    for (const list of this.#lists.values()) if (list.length > 0) yield list[list.length - 1] as V;
  }

  /** [key, last value] for each key. */
  *items(): IterableIterator<[string, V]> {
    for (const [key, list] of this.#lists) if (list.length > 0) yield [key, list[list.length - 1] as V];
  }

  /** [key, copy of all values] for each key. */
  *lists(): IterableIterator<[string, V[]]> {
    for (const [key, list] of this.#lists) yield [key, [...list]];
  }

  [Symbol.iterator](): IterableIterator<string> {
    return this.keys();
  }

  /** A plain object of each key's last value; it has no prototype, so any key is safe. */
  dict(): Record<string, V> {
    const out = Object.create(null) as Record<string, V>;
    for (const [key, value] of this.items()) out[key] = value;
    return out;
  }

  /** A copy whose lists are new arrays (the values themselves are shared). */
  copy(): MultiValueDict<V> {
    return new MultiValueDict<V>(this.#lists);
  }
}

function isIterable<T>(value: unknown): value is Iterable<T> {
  return typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
}
