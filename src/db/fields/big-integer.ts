import { DatabaseError } from '../errors.js';
import type { DatabaseWrapper } from '../types.js';
import { Field } from './field.js';
import type { FieldOptions } from './field.js';
import { parseInteger, safeNumberFromDb } from './integer.js';
import { invalid, quote } from './invalid.js';

const INT64_MIN = -9223372036854775808n;
const INT64_MAX = 9223372036854775807n;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export interface BigIntegerFieldOptions<T> extends FieldOptions<T> {
  /**
   * 'number' (the default): values are numbers, and a value beyond ±2^53−1 is refused, in
   * toJs() and when read from the database, rather than rounded. 'bigint': values are bigints
   * and the whole 64-bit range is exact.
   */
  mode?: 'number' | 'bigint';
}

/**
 * A 64-bit signed integer: Django's BigIntegerField. JavaScript numbers are exact only up to
 * 2^53−1, so this field never rounds silently: in the default 'number' mode larger values are
 * refused with an error that points at `mode: 'bigint'`, which holds the full range as bigint.
 *
 * @example fields.BigIntegerField({ mode: 'bigint' }) // a Field<bigint>
 */
export class BigIntegerField<T extends number | bigint | null = number> extends Field<T> {
  readonly internalType: string = 'BigIntegerField';
  readonly mode: 'number' | 'bigint';

  constructor(options: BigIntegerFieldOptions<T> = {}) {
    super(options);
    this.mode = options.mode ?? 'number';
  }

  toJs(value: unknown): T | null {
    if (value === null || value === undefined) return null;
    const big = parseInteger(this, value);
    if (this.mode === 'bigint') return big as T;
    if (big > MAX_SAFE || big < -MAX_SAFE) {
      throw invalid(
        this,
        `${quote(value)} is beyond ±${Number.MAX_SAFE_INTEGER}, which a JavaScript number cannot hold exactly; declare the field with mode: 'bigint'.`,
      );
    }
    return Number(big) as T;
  }

  override toDb(value: T | null, connection: DatabaseWrapper): unknown {
    if (typeof value !== 'number' && typeof value !== 'bigint') value = this.toJs(value);
    // better-sqlite3 binds bigint natively; pg and mysql2 take the exact decimal text.
    if (typeof value === 'bigint' && connection.vendor !== 'sqlite') return value.toString();
    return value;
  }

  override fromDb(value: unknown, connection: DatabaseWrapper): T | null {
    if (this.mode === 'number') return safeNumberFromDb(this, value) as T | null;
    if (value === null || value === undefined) return null;
    if (typeof value === 'number' && !Number.isSafeInteger(value)) {
      // The driver already rounded it (better-sqlite3 without safe integers, mysql2 without supportBigNumbers).
      throw new DatabaseError(
        `Field '${this.name}' read ${value} from the database as an imprecise number; the ${connection.vendor} driver ` +
          `must return 64-bit integers as bigint or text (better-sqlite3 safe integers, mysql2 supportBigNumbers).`,
      );
    }
    return parseInteger(this, value) as T;
  }

  protected override checkValue(value: T): string[] {
    const big = BigInt(value as number | bigint);
    if (big < INT64_MIN) return [`Ensure this value is greater than or equal to ${INT64_MIN}.`];
    if (big > INT64_MAX) return [`Ensure this value is less than or equal to ${INT64_MAX}.`];
    return [];
  }
}
