import type { CompiledQuery, DatabaseConnection, PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult, QueryResult } from 'kysely';
import type { EventEmitter } from 'node:events';
import { acquireWithin, connectTimeoutError, queryTimeoutError, withDeadline } from './deadline.js';
import { connectionLost } from './guard-options.js';
import type { GuardOptions } from './guard-options.js';

/** The parts of a `pg` Client this module uses. */
export interface PgClient extends EventEmitter {
  query(sql: string, parameters: unknown[]): Promise<PostgresQueryResult<unknown>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  /** With an error the pool closes the client instead of keeping it. */
  release(error?: Error): void;
  /** pg's connection, whose socket is destroyed to give up on a server that does not answer. */
  readonly connection?: { readonly stream?: { destroy(): void } };
}

/** The parts of a `pg` Pool this module uses. */
export interface PgPool extends EventEmitter {
  connect(): Promise<PgClient>;
  end(): Promise<void>;
}

/**
 * A `pg` Pool made safe for a long-running server: no 'error' event can end the process, a dead
 * connection leaves the pool, getting a connection and each statement are bounded in time, and a
 * new connection is set up before it is handed out (a failed set-up closes it instead of leaking
 * it). Kysely's PostgresDialect takes it as its pool.
 */
export function guardPgPool(pool: PgPool, options: GuardOptions): PostgresPool {
  const { limits, where } = options;
  const lost = connectionLost(where);
  // An idle client that dies is removed by the pool, which then emits 'error' on itself.
  pool.on('error', lost);
  // A checked-out client emits 'error' on itself (pg removes the pool's listener while it is lent).
  pool.on('connect', (client: PgClient) => client.on('error', () => undefined));
  const guarded = new WeakMap<PgClient, GuardedPgClient>();

  async function checkout(): Promise<GuardedPgClient> {
    const raw = await pool.connect().catch((error: unknown) => {
      // pg's own timer (set to CONNECT_TIMEOUT too) may fire first: the same error either way.
      if (error instanceof Error && /timeout exceeded when trying to connect|connection timeout/.test(error.message)) {
        throw connectTimeoutError(where, limits.connectMs, error);
      }
      throw error;
    });
    const known = guarded.get(raw);
    if (known !== undefined) return known;
    const client = new GuardedPgClient(raw, options);
    try {
      await options.prepare(client.setUpConnection());
    } catch (error) {
      raw.release(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
    guarded.set(raw, client);
    return client;
  }

  return {
    connect: () => acquireWithin(checkout, limits.connectMs, () => connectTimeoutError(where, limits.connectMs), (client) => client.release()),
    end: () => pool.end(),
  };
}

class GuardedPgClient implements PostgresPoolClient {
  readonly #raw: PgClient;
  readonly #options: GuardOptions;
  #broken: Error | undefined;

  constructor(raw: PgClient, options: GuardOptions) {
    this.#raw = raw;
    this.#options = options;
  }

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(sqlOrCursor: string | PostgresCursor<R>, parameters: ReadonlyArray<unknown> = []): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    // Cursors (streaming) are Kysely's option, not configured by Canter: passed through.
    if (typeof sqlOrCursor !== 'string') return this.#raw.query(sqlOrCursor);
    return this.#run(sqlOrCursor, parameters, this.#options.limits.queryMs, 'QUERY_TIMEOUT') as Promise<PostgresQueryResult<R>>;
  }

  release(): void {
    this.#raw.release(this.#broken);
  }

  /** A connection for the set-up statements, each bounded by CONNECT_TIMEOUT (they are part of connecting). */
  setUpConnection(): DatabaseConnection {
    return {
      executeQuery: async <O>(query: CompiledQuery): Promise<QueryResult<O>> => {
        const result = await this.#run(query.sql, query.parameters, this.#options.limits.connectMs, 'CONNECT_TIMEOUT');
        return { rows: (result.rows ?? []) as O[] };
      },
      // eslint-disable-next-line require-yield
      streamQuery: async function* () {
        throw new Error('Streaming is not available while a connection is being set up.');
      },
    };
  }

  #run(sql: string, parameters: ReadonlyArray<unknown>, ms: number | undefined, setting: 'QUERY_TIMEOUT' | 'CONNECT_TIMEOUT'): Promise<PostgresQueryResult<unknown>> {
    const { where } = this.#options;
    const timeout = () => (setting === 'QUERY_TIMEOUT' ? queryTimeoutError(where, ms, sql) : connectTimeoutError(where, ms));
    const work = this.#raw.query(sql, [...parameters]).catch((error: unknown) => {
      // A FATAL error (pg_terminate_backend, shutdown) comes as the statement's error just
      // before the socket closes: the pool must not lend this client again.
      if (this.#options.endsConnection(error)) this.#broken ??= error instanceof Error ? error : new Error(String(error));
      throw error;
    });
    return withDeadline(work, ms, timeout, () => {
      // The client is stuck behind an unanswered statement: close its socket, and have release()
      // tell the pool to drop it rather than hand it to the next request.
      this.#broken = new Error(`${setting} passed`);
      this.#raw.connection?.stream?.destroy();
    });
  }
}
