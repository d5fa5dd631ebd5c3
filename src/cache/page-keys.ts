import { hash } from 'node:crypto';
import { getSettings } from '../conf/settings/index.js';
import { splitHeaderList } from '../http/cache-control.js';
import { headerNameOfMeta } from '../http/request-headers.js';
import type { HttpRequest } from '../http/request.js';
import type { HttpResponseBase } from '../http/response-base.js';
import type { BaseCache } from './base.js';
import { caches } from './registry.js';

/**
 * The keys of the per-page cache, spelled as Django's django.utils.cache spells them:
 *
 * - `views.decorators.cache.cache_header.<prefix>.<md5 of the absolute URL>` holds the META
 *   names of the headers the page varies on (learned from the response's Vary);
 * - `views.decorators.cache.cache_page.<prefix>.<METHOD>.<md5 of the absolute URL>.<md5 of
 *   those headers' values>` holds the page.
 *
 * The absolute URL carries scheme, host, path and query string, so each is its own entry.
 * Canter has no active language or time zone to add, so Django's `.<language>.<time zone>`
 * suffixes are not written, and Accept-Language in Vary counts like any header.
 */

/** The headers digest of a response that varies on nothing (md5 of ''). */
export const MD5_OF_NOTHING = 'd41d8cd98f00b204e9800998ecf8427e';

function md5(text: string): string {
  return hash('md5', text, 'hex');
}

/** MD5 of the request's absolute URL: compute it once per request and reuse it for both keys. */
export function absoluteUrlDigest(request: HttpRequest): string {
  return urlDigestOf(request.buildAbsoluteUri());
}

/** MD5 of an absolute URL, as it appears in the keys. */
export function urlDigestOf(absoluteUrl: string): string {
  return md5(absoluteUrl);
}

/** MD5 of the values the request has for the listed META names (absent ones are skipped). */
export function varyDigest(request: HttpRequest, headerList: readonly string[]): string {
  if (headerList.length === 0) return MD5_OF_NOTHING;
  let values = '';
  for (const metaName of headerList) {
    // Read through request.headers rather than META, which would be built just for this.
    const header = headerNameOfMeta(metaName);
    const value = header === undefined ? request.META[metaName] : request.headers.get(header);
    if (value !== undefined) values += value;
  }
  return md5(values);
}

/** The META names a response varies on, as Django stores them: `HTTP_ACCEPT_LANGUAGE`, sorted. */
export function headerListOf(response: HttpResponseBase): string[] {
  return splitHeaderList(response.headers.get('Vary'))
    .map((name) => `HTTP_${name.toUpperCase().replace(/-/g, '_')}`)
    .sort();
}

/** The header key from its parts. */
export function cacheHeaderKey(keyPrefix: string, urlDigest: string): string {
  return `views.decorators.cache.cache_header.${keyPrefix}.${urlDigest}`;
}

/** The page key from its parts. */
export function cachePageKey(keyPrefix: string, method: string, urlDigest: string, headersDigest: string): string {
  return `views.decorators.cache.cache_page.${keyPrefix}.${method}.${urlDigest}.${headersDigest}`;
}

/** True for what learnCacheKey stores under the header key. */
export function isHeaderList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/**
 * The page key for this request, method and header list (Django's _generate_cache_key).
 *
 * @example generateCacheKey(request, 'GET', ['HTTP_ACCEPT_LANGUAGE'], 'site1')
 */
export function generateCacheKey(request: HttpRequest, method: string, headerList: readonly string[], keyPrefix: string): string {
  return cachePageKey(keyPrefix, method, absoluteUrlDigest(request), varyDigest(request, headerList));
}

/**
 * The header key for this request (Django's _generate_cache_header_key).
 *
 * @example generateCacheHeaderKey('site1', request)
 */
export function generateCacheHeaderKey(keyPrefix: string, request: HttpRequest): string {
  return cacheHeaderKey(keyPrefix, absoluteUrlDigest(request));
}

export interface PageKeyOptions {
  /** Default CACHE_MIDDLEWARE_KEY_PREFIX. */
  keyPrefix?: string;
  /** Default the CACHE_MIDDLEWARE_ALIAS cache. */
  cache?: BaseCache;
}

/**
 * The page key a request would be cached under, or null when no header list has been learned
 * for its URL yet (the page must be built). Django's get_cache_key.
 *
 * @example const key = await getCacheKey(request); if (key) await cache.delete(key);
 */
export async function getCacheKey(request: HttpRequest, options: PageKeyOptions & { method?: string } = {}): Promise<string | null> {
  const s = getSettings();
  const keyPrefix = options.keyPrefix ?? s.CACHE_MIDDLEWARE_KEY_PREFIX;
  const cache = options.cache ?? caches.get(s.CACHE_MIDDLEWARE_ALIAS);
  const urlDigest = absoluteUrlDigest(request);
  const headerList = await cache.get(cacheHeaderKey(keyPrefix, urlDigest));
  if (!isHeaderList(headerList)) return null;
  return cachePageKey(keyPrefix, options.method ?? 'GET', urlDigest, varyDigest(request, headerList));
}

/**
 * Stores the headers the response varies on under the request's header key (for `cacheTimeout`
 * seconds, default CACHE_MIDDLEWARE_SECONDS) and returns the page key for this request's method.
 * Django's learn_cache_key.
 *
 * @example const key = await learnCacheKey(request, response, { cacheTimeout: 600 });
 */
export async function learnCacheKey(
  request: HttpRequest,
  response: HttpResponseBase,
  options: PageKeyOptions & { cacheTimeout?: number } = {},
): Promise<string> {
  const s = getSettings();
  const keyPrefix = options.keyPrefix ?? s.CACHE_MIDDLEWARE_KEY_PREFIX;
  const cache = options.cache ?? caches.get(s.CACHE_MIDDLEWARE_ALIAS);
  const urlDigest = absoluteUrlDigest(request);
  const headerList = headerListOf(response);
  await cache.set(cacheHeaderKey(keyPrefix, urlDigest), headerList, options.cacheTimeout ?? s.CACHE_MIDDLEWARE_SECONDS);
  return cachePageKey(keyPrefix, request.method, urlDigest, varyDigest(request, headerList));
}

/**
 * The cache key of a template fragment, as Django's make_template_fragment_key builds it:
 * `template.cache.<name>.<md5 of each vary-on value followed by ':'>`, values written as
 * Python's str() writes them. The `{% cache %}` tag is meant to use it as Django's does: resolve
 * the vary-on expressions, look the key up in the `template_fragments` cache (else `default`, or
 * the alias given with `using=`), and on a miss render the body and store it for the tag's
 * timeout. Call it yourself to drop a fragment:
 *
 * @example await cache.delete(makeTemplateFragmentKey('sidebar', [user.username]));
 */
export function makeTemplateFragmentKey(fragmentName: string, varyOn: readonly unknown[] = []): string {
  let joined = '';
  for (const value of varyOn) joined += `${pythonStr(value)}:`;
  return `template.cache.${fragmentName}.${md5(joined)}`;
}

// Python's str() for the values a template passes, so the keys match the ones Django makes.
function pythonStr(value: unknown): string {
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value === null || value === undefined) return 'None';
  return String(value);
}
