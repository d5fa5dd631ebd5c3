import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCacheContract } from '../../testing/contracts/cache.js';
import type { CacheSettings } from '../config.js';
import { CacheUnavailable, CacheValueError, InvalidCacheBackendError } from '../errors.js';
import { createCache } from '../registry.js';
import { RETRY_AFTER_MS } from './circuit-breaker.js';
import { RedisCache } from './redis.js';
import { redisBinariesMissing, TestRedisCluster, TestRedisServer } from './redis-test-servers.js';

// clear() is FLUSHDB: the contract runs on a database of the shared server that no other suite uses.
const SHARED_URL = process.env.CANTER_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/15';
const CI = process.env.CI === 'true';

function redis(alias: string, settings: Omit<CacheSettings, 'BACKEND'>): RedisCache {
  return createCache(alias, { BACKEND: RedisCache, ...settings }) as RedisCache;
}

/** Every failure must say what stopped: unavailable within the bound. */
async function failsWithin(ms: number, call: () => Promise<unknown>): Promise<CacheUnavailable> {
  const started = performance.now();
  const error = await call().then(() => undefined, (e: unknown) => e);
  const elapsed = performance.now() - started;
  expect(error).toBeInstanceOf(CacheUnavailable);
  expect(elapsed).toBeLessThan(ms);
  return error as CacheUnavailable;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// Keeps the server busy (answering no one) for ARGV[1] milliseconds.
const BUSY = `local function now() local t = redis.call('TIME') return t[1] * 1000 + math.floor(t[2] / 1000) end
local stop = now() + tonumber(ARGV[1])
repeat until now() >= stop
return 1`;

async function eventually<T>(call: () => Promise<T>, ms = 8000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function probeShared(): Promise<string | undefined> {
  const probe = redis('probe', { LOCATION: SHARED_URL, OPTIONS: { SOCKET_CONNECT_TIMEOUT: 3, SOCKET_TIMEOUT: 3 } });
  try {
    await probe.client();
    return undefined;
  } catch (error) {
    const reason = `the shared Redis is unreachable (${(error as Error).message})`;
    if (CI) throw new Error(`${reason}; under CI=true it must be available.`, { cause: error });
    return reason;
  } finally {
    await probe.close();
  }
}

const sharedSkip = await probeShared();
const binariesSkip = redisBinariesMissing();
if (binariesSkip !== undefined && CI) throw new Error(`${binariesSkip}; under CI=true the Redis suites must run.`);
const noCulling = "Redis evicts by its own maxmemory policy, not MAX_ENTRIES (as Django's RedisCache)";

describeCacheContract(`redis, one server (${SHARED_URL})`, {
  unavailable: sharedSkip,
  make: (o = {}) => redis('contract', { LOCATION: SHARED_URL, ...o }),
  skip: { culling: noCulling },
});

let cluster: Promise<TestRedisCluster> | undefined;
describeCacheContract('redis, a Redis Cluster of 3 masters', {
  unavailable: binariesSkip,
  make: async (o = {}) => {
    cluster ??= TestRedisCluster.start(3);
    const urls = (await cluster).urls();
    // Slack for a machine busy with parallel test files: connecting finds the topology, then every master.
    return redis('cluster', { LOCATION: urls, ...o, OPTIONS: { ...o.OPTIONS, CLUSTER: true, SOCKET_TIMEOUT: 3, SOCKET_CONNECT_TIMEOUT: 3 } });
  },
  skip: { culling: noCulling },
  teardown: async () => (await cluster)?.stop(),
});

describe('redis settings', () => {
  it('does not connect when built, and accepts URLs, sockets, lists and Django-spelled OPTIONS', () => {
    expect(redis('a', { LOCATION: 'redis://:secret@127.0.0.1:1/2' })).toBeInstanceOf(RedisCache);
    expect(redis('b', { LOCATION: 'unix:/tmp/x.sock' })).toBeInstanceOf(RedisCache);
    expect(redis('c', { LOCATION: 'redis://127.0.0.1:1;redis://127.0.0.1:2', OPTIONS: { db: '3', password: 'p' } })).toBeInstanceOf(RedisCache);
    expect(redis('d', { LOCATION: ['rediss://h:7000', 'rediss://h:7001'], OPTIONS: { CLUSTER: true } })).toBeInstanceOf(RedisCache);
  });

  it.each<[string, Omit<CacheSettings, 'BACKEND'>, RegExp]>([
    ['no LOCATION', {}, /LOCATION .*must be a Redis URL/],
    ['a memcached-style address', { LOCATION: '127.0.0.1:6379' }, /LOCATION has "127.0.0.1:6379"; each server must be redis:\/\//],
    ['an unknown option', { LOCATION: 'redis://h', OPTIONS: { POOL_CLASS: 'x' } }, /OPTIONS.POOL_CLASS .*knows SOCKET_TIMEOUT/],
    ['a bad DB', { LOCATION: 'redis://h', OPTIONS: { DB: -1 } }, /OPTIONS.DB is -1; it must be a database number/],
    ['a DB in a cluster', { LOCATION: 'redis://h:7000', OPTIONS: { CLUSTER: true, DB: 2 } }, /only database 0/],
    ['a unix socket in a cluster', { LOCATION: 'unix:///tmp/r.sock', OPTIONS: { CLUSTER: true } }, /cluster node/],
  ])('names the setting at fault: %s', (_label, settings, message) => {
    expect(() => redis('bad', settings)).toThrow(InvalidCacheBackendError);
    expect(() => redis('bad', settings)).toThrow(message);
  });

  it('hides the password in messages', async () => {
    const cache = redis('hidden', { LOCATION: 'redis://user:hunter2@127.0.0.1:1/0', OPTIONS: { SOCKET_CONNECT_TIMEOUT: 0.3 } });
    const error = await failsWithin(2000, () => cache.get('k'));
    expect(error.message).not.toContain('hunter2');
    expect(error.message).toContain('redis://user:***@127.0.0.1:1/0');
    await cache.close();
  });
});

describe.skipIf(binariesSkip !== undefined)(`redis on private servers${binariesSkip === undefined ? '' : ` (skipped: ${binariesSkip})`}`, () => {
  const TIMEOUT = 0.5; // seconds, for both SOCKET_TIMEOUT and SOCKET_CONNECT_TIMEOUT
  const BOUND = 2 * TIMEOUT * 1000 + 700; // connect + answer, and slack for a busy machine
  let server: TestRedisServer;
  let cache: RedisCache;
  beforeAll(async () => {
    server = await TestRedisServer.start();
    cache = redis('faults', { LOCATION: server.url(1), OPTIONS: { SOCKET_TIMEOUT: TIMEOUT, SOCKET_CONNECT_TIMEOUT: TIMEOUT } });
  });
  afterAll(async () => {
    await cache?.close();
    await server?.stop();
  });

  it('incr is atomic on the server: 200 concurrent callers end at 200, and the key keeps its timeout', async () => {
    await cache.set('hits', 0, 100);
    await Promise.all(Array.from({ length: 200 }, () => cache.incr('hits')));
    expect(await cache.get('hits')).toBe(200);
    const raw = (await cache.client()) as ReturnType<typeof createClient>;
    expect(await raw.pTTL(cache.makeKey('hits'))).toBeGreaterThan(90_000);
  });

  it('incr refuses what Redis cannot add, naming the key', async () => {
    await cache.set('float', 1.5);
    await expect(cache.incr('float')).rejects.toThrow(/whole numbers only; key 'float' holds 1.5/);
    await cache.set('int', 1);
    await expect(cache.incr('int', 0.5)).rejects.toBeInstanceOf(CacheValueError);
    await cache.set('list', [1]);
    await expect(cache.decr('list')).rejects.toThrow(/cache holds a object for key 'list'/);
    await cache.set('top', 2 ** 53 - 1);
    const raw = (await cache.client()) as ReturnType<typeof createClient>;
    await raw.set(cache.makeKey('top'), '9223372036854775807');
    await expect(cache.incr('top')).rejects.toBeInstanceOf(CacheValueError);
  });

  it('works over a unix socket, spelled unix:/// or unix:/', async () => {
    for (const location of [`unix://${server.socketPath}?db=1`, `unix:${server.socketPath}`]) {
      const local = redis('socket', { LOCATION: location });
      await local.set('via-socket', location);
      expect(await local.get('via-socket')).toBe(location);
      await local.close();
    }
  });

  it('client() gives the node-redis client, connected lazily', async () => {
    const raw = (await cache.client()) as ReturnType<typeof createClient>;
    expect(raw.isReady).toBe(true);
    expect(await raw.ping()).toBe('PONG');
  });

  it('a hung server (SIGSTOP) fails calls with CacheUnavailable within the timeout; SIGCONT recovers', async () => {
    await cache.set('steady', 'yes');
    server.pause();
    try {
      const first = await failsWithin(BOUND, () => cache.get('steady'));
      expect(first.message).toMatch(new RegExp(`^Cache 'faults' could not get: Redis at redis://127.0.0.1:${server.port}/1: no answer within 0.5 s`));
      // The calls after it fail at once: the breaker keeps them off the hung server for a moment.
      const second = await failsWithin(100, () => cache.set('steady', 'no'));
      expect(second.message).toMatch(/could not set: .*: it failed moments ago \(no answer within 0.5 s/);
      await failsWithin(100, () => cache.incr('steady'));
    } finally {
      server.resume();
    }
    expect(await eventually(() => cache.get('steady'), RETRY_AFTER_MS + 1000)).toBe('yes');
  });

  it('a hung server fails every call in flight within its own timeout, however many and whenever made', async () => {
    await eventually(() => cache.set('steady', 'yes'));
    server.pause();
    try {
      const early = Array.from({ length: 20 }, (_, i) => failsWithin(BOUND, () => cache.get(`early${i}`)));
      await sleep(200);
      const late = Array.from({ length: 20 }, (_, i) => failsWithin(BOUND, () => cache.set(`late${i}`, i)));
      const errors = await Promise.all([...early, ...late]);
      expect(errors[0]?.message).toMatch(/could not get: .*: no answer within 0.5 s \(OPTIONS.SOCKET_TIMEOUT\)$/);
      expect(errors[20]?.message).toMatch(/^Cache 'faults' could not set: /);
    } finally {
      server.resume();
    }
    expect(await eventually(() => cache.get('steady'))).toBe('yes');
  });

  it('times each call from when it was made: a slow answer within SOCKET_TIMEOUT is not a failure', async () => {
    // One timer serves all calls of a connection; a call made long after it was armed still gets its full second.
    const slow = redis('slow', { LOCATION: server.url(3), OPTIONS: { SOCKET_TIMEOUT: 1 } });
    const blocker = createClient({ url: server.url() });
    await blocker.connect();
    try {
      await slow.set('patient', 1); // arms the timer: due in 1 s
      await sleep(600);
      const busy = blocker.sendCommand(['EVAL', BUSY, '0', '700']);
      await sleep(50);
      const started = performance.now();
      expect(await slow.get('patient')).toBe(1); // about 1.3 s after the timer was armed, 0.65 s after the call
      expect(performance.now() - started).toBeGreaterThan(400);
      await busy;
      for (let i = 0; i < 30; i++) expect(await slow.get('patient')).toBe(1); // the timer re-arms as calls come and go
    } finally {
      await blocker.close();
      await slow.close();
    }
  });

  it('calls made in the same tick reach the server together (auto-pipelining)', async () => {
    const raw = (await cache.client()) as ReturnType<typeof createClient>;
    const reads = async (): Promise<number> => Number(/total_reads_processed:(\d+)/.exec(await raw.info('stats'))?.[1]);
    const before = await reads();
    await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? cache.get(`piped${i}`) : cache.set(`piped${i}`, i))));
    // 200 calls and one INFO: a handful of reads when written together, 200 or more when not.
    expect((await reads()) - before).toBeLessThan(20);
  });

  it('a dead server fails calls at once; a restart on the same port recovers', async () => {
    await cache.set('survivor', 1);
    await server.kill();
    for (let i = 0; i < 3; i++) {
      const error = await failsWithin(TIMEOUT * 1000, () => cache.get('survivor'));
      expect(error.message).toContain(`Cache 'faults' could not get: Redis at redis://127.0.0.1:${server.port}/1`);
    }
    await server.restart();
    await eventually(() => cache.set('after-restart', 2));
    expect(await cache.get('after-restart')).toBe(2);
    expect(await cache.get('survivor')).toBeUndefined(); // no persistence: the restart lost it
  });

  it('a server that is down from the start fails fast, and the cache works once it is up', async () => {
    await server.kill();
    const early = redis('late', { LOCATION: server.url(2), OPTIONS: { SOCKET_TIMEOUT: TIMEOUT, SOCKET_CONNECT_TIMEOUT: TIMEOUT } });
    try {
      await failsWithin(BOUND, () => early.set('k', 1));
      await failsWithin(BOUND, () => early.client());
      await server.restart();
      await eventually(() => early.set('k', 1));
      expect(await early.get('k')).toBe(1);
    } finally {
      await early.close();
    }
  });

  it('close() quits, and the next call connects again', async () => {
    await eventually(() => cache.set('around-close', 1));
    await cache.close();
    expect(await cache.get('around-close')).toBe(1);
  });
});

describe.skipIf(binariesSkip !== undefined)('redis with a list of servers (Django: write to the first, read from the others)', () => {
  let primary: TestRedisServer;
  let replica: TestRedisServer;
  beforeAll(async () => {
    [primary, replica] = await Promise.all([TestRedisServer.start(), TestRedisServer.start()]);
  });
  afterAll(async () => {
    await Promise.all([primary?.stop(), replica?.stop()]);
  });

  it('sends writes to the first server and reads to the second', async () => {
    // Two unrelated servers, so where each call went shows in what it sees.
    const cache = redis('pair', { LOCATION: [primary.url(), replica.url()] });
    try {
      await cache.set('routed', 'written');
      const first = (await cache.client()) as ReturnType<typeof createClient>;
      const second = (await cache.client(false)) as ReturnType<typeof createClient>;
      expect(await first.get(cache.makeKey('routed'))).toBe('swritten'); // the codec's encoding of a string
      expect(await cache.get('routed')).toBeUndefined();
      await second.set(cache.makeKey('routed'), 'sreplicated');
      expect(await cache.get('routed')).toBe('replicated');
      expect({ ...(await cache.getMany(['routed'])) }).toStrictEqual({ routed: 'replicated' });
      expect(await cache.has('routed')).toBe(true);
      expect(await cache.incr('missing-on-primary').catch((e: Error) => e.name)).toBe('CacheKeyNotFound');
    } finally {
      await cache.close();
    }
  });

  it('reads what a real replica copied from the primary', async () => {
    const raw = createClient({ url: replica.url() });
    await raw.connect();
    await raw.sendCommand(['REPLICAOF', '127.0.0.1', String(primary.port)]);
    await raw.close();
    const cache = redis('replicated', { LOCATION: [primary.url(), replica.url()] });
    try {
      await cache.set('copied', { n: 1 });
      expect(await eventually(async () => (await cache.get('copied')) ?? Promise.reject(new Error('not yet')))).toStrictEqual({ n: 1 });
    } finally {
      await cache.close();
    }
  });
});
