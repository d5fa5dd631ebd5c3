import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureSettings, getSettings, overrideSettings, settingsConfigured } from '../../conf/settings/index.js';
import { connections } from '../../db/connections/registry.js';
import { atomic } from '../../db/transaction.js';
import { PYTHON, probeDjango } from '../../signing/django.test-helper.js';
import { describeCacheContract } from '../../testing/contracts/cache.js';
import { describeDatabases } from '../../testing/databases.js';
import type { CacheSettings } from '../config.js';
import { InvalidCacheBackendError } from '../errors.js';
import { cacheTableSql, createCacheTable } from '../management/createcachetable.js';
import { createCache } from '../registry.js';
import { DatabaseCache, NEVER_EXPIRES, storedKey } from './db.js';

const TABLE = 'canter_cache_test';

function make(overrides: Partial<CacheSettings> = {}, table = TABLE): DatabaseCache {
  return createCache('dbcache', { BACKEND: DatabaseCache, LOCATION: table, ...overrides }) as DatabaseCache;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function rowCount(table = TABLE): Promise<number> {
  const c = connections.get();
  return Number((await c.execute(`SELECT COUNT(*) AS n FROM ${c.quoteName(table)}`)).rows[0]?.n);
}

await describeDatabases('DatabaseCache', ({ vendor }) => {
  beforeAll(async () => {
    expect((await createCacheTable({ table: TABLE })).outcome).toBe('created');
  });

  describeCacheContract(`db [${vendor}]`, { make: (overrides) => make(overrides) });

  describe('the table', () => {
    it('is made with Django\'s columns and index, once', async () => {
      const c = connections.get();
      const [create, index] = cacheTableSql(c, TABLE);
      const q = (n: string): string => c.quoteName(n);
      const types = {
        sqlite: ['varchar(255)', 'text', 'datetime'],
        postgresql: ['varchar(255)', 'text', 'timestamp with time zone'],
        mysql: ['varchar(255)', 'longtext', 'datetime(6)'],
      }[vendor];
      expect(create).toBe(
        `CREATE TABLE ${q(TABLE)} (\n    ${q('cache_key')} ${types[0]} NOT NULL PRIMARY KEY,\n` +
          `    ${q('value')} ${types[1]} NOT NULL,\n    ${q('expires')} ${types[2]} NOT NULL\n);`,
      );
      expect(index).toBe(`CREATE INDEX ${q(`${TABLE}_expires`)} ON ${q(TABLE)} (${q('expires')});`);
      expect(await createCacheTable({ table: TABLE })).toMatchObject({ outcome: 'exists', sql: [] });
    });

    it('dry run returns the SQL and makes nothing', async () => {
      const result = await createCacheTable({ table: 'canter_cache_dry' }, { dryRun: true });
      expect(result.outcome).toBe('dry-run');
      expect(result.sql).toEqual(cacheTableSql(connections.get(), 'canter_cache_dry'));
      expect((await createCacheTable({ table: 'canter_cache_dry' }, { dryRun: true })).outcome).toBe('dry-run');
    });

    it('createCacheTable takes a cache or a CACHES alias', async () => {
      const restore = overrideSettings({ CACHES: { tables: { BACKEND: DatabaseCache, LOCATION: 'canter_cache_alias' }, mem: { BACKEND: 'locmem' } } });
      try {
        expect(await createCacheTable('tables')).toMatchObject({ table: 'canter_cache_alias', database: 'default', outcome: 'created' });
        expect((await createCacheTable(make({}, 'canter_cache_alias'))).outcome).toBe('exists');
        await expect(createCacheTable('mem')).rejects.toThrow(/CACHES\['mem'\] is not a database cache/);
      } finally {
        restore();
      }
    });

    it('stores "never" as Django does: 9999-12-31 23:59:59 UTC', async () => {
      const cache = make({ KEY_PREFIX: 'never' });
      await cache.set('forever', 1, null);
      const c = connections.get();
      const { rows } = await c.execute(`SELECT ${c.quoteName('expires')} AS e FROM ${c.quoteName(TABLE)} WHERE ${c.quoteName('cache_key')} = ?`, [cache.makeKey('forever')]);
      const stored = rows[0]?.e;
      const text = stored instanceof Date ? stored.toISOString() : String(stored);
      expect(text).toMatch(/^9999-12-31[ T]23:59:59(\.0+)?Z?$/);
      expect(NEVER_EXPIRES.toISOString()).toBe('9999-12-31T23:59:59.000Z');
    });
  });

  describe('rows', () => {
    it('an expired row is invisible, and removed when read', async () => {
      const cache = make({ KEY_PREFIX: 'expired' });
      await cache.clear();
      await cache.set('gone', 'v', 0.05);
      await sleep(100);
      expect(await rowCount()).toBe(1);
      expect(await cache.getMany(['gone'])).toEqual({});
      expect(await rowCount()).toBe(0);
      await cache.set('gone2', 'v', 0.05);
      await sleep(100);
      expect(await cache.touch('gone2', 60)).toBe(false);
      expect(await cache.delete('gone2')).toBe(false);
      expect(await cache.incr('gone2').catch((e: Error) => e.name)).toBe('CacheKeyNotFound');
    });

    it('culling removes expired rows first and keeps at most MAX_ENTRIES', async () => {
      const cache = make({ KEY_PREFIX: 'cull', OPTIONS: { MAX_ENTRIES: 10, CULL_FREQUENCY: 2 } });
      await cache.clear();
      for (let i = 0; i < 9; i++) await cache.set(`old${i}`, i, 0.05);
      await cache.set('live', 'kept');
      await sleep(100);
      await cache.set('new', 1);
      expect(await rowCount()).toBe(2);
      expect(await cache.get('live')).toBe('kept');
      for (let i = 0; i < 30; i++) {
        await cache.set(`k${String(i).padStart(2, '0')}`, i);
        expect(await rowCount()).toBeLessThanOrEqual(10);
      }
      expect(await cache.get('k29')).toBe(29);
    });

    it('concurrent set and add of one key never throw; one add wins', async () => {
      const cache = make({ KEY_PREFIX: 'race' });
      await Promise.all(Array.from({ length: 40 }, (_, i) => cache.set('contended', { writer: i })));
      expect(await cache.get('contended')).toEqual({ writer: expect.any(Number) });
      const added = await Promise.all(Array.from({ length: 40 }, (_, i) => cache.add('once', i)));
      expect(added.filter(Boolean)).toHaveLength(1);
      expect(await cache.get('once')).toBe(added.indexOf(true));
    });

    it('stores keys longer than 255 characters, and keys and values with NUL or lone surrogates', async () => {
      const cache = make({ KEY_PREFIX: 'odd' });
      const long = 'k'.repeat(400);
      await cache.set(long, 'long');
      await cache.set(`${long}x`, 'other');
      expect(await cache.get(long)).toBe('long');
      expect(storedKey(cache.makeKey(long)).length).toBeLessThanOrEqual(255);
      for (const odd of ['nul\0key', 'lone\uD800', 'pair😀']) {
        await cache.set(odd, `${odd}\0value\uDC00`);
        expect(await cache.get(odd)).toBe(`${odd}\0value\uDC00`);
      }
    });

    it('keys differing only in case or accents are different keys', async () => {
      const cache = make({ KEY_PREFIX: 'case' });
      await cache.set('Key', 'upper');
      expect(await cache.get('key')).toBeUndefined();
      expect(await cache.touch('key')).toBe(false);
      expect(await cache.delete('key')).toBe(false);
      expect(await cache.get('Key')).toBe('upper');
      await cache.set('cafe', 'plain');
      await cache.set('café', 'accent');
      expect(await cache.get('café')).toBe('accent');
      expect(await cache.get('cafe', 'lost')).not.toBe('accent');
    });

    it('reads a value it did not write (Django\'s pickle) as a miss, not an error', async () => {
      const cache = make({ KEY_PREFIX: 'django' });
      const c = connections.get();
      const q = (n: string): string => c.quoteName(n);
      const expires = vendor === 'postgresql' ? '2999-01-01T00:00:00Z' : '2999-01-01 00:00:00';
      await c.execute(`INSERT INTO ${q(TABLE)} (${q('cache_key')}, ${q('value')}, ${q('expires')}) VALUES (?, ?, ?)`, [
        cache.makeKey('pickled'),
        'gASVCQAAAAAAAACMBWhlbGxvlC4=',
        expires,
      ]);
      expect(await cache.get('pickled', 'miss')).toBe('miss');
      expect(await cache.add('pickled', 'mine')).toBe(false);
    });

    it('getMany and deleteMany take more keys than one IN list holds', async () => {
      const cache = make({ KEY_PREFIX: 'many', OPTIONS: { MAX_ENTRIES: 5000 } });
      const keys = Array.from({ length: 1200 }, (_, i) => `m${i}`);
      await cache.setMany(Object.fromEntries(keys.map((k, i) => [k, i])));
      expect(Object.keys(await cache.getMany(keys))).toHaveLength(1200);
      await cache.deleteMany(keys);
      expect(await cache.getMany(keys)).toEqual({});
    });

    it('takes part in the atomic() block around it, as Django does', async () => {
      const cache = make({ KEY_PREFIX: 'tx' });
      await atomic(async () => {
        await cache.set('committed', 1);
      });
      class Rollback extends Error {}
      await expect(
        atomic(async () => {
          await cache.set('undone', 1);
          expect(await cache.get('undone')).toBe(1);
          expect(await cache.incr('committed')).toBe(2);
          throw new Rollback();
        }),
      ).rejects.toBeInstanceOf(Rollback);
      expect(await cache.get('undone')).toBeUndefined();
      expect(await cache.get('committed')).toBe(1);
    });
  });

  describe('configuration', () => {
    it('refuses a LOCATION that is not a plain table name, saying what is valid', () => {
      for (const location of ['x"; DROP TABLE users; --', 'a b', '1table', 'schema.table', 'ta`ble', 'x'.repeat(56), '']) {
        expect(() => make({}, location)).toThrow(InvalidCacheBackendError);
      }
      expect(() => make({}, 'bad-name')).toThrow(/CACHES\['dbcache'\]\.LOCATION is "bad-name".*letters, digits and underscores/);
      expect(() => make({}, 't1;t2')).toThrow(/one table name/);
      expect(make({}, '_Ok_Table9').table).toBe('_Ok_Table9');
    });

    it('refuses an OPTIONS.DATABASE that is not in DATABASES', () => {
      expect(() => make({ OPTIONS: { DATABASE: 'nowhere' } })).toThrow(/OPTIONS\.DATABASE is "nowhere".*'default'/);
    });

    it('says to run createcachetable when the table is missing', async () => {
      const cache = make({}, 'canter_cache_missing');
      await expect(cache.get('k')).rejects.toThrow(/cache table 'canter_cache_missing' .* does not exist in database 'default'.*canter createcachetable/);
      await expect(cache.set('k', 1)).rejects.toBeInstanceOf(InvalidCacheBackendError);
    });
  });
});

const django = probeDjango();
const djangoSkip = django.ok ? undefined : `python3-django is missing (${django.reason}); apt-get install python3-django`;
if (djangoSkip !== undefined && process.env.CI === 'true') throw new Error(`Under CI=true the Django compatibility tests must run: ${djangoSkip}`);

/** Runs Django's DatabaseCache (USE_TZ, UTC) on a SQLite file; one answer per operation. */
function runDjango(db: string, table: string, ops: ReadonlyArray<Record<string, unknown>>): unknown[] {
  const script = String.raw`
import json, sys
from io import StringIO
import django
from django.conf import settings
req = json.loads(sys.stdin.read())
settings.configure(USE_TZ=True, TIME_ZONE='UTC',
    DATABASES={'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': req['db']}},
    CACHES={'default': {'BACKEND': 'django.core.cache.backends.db.DatabaseCache', 'LOCATION': req['table']}})
django.setup()
from django.core.cache import cache
from django.core.management import call_command
out = []
for op in req['ops']:
    kind = op['op']
    timeout = op['timeout'] if 'timeout' in op else 300
    if kind == 'createcachetable':
        buf = StringIO()
        call_command('createcachetable', dry_run=op.get('dryRun', False), stdout=buf, verbosity=2)
        out.append(buf.getvalue())
    elif kind == 'set':
        out.append(cache.set(op['key'], op['value'], timeout))
    elif kind == 'get':
        out.append(cache.get(op['key'], 'MISS'))
    elif kind == 'has':
        out.append(cache.has_key(op['key']))
    elif kind == 'add':
        out.append(cache.add(op['key'], op['value'], timeout))
print(json.dumps(out))
`;
  const run = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify({ db, table, ops }), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`Django failed (exit ${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as unknown[];
}

describe.skipIf(djangoSkip !== undefined)(`the table shared with Django ${django.ok ? django.version : `(skipped: ${djangoSkip})`}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'canter-db-cache-django-'));
  const db = join(dir, 'shared.sqlite3');
  let restore: (() => void) | undefined;
  beforeAll(() => {
    if (!settingsConfigured()) configureSettings({ DEBUG: true, SECRET_KEY: 'canter-db-cache' });
    restore = overrideSettings({ DATABASES: { ...getSettings().DATABASES, default: { ENGINE: 'sqlite', NAME: db } } });
  });
  afterAll(async () => {
    await connections.closeAll();
    restore?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it("prints the same CREATE TABLE and index as Django's createcachetable --dry-run", () => {
    const [printed] = runDjango(db, 'dj_made', [{ op: 'createcachetable', dryRun: true }]);
    expect(String(printed).trim()).toBe(cacheTableSql(connections.get(), 'dj_made').join('\n'));
  });

  it('works on a table Django made, and reads Django\'s expiry times', async () => {
    const answers = runDjango(db, 'dj_made', [
      { op: 'createcachetable' },
      { op: 'set', key: 'from-django', value: 'x', timeout: 600 },
      { op: 'set', key: 'django-forever', value: 'x', timeout: null },
      { op: 'set', key: 'django-expired', value: 'x', timeout: 1 },
    ]);
    expect(String(answers[0])).toContain("Cache table 'dj_made' created.");
    await sleep(2100);
    const cache = make({}, 'dj_made');
    expect((await createCacheTable(cache)).outcome).toBe('exists');
    expect(await cache.add('from-django', 'mine')).toBe(false);
    expect(await cache.add('django-forever', 'mine')).toBe(false);
    expect(await cache.touch('from-django', 60)).toBe(true);
    expect(await cache.add('django-expired', 'mine')).toBe(true);
    expect(await cache.get('django-expired')).toBe('mine');
    await cache.set('canter', { n: 1 });
    expect(await cache.get('canter')).toEqual({ n: 1 });
  }, 15_000);

  it('Django works on a table Canter made, and reads Canter\'s expiry times', async () => {
    const cache = make({}, 'canter_made');
    expect((await createCacheTable(cache)).outcome).toBe('created');
    await cache.set('live', 1, 600);
    await cache.set('forever', 1, null);
    await cache.set('short', 1, 0.05);
    // Django compares against now truncated to the second: wait past the next second.
    await sleep(1100);
    await connections.closeAll();
    const answers = runDjango(db, 'canter_made', [
      { op: 'createcachetable' },
      { op: 'has', key: 'live' },
      { op: 'has', key: 'forever' },
      { op: 'has', key: 'short' },
      { op: 'add', key: 'live', value: 'django' },
      { op: 'add', key: 'short', value: 'django' },
      { op: 'get', key: 'short' },
      { op: 'set', key: 'from-django', value: 'hello', timeout: 600 },
      { op: 'get', key: 'from-django' },
    ]);
    expect(answers).toEqual(["Cache table 'canter_made' already exists.\n", true, true, false, false, true, 'django', null, 'hello']);
    expect(await cache.get('from-django', 'miss')).toBe('miss');
    expect(await cache.add('from-django', 'mine')).toBe(false);
  });
});
