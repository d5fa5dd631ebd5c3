import * as makemigrations from './commands/makemigrations.js';
import * as migrate from './commands/migrate.js';
import * as showmigrations from './commands/showmigrations.js';
import * as sqlmigrate from './commands/sqlmigrate.js';

/** The database commands for the `canter` CLI. */
export const dbCommands = [makemigrations, migrate, showmigrations, sqlmigrate] as const;
export { checkDatabases } from './checks.js';
