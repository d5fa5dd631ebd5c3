import { sql } from 'kysely';
import { NotSupportedError } from '../errors.js';
import type { ModelClass } from '../models/model.js';
import type { Aggregate } from './aggregates.js';
import { buildSelect, contextFor, hasWhereJoins, selectedNames } from './compiler.js';
import type { AnySelect } from './compiler.js';
import { connectionFor, runQuery } from './execute.js';
import { Expression } from './expressions.js';
import { applyJoins, planJoins } from './joins.js';
import { isSliced } from './state.js';
import type { QueryState } from './state.js';
import { applyWhere } from './writes.js';

/** COUNT(*); over a subquery when the rows are sliced, distinct or grouped. */
export async function count(model: ModelClass, state: QueryState, alias: string): Promise<number> {
  if (state.empty) return 0;
  const connection = connectionFor(alias);
  let query: AnySelect;
  if (!isSliced(state) && !state.distinct && state.having.length === 0 && state.annotations.size === 0 && !hasWhereJoins(state, model)) {
    query = connection.db.selectFrom(model.meta.dbTable).select(sql<number>`COUNT(*)`.as('count')) as AnySelect;
    query = applyWhere(query, model, state, connection);
  } else {
    const subquery = buildSelect(model, { ...state, ordering: [] }, connection);
    query = connection.db.selectFrom(subquery.as('subquery')).select(sql<number>`COUNT(*)`.as('count')) as AnySelect;
  }
  // PostgreSQL answers COUNT(*) as a bigint string.
  return Number((await runQuery(connection, query)).rows[0]?.count ?? 0);
}

/** One row or none, as cheaply as the database allows. */
export async function exists(model: ModelClass, state: QueryState, alias: string): Promise<boolean> {
  if (state.empty) return false;
  const connection = connectionFor(alias);
  const one = { ...state, ordering: [], high: state.high === null ? state.low + 1 : Math.min(state.high, state.low + 1) };
  return (await runQuery(connection, buildSelect(model, one, connection))).rows.length > 0;
}

export async function aggregate(model: ModelClass, state: QueryState, alias: string, aggregates: Readonly<Record<string, Aggregate>>): Promise<Record<string, unknown>> {
  const names = new Set(state.annotations.keys());
  for (const [name, aggregateExpression] of Object.entries(aggregates)) {
    if (!(aggregateExpression instanceof Expression) || !aggregateExpression.containsAggregate) {
      throw new NotSupportedError(`aggregate() on ${model.meta.objectName}: '${name}' is not an aggregate expression (Count, Sum, Avg, Min, Max).`);
    }
    aggregateExpression.check(model, names);
  }
  const entries = Object.entries(aggregates);
  if (state.empty) return Object.fromEntries(entries.map(([name, a]) => [name, a.convert(null, model, connectionFor(alias))]));
  const connection = connectionFor(alias);
  let query: AnySelect;
  // Sum('book__price') over authors LEFT JOINs the books, in the query or around the subquery below.
  const plan = planJoins(model, entries.flatMap(([, a]) => a.relationPaths(model, names)));
  const overSubquery = isSliced(state) || state.distinct || state.annotations.size > 0 || hasWhereJoins(state, model);
  const inSubquery = overSubquery ? new Set(selectedNames(model, state).filter((name) => state.annotations.has(name))) : undefined;
  const context = { ...contextFor(model, state, connection), joins: plan, annotationColumns: inSubquery };
  const selections = entries.map(([name, a]) => a.compile(context).as(name));
  if (overSubquery) {
    // Aggregating a sliced or grouped query needs the rows first: aggregate over a subquery.
    const inner = buildSelect(model, { ...state, ordering: state.ordering ?? [] }, connection).as(model.meta.dbTable);
    query = applyJoins(connection.db.selectFrom(inner) as AnySelect, plan).select(selections);
  } else {
    query = applyWhere(applyJoins(connection.db.selectFrom(model.meta.dbTable) as AnySelect, plan).select(selections), model, state, connection);
  }
  const row = (await runQuery(connection, query)).rows[0] ?? {};
  return Object.fromEntries(entries.map(([name, a]) => [name, a.convert(row[name], model, connection, state.annotations)]));
}

