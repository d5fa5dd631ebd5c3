import { describe, expect, it, vi } from 'vitest';
import { overrideSettings } from '../../../conf/settings/index.js';
import type { SettingsInput } from '../../../conf/settings/types.js';
import { SessionValueError } from '../../../sessions/errors.js';
import type { ContractContext } from './context.js';

/** Expiry on a fake clock (only Date is faked, so I/O keeps working): ages, dates, browser close, the store's own expiry, clearExpired. */
export function describeExpiry(context: ContractContext): void {
  const { options, engine, store, loaded, saved, expectGone, feature, storage } = context;
  describe('expiry', () => {
    /**
     * Freezes Date at the real now (a file's mtime, written in real time, then agrees with it);
     * returns the moment and a function that moves it by seconds.
     */
    const fakeClock = (): { now: () => Date; advance: (seconds: number) => void } => {
      let at = Date.now();
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(at);
      return {
        now: () => new Date(at),
        advance: (seconds) => {
          at += seconds * 1000;
          vi.setSystemTime(at);
        },
      };
    };
    const withSettings = (settings: SettingsInput, fn: () => void | Promise<void>): Promise<void> =>
      Promise.resolve(overrideSettings(settings, fn));

    it('by default: age SESSION_COOKIE_AGE from now, not at browser close', async () => {
      const clock = fakeClock();
      await withSettings({ SESSION_COOKIE_AGE: 1234, SESSION_EXPIRE_AT_BROWSER_CLOSE: false }, () => {
        const s = store();
        expect(s.getSessionCookieAge()).toBe(1234);
        expect(s.getExpiryAge()).toBe(1234);
        expect(s.getExpiryDate()).toStrictEqual(new Date(clock.now().getTime() + 1_234_000));
        expect(s.getExpireAtBrowserClose()).toBe(false);
      });
    });

    it('setExpiry(seconds): that age, from now or from `modification`', () => {
      const clock = fakeClock();
      const s = store();
      s.setExpiry(10);
      expect(s.modified).toBe(true);
      expect(s.getExpiryAge()).toBe(10);
      expect(s.getExpiryDate()).toStrictEqual(new Date(clock.now().getTime() + 10_000));
      const modification = new Date('2030-05-06T07:08:09.500Z');
      expect(s.getExpiryAge({ modification })).toBe(10);
      expect(s.getExpiryDate({ modification })).toStrictEqual(new Date('2030-05-06T07:08:19.500Z'));
      expect(s.getExpireAtBrowserClose()).toBe(false);
    });

    it('setExpiry(date): whole seconds until then, from now or from `modification`', () => {
      const clock = fakeClock();
      const s = store();
      const at = new Date(clock.now().getTime() + 10_900);
      s.setExpiry(at);
      expect(s.getExpiryDate()).toStrictEqual(at);
      expect(s.getExpiryAge()).toBe(10);
      expect(s.getExpiryAge({ modification: new Date(at.getTime() - 20_000) })).toBe(20);
      clock.advance(11.4);
      expect(s.getExpiryAge()).toBe(-1);
      expect(s.getExpiryDate()).toStrictEqual(at);
    });

    it('setExpiry(0): expires at browser close, with age SESSION_COOKIE_AGE', () => {
      const clock = fakeClock();
      const s = store();
      s.setExpiry(0);
      expect(s.getExpireAtBrowserClose()).toBe(true);
      expect(s.getExpiryAge()).toBe(s.getSessionCookieAge());
      expect(s.getExpiryDate()).toStrictEqual(new Date(clock.now().getTime() + s.getSessionCookieAge() * 1000));
    });

    it('setExpiry(null) after a custom value returns to the global policy; on a fresh session it modifies nothing', () => {
      fakeClock();
      const s = store();
      s.setExpiry(null);
      expect(s.modified).toBe(false);
      s.setExpiry(10);
      s.setExpiry(new Date(Date.now() + 99_000));
      s.setExpiry(null);
      expect(s.getExpiryAge()).toBe(s.getSessionCookieAge());
      expect(s.keys()).toStrictEqual([]);
    });

    it('refuses an expiry that is no number, Date or null', () => {
      const s = store();
      for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, new Date('nonsense'), '10', undefined]) {
        expect(() => s.setExpiry(bad as never), String(bad)).toThrow(SessionValueError);
      }
    });

    it('getExpireAtBrowserClose() follows SESSION_EXPIRE_AT_BROWSER_CLOSE only without a custom expiry', async () => {
      for (const [setting, expected] of [[false, [false, true, false]], [true, [false, true, true]]] as const) {
        await withSettings({ SESSION_EXPIRE_AT_BROWSER_CLOSE: setting }, () => {
          const s = store();
          const seen = [10, 0, null].map((value) => {
            s.setExpiry(value);
            return s.getExpireAtBrowserClose();
          });
          expect(seen, `SESSION_EXPIRE_AT_BROWSER_CLOSE=${String(setting)}`).toStrictEqual(expected);
          expect(s.getExpiryAge()).toBe(s.getSessionCookieAge());
        });
      }
    });

    it('the `expiry` option overrides the session’s own expiry', () => {
      const clock = fakeClock();
      const s = store();
      s.setExpiry(99);
      const at = new Date(clock.now().getTime() + 30_000);
      expect(s.getExpiryAge({ expiry: 30 })).toBe(30);
      expect(s.getExpiryAge({ expiry: null })).toBe(s.getSessionCookieAge());
      expect(s.getExpiryAge({ expiry: 0 })).toBe(s.getSessionCookieAge());
      expect(s.getExpiryAge({ expiry: at })).toBe(30);
      expect(s.getExpiryAge({ expiry: at.toISOString() })).toBe(30);
      expect(s.getExpiryAge({ expiry: '2030-01-01T00:00:30+00:00', modification: new Date('2030-01-01T00:00:00Z') })).toBe(30);
      expect(s.getExpiryDate({ expiry: at })).toStrictEqual(at);
      expect(s.getExpiryDate({ expiry: '2030-01-01T01:00:00+01:00' })).toStrictEqual(new Date('2030-01-01T00:00:00Z'));
      expect(s.getExpiryDate({ expiry: 30 })).toStrictEqual(at);
      expect(s.getExpiryDate({ expiry: null })).toStrictEqual(new Date(clock.now().getTime() + s.getSessionCookieAge() * 1000));
    });

    it('a custom expiry survives save and load (a date to the millisecond)', async () => {
      const clock = fakeClock();
      const at = new Date(clock.now().getTime() + 3_600_123);
      const d = store();
      d.setExpiry(at);
      await d.save();
      const back = await loaded(d.sessionKey);
      expect(back.getExpiryDate()).toStrictEqual(at);
      expect(back.getExpiryAge()).toBe(3600);
      const s = store();
      s.setExpiry(0);
      await s.save();
      expect((await loaded(s.sessionKey)).getExpireAtBrowserClose()).toBe(true);
      const r = store();
      r.setExpiry(600);
      await r.save();
      expect((await loaded(r.sessionKey)).getExpiryAge()).toBe(600);
    });

    /** Moves the clock, tells the engine, and returns. */
    const move = async (clock: ReturnType<typeof fakeClock>, seconds: number, keys: readonly string[]): Promise<void> => {
      clock.advance(seconds);
      await options.onClockMoved?.(keys);
    };

    feature(['storeExpiryFakeClock', 'relativeExpiryInStore'], 'the store forgets a session saved with setExpiry(60) once 60 s have passed', async () => {
      const clock = fakeClock();
      const s = store();
      s.set('a', 1);
      s.setExpiry(60);
      await s.save();
      const key = s.sessionKey as string;
      await move(clock, 58, [key]);
      expect((await loaded(key)).get('a')).toBe(1);
      await move(clock, 4, [key]);
      await expectGone(key);
    });

    feature(['storeExpiryFakeClock', 'customExpiryInStore'], 'the store forgets a session saved with setExpiry(date) once the date has passed', async () => {
      const clock = fakeClock();
      const s = store();
      s.set('a', 1);
      s.setExpiry(new Date(clock.now().getTime() + 60_000));
      await s.save();
      const key = s.sessionKey as string;
      await move(clock, 59, [key]);
      expect((await loaded(key)).get('a')).toBe(1);
      await move(clock, 2, [key]);
      await expectGone(key);
    });

    feature(['storeExpiryFakeClock', 'defaultExpiryInStore'], 'the store forgets a session without its own expiry after SESSION_COOKIE_AGE', async () => {
      const clock = fakeClock();
      await withSettings({ SESSION_COOKIE_AGE: 120 }, async () => {
        const [, key] = await saved({ a: 1 });
        await move(clock, 118, [key]);
        expect((await loaded(key)).get('a')).toBe(1);
        await move(clock, 4, [key]);
        await expectGone(key);
      });
    });

    feature(['storeExpiryFakeClock', 'clearExpired'], 'clearExpired() removes the expired sessions, keeps the live ones, and says how many', async () => {
      const clock = fakeClock();
      await withSettings({ SESSION_COOKIE_AGE: 120 }, async () => {
        await storage?.empty();
        const live = store();
        live.set('live', 1);
        live.setExpiry(3600);
        await live.save();
        const dated = store();
        dated.set('dated', 1);
        dated.setExpiry(new Date(clock.now().getTime() + 60_000));
        await dated.save();
        const [, byDefault] = await saved({ byDefault: 1 });
        const keys = [live.sessionKey as string, dated.sessionKey as string, byDefault];
        if (storage !== undefined) expect(await storage.count()).toBe(3);
        await move(clock, 30, keys);
        const none = await engine().clearExpired();
        if (storage !== undefined) {
          expect(none).toBe(0);
          expect(await storage.count()).toBe(3);
        }
        await move(clock, 95, keys);
        const progress: Array<[number, number]> = [];
        const removed = await engine().clearExpired({ batchSize: 1, onProgress: (done, total) => progress.push([done, total]) });
        if (storage !== undefined) {
          expect(removed).toBe(2);
          expect(await storage.count()).toBe(1);
        } else {
          expect(removed).toBeGreaterThanOrEqual(2);
        }
        expect(progress.length).toBeGreaterThan(1);
        const [done, total] = progress.at(-1)!;
        expect(done).toBe(total);
        expect(progress.map(([d]) => d)).toStrictEqual([...progress.map(([d]) => d)].sort((a, b) => a - b));
        await options.onClockMoved?.(keys);
        expect(await Promise.all(keys.map((k) => live.exists(k)))).toStrictEqual([true, false, false]);
        expect((await loaded(keys[0]!)).get('live')).toBe(1);
      });
    });

    if (!context.has('clearExpired')) {
      it('clearExpired() has nothing to remove and answers null', async () => {
        expect(await engine().clearExpired()).toBeNull();
      });
    }

    if (options.skip?.storeExpiryFakeClock !== undefined && options.expiryWaitMs !== undefined) {
      const waitMs = options.expiryWaitMs;
      it(`the store forgets a session saved with setExpiry(1) after ${waitMs} ms of real time`, async () => {
        const [s, key] = await saved({ a: 1 });
        s.setExpiry(1);
        await s.save();
        expect((await loaded(key)).get('a')).toBe(1);
        await new Promise((resolve) => setTimeout(resolve, waitMs));
        await expectGone(key);
      }, waitMs + 10_000);
    }
  });
}
