import type { Field } from '../fields/field.js';
import type { ModelClass } from '../models/model.js';
import { createTableSql, effectiveDefault, fieldIndexSql, modelIndexSql, uniqueSql } from './column-sql.js';
import { quoteValue } from './quote-value.js';
import type { SchemaEditor } from './editor.js';

/** One change the rebuild applies. */
export interface RemakeChange {
  readonly create?: Field;
  readonly remove?: Field;
  readonly alter?: readonly [oldField: Field, newField: Field];
}

/**
 * SQLite cannot alter or drop most columns, so, as Django does, the table is rebuilt: a new table
 * with the changed columns, the rows copied across, the old table dropped and the new one renamed,
 * then its indexes made again. Foreign-key checks are off meanwhile (SchemaEditor.run()).
 */
export async function remakeTable(editor: SchemaEditor, model: ModelClass, change: RemakeChange): Promise<void> {
  const connection = editor.connection;
  const q = (name: string) => connection.quoteName(name);
  const table = model.meta.dbTable;
  const fields: Field[] = [];
  const byName = new Map<string, Field>();
  // New column → the expression that fills it from the old table.
  const mapping = new Map<string, string>();
  for (const field of model.meta.concreteFields) {
    if (change.remove !== undefined && field.name === change.remove.name) continue;
    if (change.alter !== undefined && field.name === change.alter[0].name) {
      const [oldField, newField] = change.alter;
      fields.push(newField);
      byName.set(oldField.name, newField);
      const fallback = effectiveDefault(newField, connection);
      mapping.set(
        newField.column,
        oldField.null && !newField.null && fallback !== null
          ? `coalesce(${q(oldField.column)}, ${quoteValue(fallback, connection.vendor)})`
          : q(oldField.column),
      );
      continue;
    }
    fields.push(field);
    byName.set(field.name, field);
    mapping.set(field.column, q(field.column));
  }
  if (change.create !== undefined && change.create.concrete) {
    fields.push(change.create);
    byName.set(change.create.name, change.create);
    const value = effectiveDefault(change.create, connection);
    if (value !== null) mapping.set(change.create.column, quoteValue(value, connection.vendor));
  }

  const temporary = `new__${table}`;
  await editor.execute(createTableSql(connection, temporary, fields, true));
  const targets = [...mapping.keys()].map(q).join(', ');
  const sources = [...mapping.values()].join(', ');
  await editor.execute(`INSERT INTO ${q(temporary)} (${targets}) SELECT ${sources} FROM ${q(table)}`);
  await editor.execute(`DROP TABLE ${q(table)}`);
  await editor.execute(`ALTER TABLE ${q(temporary)} RENAME TO ${q(table)}`);

  for (const field of fields) for (const sql of fieldIndexSql(connection, table, field)) await editor.execute(sql);
  const removed = change.remove?.name;
  for (const names of model.meta.uniqueTogether) {
    if (removed !== undefined && names.includes(removed)) continue;
    await editor.execute(uniqueSql(connection, table, names.map((name) => byName.get(name)!.column)));
  }
  for (const index of model.meta.indexes) {
    if (removed !== undefined && index.fields.some((name) => name.replace(/^-/, '') === removed)) continue;
    await editor.execute(modelIndexSql(connection, table, index, (name) => byName.get(name)!.column));
  }
}
