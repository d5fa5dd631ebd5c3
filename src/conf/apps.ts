import { fileURLToPath } from 'node:url';
import { ImproperlyConfigured } from './errors.js';
import { getSettings } from './settings/index.js';

/**
 * An installed app: Django's AppConfig. An app has a label, may ship models (imported at
 * start-up so they register) and migrations (a directory of `NNNN_name` modules).
 *
 * @example
 * export const demo = defineApp({
 *   label: 'demo',
 *   migrations: new URL('./migrations/', import.meta.url),
 *   models: () => import('../core/models.js'),
 * });
 */
export interface AppConfig {
  readonly label: string;
  /** The app's own directory (Django's AppConfig.path); its `templates/` serves APP_DIRS. */
  readonly path?: string;
  /** The directory of the app's migration modules. */
  readonly migrations?: string;
  /** Imports the app's models so that they register. */
  readonly models?: () => Promise<unknown>;
  readonly verboseName?: string;
}

export interface AppConfigInput {
  label: string;
  path?: string | URL;
  migrations?: string | URL;
  models?: () => Promise<unknown>;
  verboseName?: string;
}

/** Declares an app for INSTALLED_APPS. */
export function defineApp(input: AppConfigInput): AppConfig {
  if (!/^[a-z_][a-z0-9_]*$/i.test(input.label)) {
    throw new ImproperlyConfigured(`App label ${JSON.stringify(input.label)} is not a valid identifier (letters, digits, _).`);
  }
  const migrations = input.migrations instanceof URL ? fileURLToPath(input.migrations) : input.migrations;
  const path = input.path instanceof URL ? fileURLToPath(input.path) : input.path;
  return Object.freeze({ ...input, migrations, path });
}

/** INSTALLED_APPS as AppConfigs; a bare string is an app with that label and nothing else. */
export function installedApps(): AppConfig[] {
  const apps = getSettings().INSTALLED_APPS.map((entry) => (typeof entry === 'string' ? defineApp({ label: entry.split('.').pop()! }) : entry));
  const seen = new Set<string>();
  for (const app of apps) {
    if (seen.has(app.label)) throw new ImproperlyConfigured(`Application labels aren't unique, duplicates: ${app.label}.`);
    seen.add(app.label);
  }
  return apps;
}

/** Imports every installed app's models, so that the model registry is complete. */
export async function loadInstalledModels(): Promise<void> {
  for (const app of installedApps()) await app.models?.();
}
