/** Installs settings for a signing test: Django's defaults with a few keys changed. */
import { configureSettings, defineSettings } from '../conf/settings/index.js';
import type { Settings } from '../conf/settings/index.js';

export function useSettings(overrides: Partial<Settings>): Settings {
  return configureSettings(defineSettings({ SECRET_KEY: 'signing-tests', ...overrides }));
}
