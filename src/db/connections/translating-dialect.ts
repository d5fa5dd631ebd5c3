import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryResult, TransactionSettings } from 'kysely';

type Translate = (error: unknown, sql: string) => unknown;

/**
 * Wraps a dialect so that every query's driver error becomes Canter's IntegrityError,
 * OperationalError or DatabaseError, wherever the query was built (QuerySets, raw Kysely,
 * transactions), and so does a failure to get a connection at all.
 */
export function translatingDialect(dialect: Dialect, translate: Translate): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => new TranslatingDriver(dialect.createDriver(), translate),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}

class TranslatingDriver implements Driver {
  readonly #inner: Driver;
  readonly #translate: Translate;
  // The driver hands its own connections to begin/commit; map ours back to them.
  readonly #raw = new WeakMap<DatabaseConnection, DatabaseConnection>();

  constructor(inner: Driver, translate: Translate) {
    this.#inner = inner;
    this.#translate = translate;
    if (inner.savepoint) this.savepoint = (c, name, compile) => this.#guard('SAVEPOINT', () => inner.savepoint!(this.#unwrap(c), name, compile));
    if (inner.rollbackToSavepoint) {
      this.rollbackToSavepoint = (c, name, compile) => this.#guard('ROLLBACK TO SAVEPOINT', () => inner.rollbackToSavepoint!(this.#unwrap(c), name, compile));
    }
    if (inner.releaseSavepoint) {
      this.releaseSavepoint = (c, name, compile) => this.#guard('RELEASE SAVEPOINT', () => inner.releaseSavepoint!(this.#unwrap(c), name, compile));
    }
  }

  savepoint?: Driver['savepoint'];
  rollbackToSavepoint?: Driver['rollbackToSavepoint'];
  releaseSavepoint?: Driver['releaseSavepoint'];

  init(): Promise<void> {
    return this.#inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    let raw: DatabaseConnection;
    try {
      raw = await this.#inner.acquireConnection();
    } catch (error) {
      // Refused, reset or timed out while connecting: OperationalError, with no SQL to show.
      throw this.#translate(error, '');
    }
    const translate = this.#translate;
    const wrapped: DatabaseConnection = {
      async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
        try {
          return await raw.executeQuery<R>(query);
        } catch (error) {
          throw translate(error, query.sql);
        }
      },
      async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
        try {
          yield* raw.streamQuery<R>(query, chunkSize);
        } catch (error) {
          throw translate(error, query.sql);
        }
      },
    };
    this.#raw.set(wrapped, raw);
    return wrapped;
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.#guard('BEGIN', () => this.#inner.beginTransaction(this.#unwrap(connection), settings));
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#guard('COMMIT', () => this.#inner.commitTransaction(this.#unwrap(connection)));
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#guard('ROLLBACK', () => this.#inner.rollbackTransaction(this.#unwrap(connection)));
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.#inner.releaseConnection(this.#unwrap(connection));
  }

  destroy(): Promise<void> {
    return this.#inner.destroy();
  }

  #unwrap(connection: DatabaseConnection): DatabaseConnection {
    return this.#raw.get(connection) ?? connection;
  }

  async #guard(sql: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (error) {
      throw this.#translate(error, sql);
    }
  }
}
