import { defineApp } from '../../conf/apps.js';

/**
 * The content types app (django.contrib.contenttypes): put it in INSTALLED_APPS before `authApp`.
 * `canter migrate` makes the django_content_type table and, after every app's migrations, a row
 * for each of its models.
 *
 * @example INSTALLED_APPS: [contentTypesApp, authApp, sessionsApp]
 */
export const contentTypesApp = defineApp({
  label: 'contenttypes',
  verboseName: 'Content Types',
  migrations: new URL('./migrations/', import.meta.url),
  models: async () => {
    const models = await import('./models.js');
    (await import('./create-contenttypes.js')).connectCreateContentTypes();
    return models;
  },
});
