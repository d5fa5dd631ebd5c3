import { NotSupportedError } from '../errors.js';
import type { Field } from '../fields/field.js';
import type { ModelClass } from '../models/model.js';
import { effectiveDefault, fieldIndexSql, fill, foreignKeySql, likeIndexSql, uniqueName } from './column-sql.js';
import type { SchemaEditor } from './editor.js';
import { tableConstraints, tableExists } from './introspect.js';
import type { ConstraintInfo } from './introspect.js';
import { quoteValue } from './quote-value.js';

/**
 * ALTER of one column on PostgreSQL and MySQL, in Django's order: drop what depends on the old
 * column (foreign key, unique, indexes), rename, change type and nullability, then add back what
 * the new field needs. Constraints the database named itself are found by introspection.
 */
export async function alterColumn(editor: SchemaEditor, model: ModelClass, oldField: Field, newField: Field): Promise<void> {
  const connection = editor.connection;
  const sql = connection.backend.schemaSql;
  const q = (name: string) => connection.quoteName(name);
  const table = model.meta.dbTable;
  const o = oldField.columnSpec();
  const n = newField.columnSpec();
  if (o.primaryKey !== n.primaryKey) {
    throw new NotSupportedError(`${model.meta.label}: changing which field is the primary key ('${oldField.name}' → '${newField.name}') is not supported by alterField().`);
  }
  const oldType = connection.columnType(o);
  const newType = connection.columnType(n);
  const typeChanged = oldType !== newType;
  const constraints = editor.collectSql && !(await tableExists(connection, table)) ? [] : await tableConstraints(connection, table);
  const on = (c: ConstraintInfo) => c.columns.length === 1 && c.columns[0] === o.column;

  const ref = (r: typeof o.references) => (r === undefined ? '' : `${r.table}.${r.column}`);
  const dropForeignKey = o.references !== undefined && (ref(o.references) !== ref(n.references) || typeChanged);
  if (dropForeignKey) {
    for (const c of constraints.filter((c) => c.foreignKey && on(c))) await editor.execute(fill(sql.deleteForeignKey, { table: q(table), name: q(c.name) }));
  }
  // As Django, a unique constraint outlives a change of type (varchar(80) → varchar(150)): the
  // database rebuilds it, and the name it was made under (inline UNIQUE: PostgreSQL's
  // `<table>_<column>_key`, MySQL's `<column>`) stays what a Django-migrated table has.
  const dropUnique = o.unique && !o.primaryKey && !n.unique;
  if (dropUnique) {
    for (const c of constraints.filter((c) => c.unique && !c.primaryKey && on(c))) {
      const template = connection.vendor === 'postgresql' && c.index ? sql.deleteIndex : sql.deleteUnique;
      await editor.execute(fill(template, { table: q(table), name: q(c.name) }));
    }
  }
  // Indexes follow db_index, uniqueness (PostgreSQL's _like index) and the type; otherwise they stay.
  const indexChanged = typeChanged || o.dbIndex !== n.dbIndex || o.unique !== n.unique;
  if (indexChanged) {
    // MySQL keeps the index a foreign key that stays still needs.
    const keepForFk = connection.vendor === 'mysql' && n.references !== undefined && !dropForeignKey;
    for (const c of constraints.filter((c) => c.index && !c.unique && !c.foreignKey && on(c))) {
      if (keepForFk || (!o.dbIndex && !c.name.endsWith('_like'))) continue;
      await editor.execute(fill(sql.deleteIndex, { table: q(table), name: q(c.name) }));
    }
  }

  if (o.column !== n.column) await editor.execute(fill(sql.renameColumn, { table: q(table), old: q(o.column), new: q(n.column) }));
  const column = q(n.column);
  if (o.null && !n.null) {
    const value = effectiveDefault(newField, connection);
    if (value !== null) await editor.execute(`UPDATE ${q(table)} SET ${column} = ${quoteValue(value, connection.vendor)} WHERE ${column} IS NULL`);
  }
  if (connection.vendor === 'mysql') {
    // MODIFY restates the whole column, so type and nullability change together.
    if (typeChanged || o.null !== n.null) {
      const template = n.null ? sql.alterColumnNull : sql.alterColumnNotNull;
      const suffix = n.primaryKey ? ` ${connection.backend.autoSuffix(n) ?? ''}` : '';
      await editor.execute(fill(template, { table: q(table), column, type: newType }) + suffix.trimEnd());
    }
  } else {
    if (typeChanged) await editor.execute(fill(sql.alterColumnType, { table: q(table), column, type: newType }));
    if (o.null !== n.null) await editor.execute(fill(n.null ? sql.alterColumnNull : sql.alterColumnNotNull, { table: q(table), column }));
  }

  if (n.unique && !n.primaryKey && (dropUnique || !o.unique)) {
    await editor.execute(`ALTER TABLE ${q(table)} ADD CONSTRAINT ${q(uniqueName(connection, table, [n.column]))} UNIQUE (${column})`);
  }
  if (indexChanged) {
    for (const statement of fieldIndexSql(connection, table, newField)) await editor.execute(statement);
    const like = n.unique ? likeIndexSql(connection, table, n) : undefined;
    if (like !== undefined) await editor.execute(like);
  }
  if (n.references !== undefined && (dropForeignKey || o.references === undefined)) editor.defer(foreignKeySql(connection, table, n));
}
