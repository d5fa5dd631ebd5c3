import type * as Memjs from 'memjs';
import { CacheUnavailable } from '../errors.js';
import type { CircuitBreaker } from './circuit-breaker.js';

export type Response = Memjs.Response;

// Binary protocol opcodes and statuses (memcached's protocol_binary.h).
export const GET = 0x00, SET = 0x01, ADD = 0x02, DELETE = 0x04, INCREMENT = 0x05, DECREMENT = 0x06;
export const FLUSH = 0x08, NOOP = 0x0a, GETKQ = 0x0d, TOUCH = 0x1c;
export const OK = 0x00, NOT_FOUND = 0x01, EXISTS = 0x02, NON_NUMERIC = 0x06;
const HEADER = 24;
const REQUEST_MAGIC = 0x80;
/** The error callback's slot in memjs's table: requests use opaques 0 … 2**32 − 1, so -1 is never answered (and never dropped). */
const CONNECTION_SLOT = -1;
/** The most bytes a flush encodes into one buffer (unless one request is larger). */
const CHUNK = 64 * 1024;
/** How many answered entries the FIFO keeps before it is compacted. */
const COMPACT_AFTER = 1024;

/** What a Settle returns for a status its call does not expect: the server failing the call. */
export const UNEXPECTED: unique symbol = Symbol('unexpected status');

/** Turns an answer into the call's result (in memjs's data handler, so without a further promise layer). */
export type Settle<T> = (response: Response, key: string) => T | Promise<T> | typeof UNEXPECTED;

/** A request's extras: a number is a store's (4 bytes of flags, unused, and this expiration); a Buffer is sent as is. */
export type Extras = number | Buffer | undefined;

/** Names the server and the settings in the errors a connection raises. */
export interface ConnectionContext {
  readonly alias: string;
  readonly label: string;
  readonly socketTimeout: number; // seconds
  readonly connectTimeout: number; // seconds
  /** The server's breaker: told when it answers and when the connection fails. */
  readonly breaker?: CircuitBreaker;
}

/** A request waiting to be written (from enqueue until the next tick) or answered. */
interface Pending {
  readonly seq: number;
  readonly operation: string;
  readonly opcode: number;
  readonly key: string;
  readonly extras: Extras;
  readonly value: string;
  readonly batch: readonly string[] | undefined; // get_many: the keys of the quiet GETKQs before the NOOP
  readonly size: number; // bytes on the wire
  readonly deadline: number;
  readonly seconds: number;
  readonly settle: Settle<unknown>;
  readonly collect: ((response: Response) => void) | undefined;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * One memjs Server (socket, SASL, answer parsing) and the calls in flight on it. The requests a
 * tick issues are encoded straight into one buffer and written together on the next tick (one
 * syscall, not one each). memcached answers in order, so a FIFO matches answers to callers, and
 * as every call has the same timeout the FIFO is also in deadline order: one timer per
 * connection, checking the oldest call, bounds them all (memjs's own timer is reset by any
 * traffic, so a server that hangs under load would never time out).
 * After a failure the connection is spent: every call in flight fails with CacheUnavailable,
 * and the cache opens a new connection for the next call.
 *
 * @example
 * const connection = new MemcachedConnection(new memjs.Server('127.0.0.1', 11211), context);
 * const value = await connection.send('get', GET, 'k', undefined, '', (r) => (r.header.status === OK ? r.val.toString() : undefined));
 */
export class MemcachedConnection {
  readonly #server: Memjs.Server;
  readonly #context: ConnectionContext;
  /** The calls not answered yet, oldest first: [#head, #unsent) are written, [#unsent, end) wait for the flush. */
  #fifo: Array<Pending | undefined> = [];
  #head = 0;
  #unsent = 0;
  #seq = 0;
  #timer: NodeJS.Timeout | undefined;
  #timerAt = 0; // when #timer fires, in performance.now() time
  #spent = false;

  constructor(server: Memjs.Server, context: ConnectionContext) {
    this.#server = server;
    this.#context = context;
    server.onError(CONNECTION_SLOT, this.#failAll);
    // memjs forgets a socket that closes without an error (a server shutting down, a dropped idle
    // connection), leaving its calls waiting: they fail at once instead, and the next call reconnects.
    server.onConnect((socket) => socket.once('close', this.#closed));
  }

  /** True once the connection failed or was closed: the cache makes a new one. */
  get spent(): boolean {
    return this.#spent;
  }

  /**
   * Sends one request; the promise has what `settle` makes of the answer, or fails with
   * CacheUnavailable when the server fails, does not answer in time or answers an unexpected status.
   */
  send<T>(operation: string, opcode: number, key: string, extras: Extras, value: string, settle: Settle<T>): Promise<T> {
    const size = HEADER + extrasLength(extras) + Buffer.byteLength(key) + (value === '' ? 0 : Buffer.byteLength(value));
    return this.#enqueue<T>(operation, opcode, key, extras, value, undefined, size, settle, undefined);
  }

  /** get_many: quiet GETKQs (answered on hits only, each passed to `collect`) and the NOOP that ends them. */
  sendQuietGets(keys: readonly string[], collect: (response: Response) => void): Promise<void> {
    let size = HEADER;
    for (const key of keys) size += HEADER + Buffer.byteLength(key);
    return this.#enqueue<void>('get_many', NOOP, '', undefined, '', keys, size, settleBatch, collect);
  }

  /** Ends the socket once this tick's calls are written; calls in flight get their answer, or fail when it closes. */
  close(): void {
    this.#spent = true;
    this.#flush();
    this.#server.close();
    if (this.#head === this.#fifo.length) this.#disarm();
  }

  #enqueue<T>(operation: string, opcode: number, key: string, extras: Extras, value: string,
    batch: readonly string[] | undefined, size: number, settle: Settle<T>, collect: Pending['collect']): Promise<T> {
    const seq = (this.#seq = (this.#seq + 1) >>> 0);
    const { socketTimeout, connectTimeout } = this.#context;
    const seconds = this.#server.connected ? socketTimeout : socketTimeout + connectTimeout;
    const now = performance.now();
    let deadline = now + seconds * 1000;
    const fifo = this.#fifo;
    // Kept in deadline order: a call made just after one still waiting for the connection (which
    // has the connect timeout too) cannot be answered before that one anyway.
    const previous = fifo.length > this.#head ? (fifo[fifo.length - 1] as Pending).deadline : 0;
    if (previous > deadline) deadline = previous;
    return new Promise<T>((resolve, reject) => {
      if (this.#unsent === fifo.length) process.nextTick(this.#flush);
      fifo.push({ seq, operation, opcode, key, extras, value, batch, size, deadline, seconds, settle, collect, resolve: resolve as (value: unknown) => void, reject });
      this.#server.onResponse(seq, collect === undefined ? this.#onAnswer : this.#onQuiet);
      if (this.#timer !== undefined && this.#timerAt <= deadline) this.#timer.ref();
      else this.#arm(deadline, now); // none yet, or set for a call that had the connect timeout too
    });
  }

  /**
   * Writes the calls of the tick that just ended, encoded straight into one buffer (or a few: a
   * buffer holds up to CHUNK bytes, or one larger request, so a huge batch needs no huge allocation).
   */
  readonly #flush = (): void => {
    const fifo = this.#fifo as Pending[];
    const end = fifo.length;
    let from = this.#unsent;
    this.#unsent = end;
    try {
      while (from < end) {
        let to = from;
        let total = 0;
        do total += (fifo[to++] as Pending).size;
        while (to < end && total + (fifo[to] as Pending).size <= CHUNK);
        const buffer = Buffer.allocUnsafe(total);
        let at = 0;
        for (let i = from; i < to; i++) at = encodeEntry(buffer, at, fifo[i] as Pending);
        this.#server.write(at === total ? buffer : buffer.subarray(0, at));
        from = to;
      }
    } catch (error) {
      this.#fail(error);
    }
  };

  readonly #onAnswer = (response: Response): void => {
    const entry = this.#fifo[this.#head];
    if (entry === undefined || entry.seq !== response.header.opaque) return this.#fail(outOfOrder(response));
    if (entry.collect !== undefined && response.header.totalBodyLength > 0) {
      try {
        return entry.collect(response); // a quiet GETKQ's hit; the NOOP's empty answer ends the batch
      } catch (error) {
        return this.#fail(error);
      }
    }
    this.#fifo[this.#head++] = undefined;
    this.#compact();
    this.#context.breaker?.succeeded();
    let result: unknown;
    try {
      result = entry.settle(response, entry.key);
    } catch (error) {
      return entry.reject(error);
    }
    if (result === UNEXPECTED) entry.reject(this.#unexpected(entry, response));
    else entry.resolve(result);
  };

  /** memjs keeps a quiet handler registered until an answer with an empty body. */
  readonly #onQuiet = Object.assign((response: Response) => this.#onAnswer(response), { quiet: true });

  /** Forgets answered entries: all of them when none is left, else now and then. */
  #compact(): void {
    if (this.#head === this.#fifo.length) {
      this.#fifo.length = 0;
      this.#head = this.#unsent = 0;
      this.#timer?.unref(); // idle: the armed timer must not keep the process alive
    } else if (this.#head >= COMPACT_AFTER) {
      this.#fifo.splice(0, this.#head);
      this.#unsent -= this.#head;
      this.#head = 0;
    }
  }

  /** The shared deadline timer: fails the connection when its oldest call is overdue, else waits for that call's deadline. */
  readonly #check = (): void => {
    this.#timer = undefined;
    const oldest = this.#fifo[this.#head];
    if (oldest === undefined) return;
    const now = performance.now();
    if (oldest.deadline > now) this.#arm(oldest.deadline, now);
    else this.#fail(new Error(`no answer within ${oldest.seconds} s`));
  };

  #arm(deadline: number, now: number): void {
    this.#disarm();
    this.#timer = setTimeout(this.#check, deadline - now);
    this.#timerAt = deadline;
  }

  #disarm(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  readonly #closed = (): void => {
    if (!this.#spent || this.#head < this.#fifo.length) this.#fail(new Error('the connection closed'));
  };

  /** memjs destroys the socket and calls every error callback, ours (#failAll) included. */
  #fail(error: unknown): void {
    this.#server.error(error instanceof Error ? error : new Error(String(error)));
    this.#failAll(error); // in case memjs had already dropped its callbacks
  }

  readonly #failAll = (error: unknown): void => {
    this.#spent = true;
    this.#disarm();
    const failed = this.#fifo.slice(this.#head) as Pending[];
    this.#fifo = [];
    this.#head = this.#unsent = 0;
    const { alias, label, socketTimeout, connectTimeout } = this.#context;
    const reason = error instanceof Error ? error.message : String(error);
    this.#context.breaker?.failed(reason);
    for (const entry of failed) {
      entry.reject(
        new CacheUnavailable(
          `Cache '${alias}': memcached server ${label} failed during ${entry.operation}: ${reason}. ` +
            `Is it running and reachable? (SOCKET_TIMEOUT ${socketTimeout} s, SOCKET_CONNECT_TIMEOUT ${connectTimeout} s)`,
          { cause: error },
        ),
      );
    }
  };

  #unexpected(entry: Pending, response: Response): CacheUnavailable {
    const { alias, label } = this.#context;
    const status = response.header.status;
    return new CacheUnavailable(
      `Cache '${alias}': memcached server ${label} answered ${entry.operation}${entry.key === '' ? '' : ` of '${entry.key}'`} with status 0x${status.toString(16)}` +
        (response.val.length > 0 ? ` (${response.val.toString()})` : '') + '.',
    );
  }
}

const settleBatch: Settle<void> = (response) => (response.header.status === OK ? undefined : UNEXPECTED);

function extrasLength(extras: Extras): number {
  return extras === undefined ? 0 : typeof extras === 'number' ? 8 : extras.length;
}

function encodeEntry(buffer: Buffer, at: number, entry: Pending): number {
  if (entry.batch !== undefined) for (const key of entry.batch) at = encode(buffer, at, GETKQ, key, undefined, '', entry.seq);
  return encode(buffer, at, entry.opcode, entry.key, entry.extras, entry.value, entry.seq);
}

/** Writes one request at `at` (every byte: the buffer is not zeroed); returns where the next one starts. */
function encode(buffer: Buffer, at: number, opcode: number, key: string, extras: Extras, value: string, seq: number): number {
  let body = at + HEADER;
  if (typeof extras === 'number') {
    buffer.writeUInt32BE(0, body);
    buffer.writeUInt32BE(extras, body + 4);
    body += 8;
  } else if (extras !== undefined) {
    buffer.set(extras, body);
    body += extras.length;
  }
  const extrasBytes = body - at - HEADER;
  const keyBytes = key === '' ? 0 : buffer.write(key, body);
  const valueBytes = value === '' ? 0 : buffer.write(value, body + keyBytes);
  // The header: magic, opcode, key length | extras length, data type 0, vbucket 0 | body length | opaque | CAS 0.
  buffer.writeUInt32BE(((REQUEST_MAGIC << 24) | (opcode << 16) | keyBytes) >>> 0, at);
  buffer.writeUInt32BE((extrasBytes << 24) >>> 0, at + 4);
  buffer.writeUInt32BE(extrasBytes + keyBytes + valueBytes, at + 8);
  buffer.writeUInt32BE(seq, at + 12);
  buffer.writeUInt32BE(0, at + 16);
  buffer.writeUInt32BE(0, at + 20);
  return body + keyBytes + valueBytes;
}

function outOfOrder(response: Response): Error {
  return new Error(`answer 0x${response.header.opaque.toString(16)} out of order (opcode 0x${response.header.opcode.toString(16)})`);
}
