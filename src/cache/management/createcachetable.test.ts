import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** `canter createcachetable`, run as a user runs it: the real CLI on a project in a temp dir. */

const ROOT = new URL('../../..', import.meta.url).pathname;
const CLI = join(ROOT, 'src/cli.ts');
let dir: string;

function canter(...args: string[]): { status: number | null; out: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', CLI, '--settings', join(dir, 'settings.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, QUIET: '1' },
  });
  return { status: run.status, out: run.stdout + run.stderr };
}

function tables(file: string): string[] {
  const db = new Database(join(dir, file), { readonly: true, fileMustExist: false });
  try {
    return (db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'index') ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);
  } finally {
    db.close();
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'canter-createcachetable-'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(
    join(dir, 'settings.ts'),
    `
import { defineSettings } from '${ROOT}src/core/index.ts';
import { DatabaseCache } from '${ROOT}src/cache/backends/db.ts';
export default defineSettings({
  SECRET_KEY: 'createcachetable',
  DATABASES: {
    default: { ENGINE: 'sqlite', NAME: ${JSON.stringify(join(dir, 'default.sqlite3'))} },
    other: { ENGINE: 'sqlite', NAME: ${JSON.stringify(join(dir, 'other.sqlite3'))} },
  },
  CACHES: {
    default: { BACKEND: DatabaseCache, LOCATION: 'cache_one' },
    same_table: { BACKEND: DatabaseCache, LOCATION: 'cache_one', KEY_PREFIX: 'b' },
    elsewhere: { BACKEND: DatabaseCache, LOCATION: 'cache_two', OPTIONS: { DATABASE: 'other' } },
    memory: { BACKEND: 'locmem' },
  },
});
`,
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('canter createcachetable', { timeout: 60_000 }, () => {
  it('--dry-run prints the SQL of every database cache table and creates nothing', () => {
    const { status, out } = canter('createcachetable', '--dry-run');
    expect(status).toBe(0);
    expect(out).toContain('CREATE TABLE "cache_one" (\n    "cache_key" varchar(255) NOT NULL PRIMARY KEY,\n    "value" text NOT NULL,\n    "expires" datetime NOT NULL\n);');
    expect(out).toContain('CREATE INDEX "cache_one_expires" ON "cache_one" ("expires");');
    expect(out).toContain('CREATE TABLE "cache_two" (');
    // Two aliases share cache_one: it is printed once.
    expect(out.match(/CREATE TABLE "cache_one"/g)).toHaveLength(1);
    expect(tables('default.sqlite3')).toEqual([]);
    expect(tables('other.sqlite3')).toEqual([]);
  });

  it('--database picks the caches whose OPTIONS.DATABASE is that alias', () => {
    const { status, out } = canter('createcachetable', '--database', 'other');
    expect(status).toBe(0);
    expect(out.trim()).toBe("Cache table 'cache_two' created in database 'other'.");
    expect(tables('other.sqlite3')).toEqual(['cache_two', 'cache_two_expires', 'sqlite_autoindex_cache_two_1']);
    expect(tables('default.sqlite3')).toEqual([]);
  });

  it('creates the table of every database cache in its own database, once', () => {
    const { status, out } = canter('createcachetable');
    expect(status).toBe(0);
    expect(out).toContain("Cache table 'cache_one' created in database 'default'.");
    expect(out).toContain("Cache table 'cache_two' already exists.");
    expect(tables('default.sqlite3')).toEqual(['cache_one', 'cache_one_expires', 'sqlite_autoindex_cache_one_1']);
  });

  it('is idempotent: a second run says the tables exist', () => {
    const { status, out } = canter('createcachetable');
    expect(status).toBe(0);
    expect(out.trim().split('\n').sort()).toEqual(["Cache table 'cache_one' already exists.", "Cache table 'cache_two' already exists."]);
    expect(canter('createcachetable', '--dry-run').out).not.toContain('CREATE TABLE');
  });

  it('the tables work: the cache stores and reads through them', () => {
    const script = `
import { loadSettings } from '${ROOT}src/core/management/index.ts';
import { caches } from '${ROOT}src/cache/registry.ts';
import { connections } from '${ROOT}src/db/connections/index.ts';
await loadSettings(${JSON.stringify(join(dir, 'settings.ts'))});
await caches.get('elsewhere').set('k', { ok: true });
console.log(JSON.stringify(await caches.get('elsewhere').get('k')));
await connections.closeAll();
`;
    writeFileSync(join(dir, 'use.ts'), script);
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(dir, 'use.ts')], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('{"ok":true}');
  });

  it('named tables are made in --database (default: default)', () => {
    const { status, out } = canter('createcachetable', 'extra_cache', '--database', 'other');
    expect(status).toBe(0);
    expect(out.trim()).toBe("Cache table 'extra_cache' created in database 'other'.");
    expect(tables('other.sqlite3')).toContain('extra_cache');
  });

  it('refuses a table name that is not a plain identifier, exit code 1', () => {
    const { status, out } = canter('createcachetable', 'x"; DROP TABLE cache_one; --');
    expect(status).toBe(1);
    expect(out).toContain('is not a valid cache table name: use letters, digits and underscores');
    expect(tables('default.sqlite3')).toContain('cache_one');
  });

  it('refuses an unknown --database with the configured aliases', () => {
    const { status, out } = canter('createcachetable', 'extra_cache', '--database', 'nowhere');
    expect(status).toBe(1);
    expect(out).toContain("The database alias 'nowhere' is not in DATABASES; configured aliases: default, other.");
  });

  it('says so when no cache uses the database', () => {
    const { status, out } = canter('createcachetable', '--database', 'nowhere');
    expect(status).toBe(0);
    expect(out.trim()).toBe("No database cache in CACHES uses database 'nowhere'; nothing to create.");
  });
});
