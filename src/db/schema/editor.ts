import { NotSupportedError } from '../errors.js';
import type { Connection } from '../connections/wrapper.js';
import type { Field } from '../fields/field.js';
import type { ModelClass } from '../models/model.js';
import { atomic } from '../transaction.js';
import { alterColumn } from './alter-field.js';
import {
  columnDefinition,
  columnsOf,
  createTableSql,
  effectiveDefault,
  fieldIndexSql,
  fill,
  foreignKeyConstraintName,
  foreignKeySql,
  likeIndexSql,
  modelIndexName,
  modelIndexSql,
  uniqueName,
  uniqueSql,
} from './column-sql.js';
import { tableConstraints } from './introspect.js';
import { quoteValue } from './quote-value.js';
import { checkForeignKeys, disableForeignKeys } from './sqlite-foreign-keys.js';
import { remakeTable } from './sqlite-remake.js';
import { isAutoCreated, throughOf } from './many-to-many.js';

export interface SchemaEditorOptions {
  /** Record the SQL in `collectedSql` instead of running it (for sqlmigrate). */
  collectSql?: boolean;
  /** Run each run() in one transaction where the database can roll DDL back (default true). */
  atomic?: boolean;
}

/** A Meta.indexes entry. */
export interface IndexSpec {
  readonly fields: readonly string[];
  readonly name?: string;
}

/**
 * Turns model changes into DDL: Django's BaseDatabaseSchemaEditor. Each method runs on its own,
 * or several together inside run(), which (like Django's `with schema_editor()`) wraps them in
 * one transaction where DDL can roll back, adds foreign keys and indexes at the end, and on
 * SQLite turns foreign-key checks off around table rebuilds.
 *
 * @example
 * await connection.schemaEditor().run(async (editor) => {
 *   await editor.createModel(Author);
 *   await editor.createModel(Book);
 * });
 */
export class SchemaEditor {
  readonly connection: Connection;
  readonly collectSql: boolean;
  /** The statements run (or, with collectSql, those that would have run), in order. */
  readonly collectedSql: string[] = [];
  readonly #atomic: boolean;
  #deferred: string[] = [];
  #depth = 0;

  constructor(connection: Connection, options: SchemaEditorOptions = {}) {
    this.connection = connection;
    this.collectSql = options.collectSql === true;
    this.#atomic = options.atomic !== false && connection.backend.schemaSql.canRollbackDdl;
  }

  /** Runs several changes as one: one transaction (where possible), deferred SQL at the end. */
  async run<T>(fn: (editor: this) => Promise<T>): Promise<T> {
    if (this.#depth > 0) return fn(this);
    this.#depth++;
    try {
      if (this.collectSql) return await this.#body(fn);
      const sqlite = this.connection.vendor === 'sqlite';
      if (sqlite) await disableForeignKeys(this.connection);
      try {
        const result = this.#atomic ? await atomic(() => this.#body(fn), { using: this.connection }) : await this.#body(fn);
        if (sqlite) await checkForeignKeys(this.connection);
        return result;
      } finally {
        if (sqlite) await this.connection.execute('PRAGMA foreign_keys = ON');
      }
    } finally {
      this.#depth--;
      this.#deferred = [];
    }
  }

  /** Runs (or records) one statement. */
  async execute(sql: string, params: readonly unknown[] = []): Promise<void> {
    this.collectedSql.push(sql.endsWith(';') ? sql : `${sql};`);
    if (!this.collectSql) await this.connection.execute(sql, params);
  }

  /** Queues a statement for the end of run() (foreign keys to tables made later in the same run). */
  defer(sql: string): void {
    this.#deferred.push(sql);
  }

  /** CREATE TABLE with the model's columns, then its foreign keys, indexes and unique-together constraints. */
  createModel(model: ModelClass): Promise<void> {
    return this.run(async () => {
      const c = this.connection;
      const table = model.meta.dbTable;
      const sqlite = c.vendor === 'sqlite';
      await this.execute(createTableSql(c, table, model.meta.concreteFields, sqlite));
      for (const field of model.meta.concreteFields) {
        const spec = field.columnSpec();
        if (spec.references !== undefined && spec.references.constraint !== false && !sqlite) this.defer(foreignKeySql(c, table, spec));
        for (const sql of fieldIndexSql(c, table, field)) this.defer(sql);
        if (spec.unique && !spec.primaryKey) {
          const like = likeIndexSql(c, table, spec);
          if (like !== undefined) this.defer(like);
        }
      }
      for (const names of model.meta.uniqueTogether) this.defer(uniqueSql(c, table, columnsOf(model, names)));
      for (const index of model.meta.indexes) this.defer(modelIndexSql(c, table, index, (name) => model.meta.getField(name).column));
      for (const field of model.meta.manyToMany) await this.createManyToManyTable(model, field);
    });
  }

  /** DROP TABLE, with the automatic many-to-many tables of the model. */
  deleteModel(model: ModelClass): Promise<void> {
    return this.run(async () => {
      for (const field of model.meta.manyToMany) {
        const through = throughOf(field);
        if (through !== undefined && isAutoCreated(through)) await this.deleteModel(through);
      }
      const cascade = this.connection.vendor === 'sqlite' ? '' : ' CASCADE';
      await this.execute(`DROP TABLE ${this.connection.quoteName(model.meta.dbTable)}${cascade}`);
    });
  }

  /** Makes the table of a many-to-many field's automatic through model (a declared `through` is its own model). */
  createManyToManyTable(_model: ModelClass, field: Field): Promise<void> {
    const through = throughOf(field);
    if (through === undefined || !isAutoCreated(through)) return Promise.resolve();
    return this.createModel(through);
  }

  /** Adds the field's column (SQLite rebuilds the table when ADD COLUMN cannot express it). */
  addField(model: ModelClass, field: Field): Promise<void> {
    return this.run(async () => {
      if (field.manyToMany) return this.createManyToManyTable(model, field);
      const c = this.connection;
      const table = model.meta.dbTable;
      const spec = field.columnSpec();
      if (c.vendor === 'sqlite') {
        // ADD COLUMN cannot add a primary key, a UNIQUE, or a NOT NULL column without a constant default.
        if (spec.primaryKey || spec.unique || !spec.null) return remakeTable(this, model, { create: field });
        await this.execute(`ALTER TABLE ${c.quoteName(table)} ADD COLUMN ${c.quoteName(spec.column)} ${columnDefinition(c, field, { inlineForeignKey: true })}`);
        for (const sql of fieldIndexSql(c, table, field)) await this.execute(sql);
        return;
      }
      const q = (name: string) => c.quoteName(name);
      const value = effectiveDefault(field, c);
      if (value !== null && c.vendor === 'mysql' && /^(longtext|longblob|json)$/.test(c.columnType(spec))) {
        // MySQL allows no DEFAULT on TEXT/BLOB/JSON: add the column nullable, fill it, then make it NOT NULL.
        await this.execute(`ALTER TABLE ${q(table)} ADD COLUMN ${q(spec.column)} ${columnDefinition(c, field, { nullable: true })}`);
        await this.execute(`UPDATE ${q(table)} SET ${q(spec.column)} = ${quoteValue(value, c.vendor)}`);
        if (!spec.null) await this.execute(fill(c.backend.schemaSql.alterColumnNotNull, { table: q(table), column: q(spec.column), type: c.columnType(spec) }));
      } else {
        await this.execute(`ALTER TABLE ${q(table)} ADD COLUMN ${q(spec.column)} ${columnDefinition(c, field, { withDefault: true })}`);
        // The DEFAULT filled the existing rows; the column itself keeps none, as Django leaves it.
        if (value !== null) await this.execute(`ALTER TABLE ${q(table)} ALTER COLUMN ${q(spec.column)} DROP DEFAULT`);
      }
      if (spec.unique) {
        const like = likeIndexSql(c, table, spec);
        if (like !== undefined) await this.execute(like);
      }
      for (const sql of fieldIndexSql(c, table, field)) await this.execute(sql);
      if (spec.references !== undefined && spec.references.constraint !== false) this.defer(foreignKeySql(c, table, spec));
    });
  }

  /** Drops the field's column (and on MySQL its foreign key first). */
  removeField(model: ModelClass, field: Field): Promise<void> {
    return this.run(async () => {
      if (field.manyToMany) {
        const through = throughOf(field);
        if (through !== undefined && isAutoCreated(through)) await this.deleteModel(through);
        return;
      }
      const c = this.connection;
      const table = model.meta.dbTable;
      if (c.vendor === 'sqlite') return remakeTable(this, model, { remove: field });
      const spec = field.columnSpec();
      if (spec.references !== undefined && c.vendor === 'mysql') {
        const name = foreignKeyConstraintName(c, table, spec);
        const names = this.collectSql ? [name] : (await tableConstraints(c, table)).filter((x) => x.foreignKey && x.columns[0] === spec.column).map((x) => x.name);
        for (const fk of names) await this.execute(fill(c.backend.schemaSql.deleteForeignKey, { table: c.quoteName(table), name: c.quoteName(fk) }));
      }
      const cascade = c.vendor === 'postgresql' ? ' CASCADE' : '';
      await this.execute(`ALTER TABLE ${c.quoteName(table)} DROP COLUMN ${c.quoteName(spec.column)}${cascade}`);
    });
  }

  /** Changes a column to match `newField`: name, type, null, unique, index, foreign key. */
  alterField(model: ModelClass, oldField: Field, newField: Field): Promise<void> {
    return this.run(async () => {
      if (oldField.manyToMany && newField.manyToMany) {
        const [from, to] = [throughOf(oldField), throughOf(newField)];
        // Two automatic join tables to the same model: only the table's name may change (relatedName is no schema).
        const sameTarget = from !== undefined && to !== undefined && isAutoCreated(from) && isAutoCreated(to) &&
          from.meta.fields.map((f) => f.column).join() === to.meta.fields.map((f) => f.column).join();
        if (sameTarget) return this.alterDbTable(to, from.meta.dbTable, to.meta.dbTable);
      }
      if (oldField.manyToMany || newField.manyToMany) {
        throw new NotSupportedError(`${model.meta.label}.${oldField.name}: alterField() between many-to-many fields is not supported; remove and add the field instead.`);
      }
      if (this.connection.vendor !== 'sqlite') return alterColumn(this, model, oldField, newField);
      const o = oldField.columnSpec();
      const n = newField.columnSpec();
      const onlyRenamed = o.column !== n.column && JSON.stringify({ ...o, column: '' }) === JSON.stringify({ ...n, column: '' });
      if (onlyRenamed) return this.#renameColumn(model.meta.dbTable, o.column, n.column);
      if (JSON.stringify(o) === JSON.stringify(n)) return;
      return remakeTable(this, model, { alter: [oldField, newField] });
    });
  }

  /**
   * Renames a field's column: `renameField(Book, 'title', 'name')` for a field whose column
   * follows its name, or `renameField(Book, oldField, newField)` (an alterField).
   */
  renameField(model: ModelClass, oldName: string | Field, newName: string | Field): Promise<void> {
    if (typeof oldName !== 'string' && typeof newName !== 'string') return this.alterField(model, oldName, newName);
    return this.run(async () => {
      const field = typeof oldName === 'string' ? model.meta.getField(oldName) : oldName;
      const newColumn = typeof newName === 'string' ? (field.options.dbColumn ?? newName) : newName.column;
      if (field.column !== newColumn) await this.#renameColumn(model.meta.dbTable, field.column, newColumn);
    });
  }

  /** Renames the model's table. */
  alterDbTable(_model: ModelClass, oldTable: string, newTable: string): Promise<void> {
    return this.run(async () => {
      if (oldTable === newTable) return;
      const q = (name: string) => this.connection.quoteName(name);
      await this.execute(fill(this.connection.backend.schemaSql.renameTable, { old: q(oldTable), new: q(newTable) }));
    });
  }

  /** CREATE INDEX for a Meta.indexes entry. */
  addIndex(model: ModelClass, index: IndexSpec): Promise<void> {
    return this.run(() => this.execute(modelIndexSql(this.connection, model.meta.dbTable, index, (name) => model.meta.getField(name).column)));
  }

  /** DROP INDEX for a Meta.indexes entry. */
  removeIndex(model: ModelClass, index: IndexSpec): Promise<void> {
    return this.run(async () => {
      const columns = index.fields.map((name) => ({ column: model.meta.getField(name.replace(/^-/, '')).column, descending: name.startsWith('-') }));
      const name = modelIndexName(model.meta.dbTable, index, columns);
      const q = (n: string) => this.connection.quoteName(n);
      await this.execute(fill(this.connection.backend.schemaSql.deleteIndex, { table: q(model.meta.dbTable), name: q(name) }));
    });
  }

  /** Drops the unique-together constraints no longer wanted and adds the new ones. */
  alterUniqueTogether(model: ModelClass, oldSets: ReadonlyArray<readonly string[]>, newSets: ReadonlyArray<readonly string[]>): Promise<void> {
    return this.run(async () => {
      const c = this.connection;
      const table = model.meta.dbTable;
      const key = (names: readonly string[]) => names.join('\0');
      const olds = new Set(oldSets.map(key));
      const news = new Set(newSets.map(key));
      for (const names of oldSets) {
        if (news.has(key(names))) continue;
        const name = uniqueName(c, table, columnsOf(model, names));
        await this.execute(fill(c.backend.schemaSql.deleteUnique, { table: c.quoteName(table), name: c.quoteName(name) }));
      }
      for (const names of newSets) if (!olds.has(key(names))) await this.execute(uniqueSql(c, table, columnsOf(model, names)));
    });
  }

  async #renameColumn(table: string, oldColumn: string, newColumn: string): Promise<void> {
    const q = (name: string) => this.connection.quoteName(name);
    await this.execute(fill(this.connection.backend.schemaSql.renameColumn, { table: q(table), old: q(oldColumn), new: q(newColumn) }));
  }

  async #body<T>(fn: (editor: this) => Promise<T>): Promise<T> {
    const result = await fn(this);
    // Deferred statements may defer more (none do today); drain until empty.
    while (this.#deferred.length > 0) {
      const batch = this.#deferred;
      this.#deferred = [];
      for (const sql of batch) await this.execute(sql);
    }
    return result;
  }
}
