import { DatabaseError, IntegrityError, OperationalError } from '../../errors.js';
import type { ColumnSpec } from '../../types.js';

/** A vendor's column types by internal type; `%(n)` placeholders are filled from the spec. */
export type TypeTable = Readonly<Record<string, string>>;

const DEFAULT_LENGTHS: Readonly<Record<string, number>> = { EmailField: 254, SlugField: 50, URLField: 200, CharField: 255 };
const AUTO_TO_INTEGER: Readonly<Record<string, string>> = {
  AutoField: 'IntegerField',
  BigAutoField: 'BigIntegerField',
  SmallAutoField: 'SmallIntegerField',
};

/**
 * The spec whose type a column takes: a foreign key takes that of the key it references, with an
 * auto-numbered key read as the plain integer it holds (Django's rel_db_type).
 */
export function typeSource(spec: ColumnSpec): ColumnSpec {
  if (spec.internalType !== 'ForeignKey' && spec.internalType !== 'OneToOneField') return spec;
  const target = spec.references?.target ?? { ...spec, internalType: 'AutoField', references: undefined };
  const resolved = typeSource(target);
  const plain = AUTO_TO_INTEGER[resolved.internalType];
  return plain === undefined ? resolved : { ...resolved, internalType: plain };
}

/** Fills a type template from the spec; an unknown internal type is an error naming the known ones. */
export function columnTypeFrom(table: TypeTable, spec: ColumnSpec, vendor: string): string {
  const source = typeSource(spec);
  const template = table[source.internalType];
  if (template === undefined) {
    throw new DatabaseError(
      `Column '${spec.column}' has the internal type '${source.internalType}', which ${vendor} has no column type for; known types: ${Object.keys(table).join(', ')}.`,
    );
  }
  const maxLength = source.maxLength ?? DEFAULT_LENGTHS[source.internalType];
  return template
    .replace('%(maxLength)', String(maxLength ?? ''))
    .replace('%(maxDigits)', String(source.maxDigits ?? 10))
    .replace('%(decimalPlaces)', String(source.decimalPlaces ?? 0));
}

/** True for the auto-numbered primary key types. */
export function isAuto(spec: ColumnSpec): boolean {
  return spec.internalType in AUTO_TO_INTEGER;
}

/**
 * Rewrites `?` placeholders as `$1, $2, …`, leaving quoted strings, quoted identifiers and
 * comments untouched so a literal '?' stays a question mark.
 */
export function numberedPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|\/\*[\s\S]*?\*\/|\?/g, (match) => (match === '?' ? `$${++n}` : match));
}

/** The table a statement writes to, for error messages ("insert into "x"", "update `x`"). */
export function tableOf(sql: string): string | undefined {
  const match = /^\s*(?:insert\s+(?:ignore\s+)?into|update|delete\s+from|alter\s+table|create\s+(?:unique\s+)?(?:table|index\s+\S+\s+on))\s+(["`]?)([^\s"`(]+)\1/i.exec(sql);
  return match?.[2];
}

/** The kinds of integrity failures, for messages. */
export type IntegrityKind = 'unique' | 'foreign key' | 'not null' | 'check';

/** Builds an IntegrityError naming the table, the constraint and the driver's message. */
export function integrityError(kind: IntegrityKind, detail: string, sql: string, cause: unknown, table?: string): IntegrityError {
  const where = table ?? tableOf(sql);
  return new IntegrityError(`${kind} constraint failed${where ? ` on table '${where}'` : ''}: ${detail}`, { cause });
}

/** Builds a DatabaseError that keeps the driver's message and the SQL that failed. */
export function databaseError(detail: string, sql: string, cause: unknown): DatabaseError {
  return new DatabaseError(detail + inSql(sql), { cause });
}

/** Builds an OperationalError (connection lost, refused or timed out; deadlock; locked file). */
export function operationalError(detail: string, sql: string, cause: unknown): OperationalError {
  return new OperationalError(detail + inSql(sql), { cause });
}

/**
 * Node's socket error codes that mean the server cannot be reached or the connection died; the
 * pg and mysql2 drivers pass them on as the error's `code` (an AggregateError when several
 * addresses were tried, as for 'localhost').
 */
export const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ERR_SOCKET_CLOSED',
  'ERR_STREAM_DESTROYED',
]);

// Connection set-up (an empty SQL) has no statement to show.
function inSql(sql: string): string {
  if (sql === '') return '';
  return ` (in: ${sql.length > 300 ? `${sql.slice(0, 300)}…` : sql})`;
}
