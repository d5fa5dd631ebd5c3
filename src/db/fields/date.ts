import type { Model } from '../models/model.js';
import type { DatabaseWrapper } from '../types.js';
import type { Deconstructed } from './field.js';
import { Field } from './field.js';
import type { FieldOptions } from './field.js';
import { invalid, quote } from './invalid.js';
import { formatDateOf, inPythonRange, parseDateText } from './temporal.js';

export interface DateFieldOptions<T> extends FieldOptions<T> {
  /** Set to today (UTC) on every save; the field is then not editable. */
  autoNow?: boolean;
  /** Set to today (UTC) when the row is inserted. */
  autoNowAdd?: boolean;
}

/**
 * A calendar day: Django's DateField. Values are `'YYYY-MM-DD'` strings, not Dates: a day has
 * no instant and no time zone, and a string reads back from all three databases exactly as it
 * was written, where a Date would shift with the server's or the driver's zone.
 *
 * @example fields.DateField({ autoNowAdd: true })
 */
export class DateField<T extends string | null = string> extends Field<T> {
  readonly internalType: string = 'DateField';

  constructor(options: DateFieldOptions<T> = {}) {
    const auto = options.autoNow === true || options.autoNowAdd === true;
    super(auto ? { editable: false, blank: true, ...options } : options);
  }

  /** `YYYY-MM-DD` text, or a Date (its UTC day). */
  toJs(value: unknown): T | null {
    if (value === null || value === undefined) return null;
    if (value instanceof Date) {
      if (!inPythonRange(value)) throw invalid(this, `${quote(value)} value has the correct format (YYYY-MM-DD) but it is an invalid date.`);
      return formatDateOf(value) as T;
    }
    const day = typeof value === 'string' ? parseDateText(value) : 'format';
    if (day === 'format') throw invalid(this, `${quote(value)} value has an invalid date format. It must be in YYYY-MM-DD format.`);
    if (day === 'invalid') throw invalid(this, `${quote(value)} value has the correct format (YYYY-MM-DD) but it is an invalid date.`);
    return day as T;
  }

  override preSave(instance: Model, add: boolean): T | null {
    const options = this.options as DateFieldOptions<T>;
    if (options.autoNow === true || (options.autoNowAdd === true && add)) {
      const today = formatDateOf(new Date()) as T;
      (instance as unknown as Record<string, unknown>)[this.attname] = today;
      return today;
    }
    return super.preSave(instance, add);
  }

  /** A raw assignment is coerced with toJs() (as Django's get_prep_value), or refused naming the field. */
  override toDb(value: T | null, _connection: DatabaseWrapper): unknown {
    return this.toJs(value);
  }

  override fromDb(value: unknown, connection: DatabaseWrapper): T | null {
    if (value === null || value === undefined) return null;
    // pg builds a Date at local midnight of the stored day; mysql2 (timezone 'Z') at UTC midnight.
    if (value instanceof Date) return formatDateOf(value, connection.vendor === 'postgresql') as T;
    const text = String(value);
    const day = parseDateText(text.slice(0, 10));
    if (day === 'format' || day === 'invalid') throw invalid(this, `${quote(value)} read from the database is not a date.`);
    return day as T;
  }

  override deconstruct(): Deconstructed {
    return withoutAutoImplied(super.deconstruct());
  }
}

/** autoNow/autoNowAdd imply editable: false and blank: true; migrations need not repeat them. */
export function withoutAutoImplied(deconstructed: Deconstructed): Deconstructed {
  const { autoNow, autoNowAdd, editable, blank, ...rest } = deconstructed.options;
  if (autoNow !== true && autoNowAdd !== true) return deconstructed;
  return {
    type: deconstructed.type,
    options: {
      ...rest,
      ...(autoNow === true ? { autoNow } : {}),
      ...(autoNowAdd === true ? { autoNowAdd } : {}),
      ...(editable === false ? {} : { editable }),
      ...(blank === true ? {} : { blank }),
    },
  };
}
