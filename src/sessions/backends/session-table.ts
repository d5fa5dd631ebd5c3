import { connections } from '../../db/connections/registry.js';
import type { Connection } from '../../db/connections/wrapper.js';
import type { Field } from '../../db/fields/field.js';
import { Session } from '../models.js';

/**
 * The two statements every request with a session makes — read the live row, update it — written
 * once per connection instead of built by the query compiler each time (they are most of a
 * session request's cost). Inserts and deletes, which are rare, go through the ORM.
 */
interface Statements {
  readonly select: string;
  readonly update: string;
  readonly exists: string;
}

/** A live row: the encoded data and when it expires. */
export interface SessionRow {
  readonly sessionData: string;
  readonly expireDate: Date;
}

// Keyed by the alias's Connection, not by a physical connection: the statements are only SQL
// text (sent as plain queries, never server-side prepared), so a dropped connection leaves
// nothing stale behind and the pool's next connection runs them as they are.
const prepared = new WeakMap<Connection, Statements>();

function field(name: string): Field<unknown> {
  return Session.meta.getField(name) as Field<unknown>;
}

function statements(c: Connection): Statements {
  let found = prepared.get(c);
  if (found === undefined) {
    const q = (name: string): string => c.quoteName(name);
    const table = q(Session.meta.dbTable);
    const [key, data, expire] = ['sessionKey', 'sessionData', 'expireDate'].map((name) => q(field(name).column));
    found = {
      select: `SELECT ${data} AS session_data, ${expire} AS expire_date FROM ${table} WHERE ${key} = ? AND ${expire} > ?`,
      update: `UPDATE ${table} SET ${data} = ?, ${expire} = ? WHERE ${key} = ?`,
      exists: `SELECT 1 AS found FROM ${table} WHERE ${key} = ?`,
    };
    prepared.set(c, found);
  }
  return found;
}

/** The unexpired row of a session key on the default database. */
export async function readLiveRow(sessionKey: string, now: Date = new Date()): Promise<SessionRow | undefined> {
  const c = connections.get();
  const expire = field('expireDate');
  const { rows } = await c.execute(statements(c).select, [sessionKey, expire.toDb(now, c)]);
  const row = rows[0];
  if (row === undefined) return undefined;
  return { sessionData: String(row.session_data), expireDate: expire.fromDb(row.expire_date, c) as Date };
}

/** Rewrites a session's row; false when there is no row for the key (it was deleted meanwhile). */
export async function updateRow(sessionKey: string, sessionData: string, expireDate: Date): Promise<boolean> {
  const c = connections.get();
  const { update, exists } = statements(c);
  const result = await c.execute(update, [sessionData, field('expireDate').toDb(expireDate, c), sessionKey]);
  if ((result.numAffectedRows ?? 0n) > 0n) return true;
  // MySQL counts only rows it changed: a row rewritten with the same values reports 0. Ask.
  return c.vendor === 'mysql' && (await c.execute(exists, [sessionKey])).rows.length > 0;
}
