import { defineApp } from '../conf/apps.js';

/**
 * The sessions app (django.contrib.sessions): put it in INSTALLED_APPS for the db and cached_db
 * engines, and `canter migrate` makes the django_session table.
 *
 * @example INSTALLED_APPS: [sessionsApp, demoApp]
 */
export const sessionsApp = defineApp({
  label: 'sessions',
  verboseName: 'Sessions',
  migrations: new URL('./migrations/', import.meta.url),
  models: () => import('./models.js'),
});
