/** The cache, cached_db and db engines beyond the shared contract: cache outages, write-through, forged rows, concurrent saves. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BaseCache } from '../../cache/base.js';
import { CacheUnavailable } from '../../cache/errors.js';
import { caches } from '../../cache/registry.js';
import { overrideSettings } from '../../conf/settings/index.js';
import { Client } from '../../testing/client.js';
import { describeDatabases } from '../../testing/databases.js';
import { Session } from '../models.js';
import { SessionCreateFailed } from '../errors.js';
import { decodeSessionData, encodeSessionData, type SessionData } from '../session-data.js';
import { CacheSessionStore } from './cache.js';
import { CACHED_DB_KEY_PREFIX, CachedDbSessionStore } from './cached-db.js';
import { DbSessionStore } from './db.js';
import { CACHE_DOWN, isWhole, records, saved, sessionCookie, useEngineTestKit, withSettings } from './engine-test-kit.js';

useEngineTestKit();

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

  it('never replaces a session it could not read, though the cache answers again before the save', async () => {
    const key = await saved(CacheSessionStore, { count: 41 });
    const store = new CacheSessionStore(key);
    await withSettings({ CACHES: CACHE_DOWN }, () => store.load()); // the read fails: an empty session
    expect(store.keys()).toStrictEqual([]);
    store.set('count', 1);
    await expect(store.save()).rejects.toBeInstanceOf(CacheUnavailable); // the cache is back; Django would make a new session here
    expect((await new CacheSessionStore(key).load()).get('count')).toBe(41);
  });

  it('gives up with SessionCreateFailed (E_SESSION_CREATE_FAILED) when the cache refuses every new key', async () => {
    const refusing = Object.assign(Object.create(caches.get()) as BaseCache, {
      add: async () => false,
      has: async () => false,
    });
    class RefusingStore extends CacheSessionStore {
      protected override get cache(): BaseCache {
        return refusing;
      }
    }
    const error = await new RefusingStore().create().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(SessionCreateFailed);
    expect([(error as SessionCreateFailed).code, (error as Error).message]).toStrictEqual([
      'E_SESSION_CREATE_FAILED',
      expect.stringMatching(/cache 'default' refused 10,000 new keys/),
    ]);
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

  // Entries are stamped with the cache's epoch ({ e, d }); the data is d.
  const cached = async (key: string): Promise<unknown> => (await caches.get().get<{ d: unknown }>(CACHED_DB_KEY_PREFIX + key))?.d;

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
