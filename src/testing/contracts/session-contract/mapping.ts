import { describe, expect, it } from 'vitest';
import type { SessionBase } from '../../../sessions/base.js';
import { SessionValueError } from '../../../sessions/errors.js';
import type { SessionData } from '../../../sessions/session-data.js';
import type { ContractContext } from './context.js';
import { unstorable } from './values.js';

/** A new session, the mapping API with the accessed/modified flags as Django sets them, and the test cookie. */
export function describeMapping({ store, loaded, saved }: ContractContext): void {
  describe('a new session', () => {
    it('has no key, is empty, and is neither accessed nor modified', () => {
      const s = store();
      expect(s.sessionKey).toBeNull();
      expect(s.isEmpty()).toBe(true);
      expect(s.loaded).toBe(true);
      expect([s.accessed, s.modified]).toStrictEqual([false, false]);
      expect(s.keys()).toStrictEqual([]);
      expect(s.get('missing')).toBeUndefined();
      expect(s.get('missing', 'fallback')).toBe('fallback');
      expect([s.accessed, s.modified]).toStrictEqual([true, false]);
    });

    it('treats a key shorter than 8 characters (or empty) as no key', async () => {
      for (const key of ['', 'a', 'abcdefg']) {
        const s = store(key);
        expect(s.sessionKey).toBeNull();
        expect(s.isEmpty()).toBe(true);
        await s.load();
        expect(s.items()).toStrictEqual([]);
      }
      expect(store('abcdefgh').sessionKey).toBe('abcdefgh');
    });

    it('is not empty once it holds data or has a key', async () => {
      const s = store();
      s.set('a', 1);
      expect(s.isEmpty()).toBe(false);
      s.delete('a');
      expect(s.isEmpty()).toBe(true);
      const [, key] = await saved();
      expect(store(key).isEmpty()).toBe(false);
    });
  });

  describe('the mapping and its accessed/modified flags (as Django sets them)', () => {
    /** A session holding `data`, with both flags reset. */
    const holding = (data: SessionData): SessionBase => {
      const s = store();
      s.update(data);
      s.accessed = false;
      s.modified = false;
      return s;
    };

    it('get and has mark accessed, not modified', () => {
      const s = holding({ a: 1, n: null });
      expect(s.get('a')).toBe(1);
      expect(s.get('n', 'fallback')).toBeNull();
      expect(s.has('a')).toBe(true);
      expect(s.has('b')).toBe(false);
      expect([s.accessed, s.modified]).toStrictEqual([true, false]);
    });

    it('set marks both, and overwrites', () => {
      const s = holding({});
      expect(s.set('a', 1)).toBe(s);
      s.set('a', 2);
      expect(s.get('a')).toBe(2);
      expect([s.accessed, s.modified]).toStrictEqual([true, true]);
    });

    it('keys, values and items list the entries in insertion order without modifying', () => {
      const s = holding({ x: 1, y: [2], z: 'three' });
      expect(s.keys()).toStrictEqual(['x', 'y', 'z']);
      expect(s.values()).toStrictEqual([1, [2], 'three']);
      expect(s.items()).toStrictEqual([['x', 1], ['y', [2]], ['z', 'three']]);
      expect([s.accessed, s.modified]).toStrictEqual([true, false]);
    });

    it('delete(key) removes and modifies; a missing key changes nothing', () => {
      const s = holding({ a: 1 });
      expect(s.delete('missing')).toBe(false);
      expect([s.accessed, s.modified]).toStrictEqual([true, false]);
      expect(s.delete('a')).toBe(true);
      expect(s.has('a')).toBe(false);
      expect(s.modified).toBe(true);
    });

    it('pop returns and removes, modifying; a missing key gives the fallback and does not modify', () => {
      const s = holding({ a: 'exists' });
      expect(s.pop('missing', 'does not exist')).toBe('does not exist');
      expect(s.pop('missing')).toBeUndefined();
      expect([s.accessed, s.modified]).toStrictEqual([true, false]);
      expect(s.pop('a', 'fallback')).toBe('exists');
      expect(s.has('a')).toBe(false);
      expect(s.modified).toBe(true);
    });

    it('setdefault stores only a missing key; an existing one is returned and not modified', () => {
      const s = holding({ a: 'first' });
      expect(s.setdefault('a', 'second')).toBe('first');
      expect([s.accessed, s.modified]).toStrictEqual([true, false]);
      expect(s.setdefault('b', 'new')).toBe('new');
      expect(s.setdefault('b', 'newer')).toBe('new');
      expect(s.get('b')).toBe('new');
      expect(s.modified).toBe(true);
    });

    it('update stores every entry and modifies (even when empty, as Django)', () => {
      const s = holding({ a: 1 });
      s.update({ a: 2, b: 3 });
      expect(s.items()).toStrictEqual([['a', 2], ['b', 3]]);
      expect(s.modified).toBe(true);
      const t = holding({});
      t.update({});
      expect([t.accessed, t.modified]).toStrictEqual([true, true]);
    });

    it('clear empties and marks both, keeping the key', async () => {
      const [, key] = await saved({ x: 1 });
      const s = await loaded(key);
      expect([s.accessed, s.modified]).toStrictEqual([false, false]);
      s.clear();
      expect(s.items()).toStrictEqual([]);
      expect([s.accessed, s.modified]).toStrictEqual([true, true]);
      expect(s.sessionKey).toBe(key);
    });

    it('isEmpty() does not count as an access', () => {
      const s = store();
      s.isEmpty();
      expect(s.accessed).toBe(false);
    });

    it('refuses values JSON cannot hold with SessionValueError, storing nothing', () => {
      for (const [label, value] of unstorable()) {
        const s = holding({ kept: 1 });
        expect(() => s.set('bad', value), label).toThrow(SessionValueError);
        expect(() => s.set('bad', value), label).toThrow(/"bad"/);
        expect(() => s.setdefault('bad', value), label).toThrow(SessionValueError);
        expect(() => s.update({ fine: 1, bad: value }), label).toThrow(SessionValueError);
        expect(s.items(), label).toStrictEqual([['kept', 1]]);
        expect(s.modified, label).toBe(false);
      }
    });
  });

  describe('the test cookie', () => {
    it('setTestCookie, testCookieWorked and deleteTestCookie, across a save', async () => {
      const s = store();
      expect(s.testCookieWorked()).toBe(false);
      s.setTestCookie();
      expect(s.modified).toBe(true);
      expect(s.testCookieWorked()).toBe(true);
      await s.save();
      const back = await loaded(s.sessionKey);
      expect(back.testCookieWorked()).toBe(true);
      back.deleteTestCookie();
      expect(back.testCookieWorked()).toBe(false);
      expect(back.modified).toBe(true);
      back.deleteTestCookie();
      expect(back.keys()).toStrictEqual([]);
    });

    it('only the exact marker counts', () => {
      const s = store();
      s.set('testcookie', 'worked!');
      expect(s.testCookieWorked()).toBe(false);
    });
  });
}
