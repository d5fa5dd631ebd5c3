import { Signal } from '../../dispatch/index.js';
import { ImproperlyConfigured } from '../errors.js';
import { DEFAULTS } from './defaults.js';
import type { Settings, SettingsInput } from './types.js';
import { validateSettings } from './validate.js';

/** Sent when overrideSettings() changes a setting, and again when it restores it. */
export const settingChanged = new Signal<{ setting: string; value: unknown; enter: boolean }>('setting_changed');

/**
 * Merges a project's settings over Django's defaults, validates them and freezes the result.
 *
 * @example
 * // settings.ts
 * export default defineSettings({ DEBUG: true, ALLOWED_HOSTS: ['localhost'], SECRET_KEY: env.KEY });
 */
export function defineSettings(input: SettingsInput): Settings {
  const merged = Object.freeze({ ...DEFAULTS, ...stripUndefined(input) }) as Settings;
  validateSettings(merged);
  return merged;
}

// The one explicit registry: the settings in force, and the override layers above them.
let configured: Settings | undefined;
let current: Settings | undefined;

/** Installs the project's settings. Called once at start-up (runserver, the test setup). */
export function configureSettings(s: Settings | SettingsInput): Settings {
  configured = Object.isFrozen(s) ? (s as Settings) : defineSettings(s);
  current = configured;
  return configured;
}

/** True once configureSettings() has run. */
export function settingsConfigured(): boolean {
  return current !== undefined;
}

/** The settings in force. Throws a clear error when none were configured. */
export function getSettings(): Settings {
  if (current === undefined) {
    throw new ImproperlyConfigured(
      'Settings are not configured. Call configureSettings(defineSettings({...})) at start-up, ' +
        'or set CANTER_SETTINGS to the module that exports them.',
    );
  }
  return current;
}

/**
 * Django's `settings`: reads the setting in force.
 * @example if (settings.DEBUG) { ... }
 */
export const settings: Readonly<Settings> = new Proxy({} as Settings, {
  get: (_target, name: string) => getSettings()[name],
  has: (_target, name: string) => name in getSettings(),
  ownKeys: () => Reflect.ownKeys(getSettings()),
  getOwnPropertyDescriptor: (_target, name: string) => {
    const s = getSettings();
    return name in s ? { value: s[name], enumerable: true, configurable: true, writable: false } : undefined;
  },
  set: (_target, name: string) => {
    throw new ImproperlyConfigured(`Settings are read-only; ${name} cannot be assigned. Use overrideSettings() in tests.`);
  },
});

/**
 * Runs `fn` with some settings changed, then restores them, even when `fn` throws; fires
 * setting_changed on the way in and out. Without `fn`, returns a function that restores.
 *
 * @example
 * await overrideSettings({ DEBUG: true }, async () => { ... });
 */
export function overrideSettings<T>(overrides: SettingsInput, fn: () => T): T;
export function overrideSettings(overrides: SettingsInput): () => void;
export function overrideSettings<T>(overrides: SettingsInput, fn?: () => T): T | (() => void) {
  const before = getSettings();
  const changed = defineSettings({ ...before, ...overrides });
  current = changed;
  announce(overrides, changed, true);
  const restore = (): void => {
    current = before;
    announce(overrides, before, false);
  };
  if (fn === undefined) return restore;
  let result: T;
  try {
    result = fn();
  } catch (error) {
    restore();
    throw error;
  }
  if (result instanceof Promise) return result.finally(restore) as T;
  restore();
  return result;
}

function announce(overrides: SettingsInput, s: Settings, enter: boolean): void {
  for (const setting of Object.keys(overrides)) {
    settingChanged.send(undefined, { setting, value: s[setting], enter });
  }
}

function stripUndefined(input: SettingsInput): SettingsInput {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}
