import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BaseCache } from '../../cache/base.js';
import type { CacheSettings } from '../../cache/config.js';
import { CacheKeyNotFound, CacheValueError, InvalidCacheKey } from '../../cache/errors.js';

/** What a backend may legitimately not do; each skip in the contract names its reason. */
export type CacheContractFeature = 'culling' | 'atomicIncr' | 'negativeValues' | 'largeValues';

export interface CacheContractOptions {
  /**
   * A fresh cache for the suite, built from a CACHES entry of this backend merged with the
   * overrides (TIMEOUT, KEY_PREFIX, VERSION, KEY_FUNCTION, OPTIONS.MAX_ENTRIES/CULL_FREQUENCY).
   * Caches made with the same overrides but another KEY_PREFIX must share storage.
   */
  make(overrides?: Partial<CacheSettings>): BaseCache | Promise<BaseCache>;
  /** When set, the whole suite is skipped with this reason (a server that is not there). */
  unavailable?: string;
  /** How long past a 1-second timeout an entry may live (memcached's clock has 1 s steps). Default 1200 ms. */
  expiryWaitMs?: number;
  /** Features this backend does not have, each with the reason. */
  skip?: Partial<Record<CacheContractFeature, string>>;
  /** 'warn' (Django's CacheKeyWarning) or 'throw' (memcached's InvalidCacheKey) for keys memcached rejects. */
  keyValidation?: 'warn' | 'throw';
  /** Called after the suite, e.g. to close connections or stop a server. */
  teardown?: () => void | Promise<void>;
}

let suiteCounter = 0;

/**
 * The one suite every cache backend passes: Django's cache API with identical semantics.
 * Third-party backends can run it too.
 *
 * @example
 * describeCacheContract('locmem', { make: (o) => createCache('t', { BACKEND: 'locmem', ...o }) });
 */
export function describeCacheContract(title: string, options: CacheContractOptions): void {
  if (options.unavailable !== undefined) {
    describe.skip(`cache contract: ${title}`, () => it.skip(`skipped: ${options.unavailable}`, () => undefined));
    return;
  }
  const prefix = `contract${process.pid}-${++suiteCounter}-${Date.now().toString(36)}`;
  const make = async (overrides: Partial<CacheSettings> = {}): Promise<BaseCache> =>
    options.make({ KEY_PREFIX: prefix, ...overrides });
  const waitMs = options.expiryWaitMs ?? 1200;
  const skipped = (feature: CacheContractFeature): string | undefined => options.skip?.[feature];
  const feature = (name: CacheContractFeature, label: string, fn: () => Promise<void>, timeout?: number): void => {
    const reason = skipped(name);
    if (reason === undefined) it(label, fn, timeout);
    else it.skip(`${label} (skipped: ${reason})`, fn);
  };

  describe(`cache contract: ${title}`, () => {
    let cache: BaseCache;
    const made: BaseCache[] = [];
    const other = async (overrides: Partial<CacheSettings> = {}): Promise<BaseCache> => {
      const c = await make(overrides);
      made.push(c);
      return c;
    };
    beforeAll(async () => {
      cache = await other();
    });
    afterAll(async () => {
      for (const c of made) await c.close();
      await options.teardown?.();
    });

    describe('get, set, add', () => {
      it('returns what was set, and undefined or the default for a miss', async () => {
        await cache.set('greeting', 'hello');
        expect(await cache.get('greeting')).toBe('hello');
        expect(await cache.get('never-set')).toBeUndefined();
        expect(await cache.get('never-set', 'fallback')).toBe('fallback');
      });

      it('lookup() reads like get(), at once or through a Promise', async () => {
        await cache.set('looked-up', { n: 1 });
        expect(await cache.lookup('looked-up')).toStrictEqual({ n: 1 });
        expect(await cache.lookup('not-looked-up')).toBeUndefined();
      });

      it('overwrites on set', async () => {
        await cache.set('over', 1);
        await cache.set('over', 2);
        expect(await cache.get('over')).toBe(2);
      });

      it('stores null as a value distinct from a miss', async () => {
        await cache.set('nothing', null);
        expect(await cache.get('nothing', 'fallback')).toBeNull();
        expect(await cache.has('nothing')).toBe(true);
      });

      it('adds only when the key is absent, and says whether it stored', async () => {
        expect(await cache.add('added', 'first')).toBe(true);
        expect(await cache.add('added', 'second')).toBe(false);
        expect(await cache.get('added')).toBe('first');
      });

      it('has() tells a stored key from a missing one', async () => {
        await cache.set('present', 0);
        expect(await cache.has('present')).toBe(true);
        expect(await cache.has('absent')).toBe(false);
      });

      it('refuses undefined with CacheValueError', async () => {
        await expect(cache.set('undefined', undefined)).rejects.toBeInstanceOf(CacheValueError);
      });
    });

    describe('values round-trip with their types', () => {
      const cases: Array<[string, unknown]> = [
        ['empty string', ''],
        ['digits in a string', '42'],
        ['negative digits in a string', '-7'],
        ['a string that starts like the codec', 'jtrue'],
        ['unicode', 'Ünïcødé ☃ 𝄞 中文'],
        ['zero', 0],
        ['large integer', Number.MAX_SAFE_INTEGER],
        ['negative integer', -12345],
        ['float', 3.25],
        ['true', true],
        ['false', false],
        ['array', [1, 'two', null, [3]]],
        ['object', { a: 1, nested: { b: [true, 'x'] } }],
        ['object using the tag key', { '\u0000': 'd', v: '2020-01-01T00:00:00.000Z' }],
      ];
      for (const [label, value] of cases) {
        it(`round-trips ${label}`, async () => {
          const key = `type-${label.replaceAll(' ', '-')}`;
          await cache.set(key, value);
          expect(await cache.get(key)).toStrictEqual(value);
        });
      }

      it('returns a Date as a Date', async () => {
        const when = new Date('2024-02-29T12:34:56.789Z');
        await cache.set('date', when);
        await cache.set('nested-date', { when, list: [when] });
        const back = await cache.get<Date>('date');
        expect(back).toBeInstanceOf(Date);
        expect(back?.getTime()).toBe(when.getTime());
        expect(await cache.get('nested-date')).toStrictEqual({ when, list: [when] });
      });

      it('returns a Buffer as a Buffer, byte for byte', async () => {
        const bytes = Buffer.from([0, 1, 2, 127, 128, 254, 255, 0x0a, 0x0d]);
        await cache.set('bytes', bytes);
        await cache.set('nested-bytes', { bytes });
        const back = await cache.get<Buffer>('bytes');
        expect(Buffer.isBuffer(back)).toBe(true);
        expect(back?.equals(bytes)).toBe(true);
        expect((await cache.get<{ bytes: Buffer }>('nested-bytes'))?.bytes.equals(bytes)).toBe(true);
      });

      it('keeps a copy: changing an object after set() does not change the cache', async () => {
        const value = { list: [1] };
        await cache.set('copy', value);
        value.list.push(2);
        const first = await cache.get<{ list: number[] }>('copy');
        first?.list.push(3);
        expect(await cache.get('copy')).toStrictEqual({ list: [1] });
      });

      it('round-trips any JSON value (property)', async () => {
        await fc.assert(
          fc.asyncProperty(fc.jsonValue(), async (value) => {
            const expected: unknown = JSON.parse(JSON.stringify(value));
            await cache.set('property', value);
            expect(await cache.get('property')).toStrictEqual(expected);
          }),
          { numRuns: 40 },
        );
      });

      feature('largeValues', 'stores a 500 kB value', async () => {
        const big = 'x'.repeat(500_000);
        await cache.set('big', big);
        expect(await cache.get('big')).toBe(big);
      });
    });

    describe('many keys at once', () => {
      it('getMany returns the found keys under the names asked for', async () => {
        await cache.setMany({ m1: 'one', m2: 2 });
        const found = await cache.getMany(['m1', 'm2', 'm-missing']);
        expect({ ...found }).toStrictEqual({ m1: 'one', m2: 2 });
      });

      it('setMany accepts a Map and returns no failed keys', async () => {
        expect(await cache.setMany(new Map<string, unknown>([['mm1', 1], ['mm2', [2]]]))).toStrictEqual([]);
        expect(await cache.get('mm2')).toStrictEqual([2]);
      });

      it('deleteMany removes each key', async () => {
        await cache.setMany({ d1: 1, d2: 2, d3: 3 });
        await cache.deleteMany(['d1', 'd2', 'd-missing']);
        expect({ ...(await cache.getMany(['d1', 'd2', 'd3'])) }).toStrictEqual({ d3: 3 });
      });

      it('getMany of nothing is empty', async () => {
        expect({ ...(await cache.getMany([])) }).toStrictEqual({});
      });
    });

    describe('delete and clear', () => {
      it('delete says whether a key was there', async () => {
        await cache.set('doomed', 1);
        expect(await cache.delete('doomed')).toBe(true);
        expect(await cache.delete('doomed')).toBe(false);
        expect(await cache.get('doomed')).toBeUndefined();
      });

      it('clear empties the cache', async () => {
        const own = await other({ KEY_PREFIX: `${prefix}-clear` });
        await own.set('c1', 1);
        await own.clear();
        expect(await own.get('c1')).toBeUndefined();
      });
    });

    describe('incr and decr', () => {
      it('add and subtract, returning the new value', async () => {
        await cache.set('counter', 10);
        expect(await cache.incr('counter')).toBe(11);
        expect(await cache.incr('counter', 10)).toBe(21);
        expect(await cache.decr('counter')).toBe(20);
        expect(await cache.decr('counter', 5)).toBe(15);
        expect(await cache.get('counter')).toBe(15);
      });

      feature('negativeValues', 'go below zero', async () => {
        await cache.set('below', 1);
        expect(await cache.decr('below', 3)).toBe(-2);
        expect(await cache.incr('below', -1)).toBe(-3);
      });

      it('throw CacheKeyNotFound for a missing key', async () => {
        await expect(cache.incr('no-counter')).rejects.toBeInstanceOf(CacheKeyNotFound);
        await expect(cache.decr('no-counter')).rejects.toBeInstanceOf(CacheKeyNotFound);
        expect(await cache.has('no-counter')).toBe(false);
      });

      it('throw CacheValueError for a value that is not a number', async () => {
        await cache.set('word', 'abc');
        await expect(cache.incr('word')).rejects.toBeInstanceOf(CacheValueError);
        expect(await cache.get('word')).toBe('abc');
      });

      feature('atomicIncr', 'lose no increment under 200 concurrent callers', async () => {
        await cache.set('busy', 0);
        await Promise.all(Array.from({ length: 200 }, () => cache.incr('busy')));
        expect(await cache.get('busy')).toBe(200);
      });
    });

    describe('getOrSet', () => {
      it('stores and returns the default on a miss, then returns the stored value', async () => {
        expect(await cache.getOrSet('gos', 'made')).toBe('made');
        expect(await cache.getOrSet('gos', 'other')).toBe('made');
      });

      it('calls a factory (sync or async) only on a miss', async () => {
        let calls = 0;
        const factory = async (): Promise<number> => ++calls;
        expect(await cache.getOrSet('gos-factory', factory)).toBe(1);
        expect(await cache.getOrSet('gos-factory', factory)).toBe(1);
        expect(calls).toBe(1);
        expect(await cache.getOrSet('gos-sync', () => 'sync')).toBe('sync');
      });

      it('returns a stored null without calling the factory', async () => {
        await cache.set('gos-null', null);
        expect(await cache.getOrSet('gos-null', () => 'replaced')).toBeNull();
      });
    });

    describe('expiry', () => {
      it('forgets an entry after its timeout', async () => {
        await cache.set('short', 'v', 1);
        expect(await cache.get('short')).toBe('v');
        await sleep(waitMs + 1000);
        expect(await cache.get('short')).toBeUndefined();
        expect(await cache.has('short')).toBe(false);
        expect(await cache.add('short', 'again')).toBe(true);
      }, 15_000);

      it('keeps an entry with timeout null, and uses TIMEOUT by default', async () => {
        const quick = await other({ TIMEOUT: 1 });
        await quick.set('by-default', 1);
        await quick.set('forever', 1, null);
        await sleep(waitMs + 1000);
        expect(await quick.get('by-default')).toBeUndefined();
        expect(await quick.get('forever')).toBe(1);
      }, 15_000);

      it('with TIMEOUT null keeps entries', async () => {
        const never = await other({ TIMEOUT: null });
        await never.set('kept', 'yes');
        expect(await never.get('kept')).toBe('yes');
      });

      it('does not keep a value set with timeout 0 or less', async () => {
        await cache.set('zero', 'old');
        await cache.set('zero', 'v', 0);
        expect(await cache.get('zero')).toBeUndefined();
        await cache.set('negative', 'v', -1);
        expect(await cache.get('negative')).toBeUndefined();
        expect(await cache.add('zero-add', 'v', 0)).toBe(true);
        expect(await cache.get('zero-add')).toBeUndefined();
        expect(await cache.setMany({ zm: 1 }, 0)).toStrictEqual([]);
        expect(await cache.get('zm')).toBeUndefined();
      });

      it('touch gives a live key a new timeout and says false for a missing one', async () => {
        await cache.set('touched', 'v', 1);
        expect(await cache.touch('touched', 60)).toBe(true);
        await cache.set('touched-forever', 'v', 1);
        expect(await cache.touch('touched-forever', null)).toBe(true);
        await sleep(waitMs + 1000);
        expect(await cache.get('touched')).toBe('v');
        expect(await cache.get('touched-forever')).toBe('v');
        expect(await cache.touch('never-there')).toBe(false);
      }, 15_000);

      it('touch with timeout 0 expires the key', async () => {
        await cache.set('touch-zero', 'v');
        await cache.touch('touch-zero', 0);
        expect(await cache.get('touch-zero')).toBeUndefined();
      });
    });

    describe('keys: prefix, version, key function', () => {
      it('caches with another KEY_PREFIX do not see each other', async () => {
        const a = await other({ KEY_PREFIX: `${prefix}-a` });
        const b = await other({ KEY_PREFIX: `${prefix}-b` });
        await a.set('shared-name', 'a');
        expect(await b.get('shared-name')).toBeUndefined();
        await b.set('shared-name', 'b');
        expect(await a.get('shared-name')).toBe('a');
      });

      it('a version argument selects another entry', async () => {
        await cache.set('versioned', 'v1');
        await cache.set('versioned', 'v2', undefined, 2);
        expect(await cache.get('versioned')).toBe('v1');
        expect(await cache.get('versioned', undefined, 2)).toBe('v2');
        expect(await cache.get('versioned', undefined, 3)).toBeUndefined();
      });

      it('VERSION changes the default version', async () => {
        const v2 = await other({ VERSION: 2 });
        await v2.set('by-version', 'two');
        expect(await cache.get('by-version')).toBeUndefined();
        expect(await cache.get('by-version', undefined, 2)).toBe('two');
      });

      it('incrVersion and decrVersion move a value between versions', async () => {
        await cache.set('moving', 'value');
        expect(await cache.incrVersion('moving')).toBe(2);
        expect(await cache.get('moving')).toBeUndefined();
        expect(await cache.get('moving', undefined, 2)).toBe('value');
        expect(await cache.decrVersion('moving', 1, 2)).toBe(1);
        expect(await cache.get('moving')).toBe('value');
        await expect(cache.incrVersion('not-there')).rejects.toBeInstanceOf(CacheKeyNotFound);
      });

      it('KEY_FUNCTION builds the stored key', async () => {
        const seen: string[] = [];
        const custom = await other({
          KEY_FUNCTION: (key, keyPrefix, version) => {
            seen.push(key);
            return `custom-${keyPrefix}-${version}-${key}`;
          },
        });
        await custom.set('kf', 1);
        expect(custom.makeKey('kf')).toBe(`custom-${prefix}-1-kf`);
        expect(await custom.get('kf')).toBe(1);
        expect(await cache.get('kf')).toBeUndefined();
        expect(seen).toContain('kf');
      });

      if (options.keyValidation === 'throw') {
        it('refuses keys memcached cannot store with InvalidCacheKey', async () => {
          await expect(cache.set('has space', 1)).rejects.toBeInstanceOf(InvalidCacheKey);
          await expect(cache.get('x'.repeat(300))).rejects.toBeInstanceOf(InvalidCacheKey);
        });
      } else {
        it('warns (CacheKeyWarning) about keys memcached cannot store, and stores them', async () => {
          const warnings: Error[] = [];
          const listener = (warning: Error): void => void warnings.push(warning);
          process.on('warning', listener);
          try {
            const key = `space and control\u0001 ${Date.now()}`;
            await cache.set(key, 1);
            expect(await cache.get(key)).toBe(1);
            await cache.set('y'.repeat(260) + String(Date.now()), 2);
            await new Promise((resolve) => setImmediate(resolve));
          } finally {
            process.off('warning', listener);
          }
          expect(warnings.map((w) => w.name)).toContain('CacheKeyWarning');
          expect(warnings.some((w) => w.message.includes('longer than 250'))).toBe(true);
        });
      }
    });

    describe('culling', () => {
      // Bounded means never more than MAX_ENTRIES: a backend culls before an insert that would pass it.
      feature('culling', 'keeps at most MAX_ENTRIES, culling when full', async () => {
        const small = await other({ KEY_PREFIX: `${prefix}-cull`, OPTIONS: { MAX_ENTRIES: 30, CULL_FREQUENCY: 3 } });
        await small.clear();
        for (let i = 0; i < 50; i++) await small.set(`cull${i}`, i);
        const present = Object.keys(await small.getMany(Array.from({ length: 50 }, (_, i) => `cull${i}`)));
        expect(present.length).toBeLessThanOrEqual(30);
        expect(present.length).toBeGreaterThan(10);
        expect(present).toContain('cull49');
      });

      feature('culling', 'with CULL_FREQUENCY 0 empties the cache when it is full', async () => {
        const small = await other({ KEY_PREFIX: `${prefix}-cull0`, OPTIONS: { MAX_ENTRIES: 30, CULL_FREQUENCY: 0 } });
        await small.clear();
        for (let i = 0; i < 40; i++) await small.set(`zero${i}`, i);
        const present = Object.keys(await small.getMany(Array.from({ length: 40 }, (_, i) => `zero${i}`)));
        expect(present.length).toBeLessThanOrEqual(10);
        expect(present).toContain('zero39');
      });
    });

    it('still works after close()', async () => {
      const closing = await other();
      await closing.set('after-close', 1);
      await closing.close();
      expect(await closing.get('after-close')).toBe(1);
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
