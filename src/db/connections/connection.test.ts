import { expect, it } from 'vitest';
import { describeDatabases } from '../../testing/databases.js';
import { DatabaseError, IntegrityError } from '../errors.js';
import { connectionCreated } from '../signals.js';
import type { ColumnSpec } from '../types.js';
import { connections } from './registry.js';

const spec = (column: string, internalType: string, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
  column, internalType, null: true, unique: false, primaryKey: false, dbIndex: false, ...extra,
});

const EVERY_TYPE = [
  'CharField', 'TextField', 'IntegerField', 'BigIntegerField', 'SmallIntegerField', 'PositiveIntegerField',
  'PositiveSmallIntegerField', 'PositiveBigIntegerField', 'BooleanField', 'FloatField', 'DecimalField', 'DateField',
  'DateTimeField', 'TimeField', 'DurationField', 'EmailField', 'SlugField', 'URLField', 'UUIDField', 'JSONField', 'BinaryField',
];

await describeDatabases('connection', ({ vendor, connection }) => {
  it('connects and runs SQL with ? placeholders', async () => {
    const { rows } = await connection().execute("SELECT ? AS word, '?' AS mark", ['hello']);
    expect(rows[0]).toEqual({ word: 'hello', mark: '?' });
  });

  it('keeps one wrapper per alias until the settings change', () => {
    expect(connections.get()).toBe(connection());
    expect(connections.all()).toContain(connection());
  });

  it('knows the vendor features, refined by the server version', async () => {
    const c = connection();
    await c.ensureConnection();
    expect(c.vendor).toBe(vendor);
    // The servers here are PostgreSQL and MariaDB 10.11; both speak RETURNING.
    expect(c.features.supportsReturning).toBe(true);
    expect(c.features.hasIlike).toBe(vendor === 'postgresql');
  });

  it('makes a valid column of every internal type', async () => {
    const c = connection();
    const columns = EVERY_TYPE.map((type) => `${c.quoteName(`c_${type.toLowerCase()}`)} ${c.columnType(spec(`c_${type.toLowerCase()}`, type, { maxLength: 20, maxDigits: 8, decimalPlaces: 2 }))}`);
    await c.execute(`CREATE TABLE every_type (id ${c.columnType(spec('id', 'IntegerField'))} PRIMARY KEY, ${columns.join(', ')})`);
    await c.execute('INSERT INTO every_type (id, c_charfield, c_decimalfield) VALUES (?, ?, ?)', [1, 'x', '12.50']);
    const { rows } = await c.execute('SELECT c_charfield AS v, c_decimalfield AS d FROM every_type');
    expect(rows[0]?.v).toBe('x');
    expect(Number(rows[0]?.d)).toBe(12.5);
    await c.execute('DROP TABLE every_type');
  });

  it('turns a duplicate into IntegrityError naming the table, with the driver error as cause', async () => {
    const c = connection();
    await c.execute('CREATE TABLE uniq_t (id integer PRIMARY KEY, code varchar(10) NOT NULL UNIQUE)');
    await c.execute('INSERT INTO uniq_t (id, code) VALUES (1, ?)', ['a']);
    const error = await c.execute('INSERT INTO uniq_t (id, code) VALUES (2, ?)', ['a']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntegrityError);
    expect((error as Error).message).toMatch(/^unique constraint failed/);
    expect((error as Error).message).toMatch(/uniq_t/);
    expect((error as Error).cause).toBeInstanceOf(Error);
    await expect(c.execute('INSERT INTO uniq_t (id, code) VALUES (3, NULL)')).rejects.toThrow(/not null constraint failed/);
    await c.execute('DROP TABLE uniq_t');
  });

  it('turns a foreign key to a missing row into IntegrityError', async () => {
    const c = connection();
    await c.execute('CREATE TABLE fk_parent (id integer PRIMARY KEY)');
    await c.execute('CREATE TABLE fk_child (id integer PRIMARY KEY, parent_id integer REFERENCES fk_parent (id))');
    if (vendor === 'mysql') await c.execute('ALTER TABLE fk_child ADD CONSTRAINT fk_c FOREIGN KEY (parent_id) REFERENCES fk_parent (id)');
    await expect(c.execute('INSERT INTO fk_child (id, parent_id) VALUES (1, 99)')).rejects.toThrow(/foreign key constraint failed/);
    await c.execute('DROP TABLE fk_child');
    await c.execute('DROP TABLE fk_parent');
  });

  it('turns other driver errors into DatabaseError that shows the SQL', async () => {
    const error = await connection().execute('SELECT * FROM no_such_table_here').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect(error).not.toBeInstanceOf(IntegrityError);
    expect((error as Error).message).toMatch(/no_such_table_here/);
  });

  it('translates errors of queries built with Kysely too', async () => {
    await expect(connection().db.selectFrom('missing_table').selectAll().execute()).rejects.toBeInstanceOf(DatabaseError);
  });

  it('sends connection_created for a new physical connection', async () => {
    const seen: string[] = [];
    const receiver = ({ connection: c }: { connection: { alias: string } }) => void seen.push(c.alias);
    connectionCreated.connect(receiver);
    try {
      await connections.closeAll();
      await connections.get().execute('SELECT 1');
      expect(seen).toEqual(['default']);
    } finally {
      connectionCreated.disconnect(receiver);
    }
  });
});

await describeDatabases('SQLite session settings', ({ connection }) => {
  it('enforces foreign keys', async () => {
    const { rows } = await connection().execute('PRAGMA foreign_keys');
    expect(rows).toEqual([{ foreign_keys: 1 }]);
  });
}, { vendors: ['sqlite'] });

await describeDatabases('MySQL/MariaDB session settings', ({ connection }) => {
  it('runs in strict mode, UTC and utf8mb4', async () => {
    const { rows } = await connection().execute('SELECT @@SESSION.sql_mode AS mode, @@SESSION.time_zone AS tz');
    expect(String(rows[0]?.mode)).toContain('STRICT_TRANS_TABLES');
    expect(rows[0]?.tz).toBe('+00:00');
    await connection().execute('CREATE TABLE emoji (t varchar(10)) CHARACTER SET utf8mb4');
    await connection().execute('INSERT INTO emoji (t) VALUES (?)', ['🐎 canter']);
    expect((await connection().execute('SELECT t FROM emoji')).rows).toEqual([{ t: '🐎 canter' }]);
    // Strict mode refuses a value too long for its column instead of cutting it.
    await expect(connection().execute('INSERT INTO emoji (t) VALUES (?)', ['x'.repeat(11)])).rejects.toBeInstanceOf(DatabaseError);
  });
}, { vendors: ['mysql'] });

await describeDatabases('PostgreSQL session settings', ({ connection }) => {
  it('keeps sessions in UTC', async () => {
    const { rows } = await connection().execute('SHOW TIME ZONE');
    expect(Object.values(rows[0] ?? {})).toEqual(['UTC']);
  });
}, { vendors: ['postgresql'] });

// Kysely streams from PostgreSQL only with the pg-cursor package, which Canter does not install,
// so streaming is tested where it exists.
await describeDatabases('streaming', ({ connection }) => {
  it('streams rows and translates a streaming error', async () => {
    const c = connection();
    const seen: unknown[] = [];
    for await (const chunk of c.db.selectNoFrom((eb) => eb.val(1).as('one')).stream()) seen.push(chunk.one);
    expect(seen.map(Number)).toEqual([1]);
    const failing = async () => {
      for await (const _ of c.db.selectFrom('no_table_for_stream').selectAll().stream()) void _;
    };
    await expect(failing()).rejects.toBeInstanceOf(DatabaseError);
  });
}, { vendors: ['sqlite', 'mysql'] });
