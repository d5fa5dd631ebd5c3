import { getSettings } from '../conf/settings/index.js';
import { httpDate } from './conditional.js';
import type { HttpResponseBase } from './response-base.js';

/** A directive's value: true for a bare directive; false, null and undefined leave it out. */
export type DirectiveValue = boolean | string | number | null | undefined;

/**
 * Cache-Control directives in camelCase (`maxAge` is `max-age`, `sMaxage` is `s-maxage`);
 * Django's snake_case and the header's own kebab-case spellings are accepted too.
 */
export interface CacheControlDirectives {
  public?: boolean;
  /** true, or the header names that are private. */
  private?: boolean | string;
  /** true, or a header name that must be revalidated (may be given several times over calls). */
  noCache?: boolean | string;
  noStore?: boolean;
  noTransform?: boolean;
  mustRevalidate?: boolean;
  proxyRevalidate?: boolean;
  mustUnderstand?: boolean;
  immutable?: boolean;
  maxAge?: number;
  sMaxage?: number;
  staleWhileRevalidate?: number;
  staleIfError?: number;
  [directive: string]: DirectiveValue;
}

/** A parsed Cache-Control: `no-cache` may hold several field names, so it keeps a set. */
export type ParsedCacheControl = Map<string, string | true | Set<string | true>>;

const DELIMITER = /\s*,\s*/;

/** The items of a comma-separated header (Vary, Cache-Control); empty items are dropped. */
export function splitHeaderList(value: string | undefined): string[] {
  if (value === undefined) return [];
  const trimmed = value.trim();
  if (trimmed === '') return [];
  return trimmed.split(DELIMITER).filter((item) => item !== '');
}

/** Cache-Control's directives by lower-case name, in header order; a repeated one keeps the last value. */
export function parseCacheControl(header: string | undefined): ParsedCacheControl {
  const directives: ParsedCacheControl = new Map();
  for (const field of splitHeaderList(header)) {
    const eq = field.indexOf('=');
    const name = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
    put(directives, name, eq < 0 ? true : field.slice(eq + 1));
  }
  return directives;
}

function put(directives: ParsedCacheControl, name: string, value: string | true): void {
  if (name !== 'no-cache') {
    directives.set(name, value);
    return;
  }
  // no-cache names header fields one at a time: `no-cache=Set-Cookie, no-cache=Link`.
  const current = directives.get(name);
  if (current instanceof Set) current.add(value);
  else directives.set(name, new Set([value]));
}

/** `maxAge` → `max-age`, `max_age` → `max-age`, `sMaxage` → `s-maxage`. */
function directiveName(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).replace(/_/g, '-').replace(/^-/, '').toLowerCase();
}

const INTEGER = /^\s*[+-]?\d+\s*$/;

/**
 * Adds directives to the response's Cache-Control, as Django's patch_cache_control: existing
 * directives stay unless given again; `public` and `private` replace each other; when both the
 * header and the call have a max-age, the smaller one wins; `no-cache` with field names
 * accumulates, and a bare `no-cache` supersedes them.
 *
 * @example
 * patchCacheControl(response, { public: true, maxAge: 3600 }); // Cache-Control: public, max-age=3600
 */
export function patchCacheControl(response: HttpResponseBase, directives: CacheControlDirectives): void {
  const cc = parseCacheControl(response.headers.get('Cache-Control'));
  const updates: Array<[string, string | true]> = [];
  for (const [key, value] of Object.entries(directives)) {
    if (value === undefined || value === null || value === false) continue;
    updates.push([directiveName(key), value === true ? true : String(value)]);
  }
  const names = new Set(updates.map(([name]) => name));
  const existingMaxAge = cc.get('max-age');
  if (names.has('max-age') && typeof existingMaxAge === 'string' && INTEGER.test(existingMaxAge)) {
    // A decorator and a middleware may both set max-age; the stricter one stands.
    for (const update of updates) {
      if (update[0] === 'max-age' && INTEGER.test(String(update[1]))) {
        update[1] = String(Math.min(Number(existingMaxAge), Number(update[1])));
      }
    }
  }
  if (cc.has('private') && names.has('public')) cc.delete('private');
  else if (cc.has('public') && names.has('private')) cc.delete('public');
  for (const [name, value] of updates) put(cc, name, value);
  response.headers.set('Cache-Control', serialize(cc));
}

function serialize(cc: ParsedCacheControl): string {
  const parts: string[] = [];
  for (const [name, value] of cc) {
    if (value instanceof Set) {
      if (value.has(true)) parts.push(name);
      else for (const field of value) parts.push(`${name}=${field as string}`);
    } else {
      parts.push(value === true ? name : `${name}=${value}`);
    }
  }
  return parts.join(', ');
}

/**
 * The max-age of the response's Cache-Control as a whole number, or null when there is none or
 * it is not a number.
 *
 * @example getMaxAge(response) // 3600
 */
export function getMaxAge(response: HttpResponseBase): number | null {
  return maxAgeOf(response.headers.get('Cache-Control'));
}

/** The max-age of a Cache-Control value, as getMaxAge reads it. */
export function maxAgeOf(cacheControl: string | undefined): number | null {
  return maxAgeIn(parseCacheControl(cacheControl));
}

/** The max-age of parsed directives (a whole number of seconds), or null. */
export function maxAgeIn(directives: ParsedCacheControl): number | null {
  const value = directives.get('max-age');
  return typeof value === 'string' && INTEGER.test(value) ? Number.parseInt(value, 10) : null;
}

/**
 * Sets Expires (only when absent) and max-age (the smaller of the current one and the timeout)
 * for a response that may be cached `cacheTimeout` seconds (default CACHE_MIDDLEWARE_SECONDS;
 * negative counts as 0). Django's patch_response_headers.
 *
 * @example patchResponseHeaders(response, 600); // Expires in ten minutes, Cache-Control: max-age=600
 */
export function patchResponseHeaders(response: HttpResponseBase, cacheTimeout?: number | null): void {
  let timeout = cacheTimeout ?? getSettings().CACHE_MIDDLEWARE_SECONDS;
  if (timeout < 0) timeout = 0;
  if (!response.headers.has('Expires')) response.headers.set('Expires', httpDate(Date.now() / 1000 + timeout));
  patchCacheControl(response, { maxAge: timeout });
}

/**
 * Marks a response as never to be cached by anyone: Expires now (unless set), and
 * `Cache-Control: max-age=0, no-cache, no-store, must-revalidate, private`.
 *
 * @example addNeverCacheHeaders(response);
 */
export function addNeverCacheHeaders(response: HttpResponseBase): void {
  patchResponseHeaders(response, -1);
  patchCacheControl(response, { noCache: true, noStore: true, mustRevalidate: true, private: true });
}

/**
 * Adds header names to Vary, keeping those already there and their order; names compare
 * case-insensitively, and once `*` is among them Vary is just `*`.
 *
 * @example patchVaryHeaders(response, ['Accept-Language', 'Cookie']);
 */
export function patchVaryHeaders(response: HttpResponseBase, newHeaders: Iterable<string>): void {
  const vary = splitHeaderList(response.headers.get('Vary'));
  const seen = new Set(vary.map((name) => name.toLowerCase()));
  for (const name of newHeaders) {
    const lower = name.toLowerCase();
    if (seen.has(lower)) continue;
    seen.add(lower);
    vary.push(name);
  }
  if (vary.length > 0) response.headers.set('Vary', vary.includes('*') ? '*' : vary.join(', '));
}

/**
 * True when the response's Vary names the header (case-insensitive).
 *
 * @example hasVaryHeader(response, 'cookie')
 */
export function hasVaryHeader(response: HttpResponseBase, header: string): boolean {
  const wanted = header.toLowerCase();
  return splitHeaderList(response.headers.get('Vary')).some((name) => name.toLowerCase() === wanted);
}
