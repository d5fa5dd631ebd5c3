import type * as Memjs from 'memjs';
import { addTo, BaseCache } from '../base.js';
import { decodeValue } from '../codec.js';
import type { CacheParams } from '../config.js';
import { CacheUnavailable, CacheValueError, InvalidCacheBackendError, InvalidCacheKey } from '../errors.js';
import { MEMCACHE_MAX_KEY_LENGTH, memcacheKeyProblem } from '../keys.js';
import { CircuitBreaker, RETRY_AFTER_MS } from './circuit-breaker.js';
import { HashRing } from './hash-ring.js';
import {
  ADD, DECREMENT, DELETE, EXISTS, FLUSH, GET, INCREMENT, MemcachedConnection, NON_NUMERIC, NOT_FOUND, OK, SET, TOUCH, UNEXPECTED,
  type Extras, type Response, type Settle,
} from './memcached-connection.js';

type Driver = typeof Memjs;

/** Where one server listens; `port` is the socket's path for a unix socket. */
interface Endpoint {
  readonly label: string;
  readonly host: string;
  readonly port: number | string;
}

/** memcached reads an expiration above 30 days as a unix time. */
const THIRTY_DAYS = 2_592_000;
/** The largest unix time memcached's 32-bit field holds. */
const LAST_EXPIRATION = 0xfffffffe;
/** As an incr/decr expiration: fail with NOT_FOUND rather than create the key. */
const NEVER_CREATE = 0xffffffff;
/** What memcached leaves after a decr shortens a counter in place: the digits, padded with spaces. */
const PADDED_COUNTER = /^\d+ +$/;
const OWN_OPTIONS = ['username', 'password'];

/**
 * The memcached backend (Django's PyMemcacheCache) over memjs's binary protocol. LOCATION is one
 * server (`host:port`, `[::1]:11211`, `unix:/path.sock` or `/path.sock`) or a list; keys are
 * spread over several servers by a consistent-hashing ring, so adding a server moves only ~1/N
 * of them. OPTIONS: `username`/`password` for SASL; SOCKET_TIMEOUT and SOCKET_CONNECT_TIMEOUT
 * (seconds) bound every call, which fails with CacheUnavailable instead of hanging and works
 * again once the server is back. The calls made in one tick go to each server in one write
 * (memcached-connection.ts).
 *
 * As in Django: keys memcached cannot hold raise InvalidCacheKey; incr/decr run on the server
 * (atomic, keep the entry's expiry) on whole numbers 0 … 2**64 − 1 — decr stops at 0, incr wraps
 * at 2**64; a value the server refuses (over its item size, 1 MB by default) is not stored and
 * the key's old value is deleted; clear() flushes every server, emptying it for all its users.
 * Without OPTIONS.username, memjs takes SASL credentials from MEMCACHIER_USERNAME/PASSWORD or
 * MEMCACHE_USERNAME/PASSWORD in the environment when they are set.
 *
 * @example
 * CACHES: { default: { BACKEND: 'memcached', LOCATION: ['10.0.0.1:11211', '10.0.0.2:11211'] } }
 */
export class MemcachedCache extends BaseCache {
  /** The servers, as `host:port` or `unix:/path`. */
  readonly servers: readonly string[];
  readonly #endpoints: readonly Endpoint[];
  readonly #ring: HashRing | undefined;
  readonly #socketTimeout: number;
  readonly #connectTimeout: number;
  readonly #username: string | undefined;
  readonly #password: string | undefined;
  #driver: Driver | undefined;
  /** One connection per endpoint, made on first use and replaced after a failure. */
  readonly #connections: Array<MemcachedConnection | undefined>;
  /** One per server: after a failure its calls fail at once for a moment instead of each waiting out a timeout. */
  readonly #breakers: readonly CircuitBreaker[];

  constructor(params: CacheParams) {
    super(params);
    this.#endpoints = parseLocations(params.alias, params.locations);
    this.servers = Object.freeze(this.#endpoints.map((e) => e.label));
    this.#ring = this.servers.length > 1 ? new HashRing(this.servers) : undefined;
    this.#connections = this.#endpoints.map(() => undefined);
    this.#breakers = this.#endpoints.map(() => new CircuitBreaker(RETRY_AFTER_MS));
    this.#socketTimeout = params.socketTimeout;
    this.#connectTimeout = params.connectTimeout;
    const unknown = Object.keys(params.options).filter((key) => !OWN_OPTIONS.includes(key));
    const { username, password } = params.options;
    if (unknown.length > 0 || !optionalString(username) || !optionalString(password)) {
      throw new InvalidCacheBackendError(
        `CACHES['${params.alias}'].OPTIONS has ${unknown.length > 0 ? `unknown key(s) ${unknown.join(', ')}` : 'a username or password that is not a string'}; ` +
          'the memcached backend takes MAX_ENTRIES, CULL_FREQUENCY, SOCKET_TIMEOUT, SOCKET_CONNECT_TIMEOUT and username/password strings (SASL).',
      );
    }
    this.#username = username;
    this.#password = password;
  }

  /** Raises InvalidCacheKey (not a warning, as Django's memcached backends) for a key memcached refuses. */
  override validateKey(key: string): void {
    const problem =
      memcacheKeyProblem(key) ??
      (key.length * 3 > MEMCACHE_MAX_KEY_LENGTH && Buffer.byteLength(key) > MEMCACHE_MAX_KEY_LENGTH
        ? `Cache key will cause errors if used with memcached: ${JSON.stringify(key)} (longer than ${MEMCACHE_MAX_KEY_LENGTH} bytes in UTF-8)`
        : undefined);
    if (problem !== undefined) throw new InvalidCacheKey(problem);
  }

  protected getRaw(key: string): Promise<string | undefined> {
    return this.#send(this.#indexOf(key), 'get', GET, key, undefined, '', settleGet);
  }

  protected setRaw(key: string, data: string, timeout: number | null): Promise<void> {
    return this.#send(this.#indexOf(key), 'set', SET, key, expiration(timeout), data, this.#settleSet);
  }

  protected addRaw(key: string, data: string, timeout: number | null): Promise<boolean> {
    return this.#send(this.#indexOf(key), 'add', ADD, key, expiration(timeout), data, settleAdd);
  }

  protected touchRaw(key: string, timeout: number | null): Promise<boolean> {
    const extras = Buffer.alloc(4);
    extras.writeUInt32BE(expiration(timeout));
    return this.#send(this.#indexOf(key), 'touch', TOUCH, key, extras, '', settleFound);
  }

  protected deleteRaw(key: string): Promise<boolean> {
    return this.#send(this.#indexOf(key), 'delete', DELETE, key, undefined, '', settleFound);
  }

  /** Flushes every server: it empties them of every key, not only this cache's (as Django does). */
  async clear(): Promise<void> {
    await Promise.all(this.#endpoints.map((_, index) => this.#send(index, 'clear', FLUSH, '', undefined, '', settleOk)));
  }

  // One round trip per server: quiet GETKQs answer only hits, and the NOOP after them ends the batch.
  protected override async getManyRaw(keys: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const byServer = new Map<number, string[]>();
    for (const key of keys) {
      const index = this.#indexOf(key);
      const group = byServer.get(index);
      if (group === undefined) byServer.set(index, [key]);
      else group.push(key);
    }
    const collect = (hit: Response): void => {
      if (hit.header.status === OK) found.set(hit.key.toString(), valueText(hit.val));
    };
    const driver = this.#driver ?? (await this.#load());
    await Promise.all([...byServer].map(([index, group]) => {
      const refused = this.#refused(index, 'get_many');
      return refused ?? this.#connection(index, driver).sendQuietGets(group, collect);
    }));
    return found;
  }

  protected override async setManyRaw(entries: ReadonlyArray<readonly [string, string]>, timeout: number | null): Promise<string[]> {
    const stored = await Promise.all(
      entries.map(([key, data]) => this.#send(this.#indexOf(key), 'set', SET, key, expiration(timeout), data, this.#settleStored)),
    );
    return entries.filter((_, i) => !stored[i]).map(([key]) => key);
  }

  protected override async deleteManyRaw(keys: readonly string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.deleteRaw(key)));
  }

  // memcached's own incr/decr: atomic, and NEVER_CREATE makes a missing key NOT_FOUND.
  protected override incrRaw(key: string, delta: number, shownKey: string): Promise<number | undefined> {
    if (!Number.isSafeInteger(delta)) {
      return Promise.reject(new CacheValueError(`memcached adds whole numbers only; incr/decr of key '${shownKey}' got ${delta}.`));
    }
    const extras = Buffer.alloc(20);
    extras.writeBigUInt64BE(BigInt(Math.abs(delta)), 0);
    extras.writeUInt32BE(NEVER_CREATE, 16);
    const settle: Settle<number | undefined> = (response) => {
      const status = response.header.status;
      if (status === OK) return Number(response.val.readBigUInt64BE(0));
      if (status === NOT_FOUND) return undefined;
      return status === NON_NUMERIC ? this.#notACounter(key, delta, shownKey) : UNEXPECTED;
    };
    return this.#send(this.#indexOf(key), delta < 0 ? 'decr' : 'incr', delta < 0 ? DECREMENT : INCREMENT, key, extras, '', settle);
  }

  /** Closes the connections; the next call opens new ones. */
  override async close(): Promise<void> {
    this.#connections.forEach((connection, index) => {
      this.#connections[index] = undefined;
      connection?.close();
    });
  }

  readonly #settleSet = this.#settleStore<void>(undefined, undefined);
  readonly #settleStored = this.#settleStore(true, false);

  /** A SET's answer: `stored`; or, when the server refuses the value, `refused` once the key is deleted (as Django does). */
  #settleStore<T>(stored: T, refused: T): Settle<T> {
    return (response, key) => {
      const status = response.header.status;
      if (status === OK) return stored;
      return isRefused(status) ? this.deleteRaw(key).then(() => refused) : UNEXPECTED;
    };
  }

  /** Why incr/decr failed on a value memcached does not count: the usual CacheValueError, naming the key. */
  async #notACounter(key: string, delta: number, shownKey: string): Promise<undefined> {
    const data = await this.getRaw(key);
    if (data === undefined) return undefined;
    const value = decodeValue(data);
    addTo(value, delta, shownKey); // throws the usual CacheValueError for what is not a number
    throw new CacheValueError(
      `memcached's incr/decr count whole numbers from 0 to 2**64 − 1 only, but key '${shownKey}' holds ${String(value)}.`,
    );
  }

  #indexOf(key: string): number {
    return this.#ring === undefined ? 0 : this.#ring.indexFor(key);
  }

  /**
   * One request to one server, answered through `settle`; no async layer of its own on the hot
   * path (the driver is loaded once), so a get or set costs the caller a single await.
   */
  #send<T>(index: number, operation: string, opcode: number, key: string, extras: Extras, value: string, settle: Settle<T>): Promise<T> {
    const refused = this.#refused(index, operation);
    if (refused !== undefined) return refused;
    const driver = this.#driver;
    if (driver === undefined) return this.#load().then((loaded) => this.#connection(index, loaded).send(operation, opcode, key, extras, value, settle));
    return this.#connection(index, driver).send(operation, opcode, key, extras, value, settle);
  }

  /** A call the server's breaker fails at once, or undefined when it may go ahead. */
  #refused(index: number, operation: string): Promise<never> | undefined {
    const why = (this.#breakers[index] as CircuitBreaker).refuse();
    if (why === undefined) return undefined;
    const { label } = this.#endpoints[index] as Endpoint;
    return Promise.reject(new CacheUnavailable(`Cache '${this.alias}': memcached server ${label} is not used for ${operation}: ${why}.`));
  }

  #connection(index: number, driver: Driver): MemcachedConnection {
    let connection = this.#connections[index];
    if (connection === undefined || connection.spent) {
      const { label, host, port } = this.#endpoints[index] as Endpoint;
      // memjs hands (port, host) to net.connect, which takes a non-numeric port as a unix socket path.
      const server = new driver.Server(host, port as number, this.#username, this.#password, {
        timeout: this.#socketTimeout,
        conntimeout: this.#connectTimeout,
        keepAlive: true,
      });
      connection = new MemcachedConnection(server, {
        alias: this.alias, label, socketTimeout: this.#socketTimeout, connectTimeout: this.#connectTimeout, breaker: this.#breakers[index],
      });
      this.#connections[index] = connection;
    }
    return connection;
  }

  async #load(): Promise<Driver> {
    try {
      const loaded = (await import('memjs')) as Driver & { default?: Driver };
      this.#driver = loaded.default ?? loaded;
      return this.#driver;
    } catch (error) {
      throw new InvalidCacheBackendError(`CACHES['${this.alias}'] uses memcached, which needs the memjs package: npm install memjs`, { cause: error });
    }
  }
}

const settleGet: Settle<string | undefined> = (response) => {
  const status = response.header.status;
  return status === OK ? valueText(response.val) : status === NOT_FOUND ? undefined : UNEXPECTED;
};
const settleFound: Settle<boolean> = (response) => {
  const status = response.header.status;
  return status === OK ? true : status === NOT_FOUND ? false : UNEXPECTED;
};
const settleAdd: Settle<boolean> = (response) => {
  const status = response.header.status;
  return status === OK ? true : status === EXISTS || isRefused(status) ? false : UNEXPECTED;
};
const settleOk: Settle<void> = (response) => (response.header.status === OK ? undefined : UNEXPECTED);

/** A store the server refuses: value too large, not stored, out of memory. */
function isRefused(status: number): boolean {
  return status === 0x03 || status === 0x05 || status === 0x82;
}

/** memcached's expiration: whole seconds (rounded up); past 30 days a unix time; 0 = never. */
export function expiration(timeout: number | null, now = Date.now()): number {
  if (timeout === null) return 0;
  const seconds = Math.ceil(timeout);
  if (seconds <= THIRTY_DAYS) return seconds;
  return Math.min(Math.floor(now / 1000) + seconds, LAST_EXPIRATION);
}

function valueText(val: Buffer): string {
  const text = val.toString();
  return text.endsWith(' ') && PADDED_COUNTER.test(text) ? text.trimEnd() : text;
}

function optionalString(value: unknown): value is string | undefined {
  return value === undefined || typeof value === 'string';
}

/**
 * The servers of LOCATION: `host[:port]` (port 11211 by default), `[ipv6][:port]`,
 * `unix:/path.sock` or `/path.sock`.
 */
function parseLocations(alias: string, locations: readonly string[]): Endpoint[] {
  const invalid = (why: string): InvalidCacheBackendError =>
    new InvalidCacheBackendError(
      `CACHES['${alias}'].LOCATION ${why}; list memcached servers as 'host:port', '[ipv6]:port', 'unix:/path/to.sock' or '/path/to.sock'.`,
    );
  if (locations.length === 0) throw invalid('is empty');
  const endpoints = locations.map((location): Endpoint => {
    const path = /^unix:(?:\/\/(?=\/))?(\/.*)$/.exec(location)?.[1] ?? (location.startsWith('/') ? location : undefined);
    if (path !== undefined) return { label: `unix:${path}`, host: path, port: path };
    const match = /^(?:\[([0-9a-f:.]+)\]|([^\s:[\]/]+))(?::(\d{1,5}))?$/i.exec(location);
    const port = Number(match?.[3] ?? 11211);
    if (match === null || port < 1 || port > 65535) throw invalid(`has ${JSON.stringify(location)}, which is not a server address`);
    const host = (match[1] ?? match[2]) as string;
    return { label: match[1] === undefined ? `${host}:${port}` : `[${host}]:${port}`, host, port };
  });
  const labels = endpoints.map((e) => e.label);
  const twice = labels.find((label, i) => labels.indexOf(label) !== i);
  if (twice !== undefined) throw invalid(`names ${twice} twice`);
  return endpoints;
}
