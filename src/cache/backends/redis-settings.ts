import type * as RedisDriver from 'redis';
import type { RedisClientOptions, RedisClientType, RedisClusterOptions, RedisClusterType } from 'redis';
import type { CacheParams } from '../config.js';
import { InvalidCacheBackendError } from '../errors.js';

/** The per-call options of a node-redis command (not exported by the package itself). */
export type CommandOptions = NonNullable<RedisClientOptions['commandOptions']>;

/** The node-redis module, loaded on first use. */
export type Driver = typeof RedisDriver;

/** What RedisCache.client() gives: a node-redis client, or a cluster when OPTIONS.CLUSTER is set. */
export type RedisConnection = RedisClientType | RedisClusterType;

/** One server (or one cluster) to connect to: its name in messages, and how to build its client. */
export interface EndpointPlan {
  readonly label: string;
  create(driver: Driver): RedisConnection;
}

/** What a CACHES entry asks of the redis backend, checked when the cache is built (nothing connects then). */
export interface RedisPlan {
  readonly cluster: boolean;
  readonly endpoints: readonly EndpointPlan[];
  /**
   * The command options of the cache's own calls: without node-redis's default per-command
   * timeout, an AbortSignal.timeout per command that costs more CPU than the rest of the call
   * and only bounds the wait to be written. SOCKET_TIMEOUT bounds each call from start to answer
   * already. A timeout set in CLIENT_OPTIONS.commandOptions is kept.
   */
  readonly commandOptions: CommandOptions | undefined;
}

const REDIS_OPTIONS = ['CLUSTER', 'USERNAME', 'PASSWORD', 'DB', 'CLIENT_OPTIONS'];
const UNTIMED: CommandOptions = Object.freeze({ timeout: 0 });

/**
 * The servers of a CACHES entry, or one cluster; InvalidCacheBackendError names what is wrong.
 *
 * @example
 * const plan = planRedis(params); // params of { LOCATION: 'redis://127.0.0.1:6379/1' }
 * const client = plan.endpoints[0].create(await import('redis'));
 */
export function planRedis(params: CacheParams): RedisPlan {
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
  const commandOptions = (extra as RedisClientOptions).commandOptions?.timeout === undefined ? UNTIMED : undefined;
  if (cluster) {
    const label = `Redis Cluster at ${urls.map(masked).join(', ')}`;
    const create = (driver: Driver): RedisConnection => driver.createCluster(clusterOptions(urls, clientOptions())) as unknown as RedisClusterType;
    return { cluster: true, endpoints: [{ label, create }], commandOptions };
  }
  return {
    cluster: false,
    endpoints: urls.map((url) => ({ label: `Redis at ${masked(url)}`, create: (driver) => driver.createClient({ ...clientOptions(), url }) })),
    commandOptions,
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
