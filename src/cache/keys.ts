import { CacheKeyWarning } from './errors.js';

/** Builds the stored key from the caller's key, KEY_PREFIX and VERSION (Django's KEY_FUNCTION). */
export type KeyFunction = (key: string, keyPrefix: string, version: number) => string;

/** Django's default: `prefix:version:key`. */
export const defaultKeyFunction: KeyFunction = (key, keyPrefix, version) => `${keyPrefix}:${version}:${key}`;

/** memcached's longest key. */
export const MEMCACHE_MAX_KEY_LENGTH = 250;

/**
 * What is wrong with a key for memcached, or undefined when nothing is: longer than 250
 * characters, or holding a space, a control character or DEL (memcached's text protocol splits
 * on them).
 */
export function memcacheKeyProblem(key: string): string | undefined {
  if (key.length > MEMCACHE_MAX_KEY_LENGTH) {
    return `Cache key will cause errors if used with memcached: ${JSON.stringify(key)} (longer than ${MEMCACHE_MAX_KEY_LENGTH})`;
  }
  if (UNSAFE_FOR_MEMCACHED.test(key)) {
    return `Cache key contains characters that will cause errors if used with memcached: ${JSON.stringify(key)}`;
  }
  return undefined;
}

// eslint-disable-next-line no-control-regex
const UNSAFE_FOR_MEMCACHED = /[\x00-\x20\x7f]/;

const warned = new Set<string>();

/** Warns once per key text, as Django's CacheKeyWarning does through `warnings`. */
export function warnAboutKey(problem: string): void {
  if (warned.has(problem)) return;
  if (warned.size > 1000) warned.clear();
  warned.add(problem);
  process.emitWarning(new CacheKeyWarning(problem));
}
