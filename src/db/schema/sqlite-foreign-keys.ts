import type { Connection } from '../connections/wrapper.js';
import { IntegrityError, NotSupportedError } from '../errors.js';

/**
 * Turns SQLite's foreign-key checks off for a table rebuild. SQLite ignores the PRAGMA inside a
 * transaction, so this reads it back and refuses to go on when the checks are still on.
 */
export async function disableForeignKeys(connection: Connection): Promise<void> {
  await connection.execute('PRAGMA foreign_keys = OFF');
  const { rows } = await connection.execute('PRAGMA foreign_keys');
  if (Number(Object.values(rows[0] ?? {})[0]) !== 0) {
    throw new NotSupportedError(
      `The SQLite schema editor cannot run inside atomic() on '${connection.alias}': SQLite cannot turn foreign-key checks off inside a transaction, and table rebuilds need them off.`,
    );
  }
}

/** After the change: every foreign key must still point at a row, as Django checks on SQLite. */
export async function checkForeignKeys(connection: Connection): Promise<void> {
  const { rows } = await connection.execute('PRAGMA foreign_key_check');
  if (rows.length > 0) {
    const first = rows[0]!;
    throw new IntegrityError(
      `The schema change left ${rows.length} row(s) whose foreign key points at no row, e.g. in table '${String(first.table)}' (referencing '${String(first.parent)}').`,
    );
  }
}
