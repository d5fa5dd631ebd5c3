import { CompiledQuery, MysqlDialect } from 'kysely';
import type { DatabaseConnection, Dialect } from 'kysely';
import type { ColumnSpec, DatabaseSettings, Features } from '../../types.js';
import type { Backend, DialectHooks, SchemaSql } from './backend.js';
import { importDriver } from './backend.js';
import { columnTypeFrom, databaseError, integrityError, isAuto } from './common.js';
import type { IntegrityKind, TypeTable } from './common.js';

const TYPES: TypeTable = {
  AutoField: 'integer',
  BigAutoField: 'bigint',
  SmallAutoField: 'smallint',
  BinaryField: 'longblob',
  BooleanField: 'bool',
  CharField: 'varchar(%(maxLength))',
  DateField: 'date',
  DateTimeField: 'datetime(6)',
  DecimalField: 'numeric(%(maxDigits), %(decimalPlaces))',
  DurationField: 'bigint',
  EmailField: 'varchar(%(maxLength))',
  FloatField: 'double precision',
  IntegerField: 'integer',
  BigIntegerField: 'bigint',
  JSONField: 'json',
  PositiveBigIntegerField: 'bigint UNSIGNED',
  PositiveIntegerField: 'integer UNSIGNED',
  PositiveSmallIntegerField: 'smallint UNSIGNED',
  SlugField: 'varchar(%(maxLength))',
  SmallIntegerField: 'smallint',
  TextField: 'longtext',
  TimeField: 'time(6)',
  URLField: 'varchar(%(maxLength))',
  UUIDField: 'char(32)',
};

// Server error numbers: duplicate key; FK parent/child row; column cannot be null / has no default; CHECK.
const KINDS: Readonly<Record<number, IntegrityKind>> = {
  1062: 'unique',
  1451: 'foreign key',
  1452: 'foreign key',
  1216: 'foreign key',
  1217: 'foreign key',
  1048: 'not null',
  1364: 'not null',
  3819: 'check',
  4025: 'check',
};

const SCHEMA_SQL: SchemaSql = {
  alterColumnType: 'ALTER TABLE %(table)s MODIFY %(column)s %(type)s',
  alterColumnNull: 'ALTER TABLE %(table)s MODIFY %(column)s %(type)s NULL',
  alterColumnNotNull: 'ALTER TABLE %(table)s MODIFY %(column)s %(type)s NOT NULL',
  renameColumn: 'ALTER TABLE %(table)s RENAME COLUMN %(old)s TO %(new)s',
  deleteUnique: 'ALTER TABLE %(table)s DROP INDEX %(name)s',
  deleteForeignKey: 'ALTER TABLE %(table)s DROP FOREIGN KEY %(name)s',
  deleteIndex: 'DROP INDEX %(name)s ON %(table)s',
  renameTable: 'RENAME TABLE %(old)s TO %(new)s',
  foreignKeySuffix: '',
  remakeTable: false,
  canRollbackDdl: false,
  maxNameLength: 64,
};

interface MysqlModule {
  createPool(config: Record<string, unknown>): unknown;
}

/** MySQL and MariaDB through a `mysql2` pool: utf8mb4, strict mode, UTC, READ COMMITTED like Django. */
export const mysqlBackend: Backend = {
  vendor: 'mysql',
  features: Object.freeze({
    // Until the server's version is known: MySQL has no RETURNING, MariaDB has it from 10.5.
    supportsReturning: false,
    usesSavepoints: true,
    hasIlike: false,
    booleansAsIntegers: true,
    hasNativeUuidField: false,
    hasNativeJsonField: false,
    caseSensitiveLike: false,
  }) satisfies Features,
  schemaSql: SCHEMA_SQL,

  createDialect(settings: Readonly<DatabaseSettings>, hooks: DialectHooks): Dialect {
    return new MysqlDialect({
      pool: async () => {
        const mysql = await importDriver<MysqlModule>('mysql2', 'MySQL/MariaDB');
        return mysql.createPool({
          host: settings.HOST || undefined,
          port: settings.PORT === undefined || settings.PORT === '' ? undefined : Number(settings.PORT),
          user: settings.USER || undefined,
          password: settings.PASSWORD || undefined,
          database: settings.NAME,
          charset: 'utf8mb4',
          timezone: 'Z',
          // The fields convert these themselves: JSON text, date text (years < 100 intact) and
          // 64-bit integers as strings, which mysql2 would otherwise parse lossily.
          supportBigNumbers: true,
          jsonStrings: true,
          dateStrings: true,
          ...(settings.OPTIONS ?? {}),
        }) as never;
      },
      onCreateConnection: (connection) => hooks.onCreateConnection(connection),
    });
  },

  async prepareConnection(connection: DatabaseConnection): Promise<Partial<Features>> {
    const run = (sql: string) => connection.executeQuery(CompiledQuery.raw(sql));
    // Django's MySQL defaults: strict mode (bad data is an error, not a warning), READ COMMITTED.
    await run("SET SESSION sql_mode = CONCAT_WS(',', NULLIF(@@sql_mode, ''), 'STRICT_TRANS_TABLES'), time_zone = '+00:00'");
    await run('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED');
    const result = await connection.executeQuery<{ v: string }>(CompiledQuery.raw('SELECT VERSION() AS v'));
    return { supportsReturning: mariadbReturning(result.rows[0]?.v ?? '') };
  },

  columnType: (spec: ColumnSpec) => columnTypeFrom(TYPES, spec, 'MySQL'),
  autoSuffix: (spec: ColumnSpec) => (isAuto(spec) ? 'AUTO_INCREMENT' : undefined),
  columnCheck: () => undefined,
  quoteName: (name: string) => (name.startsWith('`') && name.endsWith('`') ? name : `\`${name.replaceAll('`', '``')}\``),
  placeholders: (sql: string) => sql,

  translateError(error: unknown, sql: string): unknown {
    const mysqlError = error as { errno?: unknown; sqlMessage?: string; message?: string };
    if (typeof mysqlError.errno !== 'number' || !(error instanceof Error)) return error;
    const detail = mysqlError.sqlMessage ?? error.message;
    const kind = KINDS[mysqlError.errno];
    return kind === undefined ? databaseError(detail, sql, error) : integrityError(kind, detail, sql, error);
  },
};

/** MariaDB speaks INSERT … RETURNING from 10.5; MySQL never has. */
export function mariadbReturning(version: string): boolean {
  if (!/mariadb/i.test(version)) return false;
  const [major = 0, minor = 0] = version.split(/[.-]/).map(Number);
  return major > 10 || (major === 10 && minor >= 5);
}
