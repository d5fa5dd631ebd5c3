/** Installs settings for a signing test: Django's defaults with a few keys changed. */
import { configureSettings, defineSettings } from '../core/settings/index.js';
import type { Settings } from '../core/settings/index.js';

export function useSettings(overrides: Partial<Settings>): Settings {
  return configureSettings(defineSettings({ SECRET_KEY: 'signing-tests', ...overrides }));
}
