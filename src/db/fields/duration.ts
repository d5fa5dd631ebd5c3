import type { DatabaseWrapper } from '../types.js';
import { DatabaseError } from '../errors.js';
import { Field } from './field.js';
import type { FieldOptions } from './field.js';
import { invalid, quote } from './invalid.js';

const UNITS = { days: 86_400_000, hours: 3_600_000, minutes: 60_000, seconds: 1000, milliseconds: 1 } as const;
// Django's forms: "3 days, 04:05:06.000007", "3 04:05:06", "04:05", "-1 day, 23:59:59".
const TEXT = /^(?:(-?\d+)\s*(?:days?,?)?\s+)?(?:(-?\d+):)??(?:(-?\d+):)?(-?\d+(?:\.\d{1,6})?)$/;

/**
 * A span of time: Django's DurationField. Values are milliseconds as a number (fractions carry
 * microseconds, Django's precision); stored as microseconds in a bigint on SQLite and MySQL,
 * as Django does, and as an interval on PostgreSQL.
 *
 * @example fields.DurationField({ default: 30 * 60_000 }) // half an hour
 */
export class DurationField<T extends number | null = number> extends Field<T> {
  readonly internalType: string = 'DurationField';

  constructor(options: FieldOptions<T> = {}) {
    super(options);
  }

  /** Milliseconds, or text in Django's form (`'1 day, 02:03:04.5'`, `'02:03'`). */
  toJs(value: unknown): T | null {
    if (value === null || value === undefined) return null;
    const ms = typeof value === 'number' ? value : typeof value === 'string' ? parseDurationText(value.trim()) : undefined;
    if (ms === undefined || !Number.isFinite(ms) || Math.abs(ms) > 8.64e15) {
      throw invalid(this, `${quote(value)} value has an invalid format. It must be in [DD] [[HH:]MM:]ss[.uuuuuu] format.`);
    }
    return (Math.round(ms * 1000) / 1000) as T;
  }

  override toDb(value: T | null, connection: DatabaseWrapper): unknown {
    if (typeof value !== 'number') value = this.toJs(value);
    if (value === null || value === undefined) return null;
    const micros = Math.round((value as number) * 1000);
    return connection.vendor === 'postgresql' ? `${micros} microseconds` : micros;
  }

  override fromDb(value: unknown, _connection: DatabaseWrapper): T | null {
    if (value === null || value === undefined) return null;
    if (typeof value === 'number' || typeof value === 'bigint' || (typeof value === 'string' && /^-?\d+$/.test(value))) {
      return (Number(value) / 1000) as T;
    }
    if (typeof value === 'object') {
      const interval = value as Partial<Record<keyof typeof UNITS | 'months' | 'years', number>>;
      if (interval.months || interval.years) {
        throw new DatabaseError(`Field '${this.name}' read an interval in months or years, which has no fixed length in milliseconds.`);
      }
      let ms = 0;
      for (const [unit, size] of Object.entries(UNITS)) ms += (interval[unit as keyof typeof UNITS] ?? 0) * size;
      return (Math.round(ms * 1000) / 1000) as T;
    }
    const ms = parseDurationText(String(value));
    if (ms === undefined) throw invalid(this, `${quote(value)} read from the database is not a duration.`);
    return ms as T;
  }
}

function parseDurationText(text: string): number | undefined {
  const m = text.length <= 64 ? TEXT.exec(text) : null;
  if (m === null) return undefined;
  const [days, hours, minutes, seconds] = [m[1], m[2], m[3], m[4]].map((part) => Number(part ?? '0')) as [number, number, number, number];
  // "-1 day, 23:59:59" is one second short of zero, as Python prints negative timedeltas.
  return days * UNITS.days + hours * UNITS.hours + minutes * UNITS.minutes + seconds * UNITS.seconds;
}
