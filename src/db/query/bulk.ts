import { NotSupportedError } from '../errors.js';
import type { Model, ModelClass } from '../models/model.js';
import { connectionFor, inTransaction } from './execute.js';
import { insertFields, insertRow, insertRows } from './insert.js';
import type { QuerySet } from './queryset.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyQuerySet = QuerySet<any, any>;

export interface BulkCreateOptions {
  /** Rows per INSERT; by default as many as the parameter limit allows. */
  batchSize?: number;
  /** Skip rows that would break a unique constraint (ON CONFLICT DO NOTHING / INSERT IGNORE); pks are then not set. */
  ignoreConflicts?: boolean;
}

/** SQLite's default limit on bound parameters is the smallest of the three backends'. */
const MAX_PARAMETERS = { sqlite: 32_766, postgresql: 65_535, mysql: 65_535 } as const;

/**
 * Inserts the instances in as few INSERTs as the parameter limit allows, in one transaction.
 * pre_save/post_save are not sent, as in Django. Primary keys are set where the database
 * returns them (RETURNING: SQLite, PostgreSQL, MariaDB).
 */
export async function bulkCreate(model: ModelClass, objects: readonly Model[], alias: string, options: BulkCreateOptions): Promise<Model[]> {
  if (options.batchSize !== undefined && (!Number.isInteger(options.batchSize) || options.batchSize < 1)) {
    throw new NotSupportedError(`bulkCreate() batchSize must be a positive integer, not ${options.batchSize}.`);
  }
  for (const object of objects) {
    if (!(object instanceof model)) {
      throw new TypeError(`bulkCreate() on ${model.meta.objectName} was given ${String(object)}, which is not a ${model.meta.objectName} instance.`);
    }
  }
  if (objects.length === 0) return [];
  const connection = connectionFor(alias);
  const withPk = objects.filter((o) => o.pk !== null && o.pk !== undefined);
  const withoutPk = objects.filter((o) => o.pk === null || o.pk === undefined);
  await inTransaction(alias, async () => {
    for (const [group, hasPk] of [[withPk, true], [withoutPk, false]] as const) {
      if (group.length === 0) continue;
      const fields = insertFields(model, hasPk);
      const size = options.batchSize ?? Math.max(1, Math.floor(MAX_PARAMETERS[connection.vendor] / Math.max(1, fields.length)));
      for (let i = 0; i < group.length; i += size) {
        const batch = group.slice(i, i + size);
        const rows = batch.map((o) => insertRow(o, fields, connection));
        const ids = await insertRows(model, rows, connection, !hasPk, options.ignoreConflicts === true);
        if (!hasPk && ids.length === batch.length) batch.forEach((o, j) => (o.pk = ids[j]));
      }
    }
  });
  for (const object of objects) {
    object._state.adding = false;
    object._state.db = alias;
  }
  return [...objects];
}

const IN_BATCH = 500;

/** inBulk(): a Map from a unique field's value to the instance. */
export async function inBulk(qs: AnyQuerySet, ids: Iterable<unknown> | undefined, fieldName: string): Promise<Map<unknown, Model>> {
  const model = qs.model;
  const field = model.meta.getField(fieldName);
  if (!field.unique) {
    throw new NotSupportedError(`inBulk()'s fieldName must be a unique field but '${fieldName}' of ${model.meta.objectName} isn't.`);
  }
  const result = new Map<unknown, Model>();
  const key = (instance: Model): unknown => (instance as unknown as Record<string, unknown>)[field.attname];
  if (ids === undefined) {
    for (const instance of await qs) result.set(key(instance), instance);
    return result;
  }
  const list = [...new Set(ids)];
  for (let i = 0; i < list.length; i += IN_BATCH) {
    for (const instance of await qs.filter({ [`${fieldName}__in`]: list.slice(i, i + IN_BATCH) })) result.set(key(instance), instance);
  }
  return result;
}
