import type { Model } from '../models/model.js';
import type { DatabaseWrapper } from '../types.js';
import { withoutAutoImplied } from './date.js';
import type { DateFieldOptions } from './date.js';
import type { Deconstructed } from './field.js';
import { Field } from './field.js';
import { invalid, quote } from './invalid.js';
import { formatDateTimeText, inPythonRange, parseDateTimeText } from './temporal.js';

const FORMAT = 'YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ]';

/**
 * An instant: Django's DateTimeField with USE_TZ. Values are Dates, stored in UTC: PostgreSQL as
 * timestamptz; SQLite as the text Django writes (`2024-05-01 09:30:00.250000`), so a database
 * shared with Django reads the same instants; MySQL as a UTC datetime(6). Dates hold
 * milliseconds, so microseconds written by Django are read truncated to the millisecond.
 *
 * @example fields.DateTimeField({ autoNowAdd: true })
 */
export class DateTimeField<T extends Date | null = Date> extends Field<T> {
  readonly internalType: string = 'DateTimeField';

  constructor(options: DateFieldOptions<T> = {}) {
    const auto = options.autoNow === true || options.autoNowAdd === true;
    super(auto ? { editable: false, blank: true, ...options } : options);
  }

  /** A Date, or text in Django's format (no offset means UTC; a bare day means its midnight). */
  toJs(value: unknown): T | null {
    if (value === null || value === undefined) return null;
    const date = value instanceof Date ? value : typeof value === 'string' ? parseDateTimeText(value) : 'format';
    if (date === 'format') throw invalid(this, `${quote(value)} value has an invalid format. It must be in ${FORMAT} format.`);
    if (date === 'invalid' || !inPythonRange(date)) {
      throw invalid(this, `${quote(value)} value has the correct format (${FORMAT}) but it is an invalid date/time.`);
    }
    return date as T;
  }

  override preSave(instance: Model, add: boolean): T | null {
    const options = this.options as DateFieldOptions<T>;
    if (options.autoNow === true || (options.autoNowAdd === true && add)) {
      const now = new Date() as T;
      (instance as unknown as Record<string, unknown>)[this.attname] = now;
      return now;
    }
    return super.preSave(instance, add);
  }

  override toDb(value: T | null, connection: DatabaseWrapper): unknown {
    if (!(value instanceof Date)) value = this.toJs(value);
    if (value === null || value === undefined) return null;
    const date = value as Date;
    // An explicit UTC text: no driver gets the chance to apply its own time zone.
    return connection.vendor === 'postgresql' ? date.toISOString() : formatDateTimeText(date);
  }

  override fromDb(value: unknown, _connection: DatabaseWrapper): T | null {
    if (value === null || value === undefined) return null;
    // pg parses timestamptz to the instant; mysql2 is configured with timezone 'Z', so its
    // datetime(6) wall time is read as the UTC it was written in.
    if (value instanceof Date) return value as T;
    const date = parseDateTimeText(String(value));
    if (typeof date === 'string') throw invalid(this, `${quote(value)} read from the database is not a datetime.`);
    return date as T;
  }

  override deconstruct(): Deconstructed {
    return withoutAutoImplied(super.deconstruct());
  }
}
