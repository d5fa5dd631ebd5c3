/**
 * checkAuth(), the start-up check of Django's auth checks: AUTH_USER_MODEL, USERNAME_FIELD against
 * REQUIRED_FIELDS (auth.E002) and uniqueness (auth.E003), and permission names and codenames that
 * fit their columns (auth.E008, E011, E012).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AbstractBaseUser, abstractBaseUserFields, authApp, checkAuth, contentTypesApp } from '../../src/auth/models/index.js';
import { defineApp } from '../../src/conf/apps.js';
import { ImproperlyConfigured } from '../../src/conf/errors.js';
import { configureSettings, defineSettings, overrideSettings, settingsConfigured } from '../../src/conf/settings/index.js';
import { apps, defineModel, fields, registerModel } from '../../src/db/index.js';

const checksApp = defineApp({ label: 'checks_app' });
const APPS = [contentTypesApp, authApp, checksApp];
if (!settingsConfigured()) configureSettings(defineSettings({ SECRET_KEY: 'auth-checks', DEBUG: true, INSTALLED_APPS: APPS }));

class RequiresUsername extends AbstractBaseUser(defineModel('checks_app.RequiresUsername', {
  ...abstractBaseUserFields(), username: fields.CharField({ maxLength: 30, unique: true }),
})) {
  static override USERNAME_FIELD = 'username';
  static override REQUIRED_FIELDS: readonly string[] = ['username', 'date_of_birth'];
}
registerModel(RequiresUsername);

class NonUniqueUsername extends AbstractBaseUser(defineModel('checks_app.NonUniqueUsername', {
  ...abstractBaseUserFields(), username: fields.CharField({ maxLength: 30 }),
})) {
  static override USERNAME_FIELD = 'username';
}
registerModel(NonUniqueUsername);

const throwaway: string[] = [];
function defineThrowaway(name: string, meta: Parameters<typeof defineModel>[2]): void {
  defineModel(`checks_app.${name}`, {}, meta);
  throwaway.push(`checks_app.${name}`);
}

function withSettings(overrides: Parameters<typeof overrideSettings>[0], fn: () => void): void {
  const restore = overrideSettings(overrides);
  try {
    fn();
  } finally {
    restore();
  }
}

describe('checkAuth', () => {
  beforeAll(async () => {
    for (const app of [contentTypesApp, authApp]) await app.models!();
  });
  afterEach(() => {
    for (const label of throwaway.splice(0)) apps.unregister(label);
  });

  it('passes for auth.User and the installed models, and does nothing without authApp', () => {
    expect(() => checkAuth()).not.toThrow();
    withSettings({ INSTALLED_APPS: [contentTypesApp, checksApp], AUTH_USER_MODEL: 'nowhere.User' }, () => expect(() => checkAuth()).not.toThrow());
  });

  it('refuses an AUTH_USER_MODEL that is malformed or not installed', () => {
    withSettings({ AUTH_USER_MODEL: 'nowhere.User' }, () => expect(() => checkAuth()).toThrow(ImproperlyConfigured));
  });

  it('auth.E002: USERNAME_FIELD in REQUIRED_FIELDS', () => {
    withSettings({ AUTH_USER_MODEL: 'checks_app.RequiresUsername' }, () => {
      expect(() => checkAuth()).toThrow("auth.E002: The field named as the 'USERNAME_FIELD' for a custom user model must not be included in 'REQUIRED_FIELDS'");
    });
  });

  it('auth.E003: a USERNAME_FIELD that is not unique, while ModelBackend authenticates', () => {
    withSettings({ AUTH_USER_MODEL: 'checks_app.NonUniqueUsername' }, () => {
      expect(() => checkAuth()).toThrow("auth.E003: 'NonUniqueUsername.username' must be unique because it is named as the 'USERNAME_FIELD'.");
    });
    withSettings({ AUTH_USER_MODEL: 'checks_app.NonUniqueUsername', AUTHENTICATION_BACKENDS: ['my.backends.EmailBackend'] }, () => {
      expect(() => checkAuth()).not.toThrow();
    });
  });

  it('auth.E008: a builtin permission name longer than 255 characters (from a long verbose name)', () => {
    defineThrowaway('LongVerbose', { verboseName: 'x'.repeat(250) });
    expect(() => checkAuth()).toThrow(`auth.E008: The builtin permission named 'Can add ${'x'.repeat(250)}' of model 'checks_app.LongVerbose' is longer than 255 characters.`);
  });

  it('auth.E011 and auth.E012: a custom permission whose name or codename is too long', () => {
    defineThrowaway('LongName', { permissions: [['ok', 'y'.repeat(256)]] });
    expect(() => checkAuth()).toThrow(`auth.E011: The custom permission named '${'y'.repeat(256)}' of model 'checks_app.LongName' is longer than 255 characters.`);
    apps.unregister('checks_app.LongName');
    defineThrowaway('LongCodename', { permissions: [['c'.repeat(101), 'Fine']] });
    expect(() => checkAuth()).toThrow(`auth.E012: The permission codenamed '${'c'.repeat(101)}' of model 'checks_app.LongCodename' is longer than 100 characters.`);
  });
});
