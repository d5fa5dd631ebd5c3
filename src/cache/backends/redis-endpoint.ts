import { createHash } from 'node:crypto';
import type { RedisClientType, RedisClusterType } from 'redis';
import { CacheUnavailable } from '../errors.js';
import { CircuitBreaker, RETRY_AFTER_MS } from './circuit-breaker.js';
import type { CommandOptions, Driver, EndpointPlan, RedisConnection } from './redis-settings.js';

/** A Lua script as Conn.script runs it: by its SHA1, with the source as the fallback. */
export interface Script {
  readonly source: string;
  readonly sha1: string;
}

/** One connection as the operations see it: the same calls on a server or a cluster. */
export interface Conn {
  readonly raw: RedisConnection;
  readonly inFlight: InFlight;
  send(args: string[], key?: string): Promise<unknown>;
  script(s: Script, key: string, args: readonly string[]): Promise<unknown>;
}

interface Handle {
  readonly conn: Conn;
  /** Settles when first ready; fails at the first connection error. */
  readonly opened: Promise<void>;
  /** The last connection error since the server was last ready (a single server only). */
  down: Error | undefined;
}

/** What every endpoint of one cache shares. */
export interface EndpointSettings {
  readonly alias: string;
  readonly cluster: boolean;
  readonly commandOptions: CommandOptions | undefined;
  readonly connectMs: number;
  readonly socketMs: number;
}

/** One server (or one cluster) and its current connection, replaced after a fault. */
export class Endpoint {
  readonly label: string;
  /** Fails calls at once for a moment after this server failed one, instead of each waiting out a timeout. */
  readonly breaker = new CircuitBreaker(RETRY_AFTER_MS);
  readonly #create: EndpointPlan['create'];
  readonly #settings: EndpointSettings;
  #handle: Handle | undefined;

  constructor(plan: EndpointPlan, settings: EndpointSettings) {
    this.label = plan.label;
    this.#create = plan.create;
    this.#settings = settings;
  }

  /** The connection when it is ready now, without waiting on anything: the calls' fast path. */
  live(): Conn | undefined {
    const conn = this.#handle?.conn;
    return conn !== undefined && conn.raw.isReady ? conn : undefined;
  }

  async ready(driver: Driver): Promise<Conn> {
    const handle = (this.#handle ??= this.#open(driver));
    if (handle.conn.raw.isReady) return handle.conn;
    // node-redis is reconnecting in the background; fail now rather than queue.
    if (handle.down !== undefined) throw handle.down;
    const connectMs = this.#settings.connectMs;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<typeof EXPIRED>((resolve) => (timer = setTimeout(resolve, connectMs, EXPIRED)));
    const result = await Promise.race([handle.opened, expired]).finally(() => clearTimeout(timer));
    if (result !== EXPIRED) return handle.conn;
    this.reset(handle.conn);
    throw new Error(`no connection within ${connectMs / 1000} s (OPTIONS.SOCKET_CONNECT_TIMEOUT)`);
  }

  /** Drops the connection (failing what waits on it); the next call opens a new one. */
  reset(conn: Conn): void {
    if (this.#handle?.conn !== conn) return;
    this.#handle = undefined;
    conn.inFlight.stop();
    conn.raw.destroy();
  }

  async close(): Promise<void> {
    const handle = this.#handle;
    this.#handle = undefined;
    if (handle === undefined) return;
    const raw = handle.conn.raw;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.#settings.socketMs)));
    if (raw.isReady) await Promise.race([raw.close().catch(() => undefined), late]).finally(() => clearTimeout(timer));
    else clearTimeout(timer);
    handle.conn.inFlight.stop();
    raw.destroy();
  }

  /** The server failed a call (no connection, no answer in time, an error): a CacheUnavailable for it, and the breaker opens. */
  failed(operation: string, problem: unknown): CacheUnavailable {
    const error = this.unavailable(operation, problem);
    this.breaker.failed(reasonOf(problem));
    return error;
  }

  /** A CacheUnavailable naming the cache, the operation and this server. */
  unavailable(operation: string, problem: unknown): CacheUnavailable {
    return new CacheUnavailable(`Cache '${this.#settings.alias}' could not ${operation}: ${this.label}: ${reasonOf(problem)}`, {
      cause: problem instanceof Error ? problem : undefined,
    });
  }

  #open(driver: Driver): Handle {
    const { cluster, commandOptions, socketMs } = this.#settings;
    const raw = this.#create(driver);
    let fail: (error: Error) => void = () => undefined;
    const failed = new Promise<never>((_, reject) => (fail = reject));
    const inFlight = new InFlight(socketMs, (late) => {
      // The server may be hung (replies would still queue behind the lost ones): start afresh.
      const why = `no answer within ${socketMs / 1000} s (OPTIONS.SOCKET_TIMEOUT)`;
      for (const call of late) call.reject(this.unavailable(call.operation, why));
      this.breaker.failed(why);
      this.reset(handle.conn);
    });
    const handle: Handle = { conn: connection(raw, cluster, commandOptions, inFlight), opened: Promise.resolve(), down: undefined };
    // A listener is required: an 'error' event without one would crash the process.
    raw.on('error', (error: Error) => {
      if (cluster) return; // node faults surface on the commands they fail
      handle.down = error;
      fail(error);
    });
    if (!cluster) raw.on('ready', () => (handle.down = undefined));
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

const EXPIRED = Symbol('expired');

function reasonOf(problem: unknown): string {
  return problem instanceof Error ? problem.message || problem.name : String(problem);
}

interface Call {
  readonly due: number;
  readonly operation: string;
  readonly reject: (error: Error) => void;
  done: boolean;
}

/**
 * The calls in flight on one connection, under one timer rather than one each. All share
 * SOCKET_TIMEOUT, so issue order is deadline order and the timer only ever watches the oldest
 * unanswered call. Replies come in order, so a settled call is normally the head and leaves at
 * once; a cluster's out-of-order ones leave when they reach it.
 */
class InFlight {
  readonly #ms: number;
  readonly #expire: (late: readonly Call[]) => void;
  #calls: Call[] = [];
  #timer: NodeJS.Timeout | undefined;

  constructor(ms: number, expire: (late: readonly Call[]) => void) {
    this.#ms = ms;
    this.#expire = expire;
  }

  add(operation: string, reject: (error: Error) => void): Call {
    const call: Call = { due: performance.now() + this.#ms, operation, reject, done: false };
    this.#calls.push(call);
    if (this.#timer === undefined) this.#arm(this.#ms);
    return call;
  }

  settle(call: Call): void {
    call.done = true;
    const calls = this.#calls;
    while (calls.length > 0 && (calls[0] as Call).done) calls.shift();
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #arm(ms: number): void {
    // Unref'd: while calls wait, the connection's own socket keeps the process alive.
    this.#timer = setTimeout(this.#check, ms).unref();
  }

  // Left armed while calls come and go: it fires about once per timeout and looks at the head.
  readonly #check = (): void => {
    this.#timer = undefined;
    const oldest = this.#calls[0];
    if (oldest === undefined) return; // idle: the next call arms it again
    const wait = oldest.due - performance.now();
    if (wait > 0) return this.#arm(wait);
    const late = this.#calls.filter((call) => !call.done);
    this.#calls = [];
    this.#expire(late);
  };
}

function connection(raw: RedisConnection, cluster: boolean, options: CommandOptions | undefined, inFlight: InFlight): Conn {
  const send = cluster
    ? (args: string[], key?: string) => (raw as RedisClusterType).sendCommand(key, false, args, options)
    : (args: string[]) => (raw as RedisClientType).sendCommand(args, options);
  return {
    raw,
    inFlight,
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

/** A Script for the given Lua source. */
export function script(source: string): Script {
  return { source, sha1: createHash('sha1').update(source).digest('hex') };
}
