import { describe, expect, it } from 'vitest';
import type { ContractContext } from './context.js';
import { HOSTILE_KEYS, type HostileKeyCase } from './values.js';

/** Keys the store does not hold, hostile keys, and concurrent writers of one session. */
export function describeBadInput(context: ContractContext): void {
  const { loaded, saved, feature, has, keyPattern, storage } = context;

  describe('keys the store does not hold, and hostile keys', () => {
    feature('unknownKeyDropped', 'a key the store does not hold loads empty and without a key', async () => {
      const s = await loaded('abcdefghijklmnopqrstuvwxyz012345');
      expect(s.items()).toStrictEqual([]);
      expect(s.sessionKey).toBeNull();
      if (has('exists')) expect(await s.exists('abcdefghijklmnopqrstuvwxyz012345')).toBe(false);
    });

    for (const [name, hostile] of Object.entries(HOSTILE_KEYS)) {
      const label = `a hostile key (${name}) gives an empty session, never an error, and touches nothing`;
      feature(`hostileKey:${name}` as HostileKeyCase, label, async () => {
        const [, bystander] = await saved({ bystander: true });
        const key = typeof hostile === 'function' ? hostile(bystander) : hostile;
        const before = await storage?.count();
        const s = await loaded(key);
        expect(s.items()).toStrictEqual([]);
        if (has('unknownKeyDropped')) expect(s.sessionKey).toBeNull();
        if (before !== undefined) expect(await storage?.count()).toBe(before);
        s.set('fresh', 1);
        await s.save();
        expect(s.sessionKey).not.toBe(key);
        expect(s.sessionKey).not.toBe(bystander);
        expect(s.sessionKey).toMatch(keyPattern);
        expect((await loaded(s.sessionKey)).items()).toStrictEqual([['fresh', 1]]);
        expect((await loaded(bystander)).items()).toStrictEqual([['bystander', true]]);
      });
    }
  });

  describe('concurrent requests of one session', () => {
    it('last write wins: the stored data is exactly one writer’s, and decodes cleanly', async () => {
      for (let round = 0; round < 8; round++) {
        const [, key] = await saved({ round, base: 'x' });
        const writers = await Promise.all(Array.from({ length: 4 }, () => loaded(key)));
        const written = writers.map((w, i) => {
          w.clear();
          w.update({ writer: i, [`only${i}`]: 'y'.repeat(200 * (i + 1)), list: Array.from({ length: i + 1 }, () => i) });
          return Object.fromEntries(w.items());
        });
        await Promise.all(writers.map((w) => w.save()));
        for (const w of writers) {
          const stored = Object.fromEntries((await loaded(w.sessionKey)).items());
          expect(written).toContainEqual(stored);
        }
      }
    });
  });
}
