import { ImproperlyConfigured } from '../conf/errors.js';
import { getSettings } from '../conf/settings/index.js';
import { SessionMiddleware } from '../sessions/middleware.js';
import { CsrfViewMiddleware } from './middleware.js';

/**
 * The start-up check: every CSRF_TRUSTED_ORIGINS entry has a scheme ('https://example.com'), and
 * with CSRF_USE_SESSIONS, SessionMiddleware comes before CsrfViewMiddleware.
 */
export function checkCsrf(): void {
  const settings = getSettings();
  const bad = settings.CSRF_TRUSTED_ORIGINS.filter((origin) => !/^[a-z][a-z0-9+.-]*:\/\/./i.test(origin));
  if (bad.length > 0) {
    throw new ImproperlyConfigured(
      `CSRF_TRUSTED_ORIGINS entries must start with a scheme, e.g. 'https://example.com' or 'https://*.example.com'; ` +
        `these do not: ${bad.map((o) => JSON.stringify(o)).join(', ')}.`,
    );
  }
  const index = (cls: unknown): number => settings.MIDDLEWARE.findIndex((entry) => entry === cls || (entry as { prototype?: unknown }).prototype instanceof (cls as new () => unknown));
  const csrf = index(CsrfViewMiddleware);
  if (settings.CSRF_USE_SESSIONS && csrf >= 0) {
    const sessions = index(SessionMiddleware);
    if (sessions < 0 || sessions > csrf) {
      throw new ImproperlyConfigured('CSRF_USE_SESSIONS is true, so SessionMiddleware must come before CsrfViewMiddleware in MIDDLEWARE.');
    }
  }
}
