/*
 * Text forms of dates and times shared by DateField, DateTimeField and TimeField: the ISO-like
 * forms Django parses and writes (Python's str() of a date, datetime and time), year 1 to 9999.
 */

/** Why a text is not a date/time: not the format at all, or the format but no such day or hour. */
export type TemporalProblem = 'format' | 'invalid';

const DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const DATETIME = /^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const TIME = /^(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d{1,9}))?)?$/;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `YYYY-MM-DD` (one-digit month/day accepted) → the canonical `YYYY-MM-DD`. */
export function parseDateText(text: string): string | TemporalProblem {
  const m = DATE.exec(text.trim());
  if (m === null) return 'format';
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!isCalendarDay(y, mo, d)) return 'invalid';
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)}`;
}

/**
 * `YYYY-MM-DD HH:MM[:SS[.ffffff]][TZ]` (or with `T`) → a Date. Text without an offset is UTC,
 * which is how Django (USE_TZ) stores datetimes on SQLite and MySQL. Digits beyond the
 * millisecond are dropped: a Date holds milliseconds.
 */
export function parseDateTimeText(text: string): Date | TemporalProblem {
  const trimmed = text.trim();
  const m = DATETIME.exec(trimmed);
  if (m === null) {
    const day = parseDateText(trimmed);
    return day === 'format' || day === 'invalid' ? day : utcDate(Number(day.slice(0, 4)), Number(day.slice(5, 7)), Number(day.slice(8, 10)), 0, 0, 0, 0);
  }
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? '0')) as [number, number, number, number, number, number];
  if (!isCalendarDay(y, mo, d) || h > 23 || mi > 59 || s > 59) return 'invalid';
  const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const date = utcDate(y, mo, d, h, mi, s, ms);
  const zone = m[8];
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const digits = zone.replace(':', '');
    const offset = (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || '0')) * (zone.startsWith('-') ? -1 : 1);
    date.setTime(date.getTime() - offset * 60_000);
  }
  return date;
}

/** A Date as Django writes a UTC datetime into SQLite/MySQL: `YYYY-MM-DD HH:MM:SS[.ffffff]`. */
export function formatDateTimeText(date: Date): string {
  const base =
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  const ms = date.getUTCMilliseconds();
  // Python's str() leaves the fraction out when it is zero; Django's stored text does too.
  return ms === 0 ? base : `${base}.${pad(ms, 3)}000`;
}

/** A Date's UTC calendar day as `YYYY-MM-DD`. */
export function formatDateOf(date: Date, local = false): string {
  return local
    ? `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
    : `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** `H:MM[:SS[.ffffff]]` → the canonical `HH:MM:SS` or `HH:MM:SS.ffffff` (Python's str(time)). */
export function parseTimeText(text: string): string | TemporalProblem {
  const m = TIME.exec(text.trim());
  if (m === null) return 'format';
  const [h, mi, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? '0')];
  if (h > 23 || mi > 59 || s > 59) return 'invalid';
  const micro = (m[4] ?? '').padEnd(6, '0').slice(0, 6);
  const base = `${pad(h)}:${pad(mi)}:${pad(s)}`;
  return /^0*$/.test(micro) ? base : `${base}.${micro}`;
}

/** A Date for a UTC wall time; unlike Date.UTC, years 1–99 stay themselves. */
export function utcDate(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, ms);
  return date;
}

/** Python's datetime range: a Date outside years 1–9999 cannot be stored or read back as text. */
export function inPythonRange(date: Date): boolean {
  const year = date.getUTCFullYear();
  return !Number.isNaN(date.getTime()) && year >= 1 && year <= 9999;
}

function isCalendarDay(y: number, mo: number, d: number): boolean {
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= (days[mo - 1] ?? 0);
}
