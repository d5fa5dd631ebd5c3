/**
 * Dates as Django's password-reset hash spells them: a naive Python datetime's str() and the
 * wall clock of a time zone, so that Canter's tokens are Django's byte for byte.
 */

/** The wall-clock fields of an instant in some time zone. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** Reads the wall clock of an instant; made once per time zone. */
export type WallClockReader = (instant: Date) => WallClock;

const utcWallClock: WallClockReader = (d) => ({
  year: d.getUTCFullYear(),
  month: d.getUTCMonth() + 1,
  day: d.getUTCDate(),
  hour: d.getUTCHours(),
  minute: d.getUTCMinutes(),
  second: d.getUTCSeconds(),
});

/**
 * A reader of the wall clock in `timeZone` (an IANA name such as 'Europe/Paris'); throws
 * RangeError for a name the platform does not know.
 */
export function wallClockIn(timeZone: string): WallClockReader {
  if (timeZone === 'UTC') return utcWallClock;
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    era: 'short',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  return (d) => {
    const parts: Record<string, string> = {};
    for (const part of format.formatToParts(d)) parts[part.type] = part.value;
    const year = Number(parts.year);
    return {
      year: parts.era === 'BC' || parts.era === 'B' ? 1 - year : year,
      month: Number(parts.month),
      day: Number(parts.day),
      hour: Number(parts.hour),
      minute: Number(parts.minute),
      second: Number(parts.second),
    };
  };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Python's str() of a naive datetime without microseconds: '2024-03-01 09:05:07'. */
export function pythonDatetimeText(clock: WallClock): string {
  return `${pad(clock.year, 4)}-${pad(clock.month)}-${pad(clock.day)} ${pad(clock.hour)}:${pad(clock.minute)}:${pad(clock.second)}`;
}

const EPOCH_2001 = Date.UTC(2001, 0, 1);

/**
 * Whole seconds from 2001-01-01 00:00 to the wall clock `clock` (with `ms` milliseconds), cut
 * toward zero as Python's int() cuts Django's total_seconds().
 */
export function secondsSince2001(clock: WallClock, ms: number): number {
  const at = Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second, ms);
  return Math.trunc((at - EPOCH_2001) / 1000);
}
