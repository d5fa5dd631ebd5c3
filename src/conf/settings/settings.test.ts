import { afterEach, describe, expect, it } from 'vitest';
import { ImproperlyConfigured } from '../errors.js';
import { settingsFromEnvironment } from './environment.js';
import { configureSettings, defineSettings, getSettings, overrideSettings, settingChanged, settings } from './settings.js';

describe('defineSettings', () => {
  it("fills every unset key with Django's default", () => {
    const s = defineSettings({ SECRET_KEY: 'k' });
    expect(s.SESSION_COOKIE_NAME).toBe('sessionid');
    expect(s.SESSION_COOKIE_AGE).toBe(1209600);
    expect(s.CSRF_COOKIE_NAME).toBe('csrftoken');
    expect(s.DATA_UPLOAD_MAX_MEMORY_SIZE).toBe(2621440);
    expect(s.DATA_UPLOAD_MAX_NUMBER_FIELDS).toBe(1000);
    expect(s.APPEND_SLASH).toBe(true);
    expect(s.X_FRAME_OPTIONS).toBe('DENY');
    expect(s.LOGIN_URL).toBe('/accounts/login/');
  });

  it('keeps project keys of its own and freezes the result', () => {
    const s = defineSettings({ SECRET_KEY: 'k', MY_FLAG: 3 });
    expect(s.MY_FLAG).toBe(3);
    expect(Object.isFrozen(s)).toBe(true);
  });

  it('names the setting, the value and what is valid', () => {
    expect(() => defineSettings({ SECRET_KEY: 'k', SESSION_COOKIE_AGE: -1 })).toThrow(
      'SESSION_COOKIE_AGE is -1; it must be a whole number ≥ 0.',
    );
    expect(() => defineSettings({ SECRET_KEY: 'k', X_FRAME_OPTIONS: 'ALLOW' as never })).toThrow(
      'X_FRAME_OPTIONS is "ALLOW"; it must be one of "DENY", "SAMEORIGIN".',
    );
    expect(() => defineSettings({ SECRET_KEY: 'k', MIDDLEWARE: ['django.middleware.common.CommonMiddleware'] as never })).toThrow(
      /MIDDLEWARE .* must be an array of middleware classes or factories/,
    );
  });

  it('lists every problem at once', () => {
    expect(() => defineSettings({ SECRET_KEY: 'k', DEBUG: 'yes' as never, ALLOWED_HOSTS: 'x' as never })).toThrow(
      /2 settings are invalid:\n- DEBUG .*\n- ALLOWED_HOSTS/,
    );
  });

  it('requires SECRET_KEY when DEBUG is off, not when it is on', () => {
    expect(() => defineSettings({})).toThrow(/SECRET_KEY is empty/);
    expect(defineSettings({ DEBUG: true }).SECRET_KEY).toBe('');
  });

  it("refuses SameSite='None' without Secure", () => {
    expect(() => defineSettings({ SECRET_KEY: 'k', SESSION_COOKIE_SAMESITE: 'None' })).toThrow(ImproperlyConfigured);
    expect(defineSettings({ SECRET_KEY: 'k', SESSION_COOKIE_SAMESITE: 'None', SESSION_COOKIE_SECURE: true })).toBeTruthy();
  });
});

describe('configured settings', () => {
  afterEach(() => {
    configureSettings(defineSettings({ SECRET_KEY: 'k' }));
  });

  it('settings reads the configured values and cannot be assigned', () => {
    configureSettings({ SECRET_KEY: 'k', DEBUG: true });
    expect(settings.DEBUG).toBe(true);
    expect(() => {
      (settings as { DEBUG: boolean }).DEBUG = false;
    }).toThrow(/read-only/);
  });

  it('overrideSettings changes settings inside and restores them after, even on throw', () => {
    configureSettings({ SECRET_KEY: 'k' });
    overrideSettings({ DEBUG: true }, () => expect(getSettings().DEBUG).toBe(true));
    expect(getSettings().DEBUG).toBe(false);
    expect(() => overrideSettings({ DEBUG: true }, () => { throw new Error('x'); })).toThrow('x');
    expect(getSettings().DEBUG).toBe(false);
  });

  it('overrideSettings awaits an async body before restoring', async () => {
    configureSettings({ SECRET_KEY: 'k' });
    await overrideSettings({ APPEND_SLASH: false }, async () => {
      await new Promise((r) => setTimeout(r, 5));
      expect(getSettings().APPEND_SLASH).toBe(false);
    });
    expect(getSettings().APPEND_SLASH).toBe(true);
  });

  it('fires setting_changed on the way in and out', () => {
    configureSettings({ SECRET_KEY: 'k' });
    const seen: Array<[string, unknown, boolean]> = [];
    const receiver = ({ setting, value, enter }: { setting: string; value: unknown; enter: boolean }) => {
      seen.push([setting, value, enter]);
    };
    settingChanged.connect(receiver);
    try {
      overrideSettings({ LOGIN_URL: '/in/' }, () => undefined);
    } finally {
      settingChanged.disconnect(receiver);
    }
    expect(seen).toEqual([['LOGIN_URL', '/in/', true], ['LOGIN_URL', '/accounts/login/', false]]);
  });

  it('an invalid override is refused before anything changes', () => {
    configureSettings({ SECRET_KEY: 'k' });
    expect(() => overrideSettings({ DEBUG: 1 as never }, () => undefined)).toThrow(/DEBUG is 1/);
    expect(getSettings().DEBUG).toBe(false);
  });
});

describe('settingsFromEnvironment', () => {
  it('parses values by the type of their default', () => {
    const env = { DEBUG: 'true', ALLOWED_HOSTS: 'a.com, b.com', DATA_UPLOAD_MAX_NUMBER_FIELDS: '5', LOGIN_URL: '/in/' };
    expect(settingsFromEnvironment(['DEBUG', 'ALLOWED_HOSTS', 'DATA_UPLOAD_MAX_NUMBER_FIELDS', 'LOGIN_URL', 'APPEND_SLASH'], env)).toEqual({
      DEBUG: true, ALLOWED_HOSTS: ['a.com', 'b.com'], DATA_UPLOAD_MAX_NUMBER_FIELDS: 5, LOGIN_URL: '/in/',
    });
    expect(settingsFromEnvironment(['ALLOWED_HOSTS'], { ALLOWED_HOSTS: '["x"]' })).toEqual({ ALLOWED_HOSTS: ['x'] });
  });

  it('names the variable when a value does not parse', () => {
    expect(() => settingsFromEnvironment(['DEBUG'], { DEBUG: 'maybe' })).toThrow('Environment variable DEBUG="maybe" must be true/false (or 1/0).');
    expect(() => settingsFromEnvironment(['SESSION_COOKIE_AGE'], { SESSION_COOKIE_AGE: 'ten' })).toThrow(/must be a number/);
  });
});
