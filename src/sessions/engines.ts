import { ImproperlyConfigured } from '../conf/errors.js';
import { SessionBase, type SessionStoreClass } from './base.js';
import { CacheSessionStore } from './backends/cache.js';
import { CachedDbSessionStore } from './backends/cached-db.js';
import { DbSessionStore } from './backends/db.js';
import { FileSessionStore } from './backends/file.js';
import { SignedCookieSessionStore } from './backends/signed-cookies.js';

/** SESSION_ENGINE's names: Canter's short ones and Django's module paths. */
const ENGINES: Readonly<Record<string, SessionStoreClass>> = {
  db: DbSessionStore,
  cache: CacheSessionStore,
  cached_db: CachedDbSessionStore,
  file: FileSessionStore,
  signed_cookies: SignedCookieSessionStore,
  'django.contrib.sessions.backends.db': DbSessionStore,
  'django.contrib.sessions.backends.cache': CacheSessionStore,
  'django.contrib.sessions.backends.cached_db': CachedDbSessionStore,
  'django.contrib.sessions.backends.file': FileSessionStore,
  'django.contrib.sessions.backends.signed_cookies': SignedCookieSessionStore,
};

/**
 * The store class SESSION_ENGINE names: 'db', 'cache', 'cached_db', 'file', 'signed_cookies'
 * (or Django's 'django.contrib.sessions.backends.…' path for each), or a SessionBase subclass.
 */
export function sessionEngine(setting: unknown): SessionStoreClass {
  if (typeof setting === 'string' && Object.hasOwn(ENGINES, setting)) return ENGINES[setting]!;
  if (typeof setting === 'function' && setting.prototype instanceof SessionBase) return setting as SessionStoreClass;
  throw new ImproperlyConfigured(
    `SESSION_ENGINE is ${typeof setting === 'function' ? `the class ${setting.name}, which does not extend SessionBase` : JSON.stringify(setting)}; ` +
      "use 'db', 'cache', 'cached_db', 'file', 'signed_cookies' (or Django's 'django.contrib.sessions.backends.…' name) " +
      'or a SessionBase subclass.',
  );
}
