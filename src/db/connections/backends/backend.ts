import type { DatabaseConnection, Dialect } from 'kysely';
import type { ColumnSpec, DatabaseSettings, Features, Vendor } from '../../types.js';

/** What a backend is told when it builds its dialect. */
export interface DialectHooks {
  /** Called with each new physical connection, after the backend's own set-up has run on it. */
  onCreateConnection(connection: DatabaseConnection): Promise<void>;
}

/** The SQL a backend's schema editor differs by; `%(name)s`-style slots are filled by the editor. */
export interface SchemaSql {
  readonly alterColumnType: string;
  readonly alterColumnNull: string;
  readonly alterColumnNotNull: string;
  readonly renameColumn: string;
  readonly deleteUnique: string;
  readonly deleteForeignKey: string;
  readonly deleteIndex: string;
  readonly renameTable: string;
  /** Appended to an inline or added foreign key ('DEFERRABLE INITIALLY DEFERRED' where supported). */
  readonly foreignKeySuffix: string;
  /** SQLite cannot ALTER columns or add constraints; its editor rebuilds the table instead. */
  readonly remakeTable: boolean;
  /** DDL takes part in transactions, so a migration can be atomic. */
  readonly canRollbackDdl: boolean;
  /** The longest identifier the database allows (names are shortened Django's way to fit). */
  readonly maxNameLength: number;
}

/**
 * One database vendor: its Kysely dialect, its column types and identifier quoting, its error
 * translation. One small file per vendor implements it; the wrapper derives everything else.
 */
export interface Backend {
  readonly vendor: Vendor;
  /** The capabilities before the server has been asked its version; `detectFeatures` may refine them. */
  readonly features: Features;
  readonly schemaSql: SchemaSql;
  /** Builds the dialect; drivers of server databases load here, with `npm install …` errors when absent. */
  createDialect(settings: Readonly<DatabaseSettings>, hooks: DialectHooks): Dialect;
  /** Runs on each new physical connection: session settings, and a version probe that refines features. */
  prepareConnection(connection: DatabaseConnection): Promise<Partial<Features> | void>;
  /** Django's db_type: the column type of a field (for a foreign key, that of the key it references). */
  columnType(spec: ColumnSpec): string;
  /** What follows the type of a primary key that the database numbers itself (AUTOINCREMENT, identity). */
  autoSuffix(spec: ColumnSpec): string | undefined;
  /** A CHECK the column type needs (positive integers, valid JSON), or undefined. */
  columnCheck(spec: ColumnSpec, quotedColumn: string): string | undefined;
  quoteName(name: string): string;
  /** The SQL with `?` placeholders rewritten for the driver ($1, $2 … on PostgreSQL). */
  placeholders(sql: string): string;
  /** A driver error as IntegrityError/DatabaseError (with the driver's error as `cause`), or the error itself when it is not the driver's. */
  translateError(error: unknown, sql: string): unknown;
}

/** Throws a clear error when an optional driver package is missing. */
export async function importDriver<T>(name: string, vendor: string): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') {
      const { ImproperlyConfigured } = await import('../../../conf/errors.js');
      throw new ImproperlyConfigured(`The ${vendor} backend needs the '${name}' package: npm install ${name}`, { cause: error });
    }
    throw error;
  }
}
