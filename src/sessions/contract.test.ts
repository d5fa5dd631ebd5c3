import { mkdir, mkdtemp, readdir, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RedisClientType } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BaseCache } from '../cache/base.js';
import type { RedisCache } from '../cache/backends/redis.js';
import { caches, createCache } from '../cache/registry.js';
import type { CacheSettings } from '../cache/config.js';
import { configureLogging } from '../conf/log.js';
import { configureSettings, defineSettings, overrideSettings } from '../conf/settings/index.js';
import { describeSessionContract, type SessionStorageProbe } from '../testing/contracts/sessions.js';
import { describeDatabases } from '../testing/databases.js';
import { CacheSessionStore } from './backends/cache.js';
import { CACHED_DB_KEY_PREFIX, CachedDbSessionStore } from './backends/cached-db.js';
import { DbSessionStore } from './backends/db.js';
import { FileSessionStore } from './backends/file.js';
import { SignedCookieSessionStore } from './backends/signed-cookies.js';
import { Session } from './models.js';

// Sessions tests own Redis database 13; nothing here flushes it: each suite deletes its own prefix.
const REDIS_URL = process.env.CANTER_TEST_SESSIONS_REDIS_URL ?? 'redis://127.0.0.1:6379/13';
const MEMCACHED = process.env.CANTER_TEST_MEMCACHED ?? '127.0.0.1:11211';
const CI = process.env.CI === 'true';
const RUN = `sessions-${process.pid}-${Date.now().toString(36)}`;

configureLogging({ level: 'silent' }); // unreachable caches and forged data log warnings by design
configureSettings(defineSettings({ SECRET_KEY: 'canter-session-contract-tests' }));

/** Undefined when the cache answers; otherwise why not (an error under CI=true). */
async function probe(name: string, entry: CacheSettings): Promise<string | undefined> {
  const cache = createCache('probe', entry);
  try {
    await cache.get('probe');
    return undefined;
  } catch (error) {
    const reason = `${name} is unreachable (${(error as Error).message})`;
    if (CI) throw new Error(`${reason}; under CI=true it must be available.`, { cause: error });
    return reason;
  } finally {
    await cache.close();
  }
}

const redisEntry: CacheSettings = { BACKEND: 'redis', LOCATION: REDIS_URL, KEY_PREFIX: RUN, OPTIONS: { SOCKET_CONNECT_TIMEOUT: 3, SOCKET_TIMEOUT: 3 } };
const memcachedEntry: CacheSettings = { BACKEND: 'memcached', LOCATION: MEMCACHED, KEY_PREFIX: RUN, OPTIONS: { SOCKET_CONNECT_TIMEOUT: 2, SOCKET_TIMEOUT: 2 } };
const [redisSkip, memcachedSkip] = await Promise.all([
  probe(`Redis at ${REDIS_URL}`, redisEntry),
  probe(`memcached at ${MEMCACHED}`, memcachedEntry),
]);

/** Deletes what a suite stored under its KEY_PREFIX in Redis database 13 (never FLUSHDB: others share it). */
async function deleteRedisPrefix(cache: BaseCache, prefix: string): Promise<void> {
  const client = (await (cache as RedisCache).client()) as RedisClientType;
  let cursor = '0';
  do {
    const [next, keys] = (await client.sendCommand(['SCAN', cursor, 'MATCH', `${prefix}:*`, 'COUNT', '1000'])) as [string, string[]];
    if (keys.length > 0) await client.sendCommand(['DEL', ...keys]);
    cursor = next;
  } while (cursor !== '0');
}

const cacheClock = (where: string): string =>
  `${where} expires entries by its own clock, which a fake Date does not move (a real 1 s expiry is tested instead)`;

const dbStorage: SessionStorageProbe = {
  count: () => Session.objects.count(),
  empty: async () => void (await Session.objects.all().delete()),
};

/** cached_db keeps real time in its cache: after the fake clock moves, drop the entries so reads reach the table. */
const dropCachedDbEntries = (sessionKeys: readonly string[]): Promise<void> =>
  caches.get('sessions').deleteMany(sessionKeys.map((key) => CACHED_DB_KEY_PREFIX + key));

// ---- db, and cached_db over it ----------------------------------------------------------------

await describeDatabases('sessions', ({ vendor }) => {
  describeSessionContract(`db on ${vendor}`, { engine: DbSessionStore, storage: dbStorage });

  if (vendor === 'sqlite') {
    describeSessionContract('cached_db on sqlite + locmem', {
      engine: CachedDbSessionStore,
      settings: { SESSION_CACHE_ALIAS: 'sessions', CACHES: { default: { BACKEND: 'locmem' }, sessions: { BACKEND: 'locmem', LOCATION: `${RUN}-cached-db` } } },
      storage: dbStorage,
      onClockMoved: dropCachedDbEntries,
    });
  }
  if (vendor === 'postgresql') {
    describeSessionContract('cached_db on postgresql + redis', {
      engine: CachedDbSessionStore,
      unavailable: redisSkip,
      settings: { SESSION_CACHE_ALIAS: 'sessions', CACHES: { default: { BACKEND: 'locmem' }, sessions: { ...redisEntry, KEY_PREFIX: `${RUN}-cdb` } } },
      storage: dbStorage,
      onClockMoved: dropCachedDbEntries,
      teardown: () => deleteRedisPrefix(caches.get('sessions'), `${RUN}-cdb`),
    });
  }
  if (vendor === 'mysql') {
    describeSessionContract('cached_db on mysql + memcached', {
      engine: CachedDbSessionStore,
      unavailable: memcachedSkip,
      settings: { SESSION_CACHE_ALIAS: 'sessions', CACHES: { default: { BACKEND: 'locmem' }, sessions: { ...memcachedEntry, KEY_PREFIX: `${RUN}-cdb` } } },
      storage: dbStorage,
      onClockMoved: dropCachedDbEntries,
    });
  }
}, { models: () => [Session] });

// ---- cache --------------------------------------------------------------------------------------

describeSessionContract('cache on locmem', {
  engine: CacheSessionStore,
  settings: { SESSION_CACHE_ALIAS: 'sessions', CACHES: { default: { BACKEND: 'locmem' }, sessions: { BACKEND: 'locmem', LOCATION: `${RUN}-cache` } } },
  skip: { storeExpiryFakeClock: cacheClock('locmem (lru-cache, on performance.now())') },
  expiryWaitMs: 1100,
});

describeSessionContract(`cache on Redis (${REDIS_URL})`, {
  engine: CacheSessionStore,
  unavailable: redisSkip,
  settings: { SESSION_CACHE_ALIAS: 'sessions', CACHES: { default: { BACKEND: 'locmem' }, sessions: redisEntry } },
  skip: { storeExpiryFakeClock: cacheClock('the Redis server') },
  expiryWaitMs: 1200,
  teardown: () => deleteRedisPrefix(caches.get('sessions'), RUN),
});

describeSessionContract(`cache on memcached (${MEMCACHED})`, {
  engine: CacheSessionStore,
  unavailable: memcachedSkip,
  settings: { SESSION_CACHE_ALIAS: 'sessions', CACHES: { default: { BACKEND: 'locmem' }, sessions: memcachedEntry } },
  // Entries left behind expire with their sessions; clear() would flush the whole shared server.
  skip: { storeExpiryFakeClock: cacheClock('the memcached server (in whole seconds)') },
  expiryWaitMs: 2100,
});

// ---- file ---------------------------------------------------------------------------------------

/** A temporary directory holding SESSION_FILE_PATH (`store`), so a file written beside it would show. */
function fileDirs(): { root: () => string; store: () => string; setup: () => Promise<void>; teardown: () => Promise<void> } {
  let root = '';
  return {
    root: () => root,
    store: () => join(root, 'store'),
    setup: async () => {
      root = await mkdtemp(join(tmpdir(), 'canter-file-sessions-'));
      await mkdir(join(root, 'store'));
    },
    teardown: () => rm(root, { recursive: true, force: true }),
  };
}

const sessionFiles = async (dir: string): Promise<string[]> => (await readdir(dir)).filter((name) => name.startsWith('sessionid'));
const files = fileDirs();

describeSessionContract('file', {
  engine: FileSessionStore,
  setup: files.setup,
  teardown: files.teardown,
  settings: () => ({ SESSION_FILE_PATH: files.store() }),
  storage: {
    count: async () => (await sessionFiles(files.store())).length,
    empty: async () => {
      for (const name of await sessionFiles(files.store())) await unlink(join(files.store(), name));
    },
  },
});

describe('file engine: keys never name a file outside SESSION_FILE_PATH', () => {
  const dirs = fileDirs();
  let restore: () => void;
  beforeAll(async () => {
    await dirs.setup();
    restore = overrideSettings({ SESSION_FILE_PATH: dirs.store() });
  });
  afterAll(async () => {
    restore();
    await dirs.teardown();
  });

  it('loads, saves, checks and deletes hostile keys without writing or removing anything else', async () => {
    const victim = new FileSessionStore();
    victim.set('victim', true);
    await victim.save();
    const victimKey = victim.sessionKey as string;
    const hostile = [
      '/../../outside00', // join() would normalise this to the directory above the store
      '/../inside-store-without-prefix',
      `/../sessionid${victimKey}`, // another spelling of the victim's own file
      `../store/sessionid${victimKey}`,
      '..\\..\\outside01',
      '/tmp/absolute00',
    ];
    for (const key of hostile) {
      const s = await new FileSessionStore(key).load();
      expect(s.items(), key).toStrictEqual([]);
      expect(s.sessionKey, key).toBeNull();
      expect(await s.exists(key), key).toBe(false);
      await s.deleteSession(key);
      await new FileSessionStore(key).deleteSession();
      // Writing under a hostile key directly is refused (Django's InvalidSessionKey), never done elsewhere.
      await expect(new FileSessionStore(key).save(true), key).rejects.toThrow(/Invalid characters in session key/);
      const unloaded = new FileSessionStore(key);
      unloaded.clear(); // writable without a load: save() gets as far as naming the file
      await expect(unloaded.save(), key).rejects.toThrow(/Invalid characters in session key/);
    }
    expect(await readdir(dirs.root())).toStrictEqual(['store']);
    expect(await readdir(dirs.store())).toStrictEqual([`sessionid${victimKey}`]);
    expect((await new FileSessionStore(victimKey).load()).get('victim')).toBe(true);
  });
});

// ---- signed_cookies -----------------------------------------------------------------------------

const noStore = 'the session lives in the signed cookie; there is no server-side store';
const ticket19201 =
  "as Django (ticket #19201), the signature's age is checked against SESSION_COOKIE_AGE only, not the session's own " +
  'expiry; the browser drops the cookie at its max-age';

describeSessionContract('signed_cookies', {
  engine: SignedCookieSessionStore,
  // signing.dumps with compress: [.]payload:timestamp:signature, all base64url
  keyPattern: /^\.?[\w-]+:[\w-]+:[\w-]{43}$/,
  skip: {
    exists: `${noStore} to look keys up in (exists() is always false, as in Django)`,
    serverDelete: `${noStore}: a copy of the cookie kept by the client stays valid until SESSION_COOKIE_AGE (as in Django)`,
    keyCollision: 'the key is the signed data itself, made by save(); create() only marks the session modified (as in Django)',
    updateError: `${noStore} for another request to delete: save() always succeeds (as in Django)`,
    unknownKeyDropped:
      'as in Django, a cookie that does not verify stays the key of the emptied session, which is marked modified so the response replaces it',
    relativeExpiryInStore: ticket19201,
    customExpiryInStore: ticket19201,
    clearExpired: `${noStore}: clearExpired() has nothing to remove`,
  },
});
