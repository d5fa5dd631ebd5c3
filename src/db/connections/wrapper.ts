import { CompiledQuery, Kysely } from 'kysely';
import type { DatabaseConnection } from 'kysely';
import { SchemaEditor } from '../schema/editor.js';
import type { SchemaEditorOptions } from '../schema/editor.js';
import { TransactionManagementError } from '../errors.js';
import { connectionCreated } from '../signals.js';
import type { ColumnSpec, DatabaseSettings, DatabaseWrapper, Features, RawResult, Vendor } from '../types.js';
import type { Backend } from './backends/backend.js';
import type { ResolvedDatabase } from './config.js';
import { currentFrame } from './context.js';
import { translatingDialect } from './translating-dialect.js';

/**
 * One configured alias: Django's DatabaseWrapper. It owns a Kysely instance over the vendor's
 * pool; `db` is the open transaction of the current async context inside atomic(), else the pool.
 * Get one from `connections.get(alias)` rather than building it.
 *
 * @example
 * const connection = connections.get('default');
 * const { rows } = await connection.execute('SELECT title FROM demo_book WHERE price > ?', [30]);
 */
export class Connection implements DatabaseWrapper {
  readonly alias: string;
  readonly vendor: Vendor;
  readonly settings: Readonly<DatabaseSettings>;
  readonly backend: Backend;
  #features: Features;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly #root: Kysely<any>;
  #closed: Promise<void> | undefined;

  constructor(resolved: ResolvedDatabase, backend: Backend) {
    this.alias = resolved.alias;
    this.vendor = resolved.vendor;
    this.settings = resolved.settings;
    this.backend = backend;
    this.#features = backend.features;
    const dialect = backend.createDialect(resolved.settings, { onCreateConnection: (raw) => this.#connectionCreated(raw) });
    this.#root = new Kysely({ dialect: translatingDialect(dialect, (error, sql) => backend.translateError(error, sql)) });
  }

  /** The capabilities; for MySQL/MariaDB refined once the first connection has told the server version. */
  get features(): Features {
    return this.#features;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  get db(): Kysely<any> {
    const frame = currentFrame(this);
    if (frame === undefined) return this.#root;
    if (frame.state.needsRollback) {
      // As Django: once a block has failed (or setRollback(true)), the transaction only waits to be undone.
      throw new TransactionManagementError(
        `An error occurred in the current transaction on '${this.alias}'; no queries can run until the end of the atomic() block that will roll it back.`,
      );
    }
    return frame.state.tx;
  }

  /** The pool itself, outside any transaction of the current context. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  get root(): Kysely<any> {
    return this.#root;
  }

  get inAtomicBlock(): boolean {
    return currentFrame(this) !== undefined;
  }

  get closed(): boolean {
    return this.#closed !== undefined;
  }

  quoteName(name: string): string {
    return this.backend.quoteName(name);
  }

  columnType(spec: ColumnSpec): string {
    return this.backend.columnType(spec);
  }

  async execute(sql: string, params: readonly unknown[] = []): Promise<RawResult> {
    const result = await this.db.executeQuery(CompiledQuery.raw(this.backend.placeholders(sql), [...params]));
    return {
      rows: result.rows as ReadonlyArray<Record<string, unknown>>,
      ...(result.numAffectedRows === undefined ? {} : { numAffectedRows: result.numAffectedRows }),
      ...(result.insertId === undefined ? {} : { insertId: result.insertId }),
    };
  }

  /**
   * A schema editor for this database (Django's `connection.schema_editor()`).
   *
   * @example
   * await connections.get().schemaEditor().createModel(Book);
   */
  schemaEditor(options: SchemaEditorOptions = {}): SchemaEditor {
    return new SchemaEditor(this, options);
  }

  /** Opens the pool's first connection now (and learns the server version), rather than at the first query. */
  async ensureConnection(): Promise<void> {
    await this.#root.executeQuery(CompiledQuery.raw('SELECT 1'));
  }

  /** Closes the pool; later calls wait for the same close. */
  close(): Promise<void> {
    this.#closed ??= this.#root.destroy();
    return this.#closed;
  }

  toString(): string {
    return `<Connection '${this.alias}' (${this.vendor})>`;
  }

  // Receivers of connection_created run while the new connection is being set up: they may read
  // the wrapper but must not await queries through it (the pool has not handed the connection out yet).
  async #connectionCreated(raw: DatabaseConnection): Promise<void> {
    const refined = await this.backend.prepareConnection(raw);
    if (refined) this.#features = Object.freeze({ ...this.#features, ...refined });
    await connectionCreated.asend(this.vendor, { connection: this });
  }
}
