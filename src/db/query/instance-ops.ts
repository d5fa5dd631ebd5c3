import { sql } from 'kysely';
import type { SqlBool } from 'kysely';
import { DatabaseError, FieldDoesNotExist, NotSupportedError, ValidationError } from '../errors.js';
import type { Field } from '../fields/field.js';
import type { Model, ModelClass } from '../models/model.js';
import { prepareRelatedForSave } from '../models/related-descriptors.js';
import { postDelete, postSave, preDelete, preSave } from '../signals.js';
import type { DatabaseWrapper } from '../types.js';
import { DEFAULT_DB_ALIAS, connectionFor, inTransaction, runQuery } from './execute.js';
import { Collector, needsCollector } from './deletion.js';
import { insertFields, insertRow, insertRows } from './insert.js';

/** Options of save(): Django's update_fields, using, force_insert, force_update. */
export interface SaveOptions {
  /** Only these fields are written (an UPDATE; an empty list saves nothing). */
  updateFields?: readonly string[] | null;
  /** The database alias; by default where the instance came from, else 'default'. */
  using?: string;
  /** Always INSERT. */
  forceInsert?: boolean;
  /** Always UPDATE; an error when no row matched. */
  forceUpdate?: boolean;
}

/** What a delete returns: the total, and the count per model label (`{ 'demo.Book': 3 }`). */
export type DeleteResult = [number, Record<string, number>];

function pkCondition(model: ModelClass, pk: unknown, connection: DatabaseWrapper) {
  const field = model.meta.pk;
  return sql<SqlBool>`${sql.id(model.meta.dbTable, field.column)} = ${field.toDb(pk, connection)}`;
}

function checkUpdateFields(model: ModelClass, names: readonly string[]): string[] {
  const fields = names.map((name) => model.meta.findField(name));
  const bad = names.filter((_, i) => fields[i] === undefined || !fields[i]!.concrete);
  if (bad.length > 0) {
    throw new FieldDoesNotExist(
      `The following fields do not exist in ${model.meta.objectName}, are many-to-many fields, or have no column: ${bad.join(', ')}. Fields: ${model.meta.concreteFields.map((f) => f.name).join(', ')}.`,
    );
  }
  return fields.map((f) => f!.name);
}

/**
 * Saves an instance: UPDATE when it was loaded (or has a pk), INSERT when new or when the
 * UPDATE matched no row, as Django's save(). Sends pre_save and post_save with Django's arguments.
 */
export async function saveInstance(instance: Model, options: SaveOptions = {}): Promise<void> {
  const model = instance.model;
  const using = options.using ?? instance._state.db ?? DEFAULT_DB_ALIAS;
  if (options.forceInsert && (options.forceUpdate || (options.updateFields ?? null) !== null)) {
    throw new NotSupportedError(`Cannot force both insert and updating in ${model.meta.objectName} save().`);
  }
  let updateFields: readonly string[] | null = null;
  if (options.updateFields !== undefined && options.updateFields !== null) {
    if (options.updateFields.length === 0) return;
    updateFields = Object.freeze(checkUpdateFields(model, options.updateFields));
  }
  prepareRelatedForSave(instance);
  if (preSave.hasListeners(model)) await preSave.asend(model, { instance, raw: false, using, updateFields });
  const created = await saveTable(instance, using, updateFields, options.forceInsert === true, options.forceUpdate === true);
  instance._state.db = using;
  instance._state.adding = false;
  if (postSave.hasListeners(model)) await postSave.asend(model, { instance, created, raw: false, using, updateFields });
}

/** Writes the row; true when it was an INSERT. */
async function saveTable(instance: Model, using: string, updateFields: readonly string[] | null, forceInsert: boolean, forceUpdate: boolean): Promise<boolean> {
  const model = instance.model;
  const meta = model.meta;
  const connection = connectionFor(using);
  if (instance.pk === null || instance.pk === undefined) {
    const value = meta.pk.getDefault();
    if (value !== null && value !== undefined) instance.pk = value;
  }
  const pkSet = instance.pk !== null && instance.pk !== undefined;
  // A new instance whose pk came from a default cannot be in the table yet: skip the UPDATE.
  const insertOnly = forceInsert || (instance._state.adding && meta.pk.hasDefault());
  if (pkSet && !insertOnly) {
    const fields = meta.concreteFields.filter((f) => !f.primaryKey && (updateFields === null || updateFields.includes(f.name)));
    const mayInsert = !forceUpdate && updateFields === null;
    // An UPDATE that matched nothing wrote nothing, so UPDATE-then-INSERT needs no transaction.
    if (await updateRow(instance, fields, connection)) return false;
    if (!mayInsert) {
      throw new DatabaseError(forceUpdate ? `Forced update of ${meta.objectName} did not affect any rows.` : `Save of ${meta.objectName} with updateFields did not affect any rows.`);
    }
  }
  await insertInstance(instance, connection);
  return true;
}

async function updateRow(instance: Model, fields: readonly Field[], connection: DatabaseWrapper): Promise<boolean> {
  const model = instance.model;
  const condition = pkCondition(model, instance.pk, connection);
  if (fields.length === 0) {
    const query = connection.db.selectFrom(model.meta.dbTable).select(sql`1`.as('found')).where(condition).limit(1);
    return (await runQuery(connection, query)).rows.length > 0;
  }
  const set: Record<string, unknown> = {};
  for (const field of fields) {
    const value = field.preSave(instance, false);
    (instance as unknown as Record<string, unknown>)[field.attname] = value;
    set[field.column] = field.toDb(value, connection);
  }
  const query = connection.db.updateTable(model.meta.dbTable).set(set).where(condition);
  return ((await runQuery(connection, query)).numAffectedRows ?? 0n) > 0n;
}

async function insertInstance(instance: Model, connection: DatabaseWrapper): Promise<void> {
  const model = instance.model;
  const withPk = instance.pk !== null && instance.pk !== undefined;
  const fields = insertFields(model, withPk);
  const [id] = await insertRows(model, [insertRow(instance, fields, connection)], connection, !withPk);
  if (!withPk && id !== undefined) instance.pk = id;
}

/**
 * Deletes the instance's row, sending pre_delete and post_delete; the pk becomes null after, as
 * in Django. Relations pointing at the model are followed by a Collector (onDelete).
 */
export async function deleteInstance(instance: Model, options: { using?: string } = {}): Promise<DeleteResult> {
  const model = instance.model;
  const meta = model.meta;
  if (instance.pk === null || instance.pk === undefined) {
    throw new ValidationError({ [meta.pk.name]: [`${meta.objectName} object can't be deleted because its ${meta.pk.attname} attribute is null.`] });
  }
  const using = options.using ?? instance._state.db ?? DEFAULT_DB_ALIAS;
  if (needsCollector(model)) {
    const collector = new Collector(using, instance);
    await collector.collect(model, [instance]);
    return collector.delete();
  }
  const connection = connectionFor(using);
  const remove = async (): Promise<number> => {
    const query = connection.db.deleteFrom(meta.dbTable).where(pkCondition(model, instance.pk, connection));
    return Number((await runQuery(connection, query)).numAffectedRows ?? 0n);
  };
  let count: number;
  if (preDelete.hasListeners(model) || postDelete.hasListeners(model)) {
    count = await inTransaction(using, async () => {
      await preDelete.asend(model, { instance, using, origin: instance });
      const n = await remove();
      await postDelete.asend(model, { instance, using, origin: instance });
      return n;
    });
  } else {
    count = await remove();
  }
  instance.pk = null;
  return [count, { [meta.label]: count }];
}

/** Reloads fields (all, or those named) from the database; DoesNotExist when the row is gone. */
export async function refreshInstance(instance: Model, options: { fields?: readonly string[]; using?: string } = {}): Promise<void> {
  const model = instance.model;
  const meta = model.meta;
  const using = options.using ?? instance._state.db ?? DEFAULT_DB_ALIAS;
  const fields = options.fields === undefined ? meta.concreteFields : checkUpdateFields(model, options.fields).map((name) => meta.getField(name));
  const connection = connectionFor(using);
  const query = connection.db
    .selectFrom(meta.dbTable)
    .select(fields.map((f) => sql`${sql.id(meta.dbTable, f.column)}`.as(f.attname)))
    .where(pkCondition(model, instance.pk, connection));
  const row = (await runQuery(connection, query)).rows[0];
  if (row === undefined) throw new model.DoesNotExist(`${meta.objectName} matching query does not exist.`);
  const self = instance as unknown as Record<string, unknown>;
  for (const field of fields) self[field.attname] = field.fromDb(row[field.attname], connection);
  instance._state.db = using;
  instance._state.adding = false;
}
