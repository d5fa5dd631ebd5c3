import type { Connection } from '../connections/wrapper.js';

/** An index or constraint on a table, as the database reports it. */
export interface ConstraintInfo {
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique: boolean;
  readonly primaryKey: boolean;
  readonly foreignKey: boolean;
  /** True when it is an index (not a table constraint): dropped with DROP INDEX. */
  readonly index: boolean;
}

/**
 * The indexes and constraints of a table: the schema editor asks for names it did not choose
 * itself (a UNIQUE written inline in CREATE TABLE is named by the database).
 */
export async function tableConstraints(connection: Connection, table: string): Promise<ConstraintInfo[]> {
  if (connection.vendor === 'postgresql') return postgresql(connection, table);
  if (connection.vendor === 'mysql') return mysql(connection, table);
  return sqlite(connection, table);
}

async function postgresql(connection: Connection, table: string): Promise<ConstraintInfo[]> {
  const { rows } = await connection.execute(
    `SELECT c.conname AS name, c.contype AS type, array_to_string(array_agg(a.attname ORDER BY k.ord), ',') AS cols
       FROM pg_constraint c
       JOIN pg_class t ON t.oid = c.conrelid
       JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord) ON true
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE t.relname = ? AND pg_table_is_visible(t.oid)
      GROUP BY c.conname, c.contype`,
    [table],
  );
  const constraints: ConstraintInfo[] = rows.map((r) => ({
    name: String(r.name),
    columns: String(r.cols).split(','),
    unique: r.type === 'u' || r.type === 'p',
    primaryKey: r.type === 'p',
    foreignKey: r.type === 'f',
    index: false,
  }));
  const indexes = await connection.execute(
    `SELECT ic.relname AS name, i.indisunique AS uniq, array_to_string(array_agg(a.attname ORDER BY k.ord), ',') AS cols
       FROM pg_index i
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_class ic ON ic.oid = i.indexrelid
       JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE t.relname = ? AND pg_table_is_visible(t.oid)
      GROUP BY ic.relname, i.indisunique`,
    [table],
  );
  const named = new Set(constraints.map((c) => c.name));
  for (const r of indexes.rows) {
    // A UNIQUE or PRIMARY KEY constraint has an index of its own name; report it once.
    if (named.has(String(r.name))) continue;
    constraints.push({ name: String(r.name), columns: String(r.cols).split(','), unique: r.uniq === true, primaryKey: false, foreignKey: false, index: true });
  }
  return constraints;
}

async function mysql(connection: Connection, table: string): Promise<ConstraintInfo[]> {
  const { rows } = await connection.execute(
    `SELECT INDEX_NAME AS name, NON_UNIQUE AS non_unique, COLUMN_NAME AS col FROM information_schema.STATISTICS
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY INDEX_NAME, SEQ_IN_INDEX`,
    [table],
  );
  const byName = new Map<string, { columns: string[]; unique: boolean }>();
  for (const r of rows) {
    const name = String(r.name);
    const entry = byName.get(name) ?? { columns: [], unique: Number(r.non_unique) === 0 };
    entry.columns.push(String(r.col));
    byName.set(name, entry);
  }
  const out: ConstraintInfo[] = [...byName].map(([name, e]) => ({
    name,
    columns: e.columns,
    unique: e.unique,
    primaryKey: name === 'PRIMARY',
    foreignKey: false,
    index: true,
  }));
  const fks = await connection.execute(
    `SELECT CONSTRAINT_NAME AS name, COLUMN_NAME AS col FROM information_schema.KEY_COLUMN_USAGE
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND REFERENCED_TABLE_NAME IS NOT NULL`,
    [table],
  );
  for (const r of fks.rows) out.push({ name: String(r.name), columns: [String(r.col)], unique: false, primaryKey: false, foreignKey: true, index: false });
  return out;
}

async function sqlite(connection: Connection, table: string): Promise<ConstraintInfo[]> {
  const { rows } = await connection.execute(`SELECT name, "unique" AS uniq, origin FROM pragma_index_list(?)`, [table]);
  const out: ConstraintInfo[] = [];
  for (const r of rows) {
    const columns = await connection.execute('SELECT name FROM pragma_index_info(?) ORDER BY seqno', [r.name]);
    out.push({
      name: String(r.name),
      columns: columns.rows.map((c) => String(c.name)),
      unique: Number(r.uniq) === 1,
      primaryKey: r.origin === 'pk',
      foreignKey: false,
      index: true,
    });
  }
  return out;
}

/** Whether the table exists (in the current schema/database). */
export async function tableExists(connection: Connection, table: string): Promise<boolean> {
  const sql = {
    postgresql: "SELECT 1 AS x FROM pg_class WHERE relname = ? AND relkind IN ('r', 'p') AND pg_table_is_visible(oid)",
    mysql: 'SELECT 1 AS x FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
    sqlite: "SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = ?",
  }[connection.vendor];
  return (await connection.execute(sql, [table])).rows.length > 0;
}
