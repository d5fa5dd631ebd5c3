import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ImproperlyConfigured } from './errors.js';
import { configureSettings } from './settings/index.js';
import type { Settings } from './settings/index.js';

/**
 * Imports the project's settings module (a path, or CANTER_SETTINGS) and installs it. The module
 * exports the result of defineSettings() as its default export (or as `settings`).
 */
export async function loadSettings(spec: string | undefined = process.env.CANTER_SETTINGS): Promise<Settings> {
  if (spec === undefined || spec === '') {
    throw new ImproperlyConfigured(
      'No settings module: pass --settings path/to/settings.js or set CANTER_SETTINGS to that path.',
    );
  }
  const url = /^[a-z]+:/i.test(spec) ? spec : pathToFileURL(resolve(spec)).href;
  let module: { default?: unknown; settings?: unknown };
  try {
    module = (await import(url)) as typeof module;
  } catch (error) {
    throw new ImproperlyConfigured(`Cannot import the settings module ${spec}: ${(error as Error).message}`, { cause: error });
  }
  const found = module.default ?? module.settings;
  if (typeof found !== 'object' || found === null) {
    throw new ImproperlyConfigured(
      `The settings module ${spec} must export its settings as default (export default defineSettings({...})).`,
    );
  }
  return configureSettings(found as Settings);
}
