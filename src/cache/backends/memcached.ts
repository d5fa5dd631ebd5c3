import type * as Memjs from 'memjs';
import { addTo, BaseCache } from '../base.js';
import { decodeValue } from '../codec.js';
import type { CacheParams } from '../config.js';
import { CacheUnavailable, CacheValueError, InvalidCacheBackendError, InvalidCacheKey } from '../errors.js';
import { MEMCACHE_MAX_KEY_LENGTH, memcacheKeyProblem } from '../keys.js';
import { HashRing } from './hash-ring.js';

type Driver = typeof Memjs;
type Response = Memjs.Response;

/** Where one server listens; `port` is the socket's path for a unix socket. */
interface Endpoint {
  readonly label: string;
  readonly host: string;
  readonly port: number | string;
}

// Binary protocol opcodes and statuses (memcached's protocol_binary.h).
const GET = 0x00, SET = 0x01, ADD = 0x02, DELETE = 0x04, INCREMENT = 0x05, DECREMENT = 0x06;
const FLUSH = 0x08, NOOP = 0x0a, GETKQ = 0x0d, TOUCH = 0x1c;
const OK = 0x00, NOT_FOUND = 0x01, EXISTS = 0x02, NON_NUMERIC = 0x06;
/** A store the server refuses: value too large, not stored, out of memory. */
const REFUSED = [0x03, 0x05, 0x82];
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
 * again once the server is back.
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
  /** One memjs Server per endpoint, made on first use and replaced after a failure. */
  readonly #connections: Array<Memjs.Server | undefined>;
  #seq = 0;

  constructor(params: CacheParams) {
    super(params);
    this.#endpoints = parseLocations(params.alias, params.locations);
    this.servers = Object.freeze(this.#endpoints.map((e) => e.label));
    this.#ring = this.servers.length > 1 ? new HashRing(this.servers) : undefined;
    this.#connections = this.#endpoints.map(() => undefined);
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

  protected async getRaw(key: string): Promise<string | undefined> {
    const response = await this.#keyed('get', GET, key, [OK, NOT_FOUND]);
    return response.header.status === OK ? valueText(response.val) : undefined;
  }

  protected async setRaw(key: string, data: string, timeout: number | null): Promise<void> {
    await this.#set(key, data, timeout);
  }

  protected async addRaw(key: string, data: string, timeout: number | null): Promise<boolean> {
    const response = await this.#keyed('add', ADD, key, [OK, EXISTS, ...REFUSED], storeExtras(timeout), data);
    return response.header.status === OK;
  }

  protected async touchRaw(key: string, timeout: number | null): Promise<boolean> {
    const extras = Buffer.alloc(4);
    extras.writeUInt32BE(expiration(timeout));
    return (await this.#keyed('touch', TOUCH, key, [OK, NOT_FOUND], extras)).header.status === OK;
  }

  protected async deleteRaw(key: string): Promise<boolean> {
    return (await this.#keyed('delete', DELETE, key, [OK, NOT_FOUND])).header.status === OK;
  }

  /** Flushes every server: it empties them of every key, not only this cache's (as Django does). */
  async clear(): Promise<void> {
    await Promise.all(
      this.#endpoints.map(async (_, index) => {
        const response = await this.#exchange(index, 'clear', (seq, utils) => utils.makeRequestBuffer(FLUSH, '', '', '', seq));
        this.#expect(response, index, 'clear', undefined, [OK]);
      }),
    );
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
    await Promise.all(
      [...byServer].map(async ([index, group]) => {
        const batch = (seq: number, utils: Driver['Utils']): Buffer =>
          Buffer.concat([...group.map((key) => utils.makeRequestBuffer(GETKQ, key, '', '', seq)), utils.makeRequestBuffer(NOOP, '', '', '', seq)]);
        await this.#exchange(index, 'get_many', batch, (hit) => {
          if (hit.header.status === OK) found.set(hit.key.toString(), valueText(hit.val));
        });
      }),
    );
    return found;
  }

  protected override async setManyRaw(entries: ReadonlyArray<readonly [string, string]>, timeout: number | null): Promise<string[]> {
    const stored = await Promise.all(entries.map(([key, data]) => this.#set(key, data, timeout)));
    return entries.filter((_, i) => !stored[i]).map(([key]) => key);
  }

  protected override async deleteManyRaw(keys: readonly string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.deleteRaw(key)));
  }

  // memcached's own incr/decr: atomic, and NEVER_CREATE makes a missing key NOT_FOUND.
  protected override async incrRaw(key: string, delta: number, shownKey: string): Promise<number | undefined> {
    if (!Number.isSafeInteger(delta)) {
      throw new CacheValueError(`memcached adds whole numbers only; incr/decr of key '${shownKey}' got ${delta}.`);
    }
    const extras = Buffer.alloc(20);
    extras.writeBigUInt64BE(BigInt(Math.abs(delta)), 0);
    extras.writeUInt32BE(NEVER_CREATE, 16);
    const response = await this.#keyed(delta < 0 ? 'decr' : 'incr', delta < 0 ? DECREMENT : INCREMENT, key, [OK, NOT_FOUND, NON_NUMERIC], extras);
    const status = response.header.status;
    if (status === OK) return Number(response.val.readBigUInt64BE(0));
    if (status === NOT_FOUND) return undefined;
    const data = await this.getRaw(key);
    if (data === undefined) return undefined;
    const value = decodeValue(data);
    addTo(value, delta, shownKey); // throws the usual CacheValueError for what is not a number
    throw new CacheValueError(
      `memcached's incr/decr count whole numbers from 0 to 2**64 − 1 only, but key '${shownKey}' holds ${String(value)}.`,
    );
  }

  /** Closes the connections; the next call opens new ones. */
  override async close(): Promise<void> {
    this.#connections.forEach((server, index) => {
      this.#connections[index] = undefined;
      server?.close();
    });
  }

  /** Stores with SET; when the server refuses the value, deletes the key as Django does and says false. */
  async #set(key: string, data: string, timeout: number | null): Promise<boolean> {
    const response = await this.#keyed('set', SET, key, [OK, ...REFUSED], storeExtras(timeout), data);
    if (response.header.status === OK) return true;
    await this.deleteRaw(key);
    return false;
  }

  #indexOf(key: string): number {
    return this.#ring === undefined ? 0 : this.#ring.indexFor(key);
  }

  /** One request about a key, to the key's server; its answer, when the status is one of `allowed`. */
  async #keyed(operation: string, opcode: number, key: string, allowed: readonly number[], extras: Buffer | string = '', value = ''): Promise<Response> {
    const index = this.#indexOf(key);
    const response = await this.#exchange(index, operation, (seq, utils) => utils.makeRequestBuffer(opcode, key, extras, value, seq));
    this.#expect(response, index, operation, key, allowed);
    return response;
  }

  /**
   * Sends a request to one server and waits for its answer; `collect` takes the answers of quiet
   * requests until the empty one that ends the batch. Our own deadline bounds the wait, because
   * memjs's socket timeouts reset on any traffic and some of its failure paths never call back.
   */
  async #exchange(
    index: number,
    operation: string,
    request: (seq: number, utils: Driver['Utils']) => Buffer,
    collect?: (response: Response) => void,
  ): Promise<Response> {
    const driver = this.#driver ?? (await this.#load());
    const server = this.#connection(index, driver);
    const seq = (this.#seq = (this.#seq + 1) >>> 0);
    const seconds = this.#socketTimeout + (server.connected ? 0 : this.#connectTimeout);
    return new Promise<Response>((resolve, reject) => {
      const timer = setTimeout(() => server.error(new Error(`no answer within ${seconds} s`)), seconds * 1000);
      const onResponse = (response: Response): void => {
        if (collect !== undefined && response.header.totalBodyLength > 0) return collect(response);
        clearTimeout(timer);
        resolve(response);
      };
      // memjs keeps a quiet handler registered until an answer with an empty body.
      if (collect !== undefined) Object.assign(onResponse, { quiet: true });
      server.onResponse(seq, onResponse);
      server.onError(seq, (error: unknown) => {
        clearTimeout(timer);
        // A failed memjs Server can still be touched by its old socket's late events; a fresh one is clean.
        if (this.#connections[index] === server) this.#connections[index] = undefined;
        const reason = error instanceof Error ? error.message : String(error);
        reject(
          new CacheUnavailable(
            `Cache '${this.alias}': memcached server ${this.servers[index]} failed during ${operation}: ${reason}. ` +
              `Is it running and reachable? (SOCKET_TIMEOUT ${this.#socketTimeout} s, SOCKET_CONNECT_TIMEOUT ${this.#connectTimeout} s)`,
            { cause: error },
          ),
        );
      });
      try {
        server.write(request(seq, driver.Utils));
      } catch (error) {
        server.error(error as Error);
      }
    });
  }

  #connection(index: number, driver: Driver): Memjs.Server {
    let server = this.#connections[index];
    if (server === undefined) {
      const { host, port } = this.#endpoints[index] as Endpoint;
      // memjs hands (port, host) to net.connect, which takes a non-numeric port as a unix socket path.
      server = new driver.Server(host, port as number, this.#username, this.#password, {
        timeout: this.#socketTimeout,
        conntimeout: this.#connectTimeout,
        keepAlive: true,
      });
      this.#connections[index] = server;
    }
    return server;
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

  /** A status not in `allowed` is the server failing the call. */
  #expect(response: Response, index: number, operation: string, key: string | undefined, allowed: readonly number[]): void {
    const status = response.header.status;
    if (allowed.includes(status)) return;
    throw new CacheUnavailable(
      `Cache '${this.alias}': memcached server ${this.servers[index]} answered ${operation}${key === undefined ? '' : ` of '${key}'`} with status 0x${status.toString(16)}` +
        (response.val.length > 0 ? ` (${response.val.toString()})` : '') + '.',
    );
  }
}

/** SET/ADD extras: 4 bytes of flags (unused) and the expiration. */
function storeExtras(timeout: number | null): Buffer {
  const extras = Buffer.alloc(8);
  extras.writeUInt32BE(expiration(timeout), 4);
  return extras;
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
