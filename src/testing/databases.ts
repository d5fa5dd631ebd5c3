import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest';
import { configureSettings, getSettings, overrideSettings, settingsConfigured } from '../conf/settings/index.js';
import { BACKENDS } from '../db/connections/backends/index.js';
import { resolveDatabase } from '../db/connections/config.js';
import { connections } from '../db/connections/registry.js';
import { Connection } from '../db/connections/wrapper.js';
import type { ModelClass } from '../db/models/model.js';
import { isAutoCreated, throughOf } from '../db/schema/many-to-many.js';
import { atomic } from '../db/transaction.js';
import type { DatabaseSettings, Vendor } from '../db/types.js';

/** One database a suite runs against; `skip` says why it cannot, when it cannot. */
export interface TestDatabase {
  readonly vendor: Vendor;
  readonly settings: Readonly<DatabaseSettings>;
  readonly skip: string | undefined;
}

/** Where the server suites look; override with CANTER_TEST_POSTGRES_URL / CANTER_TEST_MYSQL_URL. */
export const TEST_DATABASE_URLS: Readonly<Record<Exclude<Vendor, 'sqlite'>, string>> = {
  postgresql: process.env.CANTER_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  mysql: process.env.CANTER_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test',
};

let probed: Promise<TestDatabase[]> | undefined;

/**
 * The databases a suite should run against: SQLite in memory always, PostgreSQL and MySQL/MariaDB
 * when their servers answer (probed once per process). An unreachable server is skipped with
 * the reason, except under CI=true, where it is an error.
 *
 * @example
 * for (const db of await testDatabases()) console.log(db.vendor, db.skip ?? 'ready');
 */
export function testDatabases(): Promise<TestDatabase[]> {
  probed ??= Promise.all([
    Promise.resolve<TestDatabase>({ vendor: 'sqlite', settings: { ENGINE: 'sqlite', NAME: ':memory:' }, skip: undefined }),
    probeDatabase('postgresql', TEST_DATABASE_URLS.postgresql),
    probeDatabase('mysql', TEST_DATABASE_URLS.mysql),
  ]);
  return probed;
}

/**
 * Connects once to see whether a server answers: a ready TestDatabase, or one whose `skip` says
 * why not. Under CI=true an unreachable server throws instead.
 *
 * @example
 * const pg = await probeDatabase('postgresql', 'postgres://postgres@127.0.0.1:5432/test');
 */
export async function probeDatabase(vendor: Vendor, url: string): Promise<TestDatabase> {
  const settings: DatabaseSettings = { URL: url };
  const timeout = vendor === 'postgresql' ? { connectionTimeoutMillis: 3000 } : { connectTimeout: 3000 };
  const connection = new Connection(resolveDatabase('probe', { ...settings, OPTIONS: timeout }), BACKENDS[vendor]);
  try {
    await connection.ensureConnection();
    return { vendor, settings, skip: undefined };
  } catch (error) {
    const reason = `${vendor} at ${url.replace(/:[^:@/]*@/, ':***@')} is unreachable (${(error as Error).message || String(error)})`;
    if (process.env.CI === 'true') throw new Error(`${reason}; under CI=true every database must be available.`, { cause: error });
    return { vendor, settings, skip: reason };
  } finally {
    await connection.close().catch(() => undefined);
  }
}

/** What a database suite's body gets. */
export interface DatabaseSuite {
  readonly vendor: Vendor;
  /** The `default` connection of the suite's database (valid inside hooks and tests). */
  connection(): Connection;
}

export interface DescribeDatabasesOptions {
  /** Models whose tables are made before the suite and dropped after it (called late, after the models are defined). */
  models?: () => readonly ModelClass[];
  /** Only these vendors. */
  vendors?: readonly Vendor[];
  /** Empty the tables of `models` before each test, so tests do not see each other's rows. */
  flush?: boolean;
}

let namespaceCounter = 0;

/**
 * Declares one `describe` per database, each with DATABASES.default pointing at it and, on the
 * servers, at a fresh schema (PostgreSQL) or database (MySQL) of its own, so parallel test files
 * never meet. The tables of `models` are made first and the namespace dropped after. Await it at
 * the top level of the test file.
 *
 * @example
 * await describeDatabases('Book queries', ({ connection }) => {
 *   it('counts', async () => { expect(await Book.objects.count()).toBe(0); });
 * }, { models: () => [Book] });
 */
export async function describeDatabases(title: string, body: (suite: DatabaseSuite) => void, options: DescribeDatabasesOptions = {}): Promise<void> {
  const databases = (await testDatabases()).filter((db) => options.vendors === undefined || options.vendors.includes(db.vendor));
  for (const db of databases) {
    if (db.skip !== undefined) {
      describe.skip(`${title} [${db.vendor}]`, () => it.skip(`skipped: ${db.skip}`, () => undefined));
      continue;
    }
    describe(`${title} [${db.vendor}]`, () => {
      let restore: (() => void) | undefined;
      let dropNamespace: (() => Promise<void>) | undefined;
      beforeAll(async () => {
        if (!settingsConfigured()) configureSettings({ DEBUG: true, SECRET_KEY: 'canter-test-databases' });
        const isolated = await isolate(db);
        dropNamespace = isolated.drop;
        restore = overrideSettings({ DATABASES: { ...getSettings().DATABASES, default: isolated.settings as Readonly<Record<string, unknown>> } });
        const models = options.models?.() ?? [];
        if (models.length > 0) await connections.get().schemaEditor().run(async (editor) => {
          for (const model of models) await editor.createModel(model);
        });
      });
      if (options.flush === true) beforeEach(() => flushTables(options.models?.() ?? []));
      afterAll(async () => {
        await connections.closeAll();
        restore?.();
        await dropNamespace?.();
      });
      body({ vendor: db.vendor, connection: () => connections.get() });
    });
  }
}

/**
 * Deletes every row of the models' tables (and their automatic many-to-many tables) on the
 * default database, in one transaction so that foreign keys between them do not get in the way.
 *
 * @example
 * beforeEach(() => flushTables([Author, Book]));
 */
export async function flushTables(models: readonly ModelClass[], using = 'default'): Promise<void> {
  const connection = connections.get(using);
  const tables = new Set<string>();
  for (const model of models) {
    for (const field of model.meta.manyToMany) {
      const through = throughOf(field);
      if (through !== undefined && isAutoCreated(through)) tables.add(through.meta.dbTable);
    }
    tables.add(model.meta.dbTable);
  }
  if (tables.size === 0) return;
  await atomic(async () => {
    // MySQL checks foreign keys row by row; the others defer them (Django makes them DEFERRABLE) to the commit.
    if (connection.vendor === 'mysql') await connection.execute('SET FOREIGN_KEY_CHECKS = 0');
    for (const table of tables) await connection.execute(`DELETE FROM ${connection.quoteName(table)}`);
    if (connection.vendor === 'mysql') await connection.execute('SET FOREIGN_KEY_CHECKS = 1');
  }, { using: connection });
}

/** A schema/database of the suite's own on the servers; SQLite in memory is private already. */
async function isolate(db: TestDatabase): Promise<{ settings: DatabaseSettings; drop: () => Promise<void> }> {
  if (db.vendor === 'sqlite') return { settings: db.settings, drop: async () => undefined };
  const name = `canter_t${process.pid}_${++namespaceCounter}_${Date.now().toString(36)}`;
  const admin = new Connection(resolveDatabase('admin', db.settings), BACKENDS[db.vendor]);
  // The URL has been taken apart into ENGINE/NAME/…; drop it so the new NAME or OPTIONS win.
  const { URL: _url, ...base } = resolveDatabase('default', db.settings).settings;
  try {
    if (db.vendor === 'postgresql') {
      await admin.execute(`CREATE SCHEMA "${name}"`);
      const settings = { ...base, OPTIONS: { ...(base.OPTIONS ?? {}), options: `-c search_path=${name}` } };
      return { settings, drop: () => dropWith(db, `DROP SCHEMA IF EXISTS "${name}" CASCADE`) };
    }
    await admin.execute(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
    return { settings: { ...base, NAME: name }, drop: () => dropWith(db, `DROP DATABASE IF EXISTS \`${name}\``) };
  } finally {
    await admin.close();
  }
}

async function dropWith(db: TestDatabase, sql: string): Promise<void> {
  const admin = new Connection(resolveDatabase('admin', db.settings), BACKENDS[db.vendor]);
  try {
    await admin.execute(sql);
  } finally {
    await admin.close();
  }
}
