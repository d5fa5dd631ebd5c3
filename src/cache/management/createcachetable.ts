import type { Command } from 'commander';
import { loadSettings } from '../../conf/load-settings.js';
import { getSettings } from '../../conf/settings/index.js';
import { connections } from '../../db/connections/registry.js';
import type { Connection } from '../../db/connections/wrapper.js';
import { DatabaseError } from '../../db/errors.js';
import { tableExists } from '../../db/schema/introspect.js';
import type { ColumnSpec } from '../../db/types.js';
import { CACHE_TABLE_NAME, DatabaseCache } from '../backends/db.js';
import { InvalidCacheBackendError } from '../errors.js';
import { caches } from '../registry.js';

export interface CreateCacheTableOptions {
  /** The DATABASES alias: by default the cache's OPTIONS.DATABASE, or 'default' for a bare table name. */
  readonly database?: string;
  /** Change nothing: only return the SQL that would run. */
  readonly dryRun?: boolean;
}

export interface CreateCacheTableResult {
  readonly table: string;
  readonly database: string;
  /** 'exists' when the table was there already (nothing is run, even with dryRun). */
  readonly outcome: 'created' | 'exists' | 'dry-run';
  /** The statements run, or with dryRun those that would run. */
  readonly sql: readonly string[];
}

/** Django's columns, so a table made here works for Django's DatabaseCache and the reverse. */
const COLUMNS: readonly ColumnSpec[] = [
  // "key" is a reserved word in MySQL, hence cache_key.
  { column: 'cache_key', internalType: 'CharField', maxLength: 255, null: false, unique: true, primaryKey: true, dbIndex: false },
  { column: 'value', internalType: 'TextField', null: false, unique: false, primaryKey: false, dbIndex: false },
  { column: 'expires', internalType: 'DateTimeField', null: false, unique: false, primaryKey: false, dbIndex: true },
];

/**
 * The statements Django's createcachetable runs for a table on this connection's vendor: the
 * CREATE TABLE, then the index on expires (named `<table>_expires`).
 *
 * @example
 * cacheTableSql(connections.get(), 'cache_table')[0]; // 'CREATE TABLE "cache_table" (\n    "cache_key" varchar(255) NOT NULL PRIMARY KEY, …'
 */
export function cacheTableSql(connection: Connection, table: string): string[] {
  const q = (name: string): string => connection.quoteName(name);
  const lines = COLUMNS.map((spec) => {
    const parts = [q(spec.column), connection.columnType(spec), spec.null ? 'NULL' : 'NOT NULL'];
    if (spec.primaryKey) parts.push('PRIMARY KEY');
    else if (spec.unique) parts.push('UNIQUE');
    return `    ${parts.join(' ')}`;
  });
  const indexes = COLUMNS.filter((spec) => spec.dbIndex).map(
    (spec) => `CREATE ${spec.unique ? 'UNIQUE ' : ''}INDEX ${q(`${table}_${spec.column}`)} ON ${q(table)} (${q(spec.column)});`,
  );
  return [`CREATE TABLE ${q(table)} (\n${lines.join(',\n')}\n);`, ...indexes];
}

/**
 * Makes the table of a database cache unless it exists (Django's createcachetable for one
 * table). The target is a DatabaseCache, the CACHES alias of one, or a bare `{ table }`.
 *
 * @example
 * const { outcome } = await createCacheTable('default'); // 'created', then 'exists'
 */
export async function createCacheTable(
  target: DatabaseCache | string | { readonly table: string },
  options: CreateCacheTableOptions = {},
): Promise<CreateCacheTableResult> {
  const { table, database } = resolveTarget(target, options.database);
  const connection = connections.get(database);
  if (await tableExists(connection, table)) return { table, database, outcome: 'exists', sql: [] };
  const editor = connection.schemaEditor({ collectSql: options.dryRun === true });
  try {
    // One transaction where DDL can be rolled back, so a failed index leaves no table behind.
    await editor.run(async (ed) => {
      for (const statement of cacheTableSql(connection, table)) await ed.execute(statement);
    });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new DatabaseError(`Cache table '${table}' could not be created in database '${database}'.\nThe error was: ${detail}.`, { cause: error });
  }
  return { table, database, outcome: options.dryRun === true ? 'dry-run' : 'created', sql: editor.collectedSql };
}

function resolveTarget(target: DatabaseCache | string | { readonly table: string }, database: string | undefined): { table: string; database: string } {
  if (target instanceof DatabaseCache) return { table: target.table, database: database ?? target.database };
  if (typeof target === 'object') {
    if (!CACHE_TABLE_NAME.test(target.table)) {
      throw new InvalidCacheBackendError(
        `'${target.table}' is not a valid cache table name: use letters, digits and underscores, not starting with a digit, at most 55 characters.`,
      );
    }
    return { table: target.table, database: database ?? 'default' };
  }
  const cache = caches.get(target);
  if (!(cache instanceof DatabaseCache)) {
    throw new InvalidCacheBackendError(`CACHES['${target}'] is not a database cache (BACKEND 'db'), so it has no table to create.`);
  }
  return resolveTarget(cache, database);
}

/**
 * The tables to make: the named ones in `database` (default 'default'), or else those of every
 * database cache in CACHES, each in its OPTIONS.DATABASE (only those on `database` when given).
 * A table shared by several aliases is made once.
 */
export async function createCacheTables(tables: readonly string[], options: CreateCacheTableOptions = {}): Promise<CreateCacheTableResult[]> {
  const targets: Array<DatabaseCache | { table: string }> =
    tables.length > 0
      ? tables.map((table) => ({ table }))
      : Object.keys(getSettings().CACHES)
          .map((alias) => caches.get(alias))
          .filter((cache): cache is DatabaseCache => cache instanceof DatabaseCache)
          .filter((cache) => options.database === undefined || cache.database === options.database);
  const results: CreateCacheTableResult[] = [];
  const done = new Set<string>();
  for (const target of targets) {
    const database = target instanceof DatabaseCache ? target.database : (options.database ?? 'default');
    const id = JSON.stringify([database, target.table]);
    if (done.has(id)) continue;
    done.add(id);
    results.push(await createCacheTable(target, { ...options, database }));
  }
  return results;
}

export function register(program: Command): void {
  program
    .command('createcachetable')
    .description('Create the tables of the database cache backend (BACKEND \'db\' in CACHES)')
    .argument('[table_name...]', 'tables to create; by default those of CACHES')
    .option('--database <alias>', "the DATABASES alias (by default each cache's OPTIONS.DATABASE, or 'default' for named tables)")
    .option('--dry-run', 'print the SQL that would run; change nothing')
    .action(async (tables: string[], options: { database?: string; dryRun?: boolean }) => {
      try {
        await loadSettings(program.opts<{ settings?: string }>().settings);
        const results = await createCacheTables(tables, { ...options, dryRun: options.dryRun === true });
        if (results.length === 0) console.log(`No database cache in CACHES${options.database === undefined ? '' : ` uses database '${options.database}'`}; nothing to create.`);
        for (const result of results) {
          if (result.outcome === 'exists') console.log(`Cache table '${result.table}' already exists.`);
          else if (result.outcome === 'created') console.log(`Cache table '${result.table}' created in database '${result.database}'.`);
          else for (const statement of result.sql) console.log(statement);
        }
      } finally {
        await caches.closeAll();
        await connections.closeAll();
      }
    });
}
