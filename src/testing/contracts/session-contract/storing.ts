import { describe, expect, it } from 'vitest';
import { CreateError, SessionNotLoaded, UpdateError } from '../../../sessions/errors.js';
import type { SessionData } from '../../../sessions/session-data.js';
import type { ContractContext } from './context.js';
import { ROUND_TRIP } from './values.js';

/** Saving and loading, and deleting, flushing and cycling the key. */
export function describeStoring(context: ContractContext): void {
  const { store, loaded, saved, expectGone, feature, has, keyPattern, storage } = context;

  describe('saving and loading', () => {
    it(`save() gives the session a key (${String(keyPattern)}) and keeps its data in memory`, async () => {
      const s = store();
      s.set('a', 'b');
      await s.save();
      expect(s.sessionKey).toMatch(keyPattern);
      expect(s.get('a')).toBe('b');
    });

    it('a fresh instance with the key sees the same data, value for value', async () => {
      const [, key] = await saved(ROUND_TRIP);
      const back = await loaded(key);
      expect(back.sessionKey).toBe(key);
      expect(Object.fromEntries(back.items())).toStrictEqual(JSON.parse(JSON.stringify(ROUND_TRIP)));
      expect(back.get('__proto__')).toStrictEqual({ polluted: true });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect([back.accessed, back.modified]).toStrictEqual([true, false]);
    });

    it('a second save() updates the stored data under the same key', async () => {
      const [s, key] = await saved({ a: 1, b: 2 });
      s.set('a', 10);
      s.delete('b');
      await s.save();
      if (has('exists')) expect(s.sessionKey).toBe(key);
      expect((await loaded(s.sessionKey)).items()).toStrictEqual([['a', 10]]);
    });

    it('reading an unloaded session with a key throws SessionNotLoaded; load() lets it read', async () => {
      const [, key] = await saved({ a: 1 });
      const s = store(key);
      expect(s.loaded).toBe(false);
      for (const read of [() => s.get('a'), () => s.has('a'), () => s.keys(), () => s.items(), () => s.set('b', 1), () => s.pop('a')]) {
        expect(read).toThrow(SessionNotLoaded);
      }
      expect(await s.load()).toBe(s);
      expect(s.loaded).toBe(true);
      expect(s.get('a')).toBe(1);
      const fresh = store(key);
      await fresh.load();
      expect([fresh.accessed, fresh.modified]).toStrictEqual([false, false]); // loading is not an access
    });

    it('load() reads the store once, however often and concurrently it is called', async () => {
      const [, key] = await saved({ a: 1 });
      const s = store(key);
      let reads = 0;
      const spied = s as unknown as { loadData(): Promise<SessionData> };
      const original = spied.loadData.bind(s);
      spied.loadData = () => {
        reads++;
        return original();
      };
      await Promise.all([s.load(), s.load(), s.load()]);
      await s.load();
      expect(reads).toBe(1);
      expect(s.get('a')).toBe(1);
    });

    it('clear() of an unloaded session reads nothing, and save() then stores it empty', async () => {
      const [, key] = await saved({ a: 1 });
      const s = store(key);
      s.clear();
      expect(s.items()).toStrictEqual([]);
      await s.save();
      expect((await loaded(s.sessionKey)).items()).toStrictEqual([]);
    });

    feature('keyCollision', 'create() in parallel gives distinct keys, each stored', async () => {
      const made = Array.from({ length: 30 }, () => store());
      await Promise.all(made.map((s) => s.create()));
      const keys = made.map((s) => s.sessionKey);
      expect(new Set(keys).size).toBe(30);
      for (const s of made) {
        expect(s.sessionKey).toMatch(keyPattern);
        expect(s.modified).toBe(true);
        expect(s.items()).toStrictEqual([]);
      }
      if (has('exists')) expect(await Promise.all(keys.map((k) => made[0]!.exists(k!)))).not.toContain(false);
    });

    feature('keyCollision', 'save(true) on a key that is taken throws CreateError and keeps the stored data', async () => {
      const [, key] = await saved({ owner: 'first' });
      const intruder = store(key);
      await expect(intruder.save(true)).rejects.toBeInstanceOf(CreateError);
      expect((await loaded(key)).get('owner')).toBe('first');
    });

    feature('exists', 'exists() tells a stored key from an unknown one', async () => {
      const [s, key] = await saved();
      expect(await s.exists(key)).toBe(true);
      expect(await s.exists('abcdefghijklmnopqrstuvwxyz012345')).toBe(false);
      await s.deleteSession();
      expect(await s.exists(key)).toBe(false);
    });

    if (storage !== undefined) {
      it('the store holds one entry per saved session', async () => {
        const before = await storage.count();
        const [s] = await saved();
        s.set('again', 1);
        await s.save();
        expect(await storage.count()).toBe(before + 1);
      });
    }
  });

  describe('deleting, flushing and cycling the key', () => {
    feature('serverDelete', 'deleteSession() removes the stored session: its key then loads empty and without a key', async () => {
      const [s, key] = await saved({ a: 1 });
      const before = await storage?.count();
      await s.deleteSession();
      if (before !== undefined) expect(await storage?.count()).toBe(before - 1);
      const back = await loaded(key);
      expect(back.items()).toStrictEqual([]);
      if (has('unknownKeyDropped')) expect(back.sessionKey).toBeNull();
    });

    feature('serverDelete', 'deleteSession(key) removes that session only', async () => {
      const [a, keyA] = await saved({ a: 1 });
      const [, keyB] = await saved({ b: 2 });
      await a.deleteSession(keyB);
      expect((await loaded(keyB)).items()).toStrictEqual([]);
      expect((await loaded(keyA)).items()).toStrictEqual([['a', 1]]);
    });

    it('flush() empties the session and drops its key', async () => {
      const [s] = await saved({ foo: 'bar' });
      s.accessed = false;
      s.modified = false;
      await s.flush();
      expect(s.sessionKey).toBeNull();
      expect(s.items()).toStrictEqual([]);
      expect([s.accessed, s.modified]).toStrictEqual([true, true]);
      expect(s.isEmpty()).toBe(true);
    });

    feature('serverDelete', 'flush() deletes the stored copy', async () => {
      const [s, key] = await saved({ foo: 'bar' });
      const before = await storage?.count();
      await s.flush();
      if (before !== undefined) expect(await storage?.count()).toBe(before - 1);
      if (has('exists')) expect(await s.exists(key)).toBe(false);
      await expectGone(key);
    });

    it('cycleKey() gives a new key and keeps the data, which the new key then stores', async () => {
      const [s, key] = await saved({ a: 'c', b: 'd' });
      const items = s.items();
      await s.cycleKey();
      // A signed cookie of the same data in the same second is the same value (Django skips this check for it too).
      if (has('keyCollision')) expect(s.sessionKey).not.toBe(key);
      expect(s.sessionKey).toMatch(keyPattern);
      expect(s.items()).toStrictEqual(items);
      expect(s.modified).toBe(true);
      await s.save();
      expect((await loaded(s.sessionKey)).items()).toStrictEqual(items);
    });

    it('cycleKey() of a session never saved gives it a key and keeps the data', async () => {
      const s = store();
      s.set('x', 1);
      await s.cycleKey();
      expect(s.sessionKey).toMatch(keyPattern);
      expect(s.items()).toStrictEqual([['x', 1]]);
    });

    it('cycleKey() works on a session loaded from its key', async () => {
      const [, key] = await saved({ a: 1 });
      const s = await loaded(key);
      await s.cycleKey();
      await s.save();
      expect((await loaded(s.sessionKey)).items()).toStrictEqual([['a', 1]]);
    });

    feature('serverDelete', 'cycleKey() deletes the old key from the store', async () => {
      const [s, key] = await saved({ a: 1 });
      const before = await storage?.count();
      await s.cycleKey();
      await s.save();
      if (before !== undefined) expect(await storage?.count()).toBe(before);
      if (has('exists')) expect(await s.exists(key)).toBe(false);
      await expectGone(key);
    });

    feature('updateError', 'save() of a session deleted meanwhile throws UpdateError and does not bring it back', async () => {
      const s = store();
      s.set('data', 'value1');
      await s.save(true);
      const key = s.sessionKey as string;
      await store(key).deleteSession();
      s.set('data', 'value2');
      await expect(s.save()).rejects.toBeInstanceOf(UpdateError);
      expect((await loaded(key)).items()).toStrictEqual([]);
    });
  });
}
