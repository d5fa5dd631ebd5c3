import { DatabaseError } from '../errors.js';
import type { DatabaseWrapper } from '../types.js';
import { Field } from './field.js';
import type { FieldOptions } from './field.js';
import { invalid, quote } from './invalid.js';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Reads an integer from user input: a whole number, a bigint, or a string of digits. A number
 * with a fractional part is refused rather than truncated as Django's int() would.
 */
export function parseInteger(field: { readonly name: string }, value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^\s*[+-]?\d{1,40}\s*$/.test(value)) return BigInt(value.trim());
  throw invalid(field, `${quote(value)} value must be an integer.`);
}

/** Turns an integer a driver returned (number, bigint or string) into a number, refusing to round. */
export function safeNumberFromDb(field: { readonly name: string }, value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const big = typeof value === 'number' ? (Number.isSafeInteger(value) ? BigInt(value) : undefined) : parseIntegerOrUndefined(value);
  if (big === undefined || big > MAX_SAFE || big < -MAX_SAFE) {
    throw new DatabaseError(
      `Field '${field.name}' read ${String(value)} from the database, which a JavaScript number cannot hold exactly; ` +
        `declare it BigIntegerField({ mode: 'bigint' }).`,
    );
  }
  return Number(big);
}

function parseIntegerOrUndefined(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'string' && /^[+-]?\d+$/.test(value)) return BigInt(value);
  return undefined;
}

/**
 * A 32-bit signed integer column: Django's IntegerField. Values are numbers; fullClean()
 * refuses those outside the column's range, so every database stores the same values.
 *
 * @example fields.IntegerField({ default: 0 })
 */
export class IntegerField<T extends number | null = number> extends Field<T> {
  readonly internalType: string = 'IntegerField';
  /** The range the column holds on every supported database (Django's integer_field_range). */
  protected readonly range: readonly [bigint, bigint] = [-2147483648n, 2147483647n];

  constructor(options: FieldOptions<T> = {}) {
    super(options);
  }

  toJs(value: unknown): T | null {
    if (value === null || value === undefined) return null;
    const big = parseInteger(this, value);
    if (big > MAX_SAFE || big < -MAX_SAFE) {
      throw invalid(this, `${quote(value)} is beyond ±${Number.MAX_SAFE_INTEGER}, which a JavaScript number cannot hold exactly.`);
    }
    return Number(big) as T;
  }

  override toDb(value: T | null, _connection: DatabaseWrapper): unknown {
    return typeof value === 'number' ? value : this.toJs(value);
  }

  override fromDb(value: unknown, _connection: DatabaseWrapper): T | null {
    return safeNumberFromDb(this, value) as T | null;
  }

  protected override checkValue(value: T): string[] {
    const [min, max] = this.range;
    const big = BigInt(value as number);
    if (big < min) return [`Ensure this value is greater than or equal to ${min}.`];
    if (big > max) return [`Ensure this value is less than or equal to ${max}.`];
    return [];
  }
}

/** A 16-bit signed integer: Django's SmallIntegerField. @example fields.SmallIntegerField() */
export class SmallIntegerField<T extends number | null = number> extends IntegerField<T> {
  override readonly internalType: string = 'SmallIntegerField';
  protected override readonly range: readonly [bigint, bigint] = [-32768n, 32767n];
}

/** 0 to 2147483647: Django's PositiveIntegerField. @example fields.PositiveIntegerField() */
export class PositiveIntegerField<T extends number | null = number> extends IntegerField<T> {
  override readonly internalType: string = 'PositiveIntegerField';
  protected override readonly range: readonly [bigint, bigint] = [0n, 2147483647n];
}

/** 0 to 32767: Django's PositiveSmallIntegerField. @example fields.PositiveSmallIntegerField() */
export class PositiveSmallIntegerField<T extends number | null = number> extends IntegerField<T> {
  override readonly internalType: string = 'PositiveSmallIntegerField';
  protected override readonly range: readonly [bigint, bigint] = [0n, 32767n];
}

/** 0 to 9223372036854775807: Django's PositiveBigIntegerField. @example fields.PositiveBigIntegerField() */
export class PositiveBigIntegerField<T extends number | null = number> extends IntegerField<T> {
  override readonly internalType: string = 'PositiveBigIntegerField';
  protected override readonly range: readonly [bigint, bigint] = [0n, 9223372036854775807n];
}
