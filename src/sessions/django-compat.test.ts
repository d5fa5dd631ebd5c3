/**
 * Sessions shared with real Django 3.2 (Debian's python3-django under /usr/bin/python3), with
 * the same SECRET_KEY: a django_session row, a signed_cookies value and a session file written by
 * one loads in the other. Each group talks to one long-lived Django process (JSON lines in and
 * out), so that the two sides can take turns on the same table, cookie or directory.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caches } from '../cache/registry.js';
import { configureLogging } from '../conf/log.js';
import { configureSettings, defineSettings, overrideSettings } from '../conf/settings/index.js';
import { connections, MigrationExecutor, MigrationLoader } from '../db/index.js';
import { probeDjango, PYTHON } from '../signing/django.test-helper.js';
import { sessionsApp } from './app.js';
import type { SessionBase, SessionStoreClass } from './base.js';
import { CacheSessionStore } from './backends/cache.js';
import { DbSessionStore } from './backends/db.js';
import { FileSessionStore } from './backends/file.js';
import { SignedCookieSessionStore } from './backends/signed-cookies.js';
import { Session } from './models.js';
import type { SessionData } from './session-data.js';

const SECRET = 'django-compat-sessions-sécret-🔑';
const COOKIE_AGE = 1_209_600;
const COOKIE_NAME = 'canter_sid';

const djangoAvailable = probeDjango();
const skipDjango = djangoAvailable.ok ? undefined : `real Django is not available (${djangoAvailable.reason}); apt-get install python3-django`;
if (skipDjango !== undefined && process.env.CI === 'true') throw new Error(`${skipDjango}; under CI=true it is required`);
if (skipDjango !== undefined) console.warn(`Skipping the Django session compatibility tests: ${skipDjango}`);

/** What each side stores: every JSON kind, unicode outside the BMP, nesting; one with set_expiry(300). */
const SAMPLES: ReadonlyArray<{ readonly data: SessionData; readonly expiry?: number }> = [
  {
    data: {
      name: 'Zoë ☃ 日本語 😀 "quoted" \\ </script>',
      count: 42,
      negative: -7,
      ratio: 2.5,
      nested: { level: { deeper: [1, 'two', null, { three: 3 }] }, empty: {} },
      list: [1, 'x', false, null, [], ['ü']],
      flag: true,
      off: false,
      nothing: null,
    },
  },
  { data: { username: 'root', is_login: true }, expiry: 300 },
  { data: {} },
];

/** The data as loaded, with the expiry Django keeps in it. */
function expectedData(sample: (typeof SAMPLES)[number]): SessionData {
  return sample.expiry === undefined ? sample.data : { ...sample.data, _session_expiry: sample.expiry };
}

// ---- the Django side -------------------------------------------------------------------------

const WORKER = String.raw`
import json, sys
config = json.loads(sys.stdin.readline())
from django.conf import settings

class Router:
    """Sends the session model to the alias the current operation names."""
    target = 'default'
    def db_for_read(self, model, **hints): return Router.target
    def db_for_write(self, model, **hints): return Router.target
    def allow_migrate(self, db, app_label, **hints): return True

databases = {alias: {'ENGINE': 'django.db.backends.sqlite3', 'NAME': path} for alias, path in config['databases'].items()}
settings.configure(
    SECRET_KEY=config['secretKey'],
    USE_TZ=True,
    TIME_ZONE='UTC',
    INSTALLED_APPS=['django.contrib.sessions'],
    DATABASES=databases or {},
    DATABASE_ROUTERS=[Router()],
    SESSION_COOKIE_NAME=config['cookieName'],
    SESSION_COOKIE_AGE=config['cookieAge'],
    SESSION_FILE_PATH=config.get('filePath'),
)
import django
django.setup()
from django.core.management import call_command
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import override_settings
from django.contrib.sessions.backends import db, file, signed_cookies
from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.models import Session

STORES = {'db': db.SessionStore, 'file': file.SessionStore, 'signed_cookies': signed_cookies.SessionStore}

def expire_date(engine, key):
    if engine != 'db' or key is None:
        return None
    row = Session.objects.filter(pk=key).first()
    return None if row is None else row.expire_date.isoformat()

def write(op):
    store = STORES[op['engine']]()
    store.update(op['data'])
    if op.get('expiry') is not None:
        store.set_expiry(op['expiry'])
    store.save()
    key = store.session_key
    return {'key': key, 'expiryAge': store.get_expiry_age(), 'expireDate': expire_date(op['engine'], key)}

def read(op):
    store = STORES[op['engine']](op['key'])
    data = dict(store.items())
    key = store.session_key
    return {'data': data, 'key': key, 'expiryAge': store.get_expiry_age(), 'expireDate': expire_date(op['engine'], key)}

def schema(using):
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA table_info('django_session')")
        columns = [{'name': r[1], 'type': r[2], 'notnull': r[3], 'pk': r[5]} for r in cursor.fetchall()]
        cursor.execute("PRAGMA index_list('django_session')")
        indexes = []
        for r in cursor.fetchall():
            inner = connection.cursor()
            inner.execute("PRAGMA index_info('%s')" % r[1].replace("'", "''"))
            indexes.append({'name': r[1], 'unique': r[2], 'origin': r[3], 'columns': [x[2] for x in inner.fetchall()]})
        cursor.execute("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'django_session' ORDER BY type, name")
        sql = [list(r) for r in cursor.fetchall()]
        constraints = connection.introspection.get_constraints(cursor, 'django_session')
    return {'columns': columns, 'indexes': indexes, 'sql': sql, 'constraints': constraints}

def run(op):
    kind = op['op']
    Router.target = op.get('using', 'default')
    with override_settings(SECRET_KEY=op.get('secretKey') or config['secretKey']):
        if kind == 'write':
            return write(op)
        if kind == 'read':
            return read(op)
    if kind == 'migrate':
        call_command('migrate', 'sessions', database=op['using'], verbosity=0, interactive=False)
        return None
    if kind == 'pending':
        executor = MigrationExecutor(connections[op['using']])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        return [str(migration) for migration, backwards in plan]
    if kind == 'schema':
        return schema(op['using'])
    if kind == 'validKeyChars':
        return VALID_KEY_CHARS
    raise ValueError('unknown op ' + kind)

for line in sys.stdin:
    op = json.loads(line)
    try:
        answer = {'ok': run(op)}
    except Exception as e:
        answer = {'error': type(e).__name__, 'message': str(e)}
    sys.stdout.write(json.dumps(answer, default=str) + '\n')
    sys.stdout.flush()
`;

interface WorkerConfig {
  databases?: Record<string, string>;
  filePath?: string;
}

type Engine = 'db' | 'file' | 'signed_cookies';

/** What Django's store reports after save() or load(). */
interface DjangoSession {
  data: SessionData;
  key: string | null;
  expiryAge: number;
  /** The row's expire_date (db engine), isoformat. */
  expireDate: string | null;
}

type Op =
  | { op: 'write'; engine: Engine; data: SessionData; expiry?: number; using?: string; secretKey?: string }
  | { op: 'read'; engine: Engine; key: string; using?: string; secretKey?: string }
  | { op: 'migrate'; using: string }
  | { op: 'pending'; using: string }
  | { op: 'schema'; using: string }
  | { op: 'validKeyChars' };

interface SqliteSchema {
  columns: Array<{ name: string; type: string; notnull: number; pk: number }>;
  indexes: Array<{ name: string; unique: number; origin: string; columns: string[] }>;
  sql: Array<[type: string, name: string, sql: string | null]>;
  constraints: Record<string, { columns: string[]; primary_key: boolean; unique: boolean; index: boolean }>;
}

/** One Django process, configured once; call() sends an operation and waits for its answer. */
class DjangoWorker {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #waiting: Array<{ resolve: (line: string) => void; reject: (error: Error) => void }> = [];
  #stderr = '';
  #exited: Promise<void>;

  constructor(config: WorkerConfig) {
    this.#child = spawn(PYTHON, ['-u', '-c', WORKER], { stdio: 'pipe' });
    this.#child.stderr.setEncoding('utf8').on('data', (chunk: string) => void (this.#stderr += chunk));
    createInterface({ input: this.#child.stdout }).on('line', (line) => this.#waiting.shift()?.resolve(line));
    this.#exited = new Promise((resolve) => {
      this.#child.on('close', (code) => {
        for (const waiter of this.#waiting.splice(0)) waiter.reject(new Error(`the Django process exited (${code}): ${this.#stderr}`));
        resolve();
      });
    });
    const full = { secretKey: SECRET, cookieName: COOKIE_NAME, cookieAge: COOKIE_AGE, databases: {}, ...config };
    this.#child.stdin.write(`${JSON.stringify(full)}\n`);
  }

  call(op: Extract<Op, { op: 'write' | 'read' }>): Promise<DjangoSession>;
  call(op: Extract<Op, { op: 'pending' }>): Promise<string[]>;
  call(op: Extract<Op, { op: 'schema' }>): Promise<SqliteSchema>;
  call(op: Extract<Op, { op: 'validKeyChars' }>): Promise<string>;
  call(op: Extract<Op, { op: 'migrate' }>): Promise<null>;
  async call(op: Op): Promise<unknown> {
    const line = await new Promise<string>((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
      this.#child.stdin.write(`${JSON.stringify(op)}\n`);
    });
    const answer = JSON.parse(line) as { ok: unknown } | { error: string; message: string };
    if ('error' in answer) throw new Error(`Django raised ${answer.error}: ${answer.message}`);
    return answer.ok;
  }

  async close(): Promise<void> {
    this.#child.stdin.end();
    await this.#exited;
  }
}

// ---- the Canter side -------------------------------------------------------------------------

/** Saves a new session in Canter's store; its key and what it says of its expiry. */
async function canterWrite(Store: SessionStoreClass, sample: (typeof SAMPLES)[number]): Promise<SessionBase> {
  const store = new Store();
  await store.load();
  store.update(sample.data);
  if (sample.expiry !== undefined) store.setExpiry(sample.expiry);
  await store.save();
  return store;
}

async function canterRead(Store: SessionStoreClass, key: string): Promise<SessionBase> {
  return new Store(key).load();
}

const tempDirs: string[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

beforeAll(() => {
  configureLogging({ level: 'silent' });
  configureSettings(defineSettings({
    SECRET_KEY: SECRET,
    SESSION_COOKIE_NAME: COOKIE_NAME,
    SESSION_COOKIE_AGE: COOKIE_AGE,
    CACHES: { default: { BACKEND: 'locmem', LOCATION: 'django-compat-sessions' } },
  }));
});

afterAll(async () => {
  await connections.closeAll();
  await caches.closeAll();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** Seconds between an isoformat date and now + seconds (0 when they agree, within a few seconds of clock drift). */
function secondsOff(iso: string | Date | null, fromNow: number): number {
  if (iso === null) return Number.POSITIVE_INFINITY;
  const at = iso instanceof Date ? iso.getTime() : Date.parse(iso);
  return Math.abs(at - (Date.now() + fromNow * 1000)) / 1000;
}

describe.skipIf(skipDjango !== undefined)(`sessions shared with Django ${djangoAvailable.ok ? djangoAvailable.version : ''}`, () => {
  describe('db engine: one django_session table', () => {
    let django: DjangoWorker;
    let canterDb: string;
    let djangoDb: string;

    beforeAll(() => {
      const dir = tempDir('canter-django-db-');
      canterDb = join(dir, 'canter-migrated.sqlite3');
      djangoDb = join(dir, 'django-migrated.sqlite3');
      django = new DjangoWorker({ databases: { default: canterDb, django: djangoDb } });
    });

    afterAll(() => django?.close());

    /** Django writes and Canter reads, then Canter writes and Django reads, on the database of `using`. */
    async function roundTrip(using: string): Promise<void> {
      for (const sample of SAMPLES) {
        const written = await django.call({ op: 'write', engine: 'db', using, data: sample.data, expiry: sample.expiry });
        expect(written.key).toMatch(/^[a-z0-9]{32}$/);
        const loaded = await canterRead(DbSessionStore, written.key!);
        expect(loaded.sessionKey).toBe(written.key);
        expect(Object.fromEntries(loaded.items())).toStrictEqual(expectedData(sample));
        expect(loaded.getExpiryAge()).toBe(sample.expiry ?? COOKIE_AGE);
        expect(loaded.getExpiryAge()).toBe(written.expiryAge);
        const row = await Session.objects.get({ sessionKey: written.key! });
        expect(row.expireDate.getTime()).toBe(Date.parse(written.expireDate!));
        expect(secondsOff(row.expireDate, sample.expiry ?? COOKIE_AGE)).toBeLessThan(10);
      }
      for (const sample of SAMPLES) {
        const store = await canterWrite(DbSessionStore, sample);
        const read = await django.call({ op: 'read', engine: 'db', using, key: store.sessionKey! });
        expect(read.key).toBe(store.sessionKey);
        expect(read.data).toStrictEqual(expectedData(sample));
        expect(read.expiryAge).toBe(sample.expiry ?? COOKIE_AGE);
        expect(secondsOff(read.expireDate, sample.expiry ?? COOKIE_AGE)).toBeLessThan(10);
      }
      // Changed in Canter after Django made it, and the other way round.
      const shared = await django.call({ op: 'write', engine: 'db', using, data: { step: 1 } });
      const store = await canterRead(DbSessionStore, shared.key!);
      store.set('step', Number(store.get('step')) + 1);
      await store.save();
      expect((await django.call({ op: 'read', engine: 'db', using, key: shared.key! })).data).toStrictEqual({ step: 2 });
      // A key neither side knows: Django and Canter both answer with an empty, keyless session.
      const unknown = 'nosuchsession000000000000000000x';
      expect(await django.call({ op: 'read', engine: 'db', using, key: unknown })).toMatchObject({ data: {}, key: null });
      const missing = await canterRead(DbSessionStore, unknown);
      expect([missing.sessionKey, missing.keys()]).toStrictEqual([null, []]);
    }

    it("Canter's migration makes the table: Django sees it applied, and both read and write it", async () => {
      const restore = overrideSettings({ DATABASES: { default: { ENGINE: 'sqlite', NAME: canterDb } } });
      try {
        const ran = await new MigrationExecutor(connections.get(), await MigrationLoader.load([sessionsApp])).migrate();
        expect(ran.map(([migration]) => migration.toString())).toStrictEqual(['sessions.0001_initial']);
        expect(await django.call({ op: 'pending', using: 'default' })).toStrictEqual([]);
        await roundTrip('default');
      } finally {
        await connections.closeAll();
        restore();
      }
    });

    it("Django's migrate makes the table: Canter sees it applied, and both read and write it", async () => {
      await django.call({ op: 'migrate', using: 'django' });
      const restore = overrideSettings({ DATABASES: { default: { ENGINE: 'sqlite', NAME: djangoDb } } });
      try {
        const executor = new MigrationExecutor(connections.get(), await MigrationLoader.load([sessionsApp]));
        expect(await executor.plan(executor.defaultTargets())).toStrictEqual([]);
        await roundTrip('django');
      } finally {
        await connections.closeAll();
        restore();
      }
    });

    it("Canter's migration makes the same table and expire_date index as Django's, to the byte", async () => {
      await django.call({ op: 'migrate', using: 'django' }); // a no-op when the test above ran
      const ours = await django.call({ op: 'schema', using: 'default' });
      const theirs = await django.call({ op: 'schema', using: 'django' });
      expect(theirs.columns.map(({ name, notnull, pk }) => [name, notnull, pk])).toStrictEqual([
        ['session_key', 1, 1],
        ['session_data', 1, 0],
        ['expire_date', 1, 0],
      ]);
      expect(theirs.indexes.filter((index) => index.origin === 'c').map((index) => index.columns)).toStrictEqual([['expire_date']]);
      // Same column types, the same index (by Django's own name), the same CREATE statements, and
      // Django's introspection finds the same constraints in both.
      expect(ours.columns).toStrictEqual(theirs.columns);
      expect(ours.indexes).toStrictEqual(theirs.indexes);
      expect(ours.sql).toStrictEqual(theirs.sql);
      expect(ours.constraints).toStrictEqual(theirs.constraints);
    });
  });

  describe('signed_cookies engine: one cookie value', () => {
    const OLD_KEY = 'the-retired-secret-key-0123456789';
    let django: DjangoWorker;

    beforeAll(() => {
      django = new DjangoWorker({});
    });

    afterAll(() => django?.close());

    it("a value Django's signed_cookies store makes loads in Canter, and Canter's loads in Django", async () => {
      for (const sample of SAMPLES) {
        const written = await django.call({ op: 'write', engine: 'signed_cookies', data: sample.data, expiry: sample.expiry });
        const loaded = await canterRead(SignedCookieSessionStore, written.key!);
        expect(Object.fromEntries(loaded.items())).toStrictEqual(expectedData(sample));
        expect(loaded.getExpiryAge()).toBe(written.expiryAge);

        const store = await canterWrite(SignedCookieSessionStore, sample);
        const read = await django.call({ op: 'read', engine: 'signed_cookies', key: store.sessionKey! });
        expect(read.data).toStrictEqual(expectedData(sample));
        expect(read.expiryAge).toBe(sample.expiry ?? COOKIE_AGE);
      }
    });

    it('Django and Canter both turn down a value signed with another key', async () => {
      const foreign = await django.call({ op: 'write', engine: 'signed_cookies', data: { username: 'root' }, secretKey: OLD_KEY });
      expect((await django.call({ op: 'read', engine: 'signed_cookies', key: foreign.key! })).data).toStrictEqual({});
      expect((await canterRead(SignedCookieSessionStore, foreign.key!)).keys()).toStrictEqual([]);
    });

    it('Canter accepts a value Django signed with a key now listed in SECRET_KEY_FALLBACKS, and only then', async () => {
      const old = await django.call({ op: 'write', engine: 'signed_cookies', data: { username: 'root', is_login: true }, secretKey: OLD_KEY });
      const withFallback = overrideSettings({ SECRET_KEY: SECRET, SECRET_KEY_FALLBACKS: [OLD_KEY] });
      try {
        const loaded = await canterRead(SignedCookieSessionStore, old.key!);
        expect(Object.fromEntries(loaded.items())).toStrictEqual({ username: 'root', is_login: true });
        // Saved again, it is signed with the new key, which Django (knowing only SECRET_KEY) reads.
        loaded.set('seen', 2);
        await loaded.save();
        expect((await django.call({ op: 'read', engine: 'signed_cookies', key: loaded.sessionKey! })).data)
          .toStrictEqual({ username: 'root', is_login: true, seen: 2 });
      } finally {
        withFallback();
      }
      const without = overrideSettings({ SECRET_KEY: SECRET, SECRET_KEY_FALLBACKS: [] });
      try {
        const rejected = await canterRead(SignedCookieSessionStore, old.key!);
        expect(rejected.keys()).toStrictEqual([]);
        expect(rejected.modified).toBe(true); // a fresh cookie replaces it
      } finally {
        without();
      }
    });
  });

  describe('file engine: one SESSION_FILE_PATH', () => {
    let django: DjangoWorker;
    let dir: string;
    let restore: () => void;

    beforeAll(() => {
      dir = tempDir('canter-django-files-');
      django = new DjangoWorker({ filePath: dir });
      restore = overrideSettings({ SESSION_FILE_PATH: dir });
    });

    afterAll(async () => {
      restore?.();
      await django?.close();
    });

    it("a file Django's file backend writes loads in Canter, and Canter's loads in Django", async () => {
      for (const sample of SAMPLES) {
        const written = await django.call({ op: 'write', engine: 'file', data: sample.data, expiry: sample.expiry });
        expect(readdirSync(dir)).toContain(COOKIE_NAME + written.key!);
        const loaded = await canterRead(FileSessionStore, written.key!);
        expect(loaded.sessionKey).toBe(written.key);
        expect(Object.fromEntries(loaded.items())).toStrictEqual(expectedData(sample));
        expect(loaded.getExpiryAge()).toBe(written.expiryAge);

        const store = await canterWrite(FileSessionStore, sample);
        expect(readdirSync(dir)).toContain(COOKIE_NAME + store.sessionKey!);
        const read = await django.call({ op: 'read', engine: 'file', key: store.sessionKey! });
        expect(read.key).toBe(store.sessionKey);
        expect(read.data).toStrictEqual(expectedData(sample));
        expect(read.expiryAge).toBe(sample.expiry ?? COOKIE_AGE);
      }
      // An update in Canter of Django's file, then Django's of Canter's update.
      const shared = await django.call({ op: 'write', engine: 'file', data: { step: 1 } });
      const store = await canterRead(FileSessionStore, shared.key!);
      store.set('step', 2);
      await store.save();
      expect((await django.call({ op: 'read', engine: 'file', key: shared.key! })).data).toStrictEqual({ step: 2 });
      expect(readdirSync(dir).filter((name) => name.includes('_out_'))).toStrictEqual([]);
    });
  });

  describe('session keys', () => {
    let django: DjangoWorker;
    let dir: string;

    beforeAll(() => {
      dir = tempDir('canter-django-keys-');
      django = new DjangoWorker({ filePath: dir });
    });

    afterAll(() => django?.close());

    it("Canter's keys use Django's alphabet and length; Django's keys load in Canter's stores", async () => {
      expect([...(await django.call({ op: 'validKeyChars' }))].sort()).toStrictEqual([...'abcdefghijklmnopqrstuvwxyz0123456789'].sort());
      const restore = overrideSettings({ SESSION_FILE_PATH: dir });
      try {
        const ours: string[] = [];
        for (const Store of [FileSessionStore, CacheSessionStore] as SessionStoreClass[]) {
          for (let i = 0; i < 20; i++) ours.push((await canterWrite(Store, { data: { i } })).sessionKey!);
        }
        for (const key of ours) expect(key).toMatch(/^[a-z0-9]{32}$/);
        expect(new Set(ours).size).toBe(ours.length);
        for (const key of ours.slice(0, 20)) {
          expect((await django.call({ op: 'read', engine: 'file', key })).key).toBe(key); // Django's key check passes them
        }
        for (let i = 0; i < 20; i++) {
          const { key } = await django.call({ op: 'write', engine: 'file', data: { i } });
          expect(key).toMatch(/^[a-z0-9]{32}$/);
          const loaded = await canterRead(FileSessionStore, key!);
          expect([loaded.sessionKey, loaded.get('i')]).toStrictEqual([key, i]);
        }
      } finally {
        restore();
      }
    });
  });
});
