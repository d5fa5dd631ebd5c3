import type { Connection } from '../connections/wrapper.js';
import type { Field } from '../fields/field.js';
import type { ModelClass } from '../models/model.js';
import type { ColumnSpec } from '../types.js';
import { createIndexName, foreignKeyName, indexNameForModel } from './names.js';
import { quoteValue } from './quote-value.js';

/** Fills `%(name)s` slots of a schema SQL template. */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/%\((\w+)\)s/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new TypeError(`Schema SQL template is missing '${key}': ${template}`);
    return value;
  });
}

/** The value a new column is filled with for existing rows: Django's effective_default. */
export function effectiveDefault(field: Field, connection: Connection): unknown {
  if (field.hasDefault()) return field.toDb(field.getDefault(), connection);
  if (field.null) return null;
  // Text fields that are not null default to '' (Field.getDefault gives their empty value).
  const empty = field.getDefault();
  return empty === null ? null : field.toDb(empty, connection);
}

/** Options of one column definition. */
export interface ColumnOptions {
  /** Write the foreign key inline (SQLite), rather than as a separate constraint. */
  readonly inlineForeignKey?: boolean;
  /** A DEFAULT clause for existing rows (ADD COLUMN); dropped afterwards where the database allows. */
  readonly withDefault?: boolean;
  /** Write NULL whatever the field says (a column filled in before it is made NOT NULL). */
  readonly nullable?: boolean;
}

/** A column's definition: type, NULL/NOT NULL, PRIMARY KEY or UNIQUE, CHECK, the auto suffix, an inline FK. */
export function columnDefinition(connection: Connection, field: Field, options: ColumnOptions = {}): string {
  const spec = field.columnSpec();
  const backend = connection.backend;
  const q = (name: string) => connection.quoteName(name);
  const parts = [backend.columnType(spec)];
  if (options.withDefault === true) {
    const value = effectiveDefault(field, connection);
    if (value !== null) parts.push(`DEFAULT ${quoteValue(value, connection.vendor)}`);
  }
  parts.push((spec.null || options.nullable === true) && !spec.primaryKey ? 'NULL' : 'NOT NULL');
  if (spec.primaryKey) parts.push('PRIMARY KEY');
  else if (spec.unique) parts.push('UNIQUE');
  const check = backend.columnCheck(spec, q(spec.column));
  if (check !== undefined) parts.push(`CHECK (${check})`);
  if (spec.primaryKey) {
    const suffix = backend.autoSuffix(spec);
    if (suffix !== undefined) parts.push(suffix);
  }
  if (options.inlineForeignKey === true && spec.references !== undefined && spec.references.constraint !== false) {
    parts.push(`REFERENCES ${q(spec.references.table)} (${q(spec.references.column)})`);
    if (backend.schemaSql.foreignKeySuffix) parts.push(backend.schemaSql.foreignKeySuffix);
  }
  return parts.join(' ');
}

/** ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY, named the Django way. */
export function foreignKeySql(connection: Connection, table: string, spec: ColumnSpec): string {
  const ref = spec.references!;
  const q = (name: string) => connection.quoteName(name);
  const name = foreignKeyName(table, spec.column, ref.table, ref.column, connection.backend.schemaSql.maxNameLength);
  const suffix = connection.backend.schemaSql.foreignKeySuffix;
  return `ALTER TABLE ${q(table)} ADD CONSTRAINT ${q(name)} FOREIGN KEY (${q(spec.column)}) REFERENCES ${q(ref.table)} (${q(ref.column)})${suffix ? ` ${suffix}` : ''}`;
}

/** The name of a field's foreign-key constraint as foreignKeySql() makes it. */
export function foreignKeyConstraintName(connection: Connection, table: string, spec: ColumnSpec): string {
  const ref = spec.references!;
  return foreignKeyName(table, spec.column, ref.table, ref.column, connection.backend.schemaSql.maxNameLength);
}

/** The indexes a field's column gets besides its UNIQUE: dbIndex (and PostgreSQL's LIKE index for text). */
export function fieldIndexSql(connection: Connection, table: string, field: Field): string[] {
  const spec = field.columnSpec();
  if (!spec.dbIndex || spec.unique || spec.primaryKey) return [];
  const q = (name: string) => connection.quoteName(name);
  const max = connection.backend.schemaSql.maxNameLength;
  const out = [`CREATE INDEX ${q(createIndexName(table, [spec.column], '', max))} ON ${q(table)} (${q(spec.column)})`];
  const like = likeIndexSql(connection, table, spec);
  if (like !== undefined) out.push(like);
  return out;
}

/** PostgreSQL needs a *_pattern_ops index for LIKE 'x%' on varchar/text columns, as Django makes. */
export function likeIndexSql(connection: Connection, table: string, spec: ColumnSpec): string | undefined {
  if (connection.vendor !== 'postgresql' || spec.primaryKey || (!spec.dbIndex && !spec.unique)) return undefined;
  const type = connection.columnType(spec);
  const ops = type.startsWith('varchar') ? 'varchar_pattern_ops' : type === 'text' ? 'text_pattern_ops' : undefined;
  if (ops === undefined) return undefined;
  const q = (name: string) => connection.quoteName(name);
  const name = createIndexName(table, [spec.column], '_like', connection.backend.schemaSql.maxNameLength);
  return `CREATE INDEX ${q(name)} ON ${q(table)} (${q(spec.column)} ${ops})`;
}

/** A multi-column unique constraint (SQLite: a unique index, as it cannot add constraints). */
export function uniqueSql(connection: Connection, table: string, columns: readonly string[]): string {
  const q = (name: string) => connection.quoteName(name);
  const name = q(uniqueName(connection, table, columns));
  const cols = columns.map(q).join(', ');
  return connection.vendor === 'sqlite'
    ? `CREATE UNIQUE INDEX ${name} ON ${q(table)} (${cols})`
    : `ALTER TABLE ${q(table)} ADD CONSTRAINT ${name} UNIQUE (${cols})`;
}

export function uniqueName(connection: Connection, table: string, columns: readonly string[]): string {
  return createIndexName(table, columns, '_uniq', connection.backend.schemaSql.maxNameLength);
}

/** A Meta.indexes entry: CREATE INDEX over its fields (`-name` for descending); `columnOf` maps a field name to its column. */
export function modelIndexSql(
  connection: Connection,
  table: string,
  index: { readonly fields: readonly string[]; readonly name?: string },
  columnOf: (fieldName: string) => string,
): string {
  const q = (name: string) => connection.quoteName(name);
  const columns = index.fields.map((name) => {
    const descending = name.startsWith('-');
    return { column: columnOf(descending ? name.slice(1) : name), descending };
  });
  const cols = columns.map((c) => `${q(c.column)}${c.descending ? ' DESC' : ''}`).join(', ');
  return `CREATE INDEX ${q(modelIndexName(table, index, columns))} ON ${q(table)} (${cols})`;
}

/** The name of a Meta.indexes entry: its own, else the one Django's Index would give itself. */
export function modelIndexName(
  table: string,
  index: { readonly name?: string },
  columns: ReadonlyArray<{ readonly column: string; readonly descending: boolean }>,
): string {
  return index.name ?? indexNameForModel(table, columns.map((c) => (c.descending ? `-${c.column}` : c.column)));
}

/** The columns of a list of field names of the model. */
export function columnsOf(model: ModelClass, names: readonly string[]): string[] {
  return names.map((name) => model.meta.getField(name).column);
}

/** CREATE TABLE with every column; foreign keys inline only where asked (SQLite). */
export function createTableSql(connection: Connection, table: string, fields: readonly Field[], inlineForeignKeys: boolean): string {
  const q = (name: string) => connection.quoteName(name);
  const columns = fields
    .filter((field) => field.concrete)
    .map((field) => `${q(field.column)} ${columnDefinition(connection, field, { inlineForeignKey: inlineForeignKeys })}`);
  return `CREATE TABLE ${q(table)} (${columns.join(', ')})`;
}
