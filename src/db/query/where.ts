import { sql } from 'kysely';
import type { RawBuilder, SqlBool } from 'kysely';
import { FieldDoesNotExist, NotSupportedError } from '../errors.js';
import type { Field } from '../fields/field.js';
import { Model } from '../models/model.js';
import type { ModelClass } from '../models/model.js';
import type { CompileContext } from './context.js';
import { Expression } from './expressions.js';
import { LOOKUP_NAMES, compileLookup, isLookupName, prepareLookupValue } from './lookups.js';
import type { LookupName } from './lookups.js';
import { QNode } from './q.js';
import { QuerySet } from './queryset.js';
import { buildSelect, selectedNames } from './compiler.js';

/** One resolved condition: a field (or annotation), a lookup and a checked value. */
interface Leaf {
  readonly kind: 'leaf';
  readonly field: Field | undefined;
  readonly annotation: string | undefined;
  readonly lookup: LookupName;
  readonly value: unknown;
}

interface Branch {
  readonly kind: 'branch';
  readonly connector: 'AND' | 'OR';
  readonly negated: boolean;
  readonly children: readonly WhereNode[];
}

/** A filter resolved against a model, ready to compile for any connection. */
export type WhereNode = Leaf | Branch;

/**
 * Resolves a Q tree against the model: every name is checked now (FieldDoesNotExist,
 * ValidationError), so mistakes surface where filter() is called, as in Django.
 */
export function resolveWhere(q: QNode, model: ModelClass, annotations: ReadonlyMap<string, Expression>): Branch {
  return {
    kind: 'branch',
    connector: q.connector,
    negated: q.negated,
    children: q.children.map((child) =>
      child instanceof QNode ? resolveWhere(child, model, annotations) : resolveLeaf(child[0], child[1], model, annotations),
    ),
  };
}

/** True when a condition refers to an aggregate annotation, so it belongs in HAVING. */
export function refersToAggregate(node: WhereNode, annotations: ReadonlyMap<string, Expression>): boolean {
  if (node.kind === 'leaf') return node.annotation !== undefined && annotations.get(node.annotation)!.containsAggregate;
  return node.children.some((child) => refersToAggregate(child, annotations));
}

function resolveLeaf(key: string, value: unknown, model: ModelClass, annotations: ReadonlyMap<string, Expression>): Leaf {
  const meta = model.meta;
  const [first, ...rest] = key.split('__');
  const choices = (): string => [...meta.fields.map((f) => f.name), 'pk', ...annotations.keys()].join(', ');
  if (first === undefined || first === '') throw new FieldDoesNotExist(`Cannot resolve keyword '${key}' into a field of ${meta.objectName}. Choices are: ${choices()}.`);
  if (value instanceof Expression) value.check(model, new Set(annotations.keys()));
  if (annotations.has(first)) return leaf(undefined, first, rest, value, key, model);
  const field = meta.findField(first);
  if (field === undefined) {
    throw new FieldDoesNotExist(`Cannot resolve keyword '${first}' into a field of ${meta.objectName}. Choices are: ${choices()}.`);
  }
  return leaf(field, undefined, rest, value, key, model);
}

/**
 * The rest of a key after a field: nothing (exact), one lookup, or — on a relation — a path into
 * the related model. Relations plug in here: traverse() will resolve the next step on the target.
 */
function leaf(field: Field | undefined, annotation: string | undefined, rest: readonly string[], value: unknown, key: string, model: ModelClass): Leaf {
  const label = `${model.meta.objectName}.${key}`;
  if (rest.length === 0) return make(field, annotation, 'exact', value, label);
  const [next, ...after] = rest as [string, ...string[]];
  if (after.length === 0 && isLookupName(next)) return make(field, annotation, next, value, label);
  if (field?.isRelation) return traverse(field, rest, key, model);
  const owner = field === undefined ? `annotation '${annotation}'` : `${model.meta.objectName}.${field.name} (${field.internalType})`;
  throw new FieldDoesNotExist(
    `Unsupported lookup '${rest.join('__')}' for ${owner} in '${key}'. Valid lookups: ${LOOKUP_NAMES.join(', ')}.`,
  );
}

function traverse(field: Field, rest: readonly string[], key: string, model: ModelClass): never {
  throw new NotSupportedError(
    `Filtering across the relation ${model.meta.objectName}.${field.name} ('${key}') is not supported yet; filter on '${field.attname}' with the related primary key instead.`,
  );
}

/** The lookups whose right-hand side may be an expression (F('other'), arithmetic). */
const COMPARISONS = new Set<LookupName>(['exact', 'iexact', 'gt', 'gte', 'lt', 'lte']);

function make(field: Field | undefined, annotation: string | undefined, lookup: LookupName, value: unknown, label: string): Leaf {
  if (value instanceof Expression) {
    if (!COMPARISONS.has(lookup)) {
      throw new NotSupportedError(`${label}: an expression cannot be the value of the ${lookup} lookup.`);
    }
    return { kind: 'leaf', field, annotation, lookup, value };
  }
  if (value instanceof QuerySet) {
    if (lookup !== 'in' && lookup !== 'exact') throw new NotSupportedError(`${label}: a QuerySet can only be the value of an in or exact lookup.`);
    const names = selectedNames(value.model, value.state);
    if (names.length !== 1) {
      throw new NotSupportedError(`${label}: the QuerySet used as a value must select exactly one field (valuesList('pk', { flat: true })), not ${names.length}.`);
    }
    return { kind: 'leaf', field, annotation, lookup: 'in', value };
  }
  // A model instance stands for its primary key (a foreign key compared with an object).
  const plain = value instanceof Model ? value.pk : value;
  const prepared = field === undefined ? plain : prepareLookupValue(field, label, lookup, plain);
  return { kind: 'leaf', field, annotation, lookup, value: prepared };
}

/**
 * SQL for a resolved tree. Under an odd number of NOTs, a condition on a nullable column also
 * requires the column to be non-null, so exclude() keeps NULL rows as Django's does.
 */
export function compileWhere(node: WhereNode, context: CompileContext, negated = false): RawBuilder<SqlBool> {
  if (node.kind === 'leaf') return compileLeaf(node, context, negated);
  const inner = negated !== node.negated;
  if (node.children.length === 0) return node.negated ? sql<SqlBool>`1 = 0` : sql<SqlBool>`1 = 1`;
  const parts = node.children.map((child) => compileWhere(child, context, inner));
  const joined = sql.join(parts, sql` ${sql.raw(node.connector)} `);
  return node.negated ? sql<SqlBool>`NOT (${joined})` : sql<SqlBool>`(${joined})`;
}

function compileLeaf(node: Leaf, context: CompileContext, negated: boolean): RawBuilder<SqlBool> {
  const lhs = node.annotation !== undefined
    ? context.annotationsByAlias === true ? sql`${sql.id(node.annotation)}` : context.annotations.get(node.annotation)!.compile(context)
    : sql`${sql.id(context.table, node.field!.column)}`;
  if (node.value instanceof QuerySet) {
    const inner = node.value as QuerySet<Model, unknown>;
    const connection = context.connection;
    if (inner.db !== connection.alias) throw new NotSupportedError(`A subquery on '${inner.db}' cannot be used in a query on '${connection.alias}'.`);
    if (inner.state.empty) return sql<SqlBool>`1 = 0`;
    return sql<SqlBool>`${lhs} IN (${buildSelect(inner.model, inner.state, connection)})`;
  }
  const isExpression = node.value instanceof Expression;
  const rhs = isExpression ? (node.value as Expression).compile(context) : node.value;
  const condition = compileLookup(node.lookup, lhs, rhs, node.field, context.connection, isExpression);
  const nullable = node.field === undefined || node.field.null;
  if (negated && nullable && node.lookup !== 'isnull' && !(node.lookup === 'exact' && node.value === null)) {
    return sql<SqlBool>`(${condition} AND ${lhs} IS NOT NULL)`;
  }
  return condition;
}
