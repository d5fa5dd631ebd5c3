import { CompiledQuery, PostgresDialect } from 'kysely';
import type { DatabaseConnection, Dialect } from 'kysely';
import type { ColumnSpec, DatabaseSettings, Features } from '../../types.js';
import type { Backend, DialectHooks, SchemaSql } from './backend.js';
import { importDriver } from './backend.js';
import { CanterError } from '../../../conf/errors.js';
import { connectionLimits, driverOptions } from '../limits.js';
import { columnTypeFrom, databaseError, integrityError, isAuto, NETWORK_ERROR_CODES, numberedPlaceholders, operationalError } from './common.js';
import type { IntegrityKind, TypeTable } from './common.js';
import { describeServer } from './guard-options.js';
import { guardPgPool } from './postgresql-pool.js';
import type { PgPool } from './postgresql-pool.js';

const TYPES: TypeTable = {
  AutoField: 'integer',
  BigAutoField: 'bigint',
  SmallAutoField: 'smallint',
  BinaryField: 'bytea',
  BooleanField: 'boolean',
  CharField: 'varchar(%(maxLength))',
  DateField: 'date',
  DateTimeField: 'timestamp with time zone',
  DecimalField: 'numeric(%(maxDigits), %(decimalPlaces))',
  DurationField: 'interval',
  EmailField: 'varchar(%(maxLength))',
  FloatField: 'double precision',
  IntegerField: 'integer',
  BigIntegerField: 'bigint',
  JSONField: 'jsonb',
  PositiveBigIntegerField: 'bigint',
  PositiveIntegerField: 'integer',
  PositiveSmallIntegerField: 'smallint',
  SlugField: 'varchar(%(maxLength))',
  SmallIntegerField: 'smallint',
  TextField: 'text',
  TimeField: 'time',
  URLField: 'varchar(%(maxLength))',
  UUIDField: 'uuid',
};

// SQLSTATE class 23: integrity constraint violations.
const KINDS: Readonly<Record<string, IntegrityKind>> = { '23505': 'unique', '23503': 'foreign key', '23502': 'not null', '23514': 'check' };

const SCHEMA_SQL: SchemaSql = {
  alterColumnType: 'ALTER TABLE %(table)s ALTER COLUMN %(column)s TYPE %(type)s USING %(column)s::%(type)s',
  alterColumnNull: 'ALTER TABLE %(table)s ALTER COLUMN %(column)s DROP NOT NULL',
  alterColumnNotNull: 'ALTER TABLE %(table)s ALTER COLUMN %(column)s SET NOT NULL',
  renameColumn: 'ALTER TABLE %(table)s RENAME COLUMN %(old)s TO %(new)s',
  deleteUnique: 'ALTER TABLE %(table)s DROP CONSTRAINT %(name)s',
  deleteForeignKey: 'ALTER TABLE %(table)s DROP CONSTRAINT %(name)s',
  deleteIndex: 'DROP INDEX IF EXISTS %(name)s',
  renameTable: 'ALTER TABLE %(old)s RENAME TO %(new)s',
  foreignKeySuffix: 'DEFERRABLE INITIALLY DEFERRED',
  remakeTable: false,
  canRollbackDdl: true,
  maxNameLength: 63,
};

/**
 * SQLSTATEs that mean the server went away or refused to go on, Django's (psycopg's)
 * OperationalError: classes 08 connection exception, 28 invalid authorization, 40 transaction
 * rollback (deadlock, serialization failure), 53 insufficient resources (too many connections,
 * disk full), 57 operator intervention (admin/crash shutdown, cannot connect now, idle-session
 * timeout, query canceled), 58 system error; and 25P03, idle-in-transaction timeout.
 */
const OPERATIONAL_CLASSES = new Set(['08', '28', '40', '53', '57', '58']);
const OPERATIONAL_STATES = new Set(['25P03', '55P03']);

/** What pg says when a socket closed or a client is no longer usable; these carry no SQLSTATE. */
const LOST = /^(Connection terminated|Client has encountered a connection error|Client was closed|timeout exceeded when trying to connect|Query read timeout)/;

interface PgModule {
  default: { Pool: new (config: Record<string, unknown>) => PgPool };
}

/**
 * PostgreSQL through a `pg` Pool (OPTIONS go to the pool: max, ssl, options, …; Canter's own
 * CONNECT_TIMEOUT and QUERY_TIMEOUT bound getting a connection and each statement).
 */
export const postgresqlBackend: Backend = {
  vendor: 'postgresql',
  features: Object.freeze({
    supportsReturning: true,
    usesSavepoints: true,
    hasIlike: true,
    booleansAsIntegers: false,
    hasNativeUuidField: true,
    hasNativeJsonField: true,
    caseSensitiveLike: true,
  }) satisfies Features,
  schemaSql: SCHEMA_SQL,

  createDialect(settings: Readonly<DatabaseSettings>, hooks: DialectHooks): Dialect {
    return new PostgresDialect({
      pool: async () => {
        const pg = await importDriver<PgModule>('pg', 'PostgreSQL');
        const limits = connectionLimits(settings);
        const pool = new pg.default.Pool({
          host: settings.HOST || undefined,
          port: settings.PORT === undefined || settings.PORT === '' ? undefined : Number(settings.PORT),
          user: settings.USER || undefined,
          password: settings.PASSWORD || undefined,
          database: settings.NAME,
          // pg's own connect timeout closes the socket of a connection attempt that hangs.
          connectionTimeoutMillis: limits.connectMs ?? 0,
          // TCP keepalive finds connections whose peer vanished (a failed-over host) while idle.
          keepAlive: true,
          ...driverOptions(settings),
        });
        const where = describeServer('PostgreSQL', settings.HOST, settings.PORT, settings.NAME);
        // The guarded pool sets up new connections itself (Kysely's hook would leak one whose set-up fails).
        return guardPgPool(pool, { limits, where, prepare: (connection) => hooks.onCreateConnection(connection), endsConnection: pgEndsConnection });
      },
    });
  },

  async prepareConnection(connection: DatabaseConnection): Promise<void> {
    // Django keeps connections in UTC so timestamptz values read back the same everywhere.
    await connection.executeQuery(CompiledQuery.raw("SET TIME ZONE 'UTC'"));
  },

  columnType: (spec: ColumnSpec) => columnTypeFrom(TYPES, spec, 'PostgreSQL'),
  autoSuffix: (spec: ColumnSpec) => (isAuto(spec) ? 'GENERATED BY DEFAULT AS IDENTITY' : undefined),
  columnCheck: (spec: ColumnSpec, column: string) => (spec.internalType.startsWith('Positive') ? `${column} >= 0` : undefined),
  quoteName: (name: string) => (name.startsWith('"') && name.endsWith('"') ? name : `"${name.replaceAll('"', '""')}"`),
  placeholders: numberedPlaceholders,

  translateError(error: unknown, sql: string): unknown {
    if (!(error instanceof Error) || error instanceof CanterError) return error;
    const pgError = error as { code?: unknown; table?: string; constraint?: string; detail?: string; message?: string };
    if (typeof pgError.code === 'string' && NETWORK_ERROR_CODES.has(pgError.code)) {
      return operationalError(`Cannot reach PostgreSQL: ${error.message || pgError.code}`, sql, error);
    }
    if (LOST.test(error.message)) return operationalError(`The connection to PostgreSQL was lost: ${error.message}`, sql, error);
    if (typeof pgError.code !== 'string' || !/^[0-9A-Z]{5}$/.test(pgError.code)) return error;
    const kind = KINDS[pgError.code];
    const detail = [pgError.message, pgError.detail].filter(Boolean).join(' — ');
    if (OPERATIONAL_CLASSES.has(pgError.code.slice(0, 2)) || OPERATIONAL_STATES.has(pgError.code)) return operationalError(detail, sql, error);
    if (kind !== undefined) {
      const constraint = pgError.constraint ? ` (constraint '${pgError.constraint}')` : '';
      return integrityError(kind, detail + constraint, sql, error, pgError.table);
    }
    return databaseError(detail, sql, error);
  },
};

/** A FATAL/PANIC error (the server closes the session after sending it), a lost socket, or class 08. */
export function pgEndsConnection(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { severity, code } = error as { severity?: unknown; code?: unknown };
  if (severity === 'FATAL' || severity === 'PANIC') return true;
  if (typeof code === 'string' && (NETWORK_ERROR_CODES.has(code) || code.startsWith('08'))) return true;
  return LOST.test(error.message);
}
