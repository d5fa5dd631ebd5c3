import { createHash } from 'node:crypto';
import { getSettings } from '../../conf/settings/index.js';
import { connections } from '../../db/connections/registry.js';
import type { Connection } from '../../db/connections/wrapper.js';
import { DatabaseError, IntegrityError } from '../../db/errors.js';
import { formatDateTimeText, parseDateTimeText } from '../../db/fields/temporal.js';
import { atomic } from '../../db/transaction.js';
import { addTo, BaseCache } from '../base.js';
import { decodeValue, encodeValue } from '../codec.js';
import type { CacheParams } from '../config.js';
import { InvalidCacheBackendError } from '../errors.js';

/**
 * What LOCATION may be: an SQL identifier of letters, digits and underscores that does not start
 * with a digit, at most 55 characters (so that its `<table>_expires` index name fits PostgreSQL's 63).
 */
export const CACHE_TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,54}$/;

/** Django's "never": datetime.max without its microseconds, in UTC. */
export const NEVER_EXPIRES = new Date(Date.UTC(9999, 11, 31, 23, 59, 59));

/** cache_key is varchar(255); longer keys are stored as a prefix of them and their sha256. */
const MAX_KEY_LENGTH = 255;
// Text the database cannot hold as is: NUL (PostgreSQL refuses it) and lone UTF-16 surrogates (lost in UTF-8).
const UNSTORABLE = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Marks a value stored as base64 of its UTF-16 (the codec never starts a value with it). */
const ESCAPED = '~';
/** The first characters of what the codec writes; anything else (Django's base64 pickle) is a miss. */
const ENCODED = /^[sjt0-9-]/;
/** Keys per IN (…) list, well under every database's limit on parameters. */
const CHUNK = 500;

/**
 * The table name of a db cache's LOCATION, or an InvalidCacheBackendError naming the alias and
 * what is valid: the name is put into SQL (quoted), so it must be a plain identifier.
 */
export function cacheTableName(alias: string, locations: readonly string[]): string {
  const [table, ...more] = locations;
  if (table === undefined || more.length > 0 || !CACHE_TABLE_NAME.test(table)) {
    throw new InvalidCacheBackendError(
      `CACHES['${alias}'].LOCATION is ${JSON.stringify(locations.join(','))}; the database cache needs one table name of ` +
        `letters, digits and underscores, not starting with a digit, at most 55 characters (e.g. 'canter_cache_table').`,
    );
  }
  return table;
}

/**
 * A cache in a database table (Django's DatabaseCache): LOCATION is the table, made by
 * `canter createcachetable` with Django's columns (cache_key varchar(255) primary key, value
 * text, expires datetime indexed), so a table made by either works for both. OPTIONS.DATABASE
 * names the DATABASES alias (default 'default'). Queries go through that alias's connection,
 * so inside atomic() they are part of the transaction, as in Django.
 *
 * The values differ: Django stores base64 of a pickle, Canter the codec's text, so Django and
 * Canter can share the table but not each other's entries (give them different KEY_PREFIXes;
 * a Django value reads as a miss here). Expired rows are invisible, removed when read and when
 * the table is full; when it holds MAX_ENTRIES rows, the first count/CULL_FREQUENCY by key go.
 *
 * @example
 * CACHES: { default: { BACKEND: 'db', LOCATION: 'canter_cache_table', OPTIONS: { DATABASE: 'default' } } }
 */
export class DatabaseCache extends BaseCache {
  readonly table: string;
  /** The DATABASES alias the table lives in. */
  readonly database: string;

  constructor(params: CacheParams) {
    super(params);
    this.table = cacheTableName(params.alias, params.locations);
    const database = params.options.DATABASE ?? 'default';
    if (typeof database !== 'string' || !connections.has(database)) {
      throw new InvalidCacheBackendError(
        `CACHES['${params.alias}'].OPTIONS.DATABASE is ${JSON.stringify(database)}; it must be an alias of DATABASES ` +
          `(${Object.keys(getSettings().DATABASES).map((a) => `'${a}'`).join(', ') || 'none configured'}).`,
      );
    }
    this.database = database;
  }

  protected async getRaw(key: string): Promise<string | undefined> {
    return (await this.getManyRaw([key])).get(key);
  }

  protected override getManyRaw(keys: readonly string[]): Promise<Map<string, string>> {
    return this.#run(async (c, t) => {
      const byStored = new Map(keys.map((key) => [storedKey(key), key]));
      const found = new Map<string, string>();
      const expired: string[] = [];
      const now = Date.now();
      for (const chunk of chunks([...byStored.keys()])) {
        const { rows } = await c.execute(`SELECT ${t.key}, ${t.value}, ${t.expires} FROM ${t.table} WHERE ${t.key} IN (${marks(chunk)})`, chunk);
        for (const row of rows) {
          // A case-insensitive collation (MySQL's default) also matches keys that differ in case.
          const key = byStored.get(String(row.cache_key));
          if (key === undefined) continue;
          const data = fromColumn(String(row.value));
          if (!(readTime(row.expires) > now)) expired.push(String(row.cache_key));
          else if (data !== undefined) found.set(key, data);
        }
      }
      for (const chunk of chunks(expired)) {
        // Only rows still expired: a fresh value set meanwhile stays.
        await c.execute(`DELETE FROM ${t.table} WHERE ${t.key} IN (${marks(chunk)}) AND ${t.expires} < ?`, [...chunk, dbTime(c, now)]);
      }
      return found;
    });
  }

  protected setRaw(key: string, data: string, timeout: number | null): Promise<void> {
    return this.#run(async (c, t) => {
      await this.#cull(c, t);
      const row = [storedKey(key), toColumn(data), dbTime(c, expiresAt(timeout))];
      const insert = `INSERT INTO ${t.table} (${t.key}, ${t.value}, ${t.expires}) VALUES (?, ?, ?)`;
      // The stored key is written again on MySQL so a key differing only in case takes the row over.
      const sql =
        c.vendor === 'mysql'
          ? `${insert} ON DUPLICATE KEY UPDATE ${t.key} = VALUES(${t.key}), ${t.value} = VALUES(${t.value}), ${t.expires} = VALUES(${t.expires})`
          : `${insert} ON CONFLICT (${t.key}) DO UPDATE SET ${t.value} = EXCLUDED.${t.value}, ${t.expires} = EXCLUDED.${t.expires}`;
      await retryDeadlock(c, () => c.execute(sql, row));
    });
  }

  /** Django's add: stores when there is no row or only an expired one, race-free. */
  protected addRaw(key: string, data: string, timeout: number | null): Promise<boolean> {
    return this.#run(async (c, t) => {
      await this.#cull(c, t);
      const now = dbTime(c, Date.now());
      const row = [storedKey(key), toColumn(data), dbTime(c, expiresAt(timeout))];
      const insert = `INSERT INTO ${t.table} (${t.key}, ${t.value}, ${t.expires}) VALUES (?, ?, ?)`;
      if (c.vendor !== 'mysql') {
        const sql = `${insert} ON CONFLICT (${t.key}) DO UPDATE SET ${t.value} = EXCLUDED.${t.value}, ${t.expires} = EXCLUDED.${t.expires} WHERE ${t.table}.${t.expires} < ?`;
        return affected(await c.execute(sql, [...row, now])) > 0;
      }
      // MySQL's affected-row count cannot tell "inserted" from "kept": clear an expired row, then
      // insert; a duplicate key means a live row (a MySQL error leaves the transaction usable).
      await c.execute(`DELETE FROM ${t.table} WHERE ${t.key} = ? AND ${t.expires} < ?`, [row[0], now]);
      try {
        await c.execute(insert, row);
        return true;
      } catch (error) {
        if (error instanceof IntegrityError) return false;
        throw error;
      }
    });
  }

  protected touchRaw(key: string, timeout: number | null): Promise<boolean> {
    return this.#run(async (c, t) => {
      const sql = `UPDATE ${t.table} SET ${t.expires} = ? WHERE ${t.exact} AND ${t.expires} > ?`;
      const result = await c.execute(sql, [dbTime(c, expiresAt(timeout)), ...t.exactParams(storedKey(key)), dbTime(c, Date.now())]);
      return affected(result) > 0;
    });
  }

  protected deleteRaw(key: string): Promise<boolean> {
    return this.#run(async (c, t) => {
      const sql = `DELETE FROM ${t.table} WHERE ${t.exact} AND ${t.expires} > ?`;
      return affected(await c.execute(sql, [...t.exactParams(storedKey(key)), dbTime(c, Date.now())])) > 0;
    });
  }

  protected override deleteManyRaw(keys: readonly string[]): Promise<void> {
    return this.#run(async (c, t) => {
      for (const chunk of chunks(keys.map(storedKey))) await c.execute(`DELETE FROM ${t.table} WHERE ${t.key} IN (${marks(chunk)})`, chunk);
    });
  }

  /** Read, add and write back in one transaction, the row locked, so concurrent incr lose nothing; the expiry stays. */
  protected override incrRaw(key: string, delta: number, shownKey: string): Promise<number | undefined> {
    return this.#run((c, t) =>
      atomic(
        async () => {
          const lock = c.vendor === 'sqlite' ? '' : ' FOR UPDATE';
          const sql = `SELECT ${t.value}, ${t.expires} FROM ${t.table} WHERE ${t.exact}${lock}`;
          const row = (await c.execute(sql, t.exactParams(storedKey(key)))).rows[0];
          const data = row === undefined ? undefined : fromColumn(String(row.value));
          if (row === undefined || data === undefined || !(readTime(row.expires) > Date.now())) return undefined;
          const value = addTo(decodeValue(data), delta, shownKey);
          await c.execute(`UPDATE ${t.table} SET ${t.value} = ? WHERE ${t.exact}`, [toColumn(encodeValue(value)), ...t.exactParams(storedKey(key))]);
          return value;
        },
        { using: c },
      ),
    );
  }

  /** Deletes every row of the table, whatever its KEY_PREFIX (as Django does). */
  clear(): Promise<void> {
    return this.#run(async (c, t) => {
      await c.execute(`DELETE FROM ${t.table}`);
    });
  }

  // Django's _cull, run before a write when the table is full (so it never holds more than
  // MAX_ENTRIES): expired rows go first, then the first count/CULL_FREQUENCY rows by key.
  async #cull(c: Connection, t: Sql): Promise<void> {
    const count = Number((await c.execute(`SELECT COUNT(*) AS n FROM ${t.table}`)).rows[0]?.n ?? 0);
    if (count < this.maxEntries) return;
    if (this.cullFrequency === 0) {
      await c.execute(`DELETE FROM ${t.table}`);
      return;
    }
    const remaining = count - affected(await c.execute(`DELETE FROM ${t.table} WHERE ${t.expires} < ?`, [dbTime(c, Date.now())]));
    if (remaining < this.maxEntries) return;
    const cull = Math.max(1, Math.floor(remaining / this.cullFrequency));
    const { rows } = await c.execute(`SELECT ${t.key} FROM ${t.table} ORDER BY ${t.key} LIMIT 1 OFFSET ?`, [cull]);
    if (rows[0] !== undefined) await c.execute(`DELETE FROM ${t.table} WHERE ${t.key} < ?`, [rows[0].cache_key]);
  }

  /** Runs fn with the connection and quoted names; a missing table is reported as what to run. */
  async #run<T>(fn: (connection: Connection, sql: Sql) => Promise<T>): Promise<T> {
    const connection = connections.get(this.database);
    try {
      return await fn(connection, sqlNames(connection, this.table));
    } catch (error) {
      if (error instanceof DatabaseError && isMissingTable(error)) {
        throw new InvalidCacheBackendError(
          `The cache table '${this.table}' of CACHES['${this.alias}'] does not exist in database '${this.database}'; create it with: canter createcachetable`,
          { cause: error },
        );
      }
      throw error;
    }
  }
}

/** The quoted names of one table, and the vendor's exact key comparison. */
interface Sql {
  readonly table: string;
  readonly key: string;
  readonly value: string;
  readonly expires: string;
  /** `cache_key = ?`, made case- and accent-exact where the collation is not (MySQL). */
  readonly exact: string;
  exactParams(key: string): string[];
}

function sqlNames(c: Connection, table: string): Sql {
  const key = c.quoteName('cache_key');
  const mysql = c.vendor === 'mysql';
  return {
    table: c.quoteName(table),
    key,
    value: c.quoteName('value'),
    expires: c.quoteName('expires'),
    // The plain comparison finds the row by the primary key; the binary one rejects look-alikes.
    exact: mysql ? `${key} = ? AND CAST(${key} AS BINARY) = CAST(? AS BINARY)` : `${key} = ?`,
    exactParams: (k) => (mysql ? [k, k] : [k]),
  };
}

/** The key as stored: as is when the column can hold it, else a readable prefix and a digest. */
export function storedKey(key: string): string {
  if (key.length <= MAX_KEY_LENGTH && !UNSTORABLE.test(key)) return key;
  const readable = key.slice(0, 150).replace(/[\0\uD800-\uDFFF]/g, '?');
  return `${readable}#${createHash('sha256').update(key, 'utf16le').digest('hex')}`;
}

function toColumn(data: string): string {
  return UNSTORABLE.test(data) ? ESCAPED + Buffer.from(data, 'utf16le').toString('base64') : data;
}

function fromColumn(text: string): string | undefined {
  if (text.startsWith(ESCAPED)) return Buffer.from(text.slice(1), 'base64').toString('utf16le');
  return ENCODED.test(text) ? text : undefined;
}

function expiresAt(timeout: number | null): number {
  return timeout === null ? NEVER_EXPIRES.getTime() : Math.min(Date.now() + Math.round(timeout * 1000), NEVER_EXPIRES.getTime());
}

/** A time as the expires column takes it: as DateTimeField writes it (UTC). */
function dbTime(c: Connection, ms: number): string {
  const date = new Date(ms);
  return c.vendor === 'postgresql' ? date.toISOString() : formatDateTimeText(date);
}

/** ms since the epoch of an expires value (a Date from pg, text elsewhere); NaN when unreadable. */
function readTime(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  const date = typeof value === 'string' ? parseDateTimeText(value) : 'format';
  return date instanceof Date ? date.getTime() : NaN;
}

function affected(result: { readonly numAffectedRows?: bigint }): number {
  return Number(result.numAffectedRows ?? 0n);
}

function marks(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}

function chunks<T>(values: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += CHUNK) out.push(values.slice(i, i + CHUNK));
  return out;
}

function driverError(error: Error): { code?: unknown; errno?: unknown; message?: unknown } {
  return (error.cause ?? {}) as { code?: unknown; errno?: unknown; message?: unknown };
}

function isMissingTable(error: DatabaseError): boolean {
  const cause = driverError(error);
  return cause.code === '42P01' || cause.errno === 1146 || /no such table/i.test(String(cause.message));
}

// Concurrent upserts of one key can deadlock on MySQL and PostgreSQL; outside a transaction
// the statement alone was undone, so it is safe to run again.
async function retryDeadlock<T>(c: Connection, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const cause = error instanceof DatabaseError ? driverError(error) : {};
      const deadlock = cause.errno === 1213 || cause.code === '40P01';
      if (!deadlock || c.inAtomicBlock || attempt >= 3) throw error;
    }
  }
}
