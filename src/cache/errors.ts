import { CanterError, ImproperlyConfigured } from '../conf/errors.js';

/** A CACHES entry names an unknown backend, or its options are wrong. */
export class InvalidCacheBackendError extends ImproperlyConfigured {
  override readonly code: string = 'E_INVALID_CACHE_BACKEND';
}

/** A key the backend cannot store (memcached refuses long keys and control characters). */
export class InvalidCacheKey extends CanterError {
  override readonly code: string = 'E_INVALID_CACHE_KEY';
}

/**
 * Emitted (as a process warning, like Django's CacheKeyWarning) for a key that memcached would
 * reject, by backends that would store it anyway.
 */
export class CacheKeyWarning extends CanterError {
  override readonly code: string = 'E_CACHE_KEY_WARNING';
}

/** A value the cache cannot store: only JSON values, Date and Buffer round-trip. */
export class CacheValueError extends CanterError {
  override readonly code: string = 'E_CACHE_VALUE';
}

/** incr/decr/incrVersion on a key the cache does not hold (Django's ValueError). */
export class CacheKeyNotFound extends CanterError {
  override readonly code: string = 'E_CACHE_KEY_NOT_FOUND';
  constructor(readonly key: string) {
    super(`Key '${key}' not found in the cache.`);
  }
}

/**
 * The cache server did not answer, or answered with an error, within the configured time. Left
 * uncaught it is a 500, as any error from Django's cache clients is: the page and fragment caches
 * and cache sessions catch it themselves and carry on.
 */
export class CacheUnavailable extends CanterError {
  override readonly code: string = 'E_CACHE_UNAVAILABLE';
}
