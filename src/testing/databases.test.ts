import { afterEach, describe, expect, it } from 'vitest';
import { fields } from '../db/fields/index.js';
import { defineModel } from '../db/models/define.js';
import { tableExists } from '../db/schema/introspect.js';
import { describeDatabases, probeDatabase, testDatabases } from './databases.js';

describe('probeDatabase', () => {
  const ci = process.env.CI;
  afterEach(() => {
    if (ci === undefined) delete process.env.CI;
    else process.env.CI = ci;
  });

  it('gives a skip reason naming the server when it does not answer', async () => {
    delete process.env.CI;
    const db = await probeDatabase('postgresql', 'postgres://postgres:secret@127.0.0.1:1/test');
    expect(db.skip).toMatch(/^postgresql at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/test is unreachable/);
  });

  it('throws instead under CI=true', async () => {
    process.env.CI = 'true';
    await expect(probeDatabase('mysql', 'mysql://root@127.0.0.1:1/test')).rejects.toThrow(/under CI=true every database must be available/);
  });
});

describe('testDatabases', () => {
  it('always offers SQLite in memory, and probes each server once', async () => {
    const first = await testDatabases();
    expect(first.map((db) => db.vendor)).toEqual(['sqlite', 'postgresql', 'mysql']);
    expect(first[0]).toMatchObject({ settings: { ENGINE: 'sqlite', NAME: ':memory:' }, skip: undefined });
    expect(await testDatabases()).toBe(first);
  });
});

const Note = defineModel('harness_t.Note', { text: fields.CharField({ maxLength: 20 }) }, { dbTable: 'harness_note' });

await describeDatabases('describeDatabases', ({ vendor, connection }) => {
  it('points DATABASES.default at the database and makes the models’ tables', async () => {
    expect(connection().vendor).toBe(vendor);
    expect(await tableExists(connection(), 'harness_note')).toBe(true);
    await connection().execute('INSERT INTO harness_note (text) VALUES (?)', ['left behind']);
  });

  it('empties the tables before each test with flush', async () => {
    expect((await connection().execute('SELECT COUNT(*) AS n FROM harness_note')).rows.map((r) => Number(r.n))).toEqual([0]);
  });
}, { models: () => [Note], flush: true });
