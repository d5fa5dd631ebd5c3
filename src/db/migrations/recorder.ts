import type { Connection } from '../connections/index.js';
import { fields } from '../fields/index.js';
import { defineModel } from '../models/define.js';
import type { ModelClass } from '../models/model.js';
import { Apps } from '../models/registry.js';
import { tableExists } from '../schema/introspect.js';
import type { MigrationKey } from './graph.js';

let recordModel: ModelClass | undefined;

/** The `django_migrations` table as a model, in a registry of its own (never in the project's). */
function migrationRecordModel(): ModelClass {
  return (recordModel ??= defineModel('migrations.Migration', {
    app: fields.CharField({ maxLength: 255 }),
    name: fields.CharField({ maxLength: 255 }),
    applied: fields.DateTimeField(),
  }, { dbTable: 'django_migrations', apps: new Apps() }));
}

/**
 * Which migrations a database has applied, in Django's own `django_migrations` table (id, app,
 * name, applied), so a database shared with a Django site agrees on what is applied.
 */
export class MigrationRecorder {
  readonly connection: Connection;

  constructor(connection: Connection) {
    this.connection = connection;
  }

  get #table(): string {
    return this.connection.quoteName('django_migrations');
  }

  /** True when the table exists. */
  async hasTable(): Promise<boolean> {
    return tableExists(this.connection, 'django_migrations');
  }

  /** Creates the table when it does not exist yet. */
  async ensureSchema(): Promise<void> {
    if (await this.hasTable()) return;
    await this.connection.schemaEditor().createModel(migrationRecordModel());
  }

  /** The applied migrations, as `app.name` strings. */
  async applied(): Promise<Set<string>> {
    if (!(await this.hasTable())) return new Set();
    const q = (name: string): string => this.connection.quoteName(name);
    const { rows } = await this.connection.execute(`SELECT ${q('app')}, ${q('name')} FROM ${this.#table}`);
    return new Set(rows.map((row) => `${String(row.app)}.${String(row.name)}`));
  }

  async recordApplied([app, name]: MigrationKey): Promise<void> {
    await this.ensureSchema();
    const q = (column: string): string => this.connection.quoteName(column);
    const applied = migrationRecordModel().meta.getField('applied').toDb(new Date(), this.connection);
    await this.connection.execute(
      `INSERT INTO ${this.#table} (${q('app')}, ${q('name')}, ${q('applied')}) VALUES (?, ?, ?)`,
      [app, name, applied],
    );
  }

  async recordUnapplied([app, name]: MigrationKey): Promise<void> {
    await this.ensureSchema();
    const q = (column: string): string => this.connection.quoteName(column);
    await this.connection.execute(`DELETE FROM ${this.#table} WHERE ${q('app')} = ? AND ${q('name')} = ?`, [app, name]);
  }

  /** Forgets every record (tests). */
  async flush(): Promise<void> {
    if (await this.hasTable()) await this.connection.execute(`DELETE FROM ${this.#table}`);
  }
}
