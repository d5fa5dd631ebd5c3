import type { DatabaseWrapper } from '../types.js';
import { Field } from './field.js';
import type { FieldOptions } from './field.js';
import { invalid, quote } from './invalid.js';
import { parseTimeText } from './temporal.js';

/**
 * A time of day: Django's TimeField. Values are strings, `'HH:MM:SS'` or `'HH:MM:SS.ffffff'`
 * (Python's str(time)), so microseconds survive on every database.
 *
 * @example fields.TimeField({ null: true })
 */
export class TimeField<T extends string | null = string> extends Field<T> {
  readonly internalType: string = 'TimeField';

  constructor(options: FieldOptions<T> = {}) {
    super(options);
  }

  /** `H:MM[:SS[.ffffff]]` text, or a Date (its UTC time of day). */
  toJs(value: unknown): T | null {
    if (value === null || value === undefined) return null;
    let text: string | undefined;
    if (typeof value === 'string') text = value;
    else if (value instanceof Date && !Number.isNaN(value.getTime())) text = value.toISOString().slice(11, 23);
    const time = text === undefined ? 'format' : parseTimeText(text);
    if (time === 'format') throw invalid(this, `${quote(value)} value has an invalid format. It must be in HH:MM[:ss[.uuuuuu]] format.`);
    if (time === 'invalid') throw invalid(this, `${quote(value)} value has the correct format (HH:MM[:ss[.uuuuuu]]) but it is an invalid time.`);
    return time as T;
  }

  /** A raw assignment is coerced with toJs() (as Django's get_prep_value), or refused naming the field. */
  override toDb(value: T | null, _connection: DatabaseWrapper): unknown {
    return this.toJs(value);
  }

  override fromDb(value: unknown, _connection: DatabaseWrapper): T | null {
    if (value === null || value === undefined) return null;
    const time = parseTimeText(String(value));
    if (time === 'format' || time === 'invalid') throw invalid(this, `${quote(value)} read from the database is not a time.`);
    return time as T;
  }
}
