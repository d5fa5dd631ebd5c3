import { ImproperlyConfigured } from '../../conf/errors.js';
import type { DatabaseSettings } from '../types.js';

/**
 * Canter's own OPTIONS of a server database (PostgreSQL, MySQL/MariaDB), in seconds. They are
 * upper-case so they can never clash with the driver's own options, which OPTIONS passes on.
 *
 * - `CONNECT_TIMEOUT` (default 5): the longest a query waits to get a connection — a free one from
 *   a full pool, or a new one opened and set up. A server that is down, unreachable or frozen
 *   fails the query with OperationalError after at most this long instead of hanging the request.
 * - `QUERY_TIMEOUT` (default 30, the same bound gunicorn's default puts on a whole request): the
 *   longest one statement may wait for the server's answer. Past it the query fails with
 *   OperationalError and its connection is closed (it may still be busy on the server), so a
 *   frozen server or a cut network cannot hold requests forever. Raise it for long statements
 *   (big migrations, reports).
 *
 * `null` or `0` turns either limit off. In a URL they are query parameters:
 * `postgres://u@db/app?CONNECT_TIMEOUT=2&QUERY_TIMEOUT=10`.
 */
export const CONNECTION_LIMIT_OPTIONS = ['CONNECT_TIMEOUT', 'QUERY_TIMEOUT'] as const;

export const DEFAULT_CONNECT_TIMEOUT = 5;
export const DEFAULT_QUERY_TIMEOUT = 30;

/** The limits in milliseconds; undefined means none. */
export interface ConnectionLimits {
  readonly connectMs: number | undefined;
  readonly queryMs: number | undefined;
}

/**
 * The limits of a DATABASES entry, validated; a bad value is an error naming the setting.
 *
 * @example
 * connectionLimits({ ENGINE: 'postgresql', NAME: 'app', OPTIONS: { QUERY_TIMEOUT: 10 } }); // { connectMs: 5000, queryMs: 10000 }
 */
export function connectionLimits(settings: Readonly<DatabaseSettings>, at = 'DATABASES'): ConnectionLimits {
  const options = settings.OPTIONS ?? {};
  return {
    connectMs: seconds(options.CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT, `${at}.OPTIONS.CONNECT_TIMEOUT`),
    queryMs: seconds(options.QUERY_TIMEOUT, DEFAULT_QUERY_TIMEOUT, `${at}.OPTIONS.QUERY_TIMEOUT`),
  };
}

/** OPTIONS without Canter's own keys: what the driver is given. */
export function driverOptions(settings: Readonly<DatabaseSettings>): Record<string, unknown> {
  const options: Record<string, unknown> = { ...(settings.OPTIONS ?? {}) };
  for (const key of CONNECTION_LIMIT_OPTIONS) delete options[key];
  return options;
}

/** "5 s" for messages; "no limit" when off. */
export function describeLimit(ms: number | undefined): string {
  return ms === undefined ? 'no limit' : `${ms / 1000} s`;
}

function seconds(value: unknown, fallback: number, setting: string): number | undefined {
  if (value === undefined) return fallback * 1000;
  if (value === null) return undefined;
  // A URL's query string gives text: '2' and '0.5' are accepted as numbers.
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number) || number < 0) {
    throw new ImproperlyConfigured(
      `${setting} is ${typeof value === 'string' ? `'${value}'` : String(value)}; it must be a number of seconds ≥ 0 (0 or null for no limit).`,
    );
  }
  return number === 0 ? undefined : Math.round(number * 1000);
}
