/** Raw request headers as Node gives them: lower-case names. */
export type RawHeaders = Readonly<Record<string, string | string[] | undefined>>;

/**
 * The request's headers, case-insensitive: `request.headers.get('User-Agent')`. Django's
 * HttpHeaders, read from the same source as META so the two always agree.
 */
export class HttpHeaders implements Iterable<[string, string]> {
  readonly #lookup: (lowerName: string) => string | undefined;
  readonly #names: () => string[];

  constructor(lookup: (lowerName: string) => string | undefined, names: () => string[]) {
    this.#lookup = lookup;
    this.#names = names;
  }

  get(name: string): string | undefined {
    return this.#lookup(name.toLowerCase());
  }

  has(name: string): boolean {
    return this.#lookup(name.toLowerCase()) !== undefined;
  }

  keys(): string[] {
    return this.#names();
  }

  *[Symbol.iterator](): IterableIterator<[string, string]> {
    for (const name of this.#names()) {
      const value = this.#lookup(name);
      if (value !== undefined) yield [name, value];
    }
  }
}

/** One header's value as a string: repeated headers joined as Node joins them. */
export function headerValue(raw: RawHeaders, lowerName: string): string | undefined {
  const value = raw[lowerName];
  if (value === undefined || typeof value === 'string') return value;
  return value.join(lowerName === 'cookie' ? '; ' : ', ');
}

/** `User-Agent` → `HTTP_USER_AGENT`; Content-Type and Content-Length have no HTTP_ prefix. */
export function metaName(lowerName: string): string {
  const upper = lowerName.toUpperCase().replace(/-/g, '_');
  return upper === 'CONTENT_TYPE' || upper === 'CONTENT_LENGTH' ? upper : `HTTP_${upper}`;
}

/** `HTTP_USER_AGENT` → `user-agent`, or undefined for META keys that are not headers. */
export function headerNameOfMeta(key: string): string | undefined {
  if (key === 'CONTENT_TYPE' || key === 'CONTENT_LENGTH') return key.toLowerCase().replace(/_/g, '-');
  if (!key.startsWith('HTTP_')) return undefined;
  return key.slice(5).toLowerCase().replace(/_/g, '-');
}
