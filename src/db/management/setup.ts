import type { Command } from 'commander';
import { installedApps, loadInstalledModels } from '../../conf/apps.js';
import type { AppConfig } from '../../conf/apps.js';
import { ImproperlyConfigured } from '../../conf/errors.js';
import { loadSettings } from '../../conf/load-settings.js';
import { connections } from '../connections/index.js';
import type { Connection } from '../connections/index.js';
import { MigrationLoader } from '../migrations/loader.js';

/** What every migration command starts from: settings, models, apps, loaded migrations. */
export interface CommandContext {
  apps: AppConfig[];
  loader: MigrationLoader;
  connection: (alias?: string) => Connection;
}

export async function setUp(program: Command): Promise<CommandContext> {
  await loadSettings(program.opts<{ settings?: string }>().settings);
  await loadInstalledModels();
  const apps = installedApps();
  const loader = await MigrationLoader.load(apps);
  return { apps, loader, connection: (alias = 'default') => connections.get(alias) };
}

/** The installed app with this label, or an error listing the installed ones. */
export function appNamed(apps: readonly AppConfig[], label: string): AppConfig {
  const app = apps.find((a) => a.label === label);
  if (app === undefined) {
    throw new ImproperlyConfigured(`No installed app with label '${label}'. Installed: ${apps.map((a) => a.label).join(', ') || 'none'}.`);
  }
  return app;
}

/** Closes every connection so the CLI can exit. */
export async function tearDown(): Promise<void> {
  await connections.closeAll();
}
