import type { RedisClientType, RedisClusterType } from 'redis';
import { addTo, BaseCache } from '../base.js';
import { decodeValue } from '../codec.js';
import type { CacheParams } from '../config.js';
import { CacheValueError, InvalidCacheBackendError } from '../errors.js';
import { Endpoint, script, type Conn, type EndpointSettings } from './redis-endpoint.js';
import { planRedis, type Driver, type RedisConnection } from './redis-settings.js';

export type { RedisConnection } from './redis-settings.js';

// One round trip each, atomic on the server. INCRBY runs only on a live key holding an integer;
// anything else is handed back so the caller can say what the key holds.
const INCR = script(`local v = redis.call('GET', KEYS[1])
if not v then return false end
if string.match(v, '^%-?%d+$') then return redis.call('INCRBY', KEYS[1], ARGV[1]) end
return {v}`);
// PERSIST alone answers 0 for a key that exists without a timeout; touch must say true then.
const PERSIST = script(`redis.call('PERSIST', KEYS[1])
return redis.call('EXISTS', KEYS[1])`);

/**
 * The Redis cache (Django's RedisCache) on node-redis. LOCATION is one server
 * (`redis://[user:password@]host:port/db`, `rediss://…`, `unix:///path/redis.sock?db=N`) or a
 * list: writes go to the first server, reads to a random one of the others (its replicas).
 * With OPTIONS.CLUSTER = true the list names the root nodes of a Redis Cluster instead. Other
 * OPTIONS: USERNAME, PASSWORD, DB (a URL's own values win) and CLIENT_OPTIONS (node-redis client
 * options, e.g. `{ socket: { ca } }`; a cluster's `defaults`).
 *
 * Nothing connects until the first call. A call fails with CacheUnavailable instead of waiting:
 * after SOCKET_CONNECT_TIMEOUT seconds without a connection, after SOCKET_TIMEOUT seconds without
 * an answer, and at once while a lost server is being reconnected in the background.
 * clear() runs FLUSHDB: it empties the whole database (every master of a cluster), as Django does.
 *
 * @example
 * CACHES: { default: { BACKEND: 'redis', LOCATION: 'redis://127.0.0.1:6379/1', OPTIONS: { SOCKET_TIMEOUT: 0.5 } } }
 */
export class RedisCache extends BaseCache {
  readonly #endpoints: readonly Endpoint[];
  readonly #cluster: boolean;
  #driver: Promise<Driver> | undefined;

  constructor(params: CacheParams) {
    super(params);
    const plan = planRedis(params);
    this.#cluster = plan.cluster;
    const shared: EndpointSettings = {
      alias: params.alias,
      cluster: plan.cluster,
      commandOptions: plan.commandOptions,
      connectMs: params.connectTimeout * 1000,
      socketMs: params.socketTimeout * 1000,
    };
    this.#endpoints = plan.endpoints.map((e) => new Endpoint(e, shared));
  }

  /**
   * The node-redis client (a cluster with OPTIONS.CLUSTER), connected: the writable server, or
   * with `write = false` the one reads use (django-redis's get_redis_connection). It is replaced
   * after a fault, so ask again rather than keeping it.
   *
   * @example
   * const redis = await (caches.get() as RedisCache).client();
   * await redis.sendCommand(['PING']);
   */
  async client(write = true): Promise<RedisConnection> {
    const endpoint = this.#endpoint(write);
    return (await this.#connect(endpoint, 'connect')).raw;
  }

  // The primitives hand back the bounded call itself: no async layer of their own.
  protected getRaw(key: string): Promise<string | undefined> {
    return this.#run(false, 'get', (c) => c.send(['GET', key], key), text);
  }

  protected setRaw(key: string, data: string, timeout: number | null): Promise<void> {
    const args = setArgs(key, data, timeout);
    return this.#run(true, 'set', (c) => c.send(args, key), nothing);
  }

  protected addRaw(key: string, data: string, timeout: number | null): Promise<boolean> {
    const args = timeout === null ? ['SET', key, data, 'NX'] : ['SET', key, data, 'NX', 'PX', milliseconds(timeout)];
    return this.#run(true, 'add', (c) => c.send(args, key), (reply) => reply !== null);
  }

  protected touchRaw(key: string, timeout: number | null): Promise<boolean> {
    const work: Work = (c) => (timeout === null ? c.script(PERSIST, key, []) : c.send(['PEXPIRE', key, milliseconds(timeout)], key));
    return this.#run(true, 'touch', work, isOne);
  }

  protected deleteRaw(key: string): Promise<boolean> {
    return this.#run(true, 'delete', (c) => c.send(['DEL', key], key), isOne);
  }

  /** FLUSHDB: empties the whole database, not only this cache's keys (every master of a cluster). */
  clear(): Promise<void> {
    return this.#run(true, 'clear', async (c) => {
      if (!this.#cluster) return c.send(['FLUSHDB']);
      const cluster = c.raw as RedisClusterType;
      return Promise.all(cluster.masters.map(async (m) => (await cluster.nodeClient(m)).sendCommand(['FLUSHDB'])));
    }, nothing);
  }

  protected override async getManyRaw(keys: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    if (keys.length === 0) return found;
    // A cluster refuses MGET across hash slots; parallel GETs are pipelined per node instead.
    const replies = await this.#run(false, 'getMany', (c) =>
      this.#cluster ? Promise.all(keys.map((k) => c.send(['GET', k], k))) : c.send(['MGET', ...keys]), same);
    (replies as unknown[]).forEach((reply, i) => {
      const data = text(reply);
      if (data !== undefined) found.set(keys[i] as string, data);
    });
    return found;
  }

  protected override async setManyRaw(entries: ReadonlyArray<readonly [string, string]>, timeout: number | null): Promise<string[]> {
    const commands = entries.map(([key, data]) => setArgs(key, data, timeout));
    await this.#run(true, 'setMany', (c) => {
      if (this.#cluster) return Promise.all(commands.map((args) => c.send(args, args[1])));
      const multi = (c.raw as RedisClientType).multi();
      for (const args of commands) multi.addCommand(args);
      return multi.exec();
    }, nothing);
    return [];
  }

  protected override deleteManyRaw(keys: readonly string[]): Promise<void> {
    return this.#run(true, 'deleteMany', (c) =>
      this.#cluster ? Promise.all(keys.map((k) => c.send(['DEL', k], k))) : c.send(['DEL', ...keys]), nothing);
  }

  /** Atomic on the server: concurrent callers never lose an increment; the key keeps its timeout. */
  protected override async incrRaw(key: string, delta: number, shownKey: string): Promise<number | undefined> {
    if (!Number.isSafeInteger(delta)) {
      throw new CacheValueError(`Redis adds whole numbers only; incr/decr of key '${shownKey}' got a delta of ${delta}.`);
    }
    const reply = await this.#run(true, 'incr', (c) => c.script(INCR, key, [String(delta)]), same);
    if (reply === null) return undefined;
    if (typeof reply === 'number') return reply;
    const stored = decodeValue(text((reply as unknown[])[0]) ?? '');
    addTo(stored, delta, shownKey); // throws CacheValueError naming what the key holds
    throw new CacheValueError(`Redis adds whole numbers only; key '${shownKey}' holds ${String(stored)}.`);
  }

  /** Quits every connection; the next call connects again. */
  override async close(): Promise<void> {
    await Promise.all(this.#endpoints.map((e) => e.close()));
  }

  #endpoint(write: boolean): Endpoint {
    const all = this.#endpoints;
    // Django's choice: the first server takes writes, a random other one each read.
    if (write || all.length === 1) return all[0] as Endpoint;
    return all[1 + Math.floor(Math.random() * (all.length - 1))] as Endpoint;
  }

  async #connect(endpoint: Endpoint, operation: string): Promise<Conn> {
    this.#driver ??= import('redis').catch((error: unknown) => {
      this.#driver = undefined;
      throw new InvalidCacheBackendError(
        `CACHES['${this.alias}'] uses the redis backend, which needs the node-redis package: npm install redis`,
        { cause: error },
      );
    });
    const driver = await this.#driver;
    try {
      return await endpoint.ready(driver);
    } catch (error) {
      throw endpoint.failed(operation, error);
    }
  }

  /**
   * Runs one operation within SOCKET_TIMEOUT and maps its reply; every failure is typed. On a
   * ready connection the command is handed to node-redis in the caller's own tick, so calls made
   * together are written together (its auto-pipelining); otherwise it waits to connect first.
   */
  #run<T>(write: boolean, operation: string, work: Work, map: (reply: unknown) => T): Promise<T> {
    const endpoint = this.#endpoint(write);
    const refused = endpoint.breaker.refuse();
    if (refused !== undefined) return Promise.reject(endpoint.unavailable(operation, refused));
    const conn = endpoint.live();
    if (conn !== undefined) return this.#bounded(endpoint, conn, operation, work, map);
    return this.#connect(endpoint, operation).then((ready) => this.#bounded(endpoint, ready, operation, work, map));
  }

  #bounded<T>(endpoint: Endpoint, conn: Conn, operation: string, work: Work, map: (reply: unknown) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let sent: Promise<unknown>;
      try {
        sent = work(conn);
      } catch (error) {
        reject(this.#failure(endpoint, operation, error));
        return;
      }
      // The connection's shared timer rejects the call when no answer comes in time.
      const call = conn.inFlight.add(operation, reject);
      sent.then(
        (reply) => {
          conn.inFlight.settle(call);
          endpoint.breaker.succeeded();
          resolve(map(reply));
        },
        (error: unknown) => {
          conn.inFlight.settle(call);
          reject(this.#failure(endpoint, operation, error));
        },
      );
    });
  }

  #failure(endpoint: Endpoint, operation: string, error: unknown): Error {
    if (error instanceof CacheValueError) return error;
    if (isValueProblem(error)) return new CacheValueError(`Cache '${this.alias}' could not ${operation}: ${(error as Error).message}`, { cause: error });
    return endpoint.failed(operation, error);
  }
}

type Work = (conn: Conn) => Promise<unknown>;

/** SET with PX only when the entry expires. */
function setArgs(key: string, data: string, timeout: number | null): string[] {
  return timeout === null ? ['SET', key, data] : ['SET', key, data, 'PX', milliseconds(timeout)];
}

function milliseconds(seconds: number): string {
  return String(Math.max(1, Math.round(seconds * 1000)));
}

// Reply mappers: module constants, so a call allocates none.
const same = (reply: unknown): unknown => reply;
const nothing = (): void => undefined;
const isOne = (reply: unknown): boolean => reply === 1;

function text(reply: unknown): string | undefined {
  if (typeof reply === 'string') return reply;
  if (reply === null || reply === undefined) return undefined;
  return Buffer.isBuffer(reply) ? reply.toString() : String(reply);
}

/** A server error about what a key holds (WRONGTYPE, not an integer), not about the server. */
function isValueProblem(error: unknown): boolean {
  return error instanceof Error && /^WRONGTYPE|not an integer|out of range|overflow/.test(error.message);
}
