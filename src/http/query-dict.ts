/**
 * Django's QueryDict: the MultiValueDict behind request.GET and request.POST, immutable unless
 * asked otherwise, built from a query string or a urlencoded body.
 */
import { ImmutableQueryDictError } from './errors.js';
import { MultiValueDict } from './multi-value-dict.js';
import type { MultiValueSource } from './multi-value-dict.js';
import { parseQueryString, quote } from './urlencoded.js';

export interface QueryDictOptions {
  /** Whether the dict may be changed; request.GET and request.POST are not. Default false. */
  mutable?: boolean;
}

export interface QueryStringOptions extends QueryDictOptions {
  /** DATA_UPLOAD_MAX_NUMBER_FIELDS: more fields throw TooManyFieldsSent. Default null (no limit). */
  maxFields?: number | null;
}

/**
 * A MultiValueDict of strings that refuses changes unless it was made mutable.
 *
 * @example
 * const q = QueryDict.fromQueryString('a=1&a=2&c=3');
 * q.getlist('a');     // ['1', '2']
 * q.set('a', '9');    // throws ImmutableQueryDictError
 * const m = q.copy(); // mutable
 */
export class QueryDict extends MultiValueDict<string> {
  #mutable: boolean;

  constructor(lists?: Iterable<readonly [string, readonly string[]]>, options: QueryDictOptions = {}) {
    super(lists);
    this.#mutable = options.mutable ?? false;
  }

  /**
   * Parses a query string exactly as Django's QueryDict(query_string) does; never throws on bad
   * percent-encoding.
   *
   * @throws TooManyFieldsSent when there are more than `maxFields` fields.
   * @example QueryDict.fromQueryString('q=a+b&x=%E2%82%AC').get('x'); // '€'
   */
  static fromQueryString(qs: string | null | undefined, options: QueryStringOptions = {}): QueryDict {
    return new QueryDict(parseQueryString(qs ?? '', options.maxFields ?? null), options);
  }

  /**
   * A QueryDict with each key set to `value` (repeated keys get the value repeatedly).
   *
   * @example QueryDict.fromKeys(['a', 'a', 'b'], 'val').urlencode(); // 'a=val&a=val&b=val'
   */
  static fromKeys(keys: Iterable<string>, value = '', options: QueryDictOptions = {}): QueryDict {
    const q = new QueryDict(undefined, { mutable: true });
    for (const key of keys) q.appendlist(key, value);
    q.#mutable = options.mutable ?? false;
    return q;
  }

  /** Whether set(), appendlist() and the other mutators are allowed. */
  get mutable(): boolean {
    return this.#mutable;
  }

  /** A mutable copy, whatever this one is. */
  override copy(): QueryDict {
    return new QueryDict(this.lists(), { mutable: true });
  }

  /**
   * The dict as a query string, Django's QueryDict.urlencode(): values are quote_plus-escaped, or
   * with `safe`, quote-escaped keeping the characters in `safe` (spaces become %20 then).
   *
   * @example QueryDict.fromQueryString('next=/a/&x=1 2').urlencode('/'); // 'next=/a/&x=1%202'
   */
  urlencode(safe?: string): string {
    const parts: string[] = [];
    for (const [key, values] of this.lists()) {
      for (const value of values) {
        parts.push(
          safe ? `${quote(key, safe, false)}=${quote(value, safe, false)}` : `${quote(key, '', true)}=${quote(value, '', true)}`,
        );
      }
    }
    return parts.join('&');
  }

  override set(key: string, value: string): void {
    this.#assertMutable('set');
    super.set(key, value);
  }

  override setlist(key: string, values: readonly string[]): void {
    this.#assertMutable('setlist');
    super.setlist(key, values);
  }

  override appendlist(key: string, value: string): void {
    this.#assertMutable('appendlist');
    super.appendlist(key, value);
  }

  override setdefault(key: string, fallback: string): string | undefined {
    this.#assertMutable('setdefault');
    return super.setdefault(key, fallback);
  }

  override setlistdefault(key: string, fallback?: readonly string[]): string[] {
    this.#assertMutable('setlistdefault');
    return super.setlistdefault(key, fallback);
  }

  override pop(key: string): string[] | undefined;
  override pop<D>(key: string, fallback: D): string[] | D;
  override pop<D>(key: string, fallback?: D): string[] | D | undefined {
    this.#assertMutable('pop');
    return super.pop(key, fallback);
  }

  override popitem(): [string, string[]] | undefined {
    this.#assertMutable('popitem');
    return super.popitem();
  }

  override clear(): void {
    this.#assertMutable('clear');
    super.clear();
  }

  override delete(key: string): boolean {
    this.#assertMutable('delete');
    return super.delete(key);
  }

  override update(...sources: MultiValueSource<string>[]): void {
    this.#assertMutable('update');
    super.update(...sources);
  }

  #assertMutable(method: string): void {
    if (!this.#mutable) throw new ImmutableQueryDictError(method);
  }
}
