import { sql } from 'kysely';
import type { RawBuilder, SelectQueryBuilder } from 'kysely';
import { FieldDoesNotExist, NotSupportedError } from '../errors.js';
import type { ModelClass } from '../models/model.js';
import type { DatabaseWrapper } from '../types.js';
import type { CompileContext } from './context.js';
import { applyJoins, planJoins, resolvePath } from './joins.js';
import { effectiveOrdering } from './state.js';
import type { QueryState } from './state.js';
import { compileWhere, expressionPaths, joinPaths } from './where.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySelect = SelectQueryBuilder<any, any, any>;

/** The largest LIMIT each vendor accepts, for an OFFSET without one (SQLite and MySQL need both). */
const NO_LIMIT = { sqlite: -1, mysql: '18446744073709551615', postgresql: null } as const;

export function contextFor(model: ModelClass, state: QueryState, connection: DatabaseWrapper): CompileContext {
  return { model, table: model.meta.dbTable, connection, annotations: state.annotations };
}

/** The names a row of this query holds: attnames and annotations, or those values() picked. */
export function selectedNames(model: ModelClass, state: QueryState): readonly string[] {
  if (state.values !== null && state.values.length > 0) return state.values;
  return [...model.meta.concreteFields.map((f) => f.attname), ...state.annotations.keys()];
}

/** The SQL for one selected name: a column or an annotation. */
export function nameExpression(name: string, context: CompileContext): RawBuilder<unknown> {
  const annotation = context.annotations.get(name);
  if (annotation !== undefined) return annotation.compile(context);
  const joined = context.joins?.columns.get(name);
  if (joined !== undefined) return sql`${sql.id(joined.alias, joined.field.column)}`;
  const field = context.model.meta.getField(name);
  return sql`${sql.id(context.table, field.column)}`;
}

/** Checks the names given to values()/valuesList(); none means every field and annotation. */
export function checkSelectNames(model: ModelClass, state: QueryState, names: readonly string[]): readonly string[] {
  for (const name of names) {
    refuseManyToMany(model, name, 'values()');
    if (!state.annotations.has(name) && name !== 'pk' && model.meta.findField(name) === undefined && resolvePath(model, name) === undefined) {
      const choices = [...model.meta.concreteFields.map((f) => f.name), ...state.annotations.keys()].join(', ');
      throw new FieldDoesNotExist(`Cannot resolve keyword '${name}' into a field of ${model.meta.objectName}. Choices are: ${choices}.`);
    }
  }
  return names.length > 0 ? [...names] : selectedNames(model, { ...state, values: null });
}

/** A many-to-many field has no column of its own: its related keys are reached by `<name>__pk`. */
function refuseManyToMany(model: ModelClass, name: string, where: string): void {
  if (model.meta.findField(name)?.manyToMany !== true) return;
  throw new FieldDoesNotExist(`${model.meta.objectName}.${name} is a many-to-many relation with no column; in ${where} use '${name}__pk' (or another field of the related model).`);
}

/** Checks an orderBy() term at call time. */
export function checkOrderingTerm(model: ModelClass, term: string, annotations: ReadonlySet<string>): void {
  if (term === '?') return;
  const name = term.replace(/^-/, '');
  refuseManyToMany(model, name, 'orderBy()');
  if (annotations.has(name) || model.meta.findField(name) !== undefined) return;
  if (name.includes('__') && resolvePath(model, name) !== undefined) return;
  const choices = [...model.meta.fields.map((f) => f.name), 'pk', ...annotations].join(', ');
  throw new FieldDoesNotExist(`Cannot resolve keyword '${name}' into a field of ${model.meta.objectName} in orderBy(). Choices are: ${choices}.`);
}

/** SELECT … for the state; `names` are selected under their own names as aliases. */
export function buildSelect(model: ModelClass, state: QueryState, connection: DatabaseWrapper, names = selectedNames(model, state)): AnySelect {
  const ordering = effectiveOrdering(state, model.meta.ordering);
  const shared = sharedWhereNode(model, state);
  const sharedPaths = shared === -1 ? [] : joinPaths(state.where[shared]!);
  const plan = planJoins(model, [...[...names, ...ordering].filter((name) => name.includes('__') && !state.annotations.has(name)), ...relationPaths(model, state), ...sharedPaths]);
  const context: CompileContext = { ...contextFor(model, state, connection), joins: plan };
  let query = applyJoins(connection.db.selectFrom(model.meta.dbTable) as AnySelect, plan);
  query = query.select(names.map((name) => nameExpression(name, context).as(name)));
  for (const [i, node] of state.where.entries()) {
    // Each filter() call joins its reverse relations anew, as Django's multi-valued filters do.
    const paths = joinPaths(node);
    if (i === shared) {
      query = query.where(compileWhere(node, { ...context, whereJoins: plan }));
      continue;
    }
    if (paths.length === 0) {
      query = query.where(compileWhere(node, context));
      continue;
    }
    const whereJoins = planJoins(model, paths, `w${i}j`);
    query = applyJoins(query, whereJoins).where(compileWhere(node, { ...context, whereJoins }));
  }
  const grouped = [...state.annotations.values()].some((a) => a.containsAggregate);
  if (grouped) {
    // As Django, explicit orderBy() columns join the grouping too (so PostgreSQL accepts them).
    const ordered = (state.ordering ?? []).filter((t) => t !== '?').map((t) => t.replace(/^-/, ''));
    const keys = [...new Set([...names, ...ordered])].filter((name) => !state.annotations.has(name) || !state.annotations.get(name)!.containsAggregate);
    if (keys.length > 0) query = query.groupBy(keys.map((name) => nameExpression(name, context)));
  }
  const byAlias: CompileContext = { ...context, annotationsByAlias: true };
  for (const node of state.having) query = query.having(compileWhere(node, { ...context, annotationsByAlias: false }));
  // Django ignores Meta.ordering in GROUP BY queries: it would add columns to the grouping.
  for (const term of grouped ? (state.ordering ?? []) : ordering) query = query.orderBy(orderExpression(term, byAlias));
  if (state.distinctFields.length > 0) {
    if (connection.vendor !== 'postgresql') {
      throw new NotSupportedError(`distinct(${state.distinctFields.join(', ')}) with field names needs PostgreSQL (DISTINCT ON); ${connection.vendor} has only distinct().`);
    }
    query = query.distinctOn(state.distinctFields.map((name) => nameExpression(name, context)));
  } else if (state.distinct) {
    query = query.distinct();
  }
  return applySlice(query, state, connection);
}

export function applySlice(query: AnySelect, state: QueryState, connection: DatabaseWrapper): AnySelect {
  if (state.high !== null) query = query.limit(state.high - state.low);
  else if (state.low > 0 && NO_LIMIT[connection.vendor] !== null) query = query.limit(sql<number>`${sql.raw(String(NO_LIMIT[connection.vendor]))}`);
  if (state.low > 0) query = query.offset(state.low);
  if (state.forUpdate && connection.vendor !== 'sqlite') query = query.forUpdate();
  return query;
}

function orderExpression(term: string, context: CompileContext): RawBuilder<unknown> {
  if (term === '?') return context.connection.vendor === 'mysql' ? sql`RAND()` : sql`RANDOM()`;
  const descending = term.startsWith('-');
  const name = descending ? term.slice(1) : term;
  const expression = context.annotations.has(name) ? sql`${sql.id(name)}` : nameExpression(name, context);
  return descending ? sql`${expression} DESC` : sql`${expression} ASC`;
}

/**
 * The paths annotations and F() values in filters JOIN through ('book__pk' for Count('book')): LEFT
 * JOINs in the main query, so an author without books still has a row (Count 0, Sum null).
 */
export function relationPaths(model: ModelClass, state: QueryState): string[] {
  const names = new Set<string>();
  const paths: string[] = [];
  for (const [name, expression] of state.annotations) {
    paths.push(...expression.relationPaths(model, names));
    names.add(name);
  }
  for (const node of state.where) paths.push(...expressionPaths(node, model, names));
  return paths;
}

/**
 * The filter() whose joins the annotations reuse: the first joining one made before an annotation
 * across a relation, so `filter({ book__price__gt: 5 }).annotate({ n: Count('book') })` counts only
 * those books, as Django's. (A filter() after the annotation joins anew.) -1 when none.
 */
function sharedWhereNode(model: ModelClass, state: QueryState): number {
  let before = 0;
  const names = new Set(state.annotations.keys());
  for (const [name, expression] of state.annotations) {
    if (expression.relationPaths(model, names).length > 0) before = Math.max(before, state.annotationWhereCounts.get(name) ?? 0);
  }
  return state.where.findIndex((node, i) => i < before && joinPaths(node).length > 0);
}

/** True when a filter joins a relation: counts and writes must then go through a subquery. */
export function hasWhereJoins(state: QueryState, model: ModelClass): boolean {
  if (state.where.some((node) => expressionPaths(node, model, new Set(state.annotations.keys())).length > 0)) return true;
  return state.where.some((node) => joinPaths(node).length > 0);
}
