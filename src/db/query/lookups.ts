import { sql } from 'kysely';
import type { RawBuilder, SqlBool } from 'kysely';
import { NotSupportedError, ValidationError } from '../errors.js';
import type { Field } from '../fields/field.js';
import type { DatabaseWrapper } from '../types.js';

/** The field lookups Canter knows: the part after `__` in `price__gte`. */
export const LOOKUP_NAMES = [
  'exact', 'iexact', 'contains', 'icontains', 'in', 'gt', 'gte', 'lt', 'lte',
  'startswith', 'istartswith', 'endswith', 'iendswith', 'range', 'isnull', 'regex', 'iregex',
] as const;

export type LookupName = (typeof LOOKUP_NAMES)[number];

export function isLookupName(name: string): name is LookupName {
  return (LOOKUP_NAMES as readonly string[]).includes(name);
}

const PATTERN = new Set<LookupName>(['contains', 'icontains', 'startswith', 'istartswith', 'endswith', 'iendswith']);

/**
 * Checks a filter value's shape for its lookup and converts it with the field's toJs(), so a bad
 * value fails at filter() time with a ValidationError naming the field. The result still needs
 * toDb() for a connection, done by compileLookup().
 */
export function prepareLookupValue<T>(field: Field<T>, label: string, lookup: LookupName, value: unknown): unknown {
  const bad = (message: string): ValidationError => new ValidationError({ [field.name]: [`${label}: ${message}`] });
  switch (lookup) {
    case 'isnull':
      if (typeof value !== 'boolean') throw bad(`the value of an isnull lookup must be true or false, not ${describe(value)}.`);
      return value;
    case 'in': {
      if (typeof value === 'string' || value === null || typeof value !== 'object' || !(Symbol.iterator in value)) {
        throw bad(`the value of an in lookup must be an array or other iterable, not ${describe(value)}.`);
      }
      // NULL never equals anything in SQL, so Django drops it from IN lists.
      return [...(value as Iterable<unknown>)].filter((v) => v !== null && v !== undefined).map((v) => toJs(field, label, v));
    }
    case 'range': {
      if (!Array.isArray(value) || value.length !== 2) throw bad(`the value of a range lookup must be [low, high], not ${describe(value)}.`);
      return value.map((v: unknown) => toJs(field, label, v));
    }
    case 'exact':
    case 'iexact':
      return value === null || value === undefined ? null : toJs(field, label, value);
    default:
      if (value === null || value === undefined) throw bad(`null cannot be used with the ${lookup} lookup; use isnull.`);
      if (lookup === 'regex' || lookup === 'iregex' || PATTERN.has(lookup)) {
        if (typeof value === 'object' && !(value instanceof Date)) throw bad(`the ${lookup} lookup needs a string, not ${describe(value)}.`);
        return String(toJs(field, label, value));
      }
      return toJs(field, label, value);
  }
}

function toJs<T>(field: Field<T>, label: string, value: unknown): unknown {
  try {
    return field.toJs(value);
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    throw new ValidationError({ [field.name]: [`${label}: ${describe(value)} is not a valid value (${(error as Error).message}).`] }, { cause: error });
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? `an object (${value.constructor?.name ?? 'Object'})` : String(value);
}

/** Escapes LIKE's wildcards so that a value's own % and _ match literally. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** GLOB (SQLite's case-sensitive match) has no escape character: a wildcard is put in brackets. */
export function escapeGlob(value: string): string {
  return value.replace(/[*?[]/g, (c) => `[${c}]`);
}

/**
 * The SQL condition for one lookup. `rhs` is the prepared value (or an expression already
 * compiled); `lhs` the column or expression.
 */
export function compileLookup(
  lookup: LookupName,
  lhs: RawBuilder<unknown>,
  rhs: unknown,
  field: Field | undefined,
  connection: DatabaseWrapper,
  rhsIsExpression = false,
): RawBuilder<SqlBool> {
  const db = (value: unknown): unknown => (field !== undefined && !rhsIsExpression ? field.toDb(value, connection) : value);
  const param = (value: unknown): RawBuilder<unknown> => (rhsIsExpression ? (value as RawBuilder<unknown>) : sql`${db(value)}`);
  const vendor = connection.vendor;
  switch (lookup) {
    case 'exact':
      return rhs === null ? sql<SqlBool>`${lhs} IS NULL` : sql<SqlBool>`${lhs} = ${param(rhs)}`;
    case 'iexact':
      if (rhs === null) return sql<SqlBool>`${lhs} IS NULL`;
      return sql<SqlBool>`UPPER(${text(lhs, vendor)}) = UPPER(${param(rhs)})`;
    case 'gt':
      return sql<SqlBool>`${lhs} > ${param(rhs)}`;
    case 'gte':
      return sql<SqlBool>`${lhs} >= ${param(rhs)}`;
    case 'lt':
      return sql<SqlBool>`${lhs} < ${param(rhs)}`;
    case 'lte':
      return sql<SqlBool>`${lhs} <= ${param(rhs)}`;
    case 'isnull':
      return rhs === true ? sql<SqlBool>`${lhs} IS NULL` : sql<SqlBool>`${lhs} IS NOT NULL`;
    case 'in': {
      const values = rhs as unknown[];
      // An empty IN list matches no row; `1 = 0` keeps exclude()'s NOT working.
      if (values.length === 0) return sql<SqlBool>`1 = 0`;
      return sql<SqlBool>`${lhs} IN (${sql.join(values.map((v) => sql`${db(v)}`))})`;
    }
    case 'range': {
      const [low, high] = rhs as [unknown, unknown];
      return sql<SqlBool>`${lhs} BETWEEN ${param(low)} AND ${param(high)}`;
    }
    case 'regex':
    case 'iregex':
      return regex(lookup === 'iregex', lhs, param(rhs), vendor);
    default:
      return pattern(lookup, lhs, rhs as string, connection);
  }
}

function text(lhs: RawBuilder<unknown>, vendor: DatabaseWrapper['vendor']): RawBuilder<unknown> {
  // PostgreSQL has no implicit cast to text: `integer LIKE text` is an error.
  return vendor === 'postgresql' ? sql`CAST(${lhs} AS text)` : lhs;
}

function pattern(lookup: LookupName, lhs: RawBuilder<unknown>, value: string, connection: DatabaseWrapper): RawBuilder<SqlBool> {
  const insensitive = lookup.startsWith('i');
  const kind = insensitive ? lookup.slice(1) : lookup;
  const wrap = (escaped: string, any: string): string =>
    kind === 'contains' ? `${any}${escaped}${any}` : kind === 'startswith' ? `${escaped}${any}` : `${any}${escaped}`;
  switch (connection.vendor) {
    case 'sqlite':
      // SQLite's LIKE ignores ASCII case, so case-sensitive lookups use GLOB.
      if (!insensitive) return sql<SqlBool>`${lhs} GLOB ${wrap(escapeGlob(value), '*')}`;
      return sql<SqlBool>`${lhs} LIKE ${wrap(escapeLike(value), '%')} ESCAPE '\\'`;
    case 'postgresql':
      if (!insensitive) return sql<SqlBool>`${text(lhs, 'postgresql')} LIKE ${wrap(escapeLike(value), '%')}`;
      return sql<SqlBool>`UPPER(${text(lhs, 'postgresql')}) LIKE UPPER(${wrap(escapeLike(value), '%')})`;
    case 'mysql':
      // MySQL's usual collations ignore case; BINARY makes the comparison exact.
      if (!insensitive) return sql<SqlBool>`${lhs} LIKE BINARY ${wrap(escapeLike(value), '%')}`;
      return sql<SqlBool>`${lhs} LIKE ${wrap(escapeLike(value), '%')}`;
  }
}

function regex(insensitive: boolean, lhs: RawBuilder<unknown>, rhs: RawBuilder<unknown>, vendor: DatabaseWrapper['vendor']): RawBuilder<SqlBool> {
  switch (vendor) {
    case 'postgresql':
      return insensitive ? sql<SqlBool>`${lhs}::text ~* ${rhs}` : sql<SqlBool>`${lhs}::text ~ ${rhs}`;
    case 'mysql':
      return insensitive ? sql<SqlBool>`${lhs} REGEXP ${rhs}` : sql<SqlBool>`${lhs} REGEXP BINARY ${rhs}`;
    case 'sqlite':
      throw new NotSupportedError(`The ${insensitive ? 'iregex' : 'regex'} lookup is not supported on SQLite (it has no REGEXP function); use PostgreSQL or MySQL, or another lookup.`);
  }
}
