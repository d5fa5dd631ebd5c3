import type { DatabaseWrapper } from '../types.js';
import type { Deconstructed, FieldOptions } from './field.js';
import { Field } from './field.js';
import { parseInteger, safeNumberFromDb } from './integer.js';
import { invalid, quote } from './invalid.js';

/**
 * An integer primary key the database assigns: Django's AutoField. It is the primary key, is
 * not editable and may be blank (fullClean() leaves it alone); an unsaved instance holds null.
 *
 * @example defineModel('shop.Order', { number: fields.AutoField({ primaryKey: true }) })
 */
export class AutoField<T extends number | null = number> extends Field<T> {
  readonly internalType: string = 'AutoField';

  constructor(options: FieldOptions<T> = {}) {
    super({ primaryKey: true, editable: false, blank: true, ...options });
  }

  toJs(value: unknown): T | null {
    if (value === null || value === undefined) return null;
    const big = parseInteger(this, value);
    if (!Number.isSafeInteger(Number(big)) || BigInt(Number(big)) !== big) {
      throw invalid(this, `${quote(value)} is beyond ±${Number.MAX_SAFE_INTEGER}, which a JavaScript number cannot hold exactly.`);
    }
    return Number(big) as T;
  }

  /** A raw assignment is coerced with toJs() (as Django's get_prep_value), or refused naming the field. */
  override toDb(value: T | null, _connection: DatabaseWrapper): unknown {
    return typeof value === 'number' ? value : this.toJs(value);
  }

  override fromDb(value: unknown, _connection: DatabaseWrapper): T | null {
    return safeNumberFromDb(this, value) as T | null;
  }

  override deconstruct(): Deconstructed {
    const { type, options } = super.deconstruct();
    const { editable: _e, blank: _b, ...rest } = options;
    return { type, options: rest };
  }
}

/** A 64-bit auto-incrementing primary key (values stay numbers): Django's BigAutoField. @example fields.BigAutoField({ primaryKey: true }) */
export class BigAutoField<T extends number | null = number> extends AutoField<T> {
  override readonly internalType: string = 'BigAutoField';
}

/** A 16-bit auto-incrementing primary key: Django's SmallAutoField. @example fields.SmallAutoField({ primaryKey: true }) */
export class SmallAutoField<T extends number | null = number> extends AutoField<T> {
  override readonly internalType: string = 'SmallAutoField';
}
