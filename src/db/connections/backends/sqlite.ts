import { SqliteDialect } from 'kysely';
import type { DatabaseConnection, Dialect } from 'kysely';
import type { ColumnSpec, DatabaseSettings, Features } from '../../types.js';
import type { Backend, DialectHooks, SchemaSql } from './backend.js';
import { importDriver } from './backend.js';
import { driverOptions } from '../limits.js';
import { columnTypeFrom, databaseError, integrityError, isAuto, operationalError } from './common.js';
import type { IntegrityKind, TypeTable } from './common.js';

const TYPES: TypeTable = {
  AutoField: 'integer',
  BigAutoField: 'integer',
  SmallAutoField: 'integer',
  BinaryField: 'BLOB',
  BooleanField: 'bool',
  CharField: 'varchar(%(maxLength))',
  DateField: 'date',
  DateTimeField: 'datetime',
  DecimalField: 'decimal',
  DurationField: 'bigint',
  EmailField: 'varchar(%(maxLength))',
  FloatField: 'real',
  IntegerField: 'integer',
  BigIntegerField: 'bigint',
  JSONField: 'text',
  PositiveBigIntegerField: 'bigint unsigned',
  PositiveIntegerField: 'integer unsigned',
  PositiveSmallIntegerField: 'smallint unsigned',
  SlugField: 'varchar(%(maxLength))',
  SmallIntegerField: 'smallint',
  TextField: 'text',
  TimeField: 'time',
  URLField: 'varchar(%(maxLength))',
  UUIDField: 'char(32)',
};

const KINDS: ReadonlyArray<readonly [string, IntegrityKind]> = [
  ['SQLITE_CONSTRAINT_UNIQUE', 'unique'],
  ['SQLITE_CONSTRAINT_PRIMARYKEY', 'unique'],
  ['SQLITE_CONSTRAINT_FOREIGNKEY', 'foreign key'],
  ['SQLITE_CONSTRAINT_NOTNULL', 'not null'],
  ['SQLITE_CONSTRAINT_CHECK', 'check'],
];

/**
 * Result codes (and their extended forms, SQLITE_BUSY_SNAPSHOT, SQLITE_IOERR_WRITE, …) that say the
 * file could not be used right now rather than that the SQL was wrong: locked by another writer
 * past the busy timeout, an I/O error, a full disk, a file that cannot be opened or written.
 * Unlike Python's sqlite3, a plain SQLITE_ERROR (a mistake in the SQL) stays a DatabaseError.
 */
const OPERATIONAL = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|READONLY|PROTOCOL|NOMEM|INTERRUPT)(_|$)/;

const SCHEMA_SQL: SchemaSql = {
  alterColumnType: '',
  alterColumnNull: '',
  alterColumnNotNull: '',
  renameColumn: 'ALTER TABLE %(table)s RENAME COLUMN %(old)s TO %(new)s',
  deleteUnique: 'DROP INDEX %(name)s',
  deleteForeignKey: '',
  deleteIndex: 'DROP INDEX %(name)s',
  renameTable: 'ALTER TABLE %(old)s RENAME TO %(new)s',
  foreignKeySuffix: 'DEFERRABLE INITIALLY DEFERRED',
  remakeTable: true,
  canRollbackDdl: true,
  maxNameLength: 200,
};

interface SqliteModule {
  default: new (filename: string, options?: Record<string, unknown>) => {
    pragma(sql: string): unknown;
  };
}

/** SQLite through better-sqlite3: one connection, foreign keys enforced, WAL for files. */
export const sqliteBackend: Backend = {
  vendor: 'sqlite',
  features: Object.freeze({
    supportsReturning: true,
    usesSavepoints: true,
    hasIlike: false,
    booleansAsIntegers: true,
    hasNativeUuidField: false,
    hasNativeJsonField: false,
    caseSensitiveLike: false,
  }) satisfies Features,
  schemaSql: SCHEMA_SQL,

  createDialect(settings: Readonly<DatabaseSettings>, hooks: DialectHooks): Dialect {
    const name = settings.NAME ?? ':memory:';
    return new SqliteDialect({
      database: async () => {
        const { default: Database } = await importDriver<SqliteModule>('better-sqlite3', 'SQLite');
        const db = new Database(name, driverOptions(settings));
        // Django turns these on for every SQLite connection; WAL lets readers run beside a writer.
        db.pragma('foreign_keys = ON');
        if (name !== ':memory:' && !name.startsWith('file::memory:')) db.pragma('journal_mode = WAL');
        return db as never;
      },
      onCreateConnection: (connection) => hooks.onCreateConnection(connection),
    });
  },

  async prepareConnection(_connection: DatabaseConnection): Promise<void> {},

  columnType: (spec: ColumnSpec) => columnTypeFrom(TYPES, spec, 'SQLite'),
  autoSuffix: (spec: ColumnSpec) => (isAuto(spec) ? 'AUTOINCREMENT' : undefined),
  columnCheck(spec: ColumnSpec, column: string): string | undefined {
    if (spec.internalType.startsWith('Positive')) return `${column} >= 0`;
    if (spec.internalType === 'JSONField') return `(JSON_VALID(${column}) OR ${column} IS NULL)`;
    return undefined;
  },
  quoteName: (name: string) => (name.startsWith('"') && name.endsWith('"') ? name : `"${name.replaceAll('"', '""')}"`),
  placeholders: (sql: string) => sql,

  translateError(error: unknown, sql: string): unknown {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return error;
    const message = (error as Error).message;
    const kind = KINDS.find(([prefix]) => code === prefix)?.[1];
    if (kind !== undefined) {
      // "UNIQUE constraint failed: app_book.title" names table and column.
      const table = /failed: (\w+)\./.exec(message)?.[1];
      return integrityError(kind, message, sql, error, table);
    }
    if (code.startsWith('SQLITE_CONSTRAINT')) return integrityError('check', message, sql, error);
    if (OPERATIONAL.test(code)) return operationalError(message, sql, error);
    return databaseError(message, sql, error);
  },
};
