import { afterAll, describe, expect, it, vi } from 'vitest';
import { describeCacheContract } from '../../testing/contracts/cache.js';
import type { CacheSettings } from '../config.js';
import { CacheKeyNotFound, CacheUnavailable, CacheValueError, InvalidCacheBackendError, InvalidCacheKey } from '../errors.js';
import { createCache } from '../registry.js';
import { RETRY_AFTER_MS } from './circuit-breaker.js';
import { HashRing } from './hash-ring.js';
import { expiration, MemcachedCache } from './memcached.js';
import { memcachedUnavailable, MemcachedProcess, TcpRelay } from './memcached-test-servers.js';

// clear() flushes whole servers, and the fault tests stop and kill them: every suite here runs on
// private memcached processes, never on the shared 11211/11212 that other test files use.
const unavailable = memcachedUnavailable();
const pair = unavailable === undefined ? await Promise.all([MemcachedProcess.start(), MemcachedProcess.start()]) : [];
const started: Array<MemcachedProcess | TcpRelay> = [...pair];
const caches: MemcachedCache[] = [];
afterAll(async () => {
  await Promise.all(caches.map((c) => c.close()));
  await Promise.all(started.map((s) => s.stop()));
});

let made = 0;
function memcached(location: string | readonly string[], entry: Partial<CacheSettings> = {}): MemcachedCache {
  const cache = createCache(`mc${++made}`, {
    BACKEND: MemcachedCache,
    LOCATION: location,
    KEY_PREFIX: `mc-test-${made}`,
    ...entry,
    OPTIONS: { SOCKET_TIMEOUT: 0.5, SOCKET_CONNECT_TIMEOUT: 0.5, ...entry.OPTIONS },
  }) as MemcachedCache;
  caches.push(cache);
  return cache;
}

async function privateServer(options: { socket?: boolean } = {}): Promise<MemcachedProcess> {
  const server = await MemcachedProcess.start(options);
  started.push(server);
  return server;
}

const elapsed = async (fn: () => Promise<unknown>): Promise<{ ms: number; error: unknown }> => {
  const start = performance.now();
  try {
    await fn();
    return { ms: performance.now() - start, error: undefined };
  } catch (error) {
    return { ms: performance.now() - start, error };
  }
};

describeCacheContract('memcached (two private servers)', {
  unavailable,
  make: (overrides = {}) => memcached(pair.map((s) => s.location), { ...overrides, OPTIONS: { SOCKET_TIMEOUT: 2, ...overrides.OPTIONS } }),
  keyValidation: 'throw',
  expiryWaitMs: 1500,
  skip: {
    culling: 'memcached evicts least recently used items itself when its memory is full; MAX_ENTRIES and CULL_FREQUENCY do not apply',
    negativeValues: 'memcached counts unsigned 64-bit integers: decr stops at 0, and a negative number cannot be incremented',
  },
});

describe('memcachedUnavailable', () => {
  it('gives a reason when the binary is missing, and throws instead under CI=true', () => {
    const ci = process.env.CI;
    try {
      delete process.env.CI;
      expect(memcachedUnavailable('no-such-memcached-binary')).toMatch(/^the no-such-memcached-binary binary is not installed/);
      process.env.CI = 'true';
      expect(() => memcachedUnavailable('no-such-memcached-binary')).toThrow(/under CI=true the memcached suites must run/);
    } finally {
      if (ci === undefined) delete process.env.CI;
      else process.env.CI = ci;
    }
  });
});

describe('MemcachedCache configuration', () => {
  const servers = (location: string | string[]): readonly string[] => memcached(location).servers;

  it('reads host:port, [ipv6]:port, a bare host and unix sockets from LOCATION', () => {
    expect(servers('10.0.0.1:11300')).toStrictEqual(['10.0.0.1:11300']);
    expect(servers('cache.internal')).toStrictEqual(['cache.internal:11211']);
    expect(servers('[::1]:11212')).toStrictEqual(['[::1]:11212']);
    expect(servers(['unix:/tmp/a.sock', '/tmp/b.sock', 'unix:///tmp/c.sock'])).toStrictEqual(['unix:/tmp/a.sock', 'unix:/tmp/b.sock', 'unix:/tmp/c.sock']);
    expect(servers('10.0.0.1:11211;10.0.0.2:11211')).toStrictEqual(['10.0.0.1:11211', '10.0.0.2:11211']);
  });

  it('refuses a LOCATION that is empty, malformed or names a server twice, naming the setting', () => {
    expect(() => servers([])).toThrow(InvalidCacheBackendError);
    expect(() => servers([])).toThrow(/CACHES\['mc\d+'\]\.LOCATION is empty/);
    expect(() => servers('host:99999')).toThrow(/"host:99999", which is not a server address/);
    expect(() => servers('http://x:1')).toThrow(/not a server address/);
    expect(() => servers(['a:1', 'a:1'])).toThrow(/names a:1 twice/);
  });

  it('refuses unknown OPTIONS, listing the ones it takes', () => {
    expect(() => memcached('a:1', { OPTIONS: { no_delay: true } })).toThrow(/unknown key\(s\) no_delay; .*username\/password/);
    expect(() => memcached('a:1', { OPTIONS: { username: 1 } })).toThrow(InvalidCacheBackendError);
  });

  it('does not connect until used', () => {
    // Nothing listens on port 1: building the cache must still succeed.
    expect(memcached('127.0.0.1:1').servers).toStrictEqual(['127.0.0.1:1']);
  });

  it('raises InvalidCacheKey for keys memcached refuses, before any connection', async () => {
    const cache = memcached('127.0.0.1:1');
    await expect(cache.get('has space')).rejects.toBeInstanceOf(InvalidCacheKey);
    await expect(cache.set('control\u0007', 1)).rejects.toThrow(/characters that will cause errors/);
    await expect(cache.add('k'.repeat(251), 1)).rejects.toThrow(/longer than 250/);
    // 100 euro signs are 100 characters but 300 bytes, and memcached counts bytes.
    await expect(cache.get('€'.repeat(100))).rejects.toThrow(/longer than 250 bytes in UTF-8/);
    await expect(cache.getMany(['fine', 'not fine'])).rejects.toBeInstanceOf(InvalidCacheKey);
  });

  it('sends whole seconds, rounded up; past 30 days a unix time; never as 0', () => {
    const now = Date.UTC(2030, 0, 1);
    expect(expiration(null, now)).toBe(0);
    expect(expiration(0.2, now)).toBe(1);
    expect(expiration(2.5, now)).toBe(3);
    expect(expiration(2_592_000, now)).toBe(2_592_000);
    expect(expiration(2_592_001, now)).toBe(now / 1000 + 2_592_001);
    expect(expiration(1e12, now)).toBe(0xfffffffe);
  });
});

describe.skipIf(unavailable !== undefined)('MemcachedCache on private servers', () => {
  const locations = (): string[] => pair.map((s) => s.location);

  it('spreads keys over both servers, each on the server the ring names', async () => {
    const cache = memcached(locations(), { KEY_PREFIX: 'spread' });
    const keys = Array.from({ length: 200 }, (_, i) => `spread-${i}`);
    await cache.setMany(Object.fromEntries(keys.map((k) => [k, k])));
    const ring = new HashRing(cache.servers);
    const held = await Promise.all(pair.map((s) => memcached(s.location, { KEY_PREFIX: 'spread' }).getMany(keys)));
    for (const key of keys) {
      const home = ring.nodeFor(cache.makeKey(key));
      expect(held.map((h, i) => (key in h ? pair[i]?.location : undefined)).filter(Boolean)).toStrictEqual([home]);
    }
    for (const h of held) expect(Object.keys(h).length).toBeGreaterThan(50);
  });

  it('keeps most keys in place when a third server is added', async () => {
    const third = await privateServer();
    const two = memcached(locations(), { KEY_PREFIX: 'grow' });
    const keys = Array.from({ length: 300 }, (_, i) => `grow-${i}`);
    await two.setMany(Object.fromEntries(keys.map((k) => [k, 1])));
    const three = memcached([...locations(), third.location], { KEY_PREFIX: 'grow' });
    const found = await three.getMany(keys);
    const ring = new HashRing(three.servers);
    for (const key of keys) expect(key in found).toBe(ring.nodeFor(three.makeKey(key)) !== third.location);
    expect(Object.keys(found).length / keys.length).toBeGreaterThan(0.5);
  });

  it('clear() flushes every server', async () => {
    const cache = memcached(locations(), { KEY_PREFIX: 'flush' });
    const keys = Array.from({ length: 20 }, (_, i) => `f${i}`);
    await cache.setMany(Object.fromEntries(keys.map((k) => [k, 1])));
    const other = memcached(locations(), { KEY_PREFIX: 'flush-other' });
    await other.set('bystander', 1);
    await cache.clear();
    expect({ ...(await cache.getMany(keys)) }).toStrictEqual({});
    expect(await other.get('bystander')).toBeUndefined(); // the whole server, as in Django
  });

  it('counts on the server: decr stops at 0, a negative delta decrements, and a shortened counter still reads back', async () => {
    const cache = memcached(locations());
    await cache.set('n', 10);
    expect(await cache.decr('n')).toBe(9);
    expect(await cache.get('n')).toBe(9); // memcached pads "9" to "9 " in place
    expect(await cache.incr('n', -4)).toBe(5);
    expect(await cache.decr('n', 100)).toBe(0);
    expect(await cache.get('n')).toBe(0);
    expect(await cache.incr('n', 2 ** 40)).toBe(2 ** 40);
  });

  it('refuses incr/decr on what memcached cannot count, naming the key', async () => {
    const cache = memcached(locations());
    await expect(cache.incr('absent')).rejects.toBeInstanceOf(CacheKeyNotFound);
    await cache.set('negative', -5);
    await expect(cache.incr('negative')).rejects.toThrow(/whole numbers from 0 to 2\*\*64 − 1 only, but key 'negative' holds -5/);
    await cache.set('float', 1.5);
    await expect(cache.incr('float')).rejects.toBeInstanceOf(CacheValueError);
    await cache.set('text', 'abc');
    await expect(cache.decr('text')).rejects.toThrow(/need a number, but the cache holds a string for key 'text'/);
    await cache.set('whole', 1);
    await expect(cache.incr('whole', 0.5)).rejects.toThrow(/whole numbers only/);
    expect(await cache.get('whole')).toBe(1);
  });

  it('keeps an entry set for longer than 30 days (sent as a unix time)', async () => {
    const cache = memcached(locations());
    await cache.set('long', 'lived', 40 * 86_400);
    expect(await cache.get('long')).toBe('lived');
    expect(await cache.touch('long', 90 * 86_400)).toBe(true);
    expect(await cache.get('long')).toBe('lived');
  });

  it('does not store a value over the item size limit, and deletes the old one (as Django)', async () => {
    const cache = memcached(locations());
    const huge = 'x'.repeat(1_100_000);
    await cache.set('huge', 'old');
    await cache.set('huge', huge);
    expect(await cache.get('huge')).toBeUndefined();
    expect(await cache.setMany({ fits: 1, huge })).toStrictEqual(['huge']);
    expect(await cache.get('fits')).toBe(1);
    expect(await cache.add('huge', huge)).toBe(false);
  });

  it('answers 200 concurrent incr with 200 distinct values', async () => {
    const cache = memcached(locations());
    await cache.set('race', 0);
    const values = await Promise.all(Array.from({ length: 200 }, () => cache.incr('race')));
    expect(new Set(values).size).toBe(200);
    expect(await cache.get('race')).toBe(200);
  });

  it('writes the calls of one tick together, and gives each call its own answer', async () => {
    const memjs = await import('memjs');
    const cache = memcached(locations()[0] as string, { KEY_PREFIX: 'tick' });
    await cache.set('warm', 0);
    const keys = Array.from({ length: 400 }, (_, i) => `t${i}`);
    const values = keys.map((_, i) => (i % 7 === 0 ? 'x'.repeat(i * 100) : i)); // ~1 MB: several buffers
    const write = vi.spyOn(memjs.Server.prototype, 'write');
    try {
      await Promise.all(keys.map((key, i) => cache.set(key, values[i])));
      expect(write.mock.calls.length).toBeGreaterThan(1);
      expect(write.mock.calls.length).toBeLessThan(40);
      write.mockClear();
      // A get_many's quiet requests in the middle of the tick's calls do not shift the answers.
      const gets = keys.map((key) => cache.get(key));
      const [many, last] = [cache.getMany(keys.slice(0, 50)), cache.get('t1')];
      expect(await Promise.all(gets)).toStrictEqual(values);
      expect(Object.keys(await many)).toHaveLength(50);
      expect(await last).toBe(1);
      expect(write.mock.calls.length).toBeLessThan(40);
    } finally {
      write.mockRestore();
    }
  });

  it('talks to a unix socket, named unix:/path or /path', async () => {
    const server = await privateServer({ socket: true });
    const path = server.location.slice('unix:'.length);
    const a = memcached(server.location, { KEY_PREFIX: 'sock' });
    const b = memcached(path, { KEY_PREFIX: 'sock' });
    await a.set('via-socket', { ok: true });
    expect(await b.get('via-socket')).toStrictEqual({ ok: true });
    await b.set('count', 1);
    expect(await a.incr('count')).toBe(2);
    expect({ ...(await a.getMany(['via-socket', 'count'])) }).toStrictEqual({ 'via-socket': { ok: true }, count: 2 });
  });
});

describe.skipIf(unavailable !== undefined)('MemcachedCache when a server fails', () => {
  const TIMEOUT_MS = 500;
  const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

  it('fails with CacheUnavailable within SOCKET_TIMEOUT while the server hangs, and recovers when it resumes', async () => {
    const server = await privateServer();
    const cache = memcached(server.location, { KEY_PREFIX: 'hang' });
    await cache.set('k', 'v');
    await server.pause();
    try {
      const { ms, error } = await elapsed(() => cache.get('k'));
      expect(error).toBeInstanceOf(CacheUnavailable);
      expect((error as Error).message).toContain(`Cache '${cache.alias}': memcached server ${server.location} failed during get`);
      expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(ms).toBeLessThan(TIMEOUT_MS + 700);
      // Under load the bound still holds: memjs's own idle timer alone would be reset by traffic.
      const many = await elapsed(() => Promise.allSettled(Array.from({ length: 50 }, (_, i) => cache.set(`load${i}`, i))));
      expect(many.ms).toBeLessThan(2 * TIMEOUT_MS + 1000);
    } finally {
      server.resume();
    }
    await sleep(RETRY_AFTER_MS); // the breaker keeps calls off the server that failed for this long
    expect(await cache.get('k')).toBe('v');
  });

  it('fails fast when the server is down, and recovers when it is back on the same port', async () => {
    const server = await privateServer();
    const cache = memcached(server.location, { KEY_PREFIX: 'down' });
    await cache.set('k', 'before');
    await server.kill();
    for (const call of [() => cache.get('k'), () => cache.incr('k'), () => cache.clear()]) {
      const { ms, error } = await elapsed(call);
      expect(error).toBeInstanceOf(CacheUnavailable);
      // The first call is refused by the server; the breaker fails the next ones without trying.
      expect((error as Error).message).toMatch(new RegExp(`memcached server ${server.location} (failed during|is not used for) (get|incr|clear)`));
      expect(ms).toBeLessThan(TIMEOUT_MS); // refused at once, not timed out
    }
    await server.restart();
    await sleep(RETRY_AFTER_MS);
    expect(await cache.get('k')).toBeUndefined(); // a restarted memcached is empty
    await cache.set('k', 'after');
    expect(await cache.get('k')).toBe('after');
  });

  it('fails at once when the server closes the connection without answering, and recovers', async () => {
    const relay = await TcpRelay.start(pair[0]?.location as string);
    started.push(relay);
    const cache = memcached(relay.location, { KEY_PREFIX: 'hangup' });
    await cache.set('k', 'v');
    relay.hangUp = true; // a clean close, without a socket error: memjs alone would leave the call waiting
    const { ms, error } = await elapsed(() => cache.get('k'));
    expect(error).toBeInstanceOf(CacheUnavailable);
    expect((error as Error).message).toContain(`memcached server ${relay.location} failed during get: the connection closed`);
    expect(ms).toBeLessThan(TIMEOUT_MS);
    relay.hangUp = false;
    await sleep(RETRY_AFTER_MS);
    expect(await cache.get('k')).toBe('v');
  });

  it('bounds a call by SOCKET_TIMEOUT once connected, whatever SOCKET_CONNECT_TIMEOUT allowed the first call', async () => {
    const server = await privateServer();
    const cache = memcached(server.location, { KEY_PREFIX: 'connect', OPTIONS: { SOCKET_CONNECT_TIMEOUT: 3 } });
    await cache.set('k', 'v');
    await server.pause();
    try {
      const { ms, error } = await elapsed(() => cache.get('k'));
      // Our deadline or memjs's idle timer, whichever fires first: both are SOCKET_TIMEOUT.
      expect((error as Error).message).toMatch(/failed during get: (no answer within 0.5 s|socket timed out)/);
      expect(ms).toBeLessThan(TIMEOUT_MS + 700);
    } finally {
      server.resume();
    }
  });

  it('keeps serving the keys of the live server while another is down', async () => {
    const live = await privateServer();
    const dead = await privateServer();
    await dead.kill();
    const cache = memcached([live.location, dead.location], { KEY_PREFIX: 'half' });
    const ring = new HashRing(cache.servers);
    const keys = Array.from({ length: 20 }, (_, i) => `half${i}`);
    for (const key of keys) {
      const onLive = ring.nodeFor(cache.makeKey(key)) === live.location;
      const { error } = await elapsed(() => cache.set(key, key));
      if (onLive) expect(error).toBeUndefined();
      else expect(error).toBeInstanceOf(CacheUnavailable);
    }
    await expect(cache.getMany(keys)).rejects.toThrow(new RegExp(`${dead.location} (failed during|is not used for) get_many`));
  });
});
