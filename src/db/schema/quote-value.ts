import type { Vendor } from '../types.js';

/**
 * A value as an SQL literal, for DDL where drivers take no parameters (a column's DEFAULT).
 * Only the shapes fields produce for the database are accepted.
 */
export function quoteValue(value: unknown, vendor: Vendor): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return vendor === 'postgresql' ? String(value) : value ? '1' : '0';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`Cannot write ${value} as an SQL default.`);
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return quoteString(value.toISOString(), vendor);
  if (Buffer.isBuffer(value)) return vendor === 'postgresql' ? `'\\x${value.toString('hex')}'::bytea` : `X'${value.toString('hex')}'`;
  if (typeof value === 'string') return quoteString(value, vendor);
  return quoteString(JSON.stringify(value), vendor);
}

function quoteString(text: string, vendor: Vendor): string {
  const doubled = text.replaceAll("'", "''");
  // MySQL treats a backslash in a string literal as an escape unless NO_BACKSLASH_ESCAPES is set.
  return vendor === 'mysql' ? `'${doubled.replaceAll('\\', '\\\\')}'` : `'${doubled}'`;
}
