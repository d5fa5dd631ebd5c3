import { BadHeaderError } from './errors.js';

// Header names repeat across responses; lower-casing each once saves an allocation per use.
const LOWER = new Map<string, string>();

function lower(name: string): string {
  let key = LOWER.get(name);
  if (key === undefined) {
    key = name.toLowerCase();
    if (LOWER.size < 512) LOWER.set(name, key);
  }
  return key;
}

/**
 * A response's headers: case-insensitive names that keep the spelling they were set with. Values
 * containing CR or LF are refused, so a header can never be split into two.
 *
 * @example
 * response.headers.set('Cache-Control', 'no-cache');
 * response.headers.get('cache-control'); // 'no-cache'
 */
export class ResponseHeaders implements Iterable<[string, string]> {
  #map = new Map<string, [string, string]>();

  constructor(init?: Record<string, string> | Iterable<[string, string]>) {
    if (init === undefined) return;
    const entries = Symbol.iterator in init ? (init as Iterable<[string, string]>) : Object.entries(init);
    for (const [name, value] of entries) this.set(name, value);
  }

  get(name: string): string | undefined {
    return this.#map.get(lower(name))?.[1];
  }

  has(name: string): boolean {
    return this.#map.has(lower(name));
  }

  set(name: string, value: string | number): this {
    const text = String(value);
    if (/[\r\n]/.test(text) || /[\r\n:]/.test(name) || name === '') {
      throw new BadHeaderError(
        `Header ${JSON.stringify(name)} with value ${JSON.stringify(text)} is not allowed: ` +
          'names must be non-empty without ":", and neither may contain CR or LF.',
      );
    }
    this.#map.set(lower(name), [name, text]);
    return this;
  }

  /** Sets the header only when it is not set yet (Django's setdefault). */
  setDefault(name: string, value: string | number): this {
    if (!this.has(name)) this.set(name, value);
    return this;
  }

  delete(name: string): boolean {
    return this.#map.delete(lower(name));
  }

  get size(): number {
    return this.#map.size;
  }

  *[Symbol.iterator](): IterableIterator<[string, string]> {
    for (const entry of this.#map.values()) yield [entry[0], entry[1]];
  }

  /** Appends name, value, name, value… to `out`: the flat form node:http's writeHead takes. */
  flattenInto(out: string[]): string[] {
    for (const entry of this.#map.values()) out.push(entry[0], entry[1]);
    return out;
  }

  /** A plain object of the headers, with their original spelling. */
  toObject(): Record<string, string> {
    return Object.fromEntries(this);
  }
}
