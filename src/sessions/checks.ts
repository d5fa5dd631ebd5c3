import { installedApps } from '../conf/apps.js';
import { ImproperlyConfigured } from '../conf/errors.js';
import { getSettings } from '../conf/settings/index.js';
import { CachedDbSessionStore } from './backends/cached-db.js';
import { DbSessionStore } from './backends/db.js';
import { sessionEngine } from './engines.js';
import { SessionMiddleware } from './middleware.js';
import { sessionSerializer } from './serializer.js';

/**
 * The start-up check: SESSION_ENGINE and SESSION_SERIALIZER are known, SESSION_CACHE_ALIAS is a
 * CACHES alias for the cache engines, and the database engines have the sessions app installed.
 * Runs only when SessionMiddleware (or a subclass) is in MIDDLEWARE.
 */
export function checkSessions(): void {
  const settings = getSettings();
  const used = settings.MIDDLEWARE.some((entry) => entry === SessionMiddleware || entry.prototype instanceof SessionMiddleware);
  if (!used) return;
  const engine = sessionEngine(settings.SESSION_ENGINE);
  sessionSerializer(settings.SESSION_SERIALIZER);
  const usesCache = engine.prototype instanceof CachedDbSessionStore || engine === CachedDbSessionStore ||
    settings.SESSION_ENGINE === 'cache' || settings.SESSION_ENGINE === 'django.contrib.sessions.backends.cache';
  if (usesCache && !Object.hasOwn(settings.CACHES, settings.SESSION_CACHE_ALIAS)) {
    throw new ImproperlyConfigured(
      `SESSION_CACHE_ALIAS is ${JSON.stringify(settings.SESSION_CACHE_ALIAS)}, which is not in CACHES ` +
        `(${Object.keys(settings.CACHES).map((a) => JSON.stringify(a)).join(', ') || 'none'}).`,
    );
  }
  const usesDb = engine === DbSessionStore || engine.prototype instanceof DbSessionStore;
  if (usesDb && !installedApps().some((app) => app.label === 'sessions')) {
    throw new ImproperlyConfigured(
      `SESSION_ENGINE ${JSON.stringify(typeof settings.SESSION_ENGINE === 'string' ? settings.SESSION_ENGINE : engine.name)} keeps sessions in ` +
        "the django_session table: add sessionsApp (from 'canter/sessions') to INSTALLED_APPS and run `canter migrate`.",
    );
  }
}
