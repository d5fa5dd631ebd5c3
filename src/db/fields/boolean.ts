import type { DatabaseWrapper } from '../types.js';
import { Field } from './field.js';
import type { FieldOptions } from './field.js';
import { invalid, quote } from './invalid.js';

const TRUE = new Set<unknown>([true, 1, 1n, '1', 't', 'true', 'True']);
const FALSE = new Set<unknown>([false, 0, 0n, '0', 'f', 'false', 'False']);

/**
 * true or false: Django's BooleanField. SQLite and MySQL store 0/1 (those drivers have no
 * boolean), PostgreSQL a boolean; reading converts back either way.
 *
 * @example fields.BooleanField({ default: false })
 */
export class BooleanField<T extends boolean | null = boolean> extends Field<T> {
  readonly internalType: string = 'BooleanField';

  constructor(options: FieldOptions<T> = {}) {
    super(options);
  }

  /** Accepts booleans, 0/1, and the strings Django accepts ('t', 'True', '1', 'f', 'False', '0', …). */
  toJs(value: unknown): T | null {
    if (value === null || value === undefined) return null;
    if (TRUE.has(value)) return true as T;
    if (FALSE.has(value)) return false as T;
    throw invalid(this, `${quote(value)} value must be either true or false.`);
  }

  override toDb(value: T | null, connection: DatabaseWrapper): unknown {
    if (typeof value !== 'boolean') value = this.toJs(value);
    if (value === null || value === undefined) return null;
    return connection.features.booleansAsIntegers ? (value ? 1 : 0) : value;
  }

  override fromDb(value: unknown, _connection: DatabaseWrapper): T | null {
    if (value === null || value === undefined) return null;
    if (TRUE.has(value)) return true as T;
    if (FALSE.has(value)) return false as T;
    return Boolean(value) as T;
  }
}
