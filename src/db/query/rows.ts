import { instanceFromDb } from '../models/model.js';
import type { Model, ModelClass } from '../models/model.js';
import type { DatabaseWrapper } from '../types.js';
import { Aggregate } from './aggregates.js';
import { resolvePath } from './joins.js';
import type { QueryState } from './state.js';

/** Turns a database row into a model instance: converted values, `_state` saying where it came from. */
export function rowToInstance(model: ModelClass, state: QueryState, row: Record<string, unknown>, connection: DatabaseWrapper, fields = model.meta.concreteFields): Model {
  const data: Record<string, unknown> = {};
  for (const field of fields) data[field.attname] = field.fromDb(row[field.attname], connection);
  const instance = instanceFromDb(model, data, connection.alias);
  if (state.annotations.size > 0) {
    const self = instance as unknown as Record<string, unknown>;
    for (const name of state.annotations.keys()) self[name] = convertValue(model, state, name, row[name], connection);
  }
  return instance;
}

/** One selected value as JavaScript: a field's fromDb(), an aggregate's conversion. */
export function convertValue(model: ModelClass, state: QueryState, name: string, value: unknown, connection: DatabaseWrapper): unknown {
  const annotation = state.annotations.get(name);
  if (annotation instanceof Aggregate) return annotation.convert(value, model, connection);
  if (annotation !== undefined) return typeof value === 'bigint' ? Number(value) : value;
  const field = model.meta.findField(name) ?? resolvePath(model, name)?.field ?? model.meta.getField(name);
  return field.fromDb(value, connection);
}

export function rowToValues(model: ModelClass, state: QueryState, names: readonly string[], row: Record<string, unknown>, connection: DatabaseWrapper): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names) out[name] = convertValue(model, state, name, row[name], connection);
  return out;
}

/** What a row becomes: a model instance, values() object, valuesList() tuple, or flat value. */
export type RowKind = 'model' | 'dict' | 'list' | 'flat';

export function convertRows(model: ModelClass, state: QueryState, kind: RowKind, names: readonly string[], rows: ReadonlyArray<Record<string, unknown>>, connection: DatabaseWrapper): unknown[] {
  switch (kind) {
    case 'model': {
      const fields = model.meta.concreteFields;
      return rows.map((row) => rowToInstance(model, state, row, connection, fields));
    }
    case 'dict':
      return rows.map((row) => rowToValues(model, state, names, row, connection));
    case 'list':
      return rows.map((row) => names.map((name) => convertValue(model, state, name, row[name], connection)));
    case 'flat':
      return rows.map((row) => convertValue(model, state, names[0]!, row[names[0]!], connection));
  }
}
