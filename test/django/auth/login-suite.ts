/**
 * What the ported login-machinery tests (test_middleware, test_signals, test_decorators,
 * test_auth_backends, test_basic) share: Django's test settings for them (MD5 hasher, the
 * session and auth apps, the auth_tests app) and a database migrated as Django's test run
 * migrates it — auth's and contenttypes' migrations (post_migrate makes their permissions), the
 * auth_tests models' tables and permissions.
 */
import { authApp, ContentType, contentTypesApp, createPermissions } from '../../../src/auth/index.js';
import { configureSettings, defineSettings, settingsConfigured } from '../../../src/core/index.js';
import type { AppConfig } from '../../../src/core/index.js';
import { connections, MigrationExecutor, MigrationLoader } from '../../../src/db/index.js';
import type { ModelClass } from '../../../src/db/index.js';
import { sessionsApp } from '../../../src/sessions/index.js';
import { AUTH_TESTS_MODELS, authTestsApp } from './auth-tests-models.js';

export const APPS: readonly AppConfig[] = [contentTypesApp, authApp, sessionsApp, authTestsApp];

/** Django's tests/auth_tests settings, as far as the ported tests read them. */
export const BASE_SETTINGS = {
  INSTALLED_APPS: APPS,
  PASSWORD_HASHERS: ['md5'],
  SESSION_ENGINE: 'cache',
  CACHES: { default: { BACKEND: 'locmem' } },
  ALLOWED_HOSTS: ['testserver'],
  LOGIN_URL: '/accounts/login/',
  AUTHENTICATION_BACKENDS: ['django.contrib.auth.backends.ModelBackend'],
};

if (!settingsConfigured()) configureSettings(defineSettings({ SECRET_KEY: 'django-tests-secret-key', DEBUG: true, ...BASE_SETTINGS }));

/**
 * Migrates auth and contenttypes on the suite's database, makes the tables of the auth_tests
 * models (and of `extra`), and their permissions. Call it in beforeAll, with the settings of the
 * suite in force.
 */
export async function migrateAuth(extra: readonly ModelClass[] = []): Promise<void> {
  for (const app of APPS) await app.models?.();
  await new MigrationExecutor(connections.get(), await MigrationLoader.load(APPS)).migrate();
  await connections.get().schemaEditor().run(async (editor) => {
    for (const model of [...AUTH_TESTS_MODELS, ...extra]) await editor.createModel(model);
  });
  ContentType.objects.clearCache();
  await createPermissions('auth_tests');
}
