import type { Kysely } from 'kysely';

/** The database vendors Canter speaks to; each is one backend file in connections/backends/. */
export type Vendor = 'sqlite' | 'postgresql' | 'mysql';

/** One entry of DATABASES, Django's keys. `URL` may stand for ENGINE/NAME/USER/PASSWORD/HOST/PORT. */
export interface DatabaseSettings {
  ENGINE?: Vendor | 'postgres' | 'mariadb';
  NAME?: string;
  USER?: string;
  PASSWORD?: string;
  HOST?: string;
  PORT?: string | number;
  /** `sqlite:///path/file.sqlite3`, `sqlite://:memory:`, `postgres://user:pw@host:5432/db`, `mysql://root@127.0.0.1:3306/test`. */
  URL?: string;
  OPTIONS?: Readonly<Record<string, unknown>>;
  /** Wrap each request's view in atomic() (Django's ATOMIC_REQUESTS). */
  ATOMIC_REQUESTS?: boolean;
  TEST?: Readonly<{ NAME?: string }>;
}

/** What a backend can do; code asks these flags instead of testing the vendor. */
export interface Features {
  /** INSERT … RETURNING (PostgreSQL, SQLite ≥ 3.35, MariaDB ≥ 10.5). */
  readonly supportsReturning: boolean;
  /** Savepoints inside transactions. */
  readonly usesSavepoints: boolean;
  /** ILIKE exists (PostgreSQL). */
  readonly hasIlike: boolean;
  /** Boolean columns come back as 0/1 and need converting. */
  readonly booleansAsIntegers: boolean;
  /** A native UUID column type (PostgreSQL); else char(32). */
  readonly hasNativeUuidField: boolean;
  /** A native JSON column type that returns parsed values (PostgreSQL jsonb). */
  readonly hasNativeJsonField: boolean;
  /** LIKE compares case-sensitively by default (PostgreSQL). */
  readonly caseSensitiveLike: boolean;
}

/** A model field's column as the schema editor needs it. */
export interface ColumnSpec {
  readonly column: string;
  /** Django's get_internal_type(): 'CharField', 'IntegerField', 'AutoField', 'ForeignKey', … */
  readonly internalType: string;
  readonly maxLength?: number;
  readonly maxDigits?: number;
  readonly decimalPlaces?: number;
  readonly null: boolean;
  readonly unique: boolean;
  readonly primaryKey: boolean;
  readonly dbIndex: boolean;
  /**
   * For foreign keys: the table and column referenced, and the referenced column's own spec
   * (`target`), whose type the key column takes (an AutoField target gives `integer`).
   * `constraint: false` (dbConstraint) makes the column without a FOREIGN KEY constraint.
   */
  readonly references?: { readonly table: string; readonly column: string; readonly target?: ColumnSpec; readonly constraint?: boolean };
}

/**
 * One configured database alias: Django's DatabaseWrapper. Queries use `db`, which is the open
 * transaction of the current async context when atomic() is active on this alias, or the pool.
 */
export interface DatabaseWrapper {
  readonly alias: string;
  readonly vendor: Vendor;
  readonly settings: Readonly<DatabaseSettings>;
  readonly features: Features;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly db: Kysely<any>;
  /** Quotes an identifier for this vendor ("name" or `name`). */
  quoteName(name: string): string;
  /** The column type SQL for a field on this vendor, e.g. `varchar(64)`, `integer`, `serial`. */
  columnType(spec: ColumnSpec): string;
  /** Runs raw SQL with `?` placeholders (converted per vendor). */
  execute(sql: string, params?: readonly unknown[]): Promise<RawResult>;
  /** True inside atomic() on this alias in the current async context. */
  readonly inAtomicBlock: boolean;
  /** Closes the pool (or file handle). */
  close(): Promise<void>;
}

export interface RawResult {
  readonly rows: ReadonlyArray<Record<string, unknown>>;
  readonly numAffectedRows?: bigint;
  readonly insertId?: bigint;
}
