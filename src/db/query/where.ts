import { sql } from 'kysely';
import type { RawBuilder, SqlBool } from 'kysely';
import { FieldDoesNotExist, NotSupportedError } from '../errors.js';
import type { Field } from '../fields/field.js';
import type { ForeignKey as ForeignKeyField } from '../fields/related.js';
import { checkRelatedValue } from '../models/related-descriptors.js';
import { Model } from '../models/model.js';
import type { ModelClass } from '../models/model.js';
import type { CompileContext } from './context.js';
import { Expression } from './expressions.js';
import { LOOKUP_NAMES, compileLookup, isLookupName, prepareLookupValue } from './lookups.js';
import type { LookupName } from './lookups.js';
import { QNode } from './q.js';
import { QuerySet } from './queryset.js';
import { buildSelect, selectedNames } from './compiler.js';
import { relationChoices, resolvePath } from './joins.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ForeignKey = ForeignKeyField<any, any>;

/** One resolved condition: a field (or annotation), a lookup and a checked value. */
interface Leaf {
  readonly kind: 'leaf';
  readonly field: Field | undefined;
  readonly annotation: string | undefined;
  readonly lookup: LookupName;
  readonly value: unknown;
  /** A subquery made by a relation lookup: it runs on whatever database the outer query uses. */
  readonly followsAlias?: boolean;
  /** A column reached through a reverse relation ('book__title'): the query JOINs to it, as Django. */
  readonly joinPath?: string;
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
export function resolveWhere(q: QNode, model: ModelClass, annotations: ReadonlyMap<string, Expression>, underNot = false): Branch {
  const negated = underNot !== q.negated;
  return {
    kind: 'branch',
    connector: q.connector,
    negated: q.negated,
    children: q.children.map((child) =>
      child instanceof QNode ? resolveWhere(child, model, annotations, negated) : resolveLeaf(child[0], child[1], model, annotations, negated),
    ),
  };
}

/** The reverse-relation paths a condition JOINs through. */
export function joinPaths(node: WhereNode): string[] {
  if (node.kind === 'leaf') return node.joinPath === undefined ? [] : [node.joinPath];
  return node.children.flatMap(joinPaths);
}

/** The relation paths F() values in a condition reach ('author__name' in `{ title: F('author__name') }`). */
export function expressionPaths(node: WhereNode, model: ModelClass, annotations: ReadonlySet<string>): string[] {
  if (node.kind === 'leaf') return node.value instanceof Expression ? node.value.relationPaths(model, annotations) : [];
  return node.children.flatMap((child) => expressionPaths(child, model, annotations));
}

/** True when a condition refers to an aggregate annotation, so it belongs in HAVING. */
export function refersToAggregate(node: WhereNode, annotations: ReadonlyMap<string, Expression>): boolean {
  if (node.kind === 'leaf') return node.annotation !== undefined && annotations.get(node.annotation)!.containsAggregate;
  return node.children.some((child) => refersToAggregate(child, annotations));
}

function resolveLeaf(key: string, value: unknown, model: ModelClass, annotations: ReadonlyMap<string, Expression>, negated: boolean): WhereNode {
  const meta = model.meta;
  const [first, ...rest] = key.split('__');
  const choices = (): string => [...relationChoices(model), 'pk', ...annotations.keys()].join(', ');
  if (first === undefined || first === '') throw new FieldDoesNotExist(`Cannot resolve keyword '${key}' into a field of ${meta.objectName}. Choices are: ${choices()}.`);
  if (value instanceof Expression) value.check(model, new Set(annotations.keys()));
  if (annotations.has(first)) return leaf(undefined, first, rest, value, key, model);
  const field = meta.findField(first);
  if (field?.manyToMany === true || (field === undefined && meta.relatedManyToMany.some((f) => f.relatedQueryName === first))) {
    return negated ? manyToManySubquery(key, value, model) : joinReverse(key, value, model);
  }
  if (field === undefined) {
    const reverse = meta.relatedObjects.find((r) => (r.field as ForeignKey).relatedQueryName === first);
    if (reverse !== undefined) return negated ? traverseReverse(reverse.field as ForeignKey, rest, value, key, model) : joinReverse(key, value, model);
    throw new FieldDoesNotExist(`Cannot resolve keyword '${first}' into a field of ${meta.objectName}. Choices are: ${choices()}.`);
  }
  return leaf(field, undefined, rest, value, key, model);
}

/**
 * The rest of a key after a field: nothing (exact), one lookup, or — on a relation — a path into
 * the related model. Relations plug in here: traverse() will resolve the next step on the target.
 */
function leaf(field: Field | undefined, annotation: string | undefined, rest: readonly string[], value: unknown, key: string, model: ModelClass): WhereNode {
  const label = `${model.meta.objectName}.${key}`;
  if (rest.length === 0) return make(field, annotation, 'exact', value, label);
  const [next, ...after] = rest as [string, ...string[]];
  if (after.length === 0 && isLookupName(next)) return make(field, annotation, next, value, label);
  if (field?.isRelation && 'relatedModel' in field && !field.manyToMany) return traverse(field as ForeignKey, rest, value, key, model);
  if (field?.isRelation) {
    throw new NotSupportedError(
      `Filtering across the relation ${model.meta.objectName}.${field.name} ('${key}') is not supported yet; filter on '${field.attname}' with the related primary key instead.`,
    );
  }
  const owner = field === undefined ? `annotation '${annotation}'` : `${model.meta.objectName}.${field.name} (${field.internalType})`;
  throw new FieldDoesNotExist(
    `Unsupported lookup '${rest.join('__')}' for ${owner} in '${key}'. Valid lookups: ${LOOKUP_NAMES.join(', ')}.`,
  );
}

/**
 * A condition across a ForeignKey: `author__name__icontains` becomes `author_id IN (SELECT id FROM
 * author WHERE name …)`; `author__id` (the key itself) stays on this table's column. A final
 * `isnull: true` also matches a NULL key, as Django's LEFT JOIN does.
 */
function traverse(field: ForeignKey, rest: readonly string[], value: unknown, key: string, model: ModelClass): WhereNode {
  const target = field.targetField;
  const [next, lookup, ...after] = rest as [string, ...string[]];
  const label = `${model.meta.objectName}.${key}`;
  if ((next === target.name || (next === 'pk' && target.primaryKey)) && after.length === 0 && (lookup === undefined || isLookupName(lookup))) {
    return make(field, undefined, lookup ?? 'exact', value, label);
  }
  const inner = new QuerySet<Model>(field.relatedModel).filter({ [rest.join('__')]: value }).valuesList(target.name, { flat: true });
  const inSubquery: Leaf = { kind: 'leaf', field, annotation: undefined, lookup: 'in', value: inner, followsAlias: true };
  if (rest.at(-1) !== 'isnull' || value !== true) return inSubquery;
  const keyIsNull = make(field, undefined, 'isnull', true, label);
  return { kind: 'branch', connector: 'OR', negated: false, children: [keyIsNull, inSubquery] };
}

/**
 * A condition across a reverse relation in filter(): a JOIN, as Django's, so an author with two
 * matching books is two rows unless distinct(). A missing related row is NULL (LEFT JOIN).
 */
function joinReverse(key: string, value: unknown, model: ModelClass): WhereNode {
  const parts = key.split('__');
  const last = parts.at(-1)!;
  const lookup = parts.length > 1 && isLookupName(last) ? last : 'exact';
  let path = (lookup === 'exact' && last !== 'exact' ? parts : parts.slice(0, -1)).join('__');
  if (!path.includes('__')) path = `${path}__pk`;
  const resolved = resolvePath(model, path)!;
  // Instances stand for their keys here too (`book__in: [dune]`).
  const plain = Array.isArray(value) ? value.map((v: unknown) => (v instanceof Model && !resolved.field.isRelation ? v.pk : v)) : value;
  const leaf = make(resolved.field, undefined, lookup, plain, `${model.meta.objectName}.${key}`);
  if (leaf.kind !== 'leaf') return leaf;
  return { ...leaf, joinPath: path };
}

/**
 * A many-to-many condition under NOT: `pk IN (SELECT pk … JOIN through …)`, so exclude() drops
 * every row with one matching related object (and keeps rows with none).
 */
function manyToManySubquery(key: string, value: unknown, model: ModelClass): WhereNode {
  const inner = new QuerySet<Model>(model).filter({ [key]: value }).valuesList('pk', { flat: true });
  return { kind: 'leaf', field: model.meta.pk, annotation: undefined, lookup: 'in', value: inner, followsAlias: true };
}

/**
 * A condition across a reverse relation under NOT (exclude()): `Author.filter({ book__title: 'x' })` becomes `id IN
 * (SELECT author_id FROM book WHERE title = 'x' AND author_id IS NOT NULL)`; `book__isnull: true`
 * is NOT IN that set. (A subquery, so an author with two matching books is one row.)
 */
function traverseReverse(field: ForeignKey, rest: readonly string[], value: unknown, key: string, model: ModelClass): WhereNode {
  const related = field.model!;
  const target = field.targetField;
  const label = `${model.meta.objectName}.${key}`;
  let inner = new QuerySet<Model>(related).filter({ [`${field.attname}__isnull`]: false });
  const only = rest.length === 0 ? 'exact' : rest.length === 1 && isLookupName(rest[0]!) ? rest[0]! : undefined;
  if (only === 'isnull') {
    if (typeof value !== 'boolean') throw new FieldDoesNotExist(`${label}: the value of an isnull lookup must be true or false.`);
    const leaf: Leaf = { kind: 'leaf', field: target, annotation: undefined, lookup: 'in', value: inner.valuesList(field.attname, { flat: true }), followsAlias: true };
    return value ? { kind: 'branch', connector: 'AND', negated: true, children: [leaf] } : leaf;
  }
  if (only === 'exact' || only === 'in') {
    const objects = only === 'in' ? [...(value as Iterable<unknown>)] : [value];
    inner = inner.filter({ pk__in: objects.map((o) => (o instanceof Model ? o.pk : o)) });
  } else {
    inner = inner.filter({ [rest.join('__')]: value });
  }
  return { kind: 'leaf', field: target, annotation: undefined, lookup: 'in', value: inner.valuesList(field.attname, { flat: true }), followsAlias: true };
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
  // A model instance stands for its key (a foreign key compared with an object) — of the right model.
  if (value instanceof Model && field?.isRelation && 'relatedModel' in field) checkRelatedValue(field as ForeignKey, value);
  const plain = value instanceof Model ? (field?.isRelation ? field.toJs(value) : value.pk) : value;
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
    : sql`${sql.id(node.joinPath === undefined ? context.table : context.whereJoins!.columns.get(node.joinPath)!.alias, node.field!.column)}`;
  if (node.value instanceof QuerySet) {
    const inner = node.value as QuerySet<Model, unknown>;
    const connection = context.connection;
    if (node.followsAlias !== true && inner.db !== connection.alias) throw new NotSupportedError(`A subquery on '${inner.db}' cannot be used in a query on '${connection.alias}'.`);
    if (inner.state.empty) return sql<SqlBool>`1 = 0`;
    const inSubquery = sql<SqlBool>`${lhs} IN (${buildSelect(inner.model, inner.state, connection)})`;
    // As for any lookup: under NOT, a NULL key must still be kept (exclude() across a relation).
    return negated && node.field?.null === true ? sql<SqlBool>`(${inSubquery} AND ${lhs} IS NOT NULL)` : inSubquery;
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
