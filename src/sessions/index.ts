// Sessions: Django's django.contrib.sessions: the session API, five engines and the middleware.
export { sessionsApp } from './app.js';
export { SessionBase, type ClearExpiredOptions, type Expiry, type ExpiryOptions, type SessionStoreClass } from './base.js';
export { CacheSessionStore, CACHE_KEY_PREFIX } from './backends/cache.js';
export { CachedDbSessionStore, CACHED_DB_KEY_PREFIX } from './backends/cached-db.js';
export { DbSessionStore } from './backends/db.js';
export { FileSessionStore } from './backends/file.js';
export { SignedCookieSessionStore, MAX_COOKIE_BYTES } from './backends/signed-cookies.js';
export { checkSessions } from './checks.js';
export { sessionEngine } from './engines.js';
export {
  CreateError,
  InvalidSessionKey,
  SessionCreateFailed,
  SessionInterrupted,
  SessionNotLoaded,
  SessionTooLarge,
  SessionValueError,
  UpdateError,
} from './errors.js';
export { SessionMiddleware } from './middleware.js';
export { Session } from './models.js';
export { sessionOf, sessionSlot } from './request-session.js';
export { sessionOptions, type SessionOptions } from './session-options.js';
export {
  decodeSessionData,
  encodeSessionData,
  SESSION_DATA_SALT,
  SIGNED_COOKIES_SALT,
  type SessionData,
  type SessionDataOptions,
} from './session-data.js';
