import { sql } from 'kysely';
import type { Field } from '../fields/field.js';
import type { Model, ModelClass } from '../models/model.js';
import type { DatabaseWrapper } from '../types.js';
import { runQuery } from './execute.js';

const AUTO_TYPES = new Set(['AutoField', 'BigAutoField', 'SmallAutoField']);

/** A primary key the database numbers itself. */
export function isAutoField(field: Field): boolean {
  return AUTO_TYPES.has(field.internalType);
}

/** The fields an INSERT of these instances writes: all concrete ones, minus an auto pk left null. */
export function insertFields(model: ModelClass, withPk: boolean): Field[] {
  const pk = model.meta.pk;
  return model.meta.concreteFields.filter((f) => f !== pk || withPk || !isAutoField(pk));
}

/** The row to insert for one instance, by column, after each field's preSave (autoNowAdd…). */
export function insertRow(instance: Model, fields: readonly Field[], connection: DatabaseWrapper): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const field of fields) {
    const value = field.preSave(instance, true);
    (instance as unknown as Record<string, unknown>)[field.attname] = value;
    row[field.column] = field.toDb(value, connection);
  }
  return row;
}

/**
 * INSERTs rows; returns the new primary keys (by RETURNING, or MySQL's insertId for one row)
 * when `returnPks` and the database can tell, else [].
 */
export async function insertRows(
  model: ModelClass,
  rows: ReadonlyArray<Record<string, unknown>>,
  connection: DatabaseWrapper,
  returnPks: boolean,
  ignoreConflicts = false,
): Promise<unknown[]> {
  const table = model.meta.dbTable;
  const pk = model.meta.pk;
  const empty = rows.every((row) => Object.keys(row).length === 0);
  if (empty && connection.vendor === 'postgresql') {
    // PostgreSQL has no multi-row DEFAULT VALUES: one INSERT per row.
    const ids: unknown[] = [];
    for (let i = 0; i < rows.length; i++) {
      const query = connection.db.insertInto(table).defaultValues().returning(sql.id(pk.column).as('pk'));
      ids.push(pk.fromDb((await runQuery(connection, query)).rows[0]?.pk, connection));
    }
    return returnPks ? ids : [];
  }
  // SQLite and MySQL number a NULL primary key themselves.
  const values = empty ? rows.map(() => ({ [pk.column]: null })) : rows;
  let insert = connection.db.insertInto(table).values(values as Record<string, unknown>[]);
  if (ignoreConflicts) {
    // Rows skipped by the database have no pk to report, so none are returned (as in Django).
    insert = connection.vendor === 'mysql' ? insert.ignore() : insert.onConflict((conflict) => conflict.doNothing());
    returnPks = false;
  }
  if (returnPks && connection.features.supportsReturning) {
    const result = await runQuery(connection, insert.returning(sql.id(pk.column).as('pk')));
    return result.rows.map((row) => pk.fromDb(row.pk, connection));
  }
  const result = await runQuery(connection, insert);
  if (returnPks && rows.length === 1 && result.insertId !== undefined) return [pk.fromDb(result.insertId, connection)];
  return [];
}
