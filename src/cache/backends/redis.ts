import { createHash } from 'node:crypto';
import type * as RedisDriver from 'redis';
import type { RedisClientOptions, RedisClientType, RedisClusterOptions, RedisClusterType } from 'redis';
import { addTo, BaseCache } from '../base.js';
import { decodeValue } from '../codec.js';
import type { CacheParams } from '../config.js';
import { CacheUnavailable, CacheValueError, InvalidCacheBackendError } from '../errors.js';

type Driver = typeof RedisDriver;

/** What RedisCache.client() gives: a node-redis client, or a cluster when OPTIONS.CLUSTER is set. */
export type RedisConnection = RedisClientType | RedisClusterType;

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
  readonly #socketMs: number;
  #driver: Promise<Driver> | undefined;

  constructor(params: CacheParams) {
    super(params);
    const plan = planEndpoints(params);
    this.#cluster = plan.cluster;
    this.#socketMs = params.socketTimeout * 1000;
    this.#endpoints = plan.endpoints.map((e) => new Endpoint(e.label, e.create, plan.cluster, params.connectTimeout * 1000));
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

  protected async getRaw(key: string): Promise<string | undefined> {
    return text(await this.#run(false, 'get', (c) => c.send(['GET', key], key)));
  }

  protected async setRaw(key: string, data: string, timeout: number | null): Promise<void> {
    await this.#run(true, 'set', (c) => c.send(['SET', key, data, ...expiry(timeout)], key));
  }

  protected async addRaw(key: string, data: string, timeout: number | null): Promise<boolean> {
    return (await this.#run(true, 'add', (c) => c.send(['SET', key, data, 'NX', ...expiry(timeout)], key))) !== null;
  }

  protected async touchRaw(key: string, timeout: number | null): Promise<boolean> {
    const reply = await this.#run(true, 'touch', (c) =>
      timeout === null ? c.script(PERSIST, key, []) : c.send(['PEXPIRE', key, milliseconds(timeout)], key),
    );
    return reply === 1;
  }

  protected async deleteRaw(key: string): Promise<boolean> {
    return (await this.#run(true, 'delete', (c) => c.send(['DEL', key], key))) === 1;
  }

  /** FLUSHDB: empties the whole database, not only this cache's keys (every master of a cluster). */
  async clear(): Promise<void> {
    await this.#run(true, 'clear', async (c) => {
      if (!this.#cluster) return c.send(['FLUSHDB']);
      const cluster = c.raw as RedisClusterType;
      return Promise.all(cluster.masters.map(async (m) => (await cluster.nodeClient(m)).sendCommand(['FLUSHDB'])));
    });
  }

  protected override async getManyRaw(keys: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    if (keys.length === 0) return found;
    // A cluster refuses MGET across hash slots; parallel GETs are pipelined per node instead.
    const replies = await this.#run(false, 'getMany', (c) =>
      this.#cluster ? Promise.all(keys.map((k) => c.send(['GET', k], k))) : c.send(['MGET', ...keys]),
    );
    (replies as unknown[]).forEach((reply, i) => {
      const data = text(reply);
      if (data !== undefined) found.set(keys[i] as string, data);
    });
    return found;
  }

  protected override async setManyRaw(entries: ReadonlyArray<readonly [string, string]>, timeout: number | null): Promise<string[]> {
    const commands = entries.map(([key, data]) => ['SET', key, data, ...expiry(timeout)]);
    await this.#run(true, 'setMany', (c) => {
      if (this.#cluster) return Promise.all(commands.map((args) => c.send(args, args[1])));
      const multi = (c.raw as RedisClientType).multi();
      for (const args of commands) multi.addCommand(args);
      return multi.exec();
    });
    return [];
  }

  protected override async deleteManyRaw(keys: readonly string[]): Promise<void> {
    await this.#run(true, 'deleteMany', (c) =>
      this.#cluster ? Promise.all(keys.map((k) => c.send(['DEL', k], k))) : c.send(['DEL', ...keys]),
    );
  }

  /** Atomic on the server: concurrent callers never lose an increment; the key keeps its timeout. */
  protected override async incrRaw(key: string, delta: number, shownKey: string): Promise<number | undefined> {
    if (!Number.isSafeInteger(delta)) {
      throw new CacheValueError(`Redis adds whole numbers only; incr/decr of key '${shownKey}' got a delta of ${delta}.`);
    }
    const reply = await this.#run(true, 'incr', (c) => c.script(INCR, key, [String(delta)]));
    if (reply === null) return undefined;
    if (typeof reply === 'number') return reply;
    const stored = decodeValue(text((reply as unknown[])[0]) ?? '');
    addTo(stored, delta, shownKey); // throws CacheValueError naming what the key holds
    throw new CacheValueError(`Redis adds whole numbers only; key '${shownKey}' holds ${String(stored)}.`);
  }

  /** Quits every connection; the next call connects again. */
  override async close(): Promise<void> {
    await Promise.all(this.#endpoints.map((e) => e.close(this.#socketMs)));
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
      throw this.#unavailable(endpoint, operation, error);
    }
  }

  /** Runs one operation on a connected server within SOCKET_TIMEOUT; every failure is typed. */
  async #run<T>(write: boolean, operation: string, work: (conn: Conn) => Promise<T>): Promise<T> {
    const endpoint = this.#endpoint(write);
    const conn = await this.#connect(endpoint, operation);
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<typeof EXPIRED>((resolve) => (timer = setTimeout(resolve, this.#socketMs, EXPIRED)));
    try {
      const result = await Promise.race([work(conn), expired]);
      if (result !== EXPIRED) return result;
    } catch (error) {
      if (error instanceof CacheValueError) throw error;
      if (isValueProblem(error)) throw new CacheValueError(`Cache '${this.alias}' could not ${operation}: ${(error as Error).message}`, { cause: error });
      throw this.#unavailable(endpoint, operation, error);
    } finally {
      clearTimeout(timer);
    }
    // The server may be hung (replies would still queue behind the lost ones): start afresh.
    endpoint.reset(conn);
    throw this.#unavailable(endpoint, operation, `no answer within ${this.#socketMs / 1000} s (OPTIONS.SOCKET_TIMEOUT)`);
  }

  #unavailable(endpoint: Endpoint, operation: string, problem: unknown): CacheUnavailable {
    const reason = problem instanceof Error ? problem.message || problem.name : String(problem);
    return new CacheUnavailable(`Cache '${this.alias}' could not ${operation}: ${endpoint.label}: ${reason}`, {
      cause: problem instanceof Error ? problem : undefined,
    });
  }
}

const EXPIRED = Symbol('expired');

interface Script {
  readonly source: string;
  readonly sha1: string;
}

/** One connection as the operations see it: the same calls on a server or a cluster. */
interface Conn {
  readonly raw: RedisConnection;
  send(args: readonly string[], key?: string): Promise<unknown>;
  script(s: Script, key: string, args: readonly string[]): Promise<unknown>;
}

interface Handle {
  readonly conn: Conn;
  /** Settles when first ready; fails at the first connection error. */
  readonly opened: Promise<void>;
  /** The last connection error since the server was last ready (a single server only). */
  down: Error | undefined;
}

/** One server (or one cluster) and its current connection, replaced after a fault. */
class Endpoint {
  readonly label: string;
  readonly #create: (driver: Driver) => RedisConnection;
  readonly #cluster: boolean;
  readonly #connectMs: number;
  #handle: Handle | undefined;

  constructor(label: string, create: (driver: Driver) => RedisConnection, cluster: boolean, connectMs: number) {
    this.label = label;
    this.#create = create;
    this.#cluster = cluster;
    this.#connectMs = connectMs;
  }

  async ready(driver: Driver): Promise<Conn> {
    const handle = (this.#handle ??= this.#open(driver));
    if (handle.conn.raw.isReady) return handle.conn;
    // node-redis is reconnecting in the background; fail now rather than queue.
    if (handle.down !== undefined) throw handle.down;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<typeof EXPIRED>((resolve) => (timer = setTimeout(resolve, this.#connectMs, EXPIRED)));
    const result = await Promise.race([handle.opened, expired]).finally(() => clearTimeout(timer));
    if (result !== EXPIRED) return handle.conn;
    this.reset(handle.conn);
    throw new Error(`no connection within ${this.#connectMs / 1000} s (OPTIONS.SOCKET_CONNECT_TIMEOUT)`);
  }

  /** Drops the connection (failing what waits on it); the next call opens a new one. */
  reset(conn: Conn): void {
    if (this.#handle?.conn !== conn) return;
    this.#handle = undefined;
    conn.raw.destroy();
  }

  async close(waitMs: number): Promise<void> {
    const handle = this.#handle;
    this.#handle = undefined;
    if (handle === undefined) return;
    const raw = handle.conn.raw;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)));
    if (raw.isReady) await Promise.race([raw.close().catch(() => undefined), late]).finally(() => clearTimeout(timer));
    else clearTimeout(timer);
    raw.destroy();
  }

  #open(driver: Driver): Handle {
    const raw = this.#create(driver);
    let fail: (error: Error) => void = () => undefined;
    const failed = new Promise<never>((_, reject) => (fail = reject));
    const handle: Handle = { conn: connection(raw, this.#cluster), opened: Promise.resolve(), down: undefined };
    // A listener is required: an 'error' event without one would crash the process.
    raw.on('error', (error: Error) => {
      if (this.#cluster) return; // node faults surface on the commands they fail
      handle.down = error;
      fail(error);
    });
    if (!this.#cluster) raw.on('ready', () => (handle.down = undefined));
    const connected = raw.connect().then(
      () => undefined,
      (error: unknown) => {
        // A cluster that found no root node, or a closed client: the next call starts afresh.
        if (this.#handle === handle) this.#handle = undefined;
        raw.destroy();
        throw error;
      },
    );
    const opened = Promise.race([connected, failed]);
    opened.catch(() => undefined);
    return Object.assign(handle, { opened });
  }
}

function connection(raw: RedisConnection, cluster: boolean): Conn {
  const send = cluster
    ? (args: readonly string[], key?: string) => (raw as RedisClusterType).sendCommand(key, false, [...args])
    : (args: readonly string[]) => (raw as RedisClientType).sendCommand(args);
  return {
    raw,
    send,
    async script(s, key, args) {
      try {
        return await send(['EVALSHA', s.sha1, '1', key, ...args], key);
      } catch (error) {
        // The server's script cache is empty after a restart: send the source once.
        if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
        return send(['EVAL', s.source, '1', key, ...args], key);
      }
    },
  };
}

function script(source: string): Script {
  return { source, sha1: createHash('sha1').update(source).digest('hex') };
}

/** The PX arguments of a timeout in seconds; none for null (never expire). */
function expiry(timeout: number | null): string[] {
  return timeout === null ? [] : ['PX', milliseconds(timeout)];
}

function milliseconds(seconds: number): string {
  return String(Math.max(1, Math.round(seconds * 1000)));
}

function text(reply: unknown): string | undefined {
  if (reply === null || reply === undefined) return undefined;
  return Buffer.isBuffer(reply) ? reply.toString() : String(reply);
}

/** A server error about what a key holds (WRONGTYPE, not an integer), not about the server. */
function isValueProblem(error: unknown): boolean {
  return error instanceof Error && /^WRONGTYPE|not an integer|out of range|overflow/.test(error.message);
}

// ---- Settings: LOCATION and OPTIONS, checked when the cache is built (nothing connects then).

interface EndpointPlan {
  readonly label: string;
  create(driver: Driver): RedisConnection;
}

const REDIS_OPTIONS = ['CLUSTER', 'USERNAME', 'PASSWORD', 'DB', 'CLIENT_OPTIONS'];

/** The servers of a CACHES entry, or one cluster; InvalidCacheBackendError names what is wrong. */
function planEndpoints(params: CacheParams): { cluster: boolean; endpoints: EndpointPlan[] } {
  const where = `CACHES['${params.alias}']`;
  const bad: (what: string, value: unknown, expected: string) => never = (what, value, expected) => {
    throw new InvalidCacheBackendError(`${where}.${what} is ${JSON.stringify(value) ?? String(value)}; it must be ${expected}.`);
  };
  // Django's own spelling is lower case ({ db: '1' }); both are accepted.
  const options = new Map(Object.entries(params.options).map(([key, value]) => [key.toUpperCase(), value]));
  for (const key of Object.keys(params.options)) {
    if (!REDIS_OPTIONS.includes(key.toUpperCase())) {
      bad(`OPTIONS.${key}`, params.options[key], `left out: the redis backend knows SOCKET_TIMEOUT, SOCKET_CONNECT_TIMEOUT, ${REDIS_OPTIONS.join(', ')}`);
    }
  }
  const cluster = options.get('CLUSTER') ?? false;
  if (typeof cluster !== 'boolean') bad('OPTIONS.CLUSTER', cluster, 'true or false');
  const username = options.get('USERNAME');
  if (username !== undefined && typeof username !== 'string') bad('OPTIONS.USERNAME', username, 'a string');
  const password = options.get('PASSWORD');
  if (password !== undefined && typeof password !== 'string') bad('OPTIONS.PASSWORD', password, 'a string');
  const db = options.get('DB');
  const database = db === undefined ? undefined : Number(db);
  if (database !== undefined && !(Number.isSafeInteger(database) && database >= 0 && String(db).trim() !== '')) {
    bad('OPTIONS.DB', db, 'a database number ≥ 0');
  }
  if (cluster && database !== undefined && database !== 0) bad('OPTIONS.DB', db, '0 or absent with OPTIONS.CLUSTER (a Redis Cluster has only database 0)');
  const extra = options.get('CLIENT_OPTIONS') ?? {};
  if (typeof extra !== 'object' || extra === null || Array.isArray(extra)) bad('OPTIONS.CLIENT_OPTIONS', extra, 'an object of node-redis client options');
  const urls = params.locations.map((location) => serverUrl(where, location, cluster as boolean));
  if (urls.length === 0) bad('LOCATION', params.locations, 'a Redis URL (redis://host:6379/0, rediss://…, unix:///path/redis.sock) or a list of them');

  const connectMs = params.connectTimeout * 1000;
  // Built afresh for each connection: node-redis writes into the options it is given.
  const clientOptions = (): RedisClientOptions => {
    const { socket, ...rest } = extra as RedisClientOptions;
    return {
      maintNotifications: 'disabled', // Redis Enterprise only; saves a round trip on connect
      ...rest,
      ...(username === undefined ? {} : { username }),
      ...(password === undefined ? {} : { password }),
      ...(database === undefined || cluster ? {} : { database }),
      // Calls fail at once while a server is away, and never queue for its return.
      disableOfflineQueue: true,
      socket: { connectTimeout: connectMs, reconnectStrategy: retryDelay, ...socket } as RedisClientOptions['socket'],
    };
  };
  if (cluster) {
    const label = `Redis Cluster at ${urls.map(masked).join(', ')}`;
    return {
      cluster: true,
      endpoints: [{ label, create: (driver) => driver.createCluster(clusterOptions(urls, clientOptions())) as unknown as RedisClusterType }],
    };
  }
  return {
    cluster: false,
    endpoints: urls.map((url) => ({ label: `Redis at ${masked(url)}`, create: (driver) => driver.createClient({ ...clientOptions(), url }) })),
  };
}

/**
 * A cluster's options: the root nodes only find the topology, so the credentials and TLS of the
 * first URL also go into the defaults every node connection is made from.
 */
function clusterOptions(urls: readonly string[], defaults: RedisClientOptions): RedisClusterOptions {
  const first = new URL(urls[0] as string);
  const socket = { ...defaults.socket, ...(first.protocol === 'rediss:' ? { tls: true } : {}) };
  return {
    rootNodes: urls.map((url) => ({ url })),
    defaults: {
      ...defaults,
      ...(first.username === '' || defaults.username !== undefined ? {} : { username: decodeURIComponent(first.username) }),
      ...(first.password === '' || defaults.password !== undefined ? {} : { password: decodeURIComponent(first.password) }),
      socket,
    } as RedisClusterOptions['defaults'],
  };
}

/** A LOCATION entry as node-redis reads it; `unix:/path` is accepted for `unix:///path`. */
function serverUrl(where: string, location: string, cluster: boolean): string {
  const url = /^unix:\/(?!\/)/i.test(location) ? `unix://${location.slice(5)}` : location;
  const scheme = /^([a-z]+):/i.exec(url)?.[1]?.toLowerCase();
  let valid = scheme === 'redis' || scheme === 'rediss' || (scheme === 'unix' && /^unix:\/\/[^?#]*\/[^/?#]/i.test(url));
  if (valid && scheme !== 'unix') {
    try {
      const parsed = new URL(url);
      valid = parsed.hostname !== '' && /^\/?\d*$/.test(parsed.pathname) && !(cluster && /[1-9]/.test(parsed.pathname));
    } catch {
      valid = false;
    }
  }
  if (valid && !(cluster && scheme === 'unix')) return url;
  throw new InvalidCacheBackendError(
    `${where}.LOCATION has ${JSON.stringify(location)}; each server must be ` +
      (cluster
        ? 'a redis:// or rediss:// URL of a cluster node (database 0), e.g. redis://10.0.0.1:7000.'
        : 'redis://[user:password@]host:port/db, rediss://… or unix:///path/redis.sock[?db=N].'),
  );
}

/** A server URL fit for messages: the password is not shown. */
function masked(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:@/]*:)[^@/]*@/i, '$1***@');
}

/** Reconnects in the background: quickly at first, then once a second. */
function retryDelay(retries: number): number {
  return Math.min(50 * 2 ** retries, 1000) + Math.floor(Math.random() * 50);
}
