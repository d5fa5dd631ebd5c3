/**
 * cached_db never serves a session older than the database's: a save that reaches the table but
 * not the cache retires the cache's copy, in the process that made it and in the others. Two
 * "processes" are two cache objects over the same locmem storage (each keeps its own view of the
 * epoch); a switch fails every call of one of them, or of both, as a cache outage would.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { LocMemCache } from '../../cache/backends/locmem.js';
import type { CacheParams } from '../../cache/config.js';
import { CacheUnavailable } from '../../cache/errors.js';
import { caches } from '../../cache/registry.js';
import { overrideSettings } from '../../conf/settings/index.js';
import { describeDatabases } from '../../testing/databases.js';
import { Session } from '../models.js';
import { decodeSessionData } from '../session-data.js';
import { CachedDbSessionStore } from './cached-db.js';
import { EPOCH_KEY, RENEW_KEY, RENEW_SECONDS } from './cached-db-epoch.js';
import { records, useEngineTestKit } from './engine-test-kit.js';
import { LOST_WRITE_KEY, lostWriteToken, recordLostWrite } from './lost-writes.js';

useEngineTestKit();

/** The aliases whose cache is "down" now. */
const down = new Set<string>();

/** locmem whose every call fails with CacheUnavailable while its alias is in `down`; the data stays, as in a frozen server. */
class SwitchedCache extends LocMemCache {
  constructor(params: CacheParams) {
    super(params);
    const guard = <A extends unknown[], R>(call: (...args: A) => R) => (...args: A): R => {
      if (down.has(this.alias)) throw new CacheUnavailable(`Cache '${this.alias}' is switched off`);
      return call(...args);
    };
    for (const name of ['getRaw', 'setRaw', 'addRaw', 'touchRaw', 'deleteRaw', 'getManyRaw', 'clear'] as const) {
      const self = this as unknown as Record<string, (...args: unknown[]) => unknown>;
      self[name] = guard((self[name] as (...args: unknown[]) => unknown).bind(this));
    }
  }
}

const shared = (location: string): Record<string, unknown> => ({ BACKEND: SwitchedCache, LOCATION: location });
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

await describeDatabases('cached_db after a lost cache write', () => {
  let restore: () => void;
  let run = 0;

  beforeEach(() => {
    run++;
    const location = `epoch-${run}`;
    restore = overrideSettings({ SESSION_ENGINE: 'cached_db', CACHES: { default: shared(location), a: shared(location), b: shared(location) } });
    down.clear();
  });

  afterEach(() => restore());

  /** Runs fn as the process whose session cache is `alias`. */
  const as = <T>(alias: 'a' | 'b', fn: () => Promise<T>): Promise<T> => overrideSettings({ SESSION_CACHE_ALIAS: alias }, fn);

  async function count(key: string | null): Promise<[string, number]> {
    const store = await new CachedDbSessionStore(key).load();
    const next = Number(store.get('count') ?? 0) + 1;
    store.set('count', next);
    await store.save();
    return [store.sessionKey as string, next];
  }

  const read = async (key: string): Promise<unknown> => (await new CachedDbSessionStore(key).load()).get('count');
  const inTable = async (key: string): Promise<unknown> => decodeSessionData((await Session.objects.get({ sessionKey: key })).sessionData).count;

  it('the process that lost the write never reads the old copy, although the cache comes back with it (Django would: 8 → 5)', async () => {
    await as('a', async () => {
      let [key] = await count(null);
      for (let i = 0; i < 4; i++) [key] = await count(key);
      expect(await read(key)).toBe(5);
      down.add('a');
      for (let i = 0; i < 3; i++) await count(key); // the table takes them; the cache keeps 5
      expect(await inTable(key)).toBe(8);
      expect(records.some((r) => r.logger === 'canter.sessions' && r.message.startsWith('Error writing session cache a'))).toBe(true);
      down.delete('a');
      expect(await read(key)).toBe(8);
      expect(await count(key)).toStrictEqual([key, 9]);
      expect(await read(key)).toBe(9); // and the cache serves it again
    });
  });

  it('another process stops serving the old copy within RENEW_SECONDS, although its own cache never failed', async () => {
    const [key] = await as('a', () => count(null));
    expect(await as('b', () => read(key))).toBe(1);
    down.add('a'); // a fails alone: a network split, or a write that timed out
    await as('a', () => count(key));
    down.delete('a');
    expect(await inTable(key)).toBe(2);
    expect((await Session.objects.get({ sessionKey: LOST_WRITE_KEY })).sessionData).not.toBe('');
    await sleep(RENEW_SECONDS * 1000 + 200);
    expect(await as('b', () => read(key))).toBe(2);
  });

  it('a cache that was away longer than RENEW_SECONDS: no process serves the old copy, not even on its first read', async () => {
    const [key] = await as('a', () => count(null));
    expect(await as('b', () => read(key))).toBe(1);
    down.add('a').add('b');
    await as('a', () => count(key));
    await as('a', () => count(key));
    // What RENEW_SECONDS of outage does to the marker (a frozen or restarted server expires it by its clock).
    down.clear();
    await caches.get('a').delete(RENEW_KEY);
    expect(await as('b', () => read(key))).toBe(3); // b saw nothing of the outage
  });

  it('a cache that comes back without its epoch (restarted, evicted) serves no entry written before', async () => {
    const [key] = await as('a', () => count(null));
    expect(await as('b', () => read(key))).toBe(1);
    down.add('a').add('b');
    await as('a', () => count(key));
    down.clear();
    await caches.get('a').deleteMany([EPOCH_KEY, RENEW_KEY]);
    expect(await as('b', () => read(key))).toBe(2);
  });

  it('after a new epoch, a session that is only read is cached again after one read of the table', async () => {
    const [key] = await as('a', () => count(null));
    await caches.get('a').deleteMany([EPOCH_KEY, RENEW_KEY]); // a new epoch: the entry under the key is retired
    expect(await as('a', () => read(key))).toBe(1); // from the table, and cached again
    await Session.objects.filter({ sessionKey: key }).delete();
    expect(await as('a', () => read(key))).toBe(1); // from the cache
  });

  it('a delete the cache missed fails the request and retires the copy (a logout is never undone by the cache)', async () => {
    const [key] = await as('a', () => count(null));
    expect(await as('b', () => read(key))).toBe(1);
    down.add('a');
    const store = await as('a', () => new CachedDbSessionStore(key).load());
    await expect(as('a', () => store.deleteSession(key))).rejects.toBeInstanceOf(CacheUnavailable);
    down.delete('a');
    expect(await as('a', () => read(key))).toBeUndefined();
    await sleep(RENEW_SECONDS * 1000 + 200);
    expect(await as('b', () => read(key))).toBeUndefined();
  });
}, { models: () => [Session], vendors: ['sqlite'], flush: true });

await describeDatabases('the lost-write record', () => {
  it('starts empty, takes a new token at each loss, and stays one row when processes record at once', async () => {
    expect(await lostWriteToken()).toBe('');
    const first = await recordLostWrite();
    expect(await lostWriteToken()).toBe(first);
    const racing = await Promise.all(Array.from({ length: 5 }, () => recordLostWrite()));
    expect(racing).not.toContain(first);
    expect(racing).toContain(await lostWriteToken());
    expect(await Session.objects.filter({ sessionKey: LOST_WRITE_KEY }).count()).toBe(1);
    // No cookie can name it: the stores never look it up.
    expect((await new CachedDbSessionStore(LOST_WRITE_KEY).load()).keys()).toStrictEqual([]);
  });
}, { models: () => [Session], flush: true });
