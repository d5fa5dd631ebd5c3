import { loadInstalledModels } from '../../conf/apps.js';
import { getSettings } from '../../conf/settings/index.js';
import { parseDatabases } from '../connections/config.js';

/** DATABASES parses (every alias, every key) and every installed app's models import. */
export async function checkDatabases(): Promise<void> {
  parseDatabases(getSettings().DATABASES);
  await loadInstalledModels();
}
