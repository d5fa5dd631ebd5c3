import type { Settings } from '../conf/settings/index.js';

/**
 * The settings a session store needs, read once: SessionMiddleware builds this when the chain is
 * built and hands it to every store it makes, so a request reads no settings. A store made
 * outside a request (`new DbSessionStore()` in a script or test) builds its own from the
 * settings in force.
 */
export interface SessionOptions {
  /** SESSION_SERIALIZER, resolved when data is first encoded or decoded. */
  readonly serializer: Settings['SESSION_SERIALIZER'];
  /** SESSION_COOKIE_AGE: seconds a session lives without its own expiry. */
  readonly cookieAge: number;
  /** SESSION_EXPIRE_AT_BROWSER_CLOSE. */
  readonly expireAtBrowserClose: boolean;
  /** SESSION_COOKIE_NAME (the file engine names its files after it; signed_cookies counts it). */
  readonly cookieName: string;
  /** SESSION_CACHE_ALIAS: the cache of the cache and cached_db engines. */
  readonly cacheAlias: string;
  /** SESSION_FILE_PATH: the file engine's directory; null for the OS temp directory. */
  readonly filePath: string | null;
}

/** The SessionOptions of a settings object, frozen. */
export function sessionOptions(s: Settings): SessionOptions {
  return Object.freeze({
    serializer: s.SESSION_SERIALIZER,
    cookieAge: s.SESSION_COOKIE_AGE,
    expireAtBrowserClose: s.SESSION_EXPIRE_AT_BROWSER_CLOSE,
    cookieName: s.SESSION_COOKIE_NAME,
    cacheAlias: s.SESSION_CACHE_ALIAS,
    filePath: s.SESSION_FILE_PATH ?? null,
  });
}
