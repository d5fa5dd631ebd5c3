import type { DatabaseWrapper } from '../types.js';
import { Field } from './field.js';
import type { FieldOptions } from './field.js';
import { invalid, quote } from './invalid.js';

/**
 * A double-precision float: Django's FloatField. NaN and ±Infinity are refused: PostgreSQL would
 * store them but SQLite and MySQL cannot, and a model should mean the same on all three.
 *
 * @example fields.FloatField({ null: true })
 */
export class FloatField<T extends number | null = number> extends Field<T> {
  readonly internalType: string = 'FloatField';

  constructor(options: FieldOptions<T> = {}) {
    super(options);
  }

  toJs(value: unknown): T | null {
    if (value === null || value === undefined) return null;
    let number: number | undefined;
    if (typeof value === 'number') number = value;
    else if (typeof value === 'bigint') number = Number(value);
    else if (typeof value === 'string' && value.trim() !== '' && value.length <= 400) number = Number(value.trim());
    if (number === undefined || !Number.isFinite(number)) throw invalid(this, `${quote(value)} value must be a float.`);
    return number as T;
  }

  /** A raw assignment is coerced with toJs() (as Django's get_prep_value), or refused naming the field. */
  override toDb(value: T | null, _connection: DatabaseWrapper): unknown {
    return typeof value === 'number' ? value : this.toJs(value);
  }

  override fromDb(value: unknown, _connection: DatabaseWrapper): T | null {
    if (value === null || value === undefined) return null;
    return (typeof value === 'number' ? value : Number(value)) as T;
  }
}
