import { sql } from 'kysely';
import type { RawBuilder, SqlBool } from 'kysely';
import { FieldDoesNotExist, IntegrityError, NotSupportedError, ValidationError } from '../errors.js';
import { Field } from '../fields/field.js';
import type { Model, ModelClass } from '../models/model.js';
import { postDelete, preDelete } from '../signals.js';
import type { DatabaseWrapper } from '../types.js';
import { buildSelect, contextFor, hasWhereJoins } from './compiler.js';
import type { AnySelect } from './compiler.js';
import { Collector, needsCollector } from './deletion.js';
import { connectionFor, inTransaction, runQuery } from './execute.js';
import { Expression } from './expressions.js';
import { saveInstance } from './instance-ops.js';
import type { DeleteResult } from './instance-ops.js';
import type { QuerySet } from './queryset.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyQuerySet = QuerySet<any, any>;
import { INITIAL_STATE } from './state.js';
import type { QueryState } from './state.js';
import { compileWhere } from './where.js';

export type { DeleteResult } from './instance-ops.js';
export { bulkCreate, inBulk } from './bulk.js';
export type { BulkCreateOptions } from './bulk.js';

/** getOrCreate()'s extra values for a new row; a function value is called. */
export interface CreateDefaults {
  defaults?: Readonly<Record<string, unknown>>;
}

/** Every WHERE condition of the state, AND-ed; undefined when there is none. */
export function whereCondition(model: ModelClass, state: QueryState, connection: DatabaseWrapper): RawBuilder<SqlBool> | undefined {
  if (state.where.length === 0) return undefined;
  if (hasWhereJoins(state, model)) {
    // The joins live in a subquery of keys; the derived table lets MySQL UPDATE/DELETE the same table.
    const pk = model.meta.pk;
    const keys = buildSelect(model, { ...INITIAL_STATE, where: state.where, values: ['pk'], ordering: [] }, connection);
    return sql<SqlBool>`${sql.id(model.meta.dbTable, pk.column)} IN (SELECT ${sql.id('u', 'pk')} FROM (${keys}) AS ${sql.id('u')})`;
  }
  const context = contextFor(model, state, connection);
  return sql.join(state.where.map((node) => compileWhere(node, context)), sql` AND `) as RawBuilder<SqlBool>;
}

export function applyWhere(query: AnySelect, model: ModelClass, state: QueryState, connection: DatabaseWrapper): AnySelect {
  const condition = whereCondition(model, state, connection);
  return condition === undefined ? query : query.where(condition);
}

export async function create(model: ModelClass, data: Readonly<Record<string, unknown>>, alias: string): Promise<Model> {
  const instance = new model(data) as Model;
  await saveInstance(instance, { forceInsert: true, using: alias });
  return instance;
}

function resolveDefaults(model: ModelClass, values: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const invalid = Object.keys(values ?? {}).filter((name) => name !== 'pk' && model.meta.findField(name) === undefined);
  if (invalid.length > 0) {
    throw new FieldDoesNotExist(`Invalid field name(s) for model ${model.meta.objectName}: '${invalid.join("', '")}'. Fields: ${model.meta.fields.map((f) => f.name).join(', ')}.`);
  }
  for (const [name, value] of Object.entries(values ?? {})) out[name] = typeof value === 'function' ? (value as () => unknown)() : value;
  return out;
}

/** The lookup's plain `field: value` pairs become the new row's values; `field__lookup` ones do not. */
function createParams(model: ModelClass, lookup: Readonly<Record<string, unknown>>, defaults: Record<string, unknown>): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(lookup)) if (!key.includes('__')) params[key] = value;
  return { ...params, ...defaults };
}

function isDoesNotExist(model: ModelClass, error: unknown): boolean {
  return error instanceof model.DoesNotExist;
}

export async function getOrCreate(qs: AnyQuerySet, lookup: Readonly<Record<string, unknown>>, options: CreateDefaults): Promise<[Model, boolean]> {
  const model = qs.model;
  try {
    return [await qs.get(lookup), false];
  } catch (error) {
    if (!isDoesNotExist(model, error)) throw error;
  }
  const params = createParams(model, lookup, resolveDefaults(model, options.defaults));
  try {
    // A savepoint, so a unique violation from a concurrent insert leaves an outer transaction usable.
    return [await inTransaction(qs.db, () => create(model, params, qs.db)), true];
  } catch (error) {
    if (!(error instanceof IntegrityError)) throw error;
    try {
      return [await qs.get(lookup), false];
    } catch (again) {
      if (isDoesNotExist(model, again)) throw error;
      throw again;
    }
  }
}

export async function updateOrCreate(
  qs: AnyQuerySet,
  lookup: Readonly<Record<string, unknown>>,
  options: CreateDefaults & { createDefaults?: Readonly<Record<string, unknown>> },
): Promise<[Model, boolean]> {
  const model = qs.model;
  const defaults = resolveDefaults(model, options.defaults);
  return inTransaction(qs.db, async () => {
    let instance: Model;
    try {
      instance = await qs.selectForUpdate().get(lookup);
    } catch (error) {
      if (!isDoesNotExist(model, error)) throw error;
      const createDefaults = options.createDefaults === undefined ? defaults : resolveDefaults(model, options.createDefaults);
      return getOrCreate(qs, lookup, { defaults: createDefaults });
    }
    const self = instance as unknown as Record<string, unknown>;
    for (const [name, value] of Object.entries(defaults)) {
      if (name === 'pk') instance.pk = value;
      else self[model.meta.getField(name).attname] = value;
    }
    // Only the changed fields, plus those whose preSave() computes a value (autoNow).
    const updateFields = new Set(Object.keys(defaults).map((name) => model.meta.getField(name).name));
    for (const field of model.meta.concreteFields) {
      if (field.preSave !== Field.prototype.preSave && !field.primaryKey) updateFields.add(field.name);
    }
    await saveInstance(instance, { using: qs.db, updateFields: [...updateFields] });
    return [instance, false];
  });
}

export async function update(model: ModelClass, state: QueryState, alias: string, values: Readonly<Record<string, unknown>>): Promise<number> {
  const entries = Object.entries(values);
  if (entries.length === 0) return 0;
  const connection = connectionFor(alias);
  const context = contextFor(model, state, connection);
  const set: Record<string, unknown> = {};
  const names = new Set(state.annotations.keys());
  for (const [name, value] of entries) {
    const field = model.meta.findField(name);
    if (field === undefined || !field.concrete) {
      throw new FieldDoesNotExist(`${model.meta.objectName} has no field named '${name}' to update. Fields: ${model.meta.concreteFields.map((f) => f.name).join(', ')}.`);
    }
    if (value instanceof Expression) {
      value.check(model, names);
      const joined = value.relationPaths(model, names);
      if (joined.length > 0) {
        // As Django: an UPDATE sets columns of one table, so it cannot read a joined one.
        throw new NotSupportedError(`update() on ${model.meta.objectName}.${name}: joined field references are not permitted in update() ('${joined.join("', '")}'); F() may only name fields of ${model.meta.objectName}.`);
      }
      set[field.column] = value.compile(context);
      continue;
    }
    let converted: unknown;
    try {
      converted = field.toJs(value);
    } catch (error) {
      if (error instanceof ValidationError) throw error;
      throw new ValidationError({ [field.name]: [`${model.meta.objectName}.${field.name}: ${(error as Error).message}`] }, { cause: error });
    }
    set[field.column] = field.toDb(converted, connection);
  }
  let query = connection.db.updateTable(model.meta.dbTable).set(set);
  const condition = whereCondition(model, state, connection);
  if (condition !== undefined) query = query.where(condition);
  return Number((await runQuery(connection, query)).numAffectedRows ?? 0n);
}

/** Chunks of primary keys small enough for any backend's parameter limit. */
const DELETE_BATCH = 500;

export async function deleteQuerySet(qs: AnyQuerySet, model: ModelClass, alias: string): Promise<DeleteResult> {
  const connection = connectionFor(alias);
  const label = model.meta.label;
  if (needsCollector(model)) {
    return inTransaction(alias, async () => {
      const collector = new Collector(alias, qs);
      await collector.collect(model, await qs.orderBy('pk'));
      return collector.delete();
    });
  }
  if (!preDelete.hasListeners(model) && !postDelete.hasListeners(model)) {
    // No receiver needs the instances: one DELETE, as Django's fast delete.
    let query = connection.db.deleteFrom(model.meta.dbTable);
    const condition = whereCondition(model, qs.state, connection);
    if (condition !== undefined) query = query.where(condition);
    const count = Number((await runQuery(connection, query)).numAffectedRows ?? 0n);
    return [count, count > 0 ? { [label]: count } : {}];
  }
  return inTransaction(alias, async () => {
    const instances = await qs.orderBy();
    for (const instance of instances) await preDelete.asend(model, { instance, using: alias, origin: qs });
    let count = 0;
    const pk = model.meta.pk;
    for (let i = 0; i < instances.length; i += DELETE_BATCH) {
      const ids = instances.slice(i, i + DELETE_BATCH).map((instance) => sql`${pk.toDb(instance.pk, connection)}`);
      const query = connection.db.deleteFrom(model.meta.dbTable).where(sql<SqlBool>`${sql.id(model.meta.dbTable, pk.column)} IN (${sql.join(ids)})`);
      count += Number((await runQuery(connection, query)).numAffectedRows ?? 0n);
    }
    for (const instance of instances) await postDelete.asend(model, { instance, using: alias, origin: qs });
    for (const instance of instances) instance.pk = null;
    return [count, count > 0 ? { [label]: count } : {}] as DeleteResult;
  });
}
