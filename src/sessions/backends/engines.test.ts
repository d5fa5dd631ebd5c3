/**
 * What each engine does beyond the shared session contract: the file engine's atomic writes and
 * directory guard, the signed_cookies engine's tamper-proofing and size limit, cached_db's
 * write-through and cache outage, the cache engine's outage, the db engine's forged rows and
 * concurrent saves, and hostile cookies through SessionMiddleware for every engine.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { CacheKeyWarning, CacheUnavailable } from '../../cache/errors.js';
import { caches } from '../../cache/registry.js';
import { ImproperlyConfigured } from '../../core/errors.js';
import { configureLogging, type LogRecord } from '../../core/log.js';
import { configureSettings, defineSettings, overrideSettings, type SettingsInput } from '../../core/settings/index.js';
import { HttpResponse } from '../../http/response.js';
import type { HttpRequest } from '../../http/request.js';
import { dumps, loads } from '../../signing/dumps.js';
import { Client, type ClientResponse } from '../../testing/client.js';
import { describeDatabases } from '../../testing/databases.js';
import { path } from '../../urls/index.js';
import type { SessionStoreClass } from '../base.js';
import { InvalidSessionKey, SessionTooLarge } from '../errors.js';
import { SessionMiddleware } from '../middleware.js';
import { Session } from '../models.js';
import { decodeSessionData, encodeSessionData, SIGNED_COOKIES_SALT, type SessionData } from '../session-data.js';
import { CacheSessionStore } from './cache.js';
import { CACHED_DB_KEY_PREFIX, CachedDbSessionStore } from './cached-db.js';
import { DbSessionStore } from './db.js';
import { FileSessionStore } from './file.js';
import { MAX_COOKIE_BYTES, SignedCookieSessionStore } from './signed-cookies.js';

const SECRET = 'engine-tests-secret-key-0123456789';
const KEY = /^[a-z0-9]{32}$/;
/** A CACHES entry nothing answers: Redis on port 1, failing fast. */
const CACHE_DOWN = { default: { BACKEND: 'redis', LOCATION: 'redis://127.0.0.1:1/13', OPTIONS: { SOCKET_TIMEOUT: 0.2, SOCKET_CONNECT_TIMEOUT: 0.2 } } };
const LOCMEM = { default: { BACKEND: 'locmem', LOCATION: 'engine-tests' } };

const records: LogRecord[] = [];

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** The /slow/ view's hooks: it says when it has changed the session, then waits for the gate. */
let slow = { reached: () => undefined as void, gate: Promise.resolve() };

const urlconf = {
  urlpatterns: [
    path('counter/', (request: HttpRequest) => {
      const count = Number(request.session.get('count') ?? 0) + 1;
      request.session.set('count', count);
      return new HttpResponse(String(count));
    }),
    path('read/', (request: HttpRequest) => new HttpResponse(String(request.session.get('count') ?? 'none'))),
    path('fill/<int:n>/', (request: HttpRequest, { n }: { n: number }) => {
      request.session.update(payload(n));
      return new HttpResponse('ok');
    }),
    path('big/<int:n>/', (request: HttpRequest, { n }: { n: number }) => {
      request.session.set('big', randomBytes(n).toString('base64'));
      return new HttpResponse('ok');
    }),
    path('flush/', async (request: HttpRequest) => {
      await request.session.flush();
      return new HttpResponse('flushed');
    }),
    path('slow/', async (request: HttpRequest) => {
      request.session.set('slow', true);
      slow.reached();
      await slow.gate;
      return new HttpResponse('ok');
    }),
  ],
};

/** A session value big enough that a half-written copy cannot pass for a whole one. */
function payload(n: number): SessionData {
  const blocks = Array.from({ length: 400 }, (_, i) => createHash('sha256').update(`payload ${n} ${i}`).digest());
  return { n, body: Buffer.concat(blocks).toString('base64') }; // 17 kB that compression cannot shrink
}

function isWhole(data: SessionData): boolean {
  return typeof data.n === 'number' && data.body === payload(data.n).body;
}

const tempDirs: string[] = [];
function tempDir(prefix = 'canter-engines-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

function withSettings<T>(overrides: SettingsInput, fn: () => Promise<T>): Promise<T> {
  return overrideSettings(overrides, fn);
}

function sessionCookie(response: ClientResponse): string | undefined {
  return response.setCookieHeaders().find((line) => line.startsWith('sessionid='));
}

/** A saved session of the current engine with data; its key. */
async function saved(Store: SessionStoreClass, data: SessionData): Promise<string> {
  const store = new Store();
  await store.load();
  store.update(data);
  await store.save();
  return store.sessionKey!;
}

beforeAll(() => {
  configureLogging({ level: 'warning', sink: (record) => records.push(record) });
  configureSettings(defineSettings({
    SECRET_KEY: SECRET,
    ROOT_URLCONF: urlconf,
    MIDDLEWARE: [SessionMiddleware],
    CACHES: LOCMEM,
    DATABASES: { default: { ENGINE: 'sqlite', NAME: ':memory:' } },
  }));
});

beforeEach(() => {
  records.length = 0;
});

afterAll(async () => {
  await caches.closeAll();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

// ---- file ------------------------------------------------------------------------------------

describe('file engine', () => {
  let dir: string;
  let restore: () => void;

  beforeEach(() => {
    dir = tempDir();
    restore = overrideSettings({ SESSION_ENGINE: 'file', SESSION_FILE_PATH: dir });
  });

  afterEach(() => restore());

  it('writes atomically: readers racing 200 writes of one session always see a whole session, and no temp file is left', async () => {
    const key = await saved(FileSessionStore, payload(-1));
    let writing = true;
    const seen: SessionData[] = [];
    const readers = Array.from({ length: 4 }, async () => {
      while (writing) {
        const store = await new FileSessionStore(key).load();
        seen.push(Object.fromEntries(store.items()));
        seen.push(decodeSessionData(await readFile(join(dir, `sessionid${key}`), 'latin1')));
      }
    });
    const write = async (n: number): Promise<void> => {
      const store = await new FileSessionStore(key).load();
      store.update(payload(n));
      await store.save();
    };
    try {
      for (let round = 0; round < 5; round++) await Promise.all(Array.from({ length: 40 }, (_, n) => write(n)));
    } finally {
      writing = false;
    }
    await Promise.all(readers);
    expect(seen.length).toBeGreaterThan(20);
    expect(seen.filter((data) => !isWhole(data))).toStrictEqual([]);
    expect(readdirSync(dir)).toStrictEqual([`sessionid${key}`]);
  });

  it('never reads, writes, deletes or finds a file outside SESSION_FILE_PATH, whatever the key', async () => {
    const root = tempDir();
    const sessions = join(root, 'sessions');
    mkdirSync(sessions);
    const stolen = encodeSessionData({ stolen: true });
    writeFileSync(join(root, 'canary'), stolen);
    writeFileSync(join(sessions, 'canary'), stolen);
    writeFileSync(join(sessions, 'sessionidUPPERCASEKEY123'), stolen); // a key Canter would never make
    const hostile = [
      '/../../canary', '/../canary', '/../../../../../../../../../../etc/hostname', '\\..\\..\\canary',
      '/../../canary\0', 'UPPERCASEKEY123', '/./../../canary', 'abc/../../../canary',
    ];
    await withSettings({ SESSION_FILE_PATH: sessions }, async () => {
      for (const key of hostile) {
        const store = await new FileSessionStore(key).load();
        expect([key, store.sessionKey, store.keys()]).toStrictEqual([key, null, []]);
        expect(await new FileSessionStore().exists(key)).toBe(false);
        await new FileSessionStore().deleteSession(key);
        await expect(new FileSessionStore(key).save(true)).rejects.toBeInstanceOf(InvalidSessionKey);
        const client = new Client();
        client.cookies.set('sessionid', key);
        const response = await client.get('/counter/');
        expect([response.statusCode, response.text]).toStrictEqual([200, '1']);
        expect(client.cookies.get('sessionid')).toMatch(KEY);
      }
      await FileSessionStore.clearExpired();
    });
    expect(readFileSync(join(root, 'canary'), 'latin1')).toBe(stolen);
    expect(readFileSync(join(sessions, 'canary'), 'latin1')).toBe(stolen);
    expect(readFileSync(join(sessions, 'sessionidUPPERCASEKEY123'), 'latin1')).toBe(stolen);
    expect(readdirSync(root).sort()).toStrictEqual(['canary', 'sessions']);
    expect(readdirSync(sessions).filter((name) => !KEY.test(name.slice('sessionid'.length))).sort())
      .toStrictEqual(['canary', 'sessionidUPPERCASEKEY123']);
  });

  it('gives an empty session, never an error, for a corrupt, truncated, binary or empty file', async () => {
    const good = encodeSessionData({ user: 'root' });
    const contents: Array<string | Buffer> = [
      '', 'garbage', good.slice(0, -5), good.slice(0, good.length / 2), `${good}x`, good.replace(/:/g, ';'),
      encodeSessionData({ user: 'root' }, { key: 'another-secret' }), randomBytes(2048), Buffer.from([0xff, 0xfe, 0x00, 0x3a]),
    ];
    for (const [i, content] of contents.entries()) {
      const key = `corrupt${String(i).padStart(2, '0')}${'a'.repeat(23)}`;
      writeFileSync(join(dir, `sessionid${key}`), content);
      const store = await new FileSessionStore(key).load();
      expect([i, store.keys()]).toStrictEqual([i, []]);
    }
    const key = `corrupt00${'a'.repeat(23)}`;
    const client = new Client();
    client.cookies.set('sessionid', key);
    expect((await client.get('/counter/')).text).toBe('1');
    expect((await client.get('/counter/')).text).toBe('2');
  });

  it('refuses a SESSION_FILE_PATH that is missing or not a directory with ImproperlyConfigured naming the setting', async () => {
    for (const bad of [join(dir, 'missing'), join(dir, 'a-file')]) {
      if (bad.endsWith('a-file')) writeFileSync(bad, '');
      await withSettings({ SESSION_FILE_PATH: bad }, async () => {
        for (const attempt of [
          () => new FileSessionStore('abcdefgh12345678').load(),
          async () => (await new FileSessionStore().load()).save(),
          () => FileSessionStore.clearExpired(),
        ]) {
          const error = await attempt().then(() => undefined, (e: unknown) => e);
          expect(error).toBeInstanceOf(ImproperlyConfigured);
          expect((error as Error).message).toContain('SESSION_FILE_PATH');
          expect((error as Error).message).toContain(bad);
        }
      });
    }
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });

  it('stores in the OS temp directory when SESSION_FILE_PATH is null', async () => {
    const name = `canterenginetest${process.pid}x`;
    await withSettings({ SESSION_FILE_PATH: null, SESSION_COOKIE_NAME: name }, async () => {
      const key = await saved(FileSessionStore, { where: 'tmp' });
      try {
        expect(existsSync(join(tmpdir(), name + key))).toBe(true);
        expect((await new FileSessionStore(key).load()).get('where')).toBe('tmp');
      } finally {
        await new FileSessionStore().deleteSession(key);
      }
      expect(existsSync(join(tmpdir(), name + key))).toBe(false);
    });
  });

  it('clearExpired removes only expired sessions named with the cookie prefix, and ignores every other file', async () => {
    const live = await saved(FileSessionStore, { live: true });
    const past = new FileSessionStore();
    await past.load();
    past.set('gone', true);
    past.setExpiry(new Date(Date.now() - 60_000));
    await past.save();
    const old = new Date(Date.now() - 30 * 86_400_000);
    const others = ['notes.txt', `othercookie${'b'.repeat(32)}`, `sessionid${'c'.repeat(32)}_out_0a1b2c`, 'sessionid'];
    for (const name of others) {
      writeFileSync(join(dir, name), encodeSessionData({ other: true }));
      utimesSync(join(dir, name), old, old);
    }
    mkdirSync(join(dir, `sessionid${'d'.repeat(32)}`));
    await FileSessionStore.clearExpired();
    expect(readdirSync(dir).sort()).toStrictEqual([...others, `sessionid${'d'.repeat(32)}`, `sessionid${live}`].sort());
    expect((await new FileSessionStore(live).load()).get('live')).toBe(true);
  });

  it('expires a file by its age: SESSION_COOKIE_AGE or setExpiry(seconds) past its last write, or its expiry date', async () => {
    const make = async (expiry: number | Date | null, writtenSecondsAgo: number): Promise<string> => {
      const store = await new FileSessionStore().load();
      store.set('made', true);
      store.setExpiry(expiry);
      await store.save();
      const at = new Date(Date.now() - writtenSecondsAgo * 1000);
      utimesSync(join(dir, `sessionid${store.sessionKey!}`), at, at);
      return store.sessionKey!;
    };
    const expired = [
      await make(null, 1_209_600 + 60),
      await make(60, 120),
      await make(new Date(Date.now() - 10_000), 3600),
    ];
    const live = [await make(null, 86_400), await make(60, 30), await make(new Date(Date.now() + 3_600_000), 7200)];
    const loaded = await new FileSessionStore(expired[0]).load();
    expect(loaded.keys()).toStrictEqual([]);
    expect(loaded.sessionKey).not.toBe(expired[0]);
    await FileSessionStore.clearExpired();
    const names = readdirSync(dir);
    for (const key of expired) expect(names).not.toContain(`sessionid${key}`);
    for (const key of live) expect((await new FileSessionStore(key).load()).get('made')).toBe(true);
  });
});

// ---- signed_cookies --------------------------------------------------------------------------

describe('signed_cookies engine', () => {
  let restore: () => void;

  beforeEach(() => {
    restore = overrideSettings({ SESSION_ENGINE: 'signed_cookies' });
  });

  afterEach(() => {
    vi.useRealTimers();
    restore();
  });

  async function cookieOf(data: SessionData): Promise<string> {
    return saved(SignedCookieSessionStore, data);
  }

  it('gives an empty session, no error, for a tampered, truncated, wrong-salt or garbage cookie, and the middleware re-issues a fresh one', async () => {
    const good = await cookieOf({ count: 41, user: 'root' });
    const payloadPart = good.slice(0, good.indexOf(':'));
    const signature = good.slice(good.lastIndexOf(':') + 1);
    const forgedPayload = dumps({ count: 41, user: 'admin' }, { salt: SIGNED_COOKIES_SALT, compress: true });
    const hostile = [
      good.slice(0, -1), good.slice(0, good.length - 10), good.slice(1), `${good}A`,
      good.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
      `${forgedPayload.slice(0, forgedPayload.indexOf(':'))}${good.slice(payloadPart.length)}`, // their payload, our signature
      dumps({ count: 41 }, { salt: 'django.contrib.sessions.other' }),
      dumps({ count: 41 }, { salt: SIGNED_COOKIES_SALT, key: 'someone-elses-key' }),
      dumps([1, 2, 3], { salt: SIGNED_COOKIES_SALT }), // signed, but not a session
      'garbagegarbagegarbage', `${'x'.repeat(50)}:${signature}`, 'x'.repeat(8192), ':::::::::',
    ];
    for (const value of hostile) {
      const store = await new SignedCookieSessionStore(value).load();
      expect([value.slice(0, 40), store.keys()]).toStrictEqual([value.slice(0, 40), []]);
      const client = new Client();
      client.cookies.set('sessionid', value);
      const response = await client.get('/read/');
      expect([response.statusCode, response.text]).toStrictEqual([200, 'none']);
      const fresh = client.cookies.get('sessionid')!;
      expect(fresh).not.toBe(value);
      expect(loads(fresh, { salt: SIGNED_COOKIES_SALT })).toStrictEqual({});
      expect((await client.get('/counter/')).text).toBe('1');
    }
  });

  it('is empty once older than SESSION_COOKIE_AGE, and not a second before', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = new Date('2030-01-01T00:00:00Z');
    vi.setSystemTime(start);
    await withSettings({ SESSION_COOKIE_AGE: 600 }, async () => {
      const value = await cookieOf({ count: 7 });
      vi.setSystemTime(start.getTime() + 600_000);
      expect((await new SignedCookieSessionStore(value).load()).get('count')).toBe(7);
      vi.setSystemTime(start.getTime() + 601_000);
      expect((await new SignedCookieSessionStore(value).load()).keys()).toStrictEqual([]);
      const client = new Client();
      client.cookies.set('sessionid', value);
      expect((await client.get('/counter/')).text).toBe('1');
    });
  });

  it('throws SessionTooLarge, giving the size and the limit, for a session too large for a cookie', async () => {
    const store = await new SignedCookieSessionStore().load();
    store.set('big', randomBytes(4000).toString('base64'));
    const error = await store.save().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(SessionTooLarge);
    const [, size] = /(\d+) bytes/.exec((error as Error).message) ?? [];
    expect(Number(size)).toBeGreaterThan(MAX_COOKIE_BYTES);
    expect((error as Error).message).toContain(String(MAX_COOKIE_BYTES));
    expect(store.sessionKey).toBeNull(); // nothing half-made was kept
  });

  it('never makes a cookie over the limit: each size either fits whole or is refused', async () => {
    const outcomes = new Set<string>();
    for (let n = 2900; n <= 3250; n += 10) {
      const store = await new SignedCookieSessionStore().load();
      const big = randomBytes(n).toString('base64');
      store.set('big', big);
      try {
        await store.save();
      } catch (error) {
        expect(error).toBeInstanceOf(SessionTooLarge);
        outcomes.add('refused');
        continue;
      }
      outcomes.add('fits');
      expect('sessionid='.length + store.sessionKey!.length).toBeLessThanOrEqual(MAX_COOKIE_BYTES);
      expect((await new SignedCookieSessionStore(store.sessionKey).load()).get('big')).toBe(big);
    }
    expect([...outcomes].sort()).toStrictEqual(['fits', 'refused']);
  });

  it('answers a clear 500 for an oversized session through the middleware, and never sends a cut cookie', async () => {
    const client = new Client({ raiseRequestException: false });
    await client.get('/counter/');
    const before = client.cookies.get('sessionid');
    const response = await client.get('/big/6000/');
    expect(response.statusCode).toBe(500);
    expect(sessionCookie(response)).toBeUndefined();
    expect(client.cookies.get('sessionid')).toBe(before);
    const logged = records.find((record) => record.logger === 'canter.request' && record.level === 'error');
    expect(logged?.error).toBeInstanceOf(SessionTooLarge);
    expect((logged?.error as Error).message).toMatch(/\d+ bytes.*4093/);
    expect((await client.get('/counter/')).text).toBe('2'); // the old cookie still works
  });
});

// ---- cache -----------------------------------------------------------------------------------

describe('cache engine with the cache down', () => {
  it('gives a request with a session cookie an empty session (200), and fails saving with a clear error', async () => {
    await withSettings({ SESSION_ENGINE: 'cache', CACHES: CACHE_DOWN }, async () => {
      const client = new Client({ raiseRequestException: false });
      client.cookies.set('sessionid', 'a'.repeat(32));
      const response = await client.get('/read/');
      expect([response.statusCode, response.text]).toStrictEqual([200, 'none']);
      expect(records.some((record) => record.logger === 'canter.sessions' && record.message.includes('unavailable'))).toBe(true);

      const store = await new CacheSessionStore().load();
      store.set('count', 1);
      const error = await store.save().then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(CacheUnavailable);
      expect((error as Error).message).toMatch(/'default'.*127\.0\.0\.1:1/);

      const write = await new Client({ raiseRequestException: false }).get('/counter/');
      expect(write.statusCode).toBe(500);
      expect(sessionCookie(write)).toBeUndefined();
    });
  });
});

// ---- cached_db and db ------------------------------------------------------------------------

await describeDatabases('cached_db engine', () => {
  let restore: () => void;

  beforeEach(async () => {
    restore = overrideSettings({ SESSION_ENGINE: 'cached_db' });
    await caches.get().clear();
  });

  afterEach(() => restore());

  const cached = (key: string): Promise<unknown> => caches.get().get(CACHED_DB_KEY_PREFIX + key);

  it('reads from the cache: a session whose row is gone stays readable until its cache entry goes', async () => {
    const key = await saved(CachedDbSessionStore, { user: 'root' });
    await Session.objects.filter({ sessionKey: key }).delete();
    expect((await new CachedDbSessionStore(key).load()).get('user')).toBe('root');
    await caches.get().delete(CACHED_DB_KEY_PREFIX + key);
    const gone = await new CachedDbSessionStore(key).load();
    expect([gone.sessionKey, gone.keys()]).toStrictEqual([null, []]);
  });

  it('writes to both the database and the cache, on create and on every update', async () => {
    const key = await saved(CachedDbSessionStore, { step: 1 });
    const row = async (): Promise<SessionData> => decodeSessionData((await Session.objects.get({ sessionKey: key })).sessionData);
    expect([await row(), await cached(key)]).toStrictEqual([{ step: 1 }, { step: 1 }]);
    const store = await new CachedDbSessionStore(key).load();
    store.set('step', 2);
    await store.save();
    expect([await row(), await cached(key)]).toStrictEqual([{ step: 2 }, { step: 2 }]);
  });

  it('falls back to the database when the cache was emptied, and refills the cache', async () => {
    const key = await saved(CachedDbSessionStore, { user: 'root' });
    await caches.get().clear();
    expect(await cached(key)).toBeUndefined();
    expect((await new CachedDbSessionStore(key).load()).get('user')).toBe('root');
    expect(await cached(key)).toStrictEqual({ user: 'root' });
  });

  it('loads and saves through the database while the cache is down', async () => {
    await withSettings({ CACHES: CACHE_DOWN }, async () => {
      const key = await saved(CachedDbSessionStore, { user: 'root' });
      expect(decodeSessionData((await Session.objects.get({ sessionKey: key })).sessionData)).toStrictEqual({ user: 'root' });
      const store = await new CachedDbSessionStore(key).load();
      expect(store.get('user')).toBe('root');
      store.set('user', 'admin');
      await store.save();
      expect((await new CachedDbSessionStore(key).load()).get('user')).toBe('admin');
      const client = new Client();
      expect([(await client.get('/counter/')).text, (await client.get('/counter/')).text]).toStrictEqual(['1', '2']);
    });
    expect(records.some((record) => record.logger === 'canter.sessions' && record.level === 'warning')).toBe(true);
  });
}, { models: () => [Session], vendors: ['sqlite'], flush: true });

await describeDatabases('db engine', ({ vendor }) => {
  let restore: () => void;

  beforeEach(() => {
    restore = overrideSettings({ SESSION_ENGINE: 'db' });
  });

  afterEach(() => restore());

  it('leaves one whole row when many requests save the same session at once', async () => {
    const client = new Client();
    await client.get('/counter/');
    const key = client.cookies.get('sessionid')!;
    const responses = await Promise.all(Array.from({ length: 12 }, (_, n) => {
      const racer = new Client();
      racer.cookies.set('sessionid', key);
      return racer.get(`/fill/${n}/`);
    }));
    expect(responses.map((response) => response.statusCode)).toStrictEqual(Array(12).fill(200));
    expect(await Session.objects.filter({ sessionKey: key }).count()).toBe(1);
    const data = Object.fromEntries((await new DbSessionStore(key).load()).items());
    expect(isWhole(data)).toBe(true);
    expect(data.count).toBe(1);
    expect(await Session.objects.count()).toBe(1);
  });

  it('gives an empty session, with a warning on canter.security.SuspiciousSession, for forged session_data', async () => {
    const key = await saved(DbSessionStore, { user: 'root', is_admin: false });
    const good = (await Session.objects.get({ sessionKey: key })).sessionData;
    const colon = good.indexOf(':');
    const forged = [
      good.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
      encodeSessionData({ user: 'root', is_admin: true }).slice(0, colon) + good.slice(colon),
      encodeSessionData({ user: 'root', is_admin: true }, { key: 'not-the-secret-key' }),
      good.slice(0, -4),
    ];
    for (const sessionData of forged) {
      records.length = 0;
      await Session.objects.filter({ sessionKey: key }).update({ sessionData });
      const store = await new DbSessionStore(key).load();
      expect([vendor, store.keys()]).toStrictEqual([vendor, []]);
      expect(records.filter((r) => r.logger === 'canter.security.SuspiciousSession' && r.level === 'warning').length).toBe(1);
      const client = new Client();
      client.cookies.set('sessionid', key);
      const response = await client.get('/read/');
      expect([response.statusCode, response.text]).toStrictEqual([200, 'none']);
    }
  });

  it('gives an empty session for a row whose expire_date has passed', async () => {
    const key = await saved(DbSessionStore, { count: 5 });
    await Session.objects.filter({ sessionKey: key }).update({ expireDate: new Date(Date.now() - 1000) });
    const store = await new DbSessionStore(key).load();
    expect([store.sessionKey, store.keys()]).toStrictEqual([null, []]);
    const client = new Client();
    client.cookies.set('sessionid', key);
    expect((await client.get('/read/')).text).toBe('none');
    expect((await client.get('/counter/')).text).toBe('1');
    expect(client.cookies.get('sessionid')).not.toBe(key);
  });
}, { models: () => [Session], flush: true });

// ---- hostile cookies and interrupted sessions, through the middleware, for every engine -------

await describeDatabases('SessionMiddleware', () => {
  const engines = ['db', 'cache', 'cached_db', 'file', 'signed_cookies'] as const;
  const STORES: Record<(typeof engines)[number], SessionStoreClass> = {
    db: DbSessionStore, cache: CacheSessionStore, cached_db: CachedDbSessionStore, file: FileSessionStore, signed_cookies: SignedCookieSessionStore,
  };

  for (const engine of engines) {
    describe(engine, () => {
      let restore: () => void;

      beforeEach(async () => {
        restore = overrideSettings({ SESSION_ENGINE: engine, SESSION_FILE_PATH: tempDir() });
        await caches.get().clear();
      });

      afterEach(() => restore());

      it('answers 200 with a new empty session for a forged, truncated, oversized, odd-charset or unknown cookie', async () => {
        const real = await saved(STORES[engine], { count: 41 });
        const signed = dumps({ count: 41 }, { salt: SIGNED_COOKIES_SALT, compress: true });
        const hostile = [
          real.slice(0, -1), `${real.slice(0, -1)}${real.endsWith('a') ? 'b' : 'a'}`, signed.slice(0, -3), `${signed}x`,
          'x'.repeat(8192), 'a'.repeat(8192), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345', 'abcdefghijklmnop-qrstuvwxyz.0123',
          '..%2F..%2F..%2Fetc%2Fpasswd', '../../../../etc/passwd', 'k\u00e9y\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9', 'nosuchsessionkey0000000000000000',
        ];
        // The cache engines look the long ones up too, and warn (once per key) that memcached would refuse them.
        const warnings: unknown[] = [];
        const spy = vi.spyOn(process, 'emitWarning').mockImplementation((warning: string | Error) => void warnings.push(warning));
        onTestFinished(() => spy.mockRestore());
        for (const value of hostile) {
          const client = new Client({ raiseRequestException: false });
          client.cookies.set('sessionid', value);
          const read = await client.get('/read/');
          expect([value.slice(0, 40), read.statusCode, read.text]).toStrictEqual([value.slice(0, 40), 200, 'none']);
          const write = await client.get('/counter/');
          expect([value.slice(0, 40), write.statusCode, write.text]).toStrictEqual([value.slice(0, 40), 200, '1']);
          const fresh = client.cookies.get('sessionid')!;
          expect(fresh).not.toBe(value);
          if (engine !== 'signed_cookies') expect(fresh).toMatch(KEY);
          expect((await client.get('/counter/')).text).toBe('2');
        }
        expect((await new (STORES[engine])(real).load()).get('count')).toBe(41); // the real one is untouched
        expect(warnings.filter((warning) => !(warning instanceof CacheKeyWarning))).toStrictEqual([]);
      });

      if (engine === 'signed_cookies') return; // no server state: nothing another request can delete

      it('answers 400 (SessionInterrupted) when another request deleted the session before this one saved it', async () => {
        const client = new Client({ raiseRequestException: false });
        await client.get('/counter/');
        const key = client.cookies.get('sessionid')!;
        const reached = deferred();
        const gate = deferred();
        slow = { reached: reached.resolve, gate: gate.promise };
        const pending = client.get('/slow/');
        await reached.promise;
        const other = new Client();
        other.cookies.set('sessionid', key);
        expect((await other.get('/flush/')).text).toBe('flushed');
        gate.resolve();
        const response = await pending;
        expect(response.statusCode).toBe(400);
        expect(sessionCookie(response)).toBeUndefined();
        expect(await new (STORES[engine])().exists(key)).toBe(false); // not resurrected
      });
    });
  }
}, { models: () => [Session], vendors: ['sqlite'], flush: true });
