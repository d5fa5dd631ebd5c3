import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ImproperlyConfigured } from '../../../conf/errors.js';
import { resolveDatabase } from '../config.js';
import { Connection } from '../wrapper.js';
import { importDriver } from './backend.js';
import { sqliteBackend } from './sqlite.js';

describe('SQLite file databases', () => {
  const dir = mkdtempSync(join(tmpdir(), 'canter-sqlite-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('open in WAL mode with foreign keys on, from a sqlite:/// URL', async () => {
    const connection = new Connection(resolveDatabase('default', { URL: `sqlite:///${join(dir, 'db.sqlite3')}` }), sqliteBackend);
    try {
      expect((await connection.execute('PRAGMA journal_mode')).rows).toEqual([{ journal_mode: 'wal' }]);
      expect((await connection.execute('PRAGMA foreign_keys')).rows).toEqual([{ foreign_keys: 1 }]);
    } finally {
      await connection.close();
    }
  });
});

describe('importDriver', () => {
  it('says which package to install when a driver is missing', async () => {
    await expect(importDriver('canter-no-such-driver', 'Imaginary')).rejects.toThrow(ImproperlyConfigured);
    await expect(importDriver('canter-no-such-driver', 'Imaginary')).rejects.toThrow("The Imaginary backend needs the 'canter-no-such-driver' package: npm install canter-no-such-driver");
  });
});
