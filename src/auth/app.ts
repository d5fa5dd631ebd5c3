import { defineApp } from '../conf/apps.js';

/**
 * The auth app (django.contrib.auth): User, Group, Permission and their tables. It needs
 * `contentTypesApp` installed too (before it, as in Django). After migrate, every installed
 * model has its add/change/delete/view permissions.
 *
 * @example INSTALLED_APPS: [contentTypesApp, authApp, sessionsApp]
 */
export const authApp = defineApp({
  label: 'auth',
  verboseName: 'Authentication and Authorization',
  migrations: new URL('./migrations/', import.meta.url),
  models: async () => {
    const models = await import('./models/index.js');
    (await import('./models/create-permissions.js')).connectCreatePermissions();
    (await import('./signals.js')).connectUpdateLastLogin();
    return models;
  },
});
