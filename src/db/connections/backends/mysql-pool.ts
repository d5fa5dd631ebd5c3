import type { CompiledQuery, DatabaseConnection, MysqlPool, MysqlPoolConnection, MysqlQueryResult, MysqlStreamOptions, MysqlStream, QueryResult } from 'kysely';
import type { EventEmitter } from 'node:events';
import { acquireWithin, connectTimeoutError, queryTimeoutError, withDeadline } from './deadline.js';
import { connectionLost } from './guard-options.js';
import type { GuardOptions } from './guard-options.js';

type Callback<T> = (error: unknown, value: T) => void;

/** The parts of a `mysql2` PoolConnection this module uses. */
export interface Mysql2Connection extends EventEmitter {
  query(sql: string, parameters: unknown[]): { stream: <T>(options: MysqlStreamOptions) => MysqlStream<T> };
  query(sql: string, parameters: unknown[], callback: Callback<MysqlQueryResult>): void;
  release(): void;
  /** Closes the socket at once and takes the connection out of its pool. */
  destroy(): void;
}

/** The parts of a `mysql2` Pool this module uses. */
export interface Mysql2Pool extends EventEmitter {
  getConnection(callback: Callback<Mysql2Connection>): void;
  end(callback: (error: unknown) => void): void;
}

/**
 * A `mysql2` pool made safe for a long-running server: no 'error' event can end the process, a
 * dead connection leaves the pool, waiting for a connection (mysql2 itself would wait forever in
 * a full pool) and each statement are bounded in time, and a new connection is set up before it
 * is handed out (a failed set-up closes it). Kysely's MysqlDialect takes it as its pool.
 */
export function guardMysqlPool(pool: Mysql2Pool, options: GuardOptions): MysqlPool {
  const { limits, where } = options;
  const lost = connectionLost(where);
  // mysql2 listens for only the first 'error' of a pooled connection (once): a second one, or
  // one after it has left the pool, would be unhandled. This listener stays for its whole life.
  pool.on('connection', (connection: Mysql2Connection) => connection.on('error', lost));
  const guarded = new WeakMap<Mysql2Connection, GuardedMysqlConnection>();

  async function checkout(): Promise<GuardedMysqlConnection> {
    const raw = await new Promise<Mysql2Connection>((resolve, reject) =>
      pool.getConnection((error, c) => {
        if (!error) return resolve(c);
        // mysql2's own connect timer (set to CONNECT_TIMEOUT too) may fire first: the same error either way.
        const timedOut = (error as { code?: unknown }).code === 'ETIMEDOUT' && (error as { syscall?: unknown }).syscall === 'connect';
        reject(timedOut ? connectTimeoutError(where, limits.connectMs, error) : error);
      }),
    );
    const known = guarded.get(raw);
    if (known !== undefined) return known;
    const connection = new GuardedMysqlConnection(raw, options);
    try {
      await options.prepare(connection.setUpConnection());
    } catch (error) {
      raw.destroy();
      throw error;
    }
    guarded.set(raw, connection);
    return connection;
  }

  return {
    getConnection(callback) {
      acquireWithin(checkout, limits.connectMs, () => connectTimeoutError(where, limits.connectMs), (c) => c.release()).then(
        (connection) => callback(null, connection),
        (error: unknown) => callback(error, undefined as never),
      );
    },
    end: (callback) => pool.end(callback),
  };
}

class GuardedMysqlConnection implements MysqlPoolConnection {
  readonly #raw: Mysql2Connection;
  readonly #options: GuardOptions;
  #broken = false;

  constructor(raw: Mysql2Connection, options: GuardOptions) {
    this.#raw = raw;
    this.#options = options;
  }

  query(sql: string, parameters: unknown[]): { stream: <T>(options: MysqlStreamOptions) => MysqlStream<T> };
  query(sql: string, parameters: unknown[], callback: Callback<MysqlQueryResult>): void;
  query(sql: string, parameters: unknown[], callback?: Callback<MysqlQueryResult>): { stream: <T>(options: MysqlStreamOptions) => MysqlStream<T> } | void {
    // Streaming (Kysely's stream()) is passed through: it reads at its own pace.
    if (callback === undefined) return this.#raw.query(sql, parameters);
    this.#run(sql, parameters, this.#options.limits.queryMs, 'QUERY_TIMEOUT').then(
      (result) => callback(null, result),
      (error: unknown) => callback(error, undefined as never),
    );
  }

  release(): void {
    // A destroyed connection has already left the pool.
    if (!this.#broken) this.#raw.release();
  }

  /** A connection for the set-up statements, each bounded by CONNECT_TIMEOUT (they are part of connecting). */
  setUpConnection(): DatabaseConnection {
    return {
      executeQuery: async <O>(query: CompiledQuery): Promise<QueryResult<O>> => {
        const result = await this.#run(query.sql, [...query.parameters], this.#options.limits.connectMs, 'CONNECT_TIMEOUT');
        return { rows: (Array.isArray(result) ? result : []) as O[] };
      },
      // eslint-disable-next-line require-yield
      streamQuery: async function* () {
        throw new Error('Streaming is not available while a connection is being set up.');
      },
    };
  }

  #run(sql: string, parameters: unknown[], ms: number | undefined, setting: 'QUERY_TIMEOUT' | 'CONNECT_TIMEOUT'): Promise<MysqlQueryResult> {
    const { where } = this.#options;
    const work = new Promise<MysqlQueryResult>((resolve, reject) =>
      this.#raw.query(sql, parameters, (error, result) => {
        if (!error) return resolve(result);
        // A killed session or a server shutting down answers the statement, then closes the
        // socket: close the connection now so the pool cannot lend it in between.
        if (this.#options.endsConnection(error) && !this.#broken) {
          this.#broken = true;
          this.#raw.destroy();
        }
        reject(error);
      }),
    );
    const timeout = () => (setting === 'QUERY_TIMEOUT' ? queryTimeoutError(where, ms, sql) : connectTimeoutError(where, ms));
    return withDeadline(work, ms, timeout, () => {
      // The connection is stuck behind an unanswered statement: close it (it leaves the pool).
      this.#broken = true;
      this.#raw.destroy();
    });
  }
}
