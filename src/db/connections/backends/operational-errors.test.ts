import { describe, expect, it } from 'vitest';
import { DatabaseError, IntegrityError, OperationalError } from '../../errors.js';
import { mysqlBackend } from './mysql.js';
import { postgresqlBackend } from './postgresql.js';
import { sqliteBackend } from './sqlite.js';

/** A driver error as the drivers make them: a message and their own properties. */
function driverError(message: string, props: Record<string, unknown>): Error {
  return Object.assign(new Error(message), props);
}

describe('PostgreSQL errors', () => {
  const translate = (error: unknown) => postgresqlBackend.translateError(error, 'SELECT 1');

  it.each([
    ['57P01', 'terminating connection due to administrator command'],
    ['57P02', 'terminating connection due to crash of another server process'],
    ['57P03', 'the database system is starting up'],
    ['57P05', 'terminating connection due to idle-session timeout'],
    ['25P03', 'terminating connection due to idle-in-transaction timeout'],
    ['08006', 'connection failure'],
    ['53300', 'sorry, too many clients already'],
    ['40P01', 'deadlock detected'],
    ['28P01', 'password authentication failed for user "app"'],
  ])('SQLSTATE %s (%s) is an OperationalError', (code, message) => {
    const error = translate(driverError(message, { code, severity: 'FATAL' }));
    expect(error).toBeInstanceOf(OperationalError);
    expect(error).toMatchObject({ code: 'E_DATABASE_OPERATIONAL', message: `${message} (in: SELECT 1)` });
  });

  it.each([
    ['Connection terminated unexpectedly', {}],
    ['Connection terminated due to connection timeout', {}],
    ['Client has encountered a connection error and is not queryable', {}],
    ['timeout exceeded when trying to connect', {}],
    ['connect ECONNREFUSED 127.0.0.1:5999', { code: 'ECONNREFUSED', errno: -111 }],
    ['read ECONNRESET', { code: 'ECONNRESET' }],
  ])('"%s" from pg or the socket is an OperationalError keeping the cause', (message, props) => {
    const cause = driverError(message, props);
    const error = translate(cause);
    expect(error).toBeInstanceOf(OperationalError);
    expect((error as Error).cause).toBe(cause);
  });

  it('leaves the other classes as they were', () => {
    expect(translate(driverError('duplicate key', { code: '23505' }))).toBeInstanceOf(IntegrityError);
    const syntax = translate(driverError('syntax error at or near "SELEC"', { code: '42601' }));
    expect(syntax).toBeInstanceOf(DatabaseError);
    expect(syntax).not.toBeInstanceOf(OperationalError);
    const own = new OperationalError('QUERY_TIMEOUT passed');
    expect(translate(own)).toBe(own);
  });
});

describe('MySQL/MariaDB errors', () => {
  const translate = (error: unknown) => mysqlBackend.translateError(error, 'SELECT 1');

  it.each([
    ['Connection lost: The server closed the connection.', { code: 'PROTOCOL_CONNECTION_LOST', fatal: true }],
    ['connect ECONNREFUSED 127.0.0.1:3999', { code: 'ECONNREFUSED', errno: -111, fatal: true }],
    ['connect ETIMEDOUT', { code: 'ETIMEDOUT', errno: 'ETIMEDOUT', fatal: true }],
    ["Can't add new command when connection is in closed state", {}],
    ['Connection was killed', { code: 'ER_CONNECTION_KILLED', errno: 1927 }],
    ['Server shutdown in progress', { code: 'ER_SERVER_SHUTDOWN', errno: 1053 }],
    ['Deadlock found when trying to get lock', { code: 'ER_LOCK_DEADLOCK', errno: 1213 }],
    ['Too many connections', { code: 'ER_CON_COUNT_ERROR', errno: 1040 }],
  ])('"%s" is an OperationalError', (message, props) => {
    expect(translate(driverError(message, props))).toBeInstanceOf(OperationalError);
  });

  it('leaves integrity and SQL errors as they were', () => {
    expect(translate(driverError('Duplicate entry', { code: 'ER_DUP_ENTRY', errno: 1062 }))).toBeInstanceOf(IntegrityError);
    const syntax = translate(driverError('You have an error in your SQL syntax', { code: 'ER_PARSE_ERROR', errno: 1064 }));
    expect(syntax).toBeInstanceOf(DatabaseError);
    expect(syntax).not.toBeInstanceOf(OperationalError);
  });
});

describe('SQLite errors', () => {
  const translate = (error: unknown) => sqliteBackend.translateError(error, 'UPDATE t SET x = 1');

  it.each(['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED', 'SQLITE_IOERR_WRITE', 'SQLITE_FULL', 'SQLITE_CANTOPEN', 'SQLITE_READONLY'])(
    '%s (the file cannot be used now) is an OperationalError',
    (code) => {
      expect(translate(driverError('database is locked', { code }))).toBeInstanceOf(OperationalError);
    },
  );

  it('keeps a mistake in the SQL a plain DatabaseError', () => {
    const error = translate(driverError('no such table: t', { code: 'SQLITE_ERROR' }));
    expect(error).toBeInstanceOf(DatabaseError);
    expect(error).not.toBeInstanceOf(OperationalError);
  });
});
