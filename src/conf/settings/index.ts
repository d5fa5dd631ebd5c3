export { defineSettings, configureSettings, getSettings, settings, overrideSettings, settingsConfigured, settingChanged } from './settings.js';
export { DEFAULTS } from './defaults.js';
export { settingsProblems, validateSettings } from './validate.js';
export type { LoginThrottleSettings, Settings, SettingsInput, SameSite } from './types.js';
export { settingsFromEnvironment } from './environment.js';
