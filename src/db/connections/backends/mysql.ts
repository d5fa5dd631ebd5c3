import { CompiledQuery, MysqlDialect } from 'kysely';
import type { DatabaseConnection, Dialect } from 'kysely';
import type { ColumnSpec, DatabaseSettings, Features } from '../../types.js';
import type { Backend, DialectHooks, SchemaSql } from './backend.js';
import { importDriver } from './backend.js';
import { CanterError } from '../../../conf/errors.js';
import { connectionLimits, driverOptions } from '../limits.js';
import { columnTypeFrom, databaseError, integrityError, isAuto, NETWORK_ERROR_CODES, operationalError } from './common.js';
import type { IntegrityKind, TypeTable } from './common.js';
import { describeServer } from './guard-options.js';
import { guardMysqlPool } from './mysql-pool.js';
import type { Mysql2Pool } from './mysql-pool.js';

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

/**
 * Server errors that are Django's (MySQLdb's) OperationalError: access denied (1044, 1045), too
 * many connections (1040, 1203), server shutdown (1053), lock wait timeout (1205), deadlock
 * (1213), connection killed (1927 MariaDB), disconnected for inactivity (4031 MySQL 8), and the
 * client-side 2002/2003/2006/2013 (can't connect, server gone, lost connection).
 */
const OPERATIONAL_ERRNOS = new Set([1040, 1044, 1045, 1053, 1203, 1205, 1213, 1927, 4031, 2002, 2003, 2006, 2013]);

/** Server errors after which the server closes the session: shutdown, killed, idle too long. */
const ENDING_ERRNOS = new Set([1053, 1927, 4031]);

/** mysql2's own codes for a connection that died or was never made. */
const LOST_CODES = new Set(['PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT', 'PROTOCOL_PACKETS_OUT_OF_ORDER', 'ER_SERVER_SHUTDOWN']);

interface MysqlModule {
  createPool(config: Record<string, unknown>): Mysql2Pool;
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
        const limits = connectionLimits(settings);
        const pool = mysql.createPool({
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
          // mysql2's own connect timeout closes the socket of a connection attempt that hangs.
          ...(limits.connectMs === undefined ? {} : { connectTimeout: limits.connectMs }),
          ...driverOptions(settings),
        });
        const where = describeServer('MySQL', settings.HOST, settings.PORT, settings.NAME);
        // The guarded pool sets up new connections itself (Kysely's hook would leak one whose set-up fails).
        return guardMysqlPool(pool, { limits, where, prepare: (connection) => hooks.onCreateConnection(connection), endsConnection: mysqlEndsConnection });
      },
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
    if (!(error instanceof Error) || error instanceof CanterError) return error;
    const mysqlError = error as { errno?: unknown; code?: unknown; fatal?: unknown; sqlMessage?: string; message?: string };
    const code = typeof mysqlError.code === 'string' ? mysqlError.code : '';
    // `fatal` is mysql2's mark of an error that ended the connection (network, protocol, shutdown).
    if (NETWORK_ERROR_CODES.has(code) || LOST_CODES.has(code) || mysqlError.fatal === true || /connection is in closed state/.test(error.message)) {
      return operationalError(`The connection to MySQL was lost or could not be made: ${error.message || code}`, sql, error);
    }
    if (typeof mysqlError.errno !== 'number') return error;
    const detail = mysqlError.sqlMessage ?? error.message;
    if (OPERATIONAL_ERRNOS.has(mysqlError.errno)) return operationalError(detail, sql, error);
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

/** An error that ended the connection (mysql2's `fatal`, a lost socket) or after which the server ends it. */
export function mysqlEndsConnection(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { fatal, code, errno } = error as { fatal?: unknown; code?: unknown; errno?: unknown };
  if (fatal === true || (typeof errno === 'number' && ENDING_ERRNOS.has(errno))) return true;
  return typeof code === 'string' && (NETWORK_ERROR_CODES.has(code) || LOST_CODES.has(code));
}
