import { getSettings } from '../conf/settings/index.js';
import { randomString } from '../signing/random-string.js';
import type { Serializer } from '../signing/json-serializer.js';
import { CreateError, SessionNotLoaded, SessionValueError } from './errors.js';
import { expiryFromIso, expiryToIso } from './expiry.js';
import { decodeSessionData, encodeSessionData, type SessionData } from './session-data.js';
import { sessionSerializer } from './serializer.js';
import { sessionOptions, type SessionOptions } from './session-options.js';

/** Where a session's own expiry lives in its data, as in Django (seconds, or an ISO date string). */
const EXPIRY_KEY = '_session_expiry';

/** What setExpiry() takes: seconds of inactivity (0 = at browser close), a moment, or null for the global policy. */
export type Expiry = number | Date | null;

/** The `modification`/`expiry` overrides of getExpiryAge()/getExpiryDate(), as Django's keyword arguments. */
export interface ExpiryOptions {
  /** The moment the age is counted from; now by default. */
  modification?: Date;
  /** The expiry to use instead of the session's own: seconds, an ISO date string, a Date, or null. */
  expiry?: number | string | Date | null;
}

/** What clearExpired() takes: a progress callback for long clean-ups, and the batch size. */
export interface ClearExpiredOptions {
  /** Called after each batch with the sessions looked at so far and the total (when known). */
  onProgress?: (done: number, total: number) => void;
  /** Rows or files per batch (default 1000). */
  batchSize?: number;
}

/** A session store class: what SESSION_ENGINE names. */
export interface SessionStoreClass {
  new (sessionKey?: string | null, options?: SessionOptions): SessionBase;
  /**
   * Removes expired sessions from the store and says how many; null from engines whose store
   * expires sessions itself (cache) or that keep none (signed_cookies).
   */
  clearExpired(options?: ClearExpiredOptions): Promise<number | null>;
}

/**
 * One visitor's session: Django's SessionBase. Reading and writing values is synchronous once
 * the data is loaded (SessionMiddleware loads it when the request carries the cookie); storing
 * it (save, create, flush, cycleKey, deleteSession) returns a Promise.
 *
 * An engine implements loadData, exists, create, save, deleteSession and a static clearExpired.
 *
 * @example
 * const count = Number(request.session.get('count') ?? 0) + 1;
 * request.session.set('count', count);
 */
export abstract class SessionBase {
  static readonly TEST_COOKIE_NAME = 'testcookie';
  static readonly TEST_COOKIE_VALUE = 'worked';
  /** The characters of a session key: lowercase, since some stores (file names) ignore case. */
  static readonly VALID_KEY_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';

  /** True once the data was read or written (the response then varies on Cookie). */
  accessed = false;
  /** True once the data was changed (the middleware then saves it and sets the cookie). */
  modified = false;

  #sessionKey: string | null;
  #data: Map<string, unknown> | undefined;
  #loading: Promise<this> | undefined;
  #serializer: Serializer | undefined;
  readonly #options: SessionOptions;

  /**
   * `options` are the session settings, which SessionMiddleware reads once at start-up and passes
   * to every store it makes; a store made elsewhere (a script, a test) reads the settings in force.
   */
  constructor(sessionKey: string | null = null, options?: SessionOptions) {
    this.#sessionKey = validKey(sessionKey);
    this.#options = options ?? sessionOptions(getSettings());
  }

  /** The session settings this store was made with. */
  protected get options(): SessionOptions {
    return this.#options;
  }

  /** SESSION_SERIALIZER, looked up when data is first encoded or decoded (a request that reads nothing never asks). */
  protected get serializer(): Serializer {
    return (this.#serializer ??= sessionSerializer(this.#options.serializer));
  }

  /** The key the session is stored under (the cookie's value); null until the session is saved. */
  get sessionKey(): string | null {
    return this.#sessionKey;
  }

  /** Sets the key; one shorter than 8 characters (or not a string) becomes null, as in Django. */
  protected setSessionKey(value: string | null): void {
    this.#sessionKey = validKey(value);
  }

  // ---- loading -------------------------------------------------------------------------------

  /** Whether the data is in memory (a session without a key never needs loading). */
  get loaded(): boolean {
    return this.#data !== undefined || this.#sessionKey === null;
  }

  /**
   * Reads the data from the store, once; later calls return at once. Does not count as an access.
   * A key the store does not know gives an empty session with no key, never an error.
   */
  load(): Promise<this> {
    if (this.#data !== undefined) return Promise.resolve(this);
    if (this.#sessionKey === null) {
      this.#data = new Map();
      return Promise.resolve(this);
    }
    return (this.#loading ??= this.loadData().then((data) => {
      this.#data ??= toMap(data);
      this.#loading = undefined;
      return this;
    }, (error: unknown) => {
      this.#loading = undefined;
      throw error;
    }));
  }

  /** The stored data for sessionKey, or {} (after setSessionKey(null)) when the store has none. Django's load(). */
  protected abstract loadData(): Promise<SessionData>;

  /**
   * The data map: Django's `_session`. Marks the session accessed. With noLoad an unloaded
   * session starts empty instead of throwing (save(mustCreate) writes a fresh session).
   */
  protected session(noLoad = false): Map<string, unknown> {
    this.accessed = true;
    if (this.#data !== undefined) return this.#data;
    if (this.#sessionKey === null || noLoad) return (this.#data = new Map());
    throw new SessionNotLoaded(
      `Session ${this.#sessionKey.slice(0, 4)}… was read before it was loaded; await session.load() first ` +
        '(SessionMiddleware does this for request.session).',
    );
  }

  /** Replaces the data wholesale (cycleKey keeps the data across a new key with it). */
  protected replaceData(data: Map<string, unknown> | SessionData): void {
    this.#data = data instanceof Map ? data : toMap(data);
  }

  /** The data as a plain object, for encoding. */
  protected dataObject(noLoad = false): SessionData {
    return Object.fromEntries(this.session(noLoad));
  }

  // ---- the mapping ---------------------------------------------------------------------------

  /** The value stored under key, or `fallback` (undefined) when there is none. */
  get<T = unknown>(key: string, fallback?: T): T | undefined {
    const data = this.session();
    return (data.has(key) ? data.get(key) : fallback) as T | undefined;
  }

  /** Stores a JSON value under key; a value JSON cannot hold throws SessionValueError. */
  set(key: string, value: unknown): this {
    assertJson(value, key);
    this.session().set(key, value);
    this.modified = true;
    return this;
  }

  /** Whether key is in the session: Python's `key in request.session`. */
  has(key: string): boolean {
    return this.session().has(key);
  }

  /** Removes key: Python's `del request.session[key]`. True when it was there (and the session is then modified). */
  delete(key: string): boolean {
    if (typeof key !== 'string') {
      throw new TypeError('session.delete(key) removes one value; to delete the stored session use deleteSession().');
    }
    const removed = this.session().delete(key);
    if (removed) this.modified = true;
    return removed;
  }

  keys(): string[] {
    return [...this.session().keys()];
  }

  values(): unknown[] {
    return [...this.session().values()];
  }

  items(): Array<[string, unknown]> {
    return [...this.session().entries()];
  }

  /** The value under key; when there is none, stores `value` and returns it. */
  setdefault<T>(key: string, value: T): T {
    const data = this.session();
    if (data.has(key)) return data.get(key) as T;
    this.set(key, value);
    return value;
  }

  /** Removes key and returns its value, or `fallback` when there was none. */
  pop<T = unknown>(key: string, fallback?: T): T | undefined {
    const data = this.session();
    if (!data.has(key)) return fallback;
    const value = data.get(key) as T;
    data.delete(key);
    this.modified = true;
    return value;
  }

  /** Stores every entry of `values`. */
  update(values: Readonly<Record<string, unknown>>): this {
    for (const [key, value] of Object.entries(values)) assertJson(value, key);
    const data = this.session();
    for (const [key, value] of Object.entries(values)) data.set(key, value);
    this.modified = true;
    return this;
  }

  /** Empties the data (without reading the store first); the key stays. */
  clear(): void {
    this.#data = new Map();
    this.accessed = true;
    this.modified = true;
  }

  /** True for a session with neither a key nor data: the middleware then sends no cookie. */
  isEmpty(): boolean {
    return this.#sessionKey === null && (this.#data === undefined || this.#data.size === 0);
  }

  // ---- the test cookie -----------------------------------------------------------------------

  /** Stores a marker to learn, on the next request, whether the browser keeps cookies. */
  setTestCookie(): void {
    this.set(SessionBase.TEST_COOKIE_NAME, SessionBase.TEST_COOKIE_VALUE);
  }

  testCookieWorked(): boolean {
    return this.get(SessionBase.TEST_COOKIE_NAME) === SessionBase.TEST_COOKIE_VALUE;
  }

  deleteTestCookie(): void {
    this.delete(SessionBase.TEST_COOKIE_NAME);
  }

  // ---- expiry --------------------------------------------------------------------------------

  /** SESSION_COOKIE_AGE: seconds a session lives without its own expiry. */
  getSessionCookieAge(): number {
    return this.#options.cookieAge;
  }

  /**
   * Sets this session's expiry: seconds of inactivity (0: when the browser closes), a Date to
   * expire at, or null to follow SESSION_COOKIE_AGE and SESSION_EXPIRE_AT_BROWSER_CLOSE again.
   */
  setExpiry(value: Expiry): void {
    if (value === null) {
      this.delete(EXPIRY_KEY);
    } else if (value instanceof Date) {
      if (Number.isNaN(value.getTime())) throw new SessionValueError('setExpiry() was given an invalid Date.');
      this.set(EXPIRY_KEY, expiryToIso(value));
    } else if (typeof value === 'number' && Number.isFinite(value)) {
      this.set(EXPIRY_KEY, value);
    } else {
      throw new SessionValueError(`setExpiry() takes seconds (a finite number), a Date or null, not ${String(value)}.`);
    }
  }

  /** Seconds from `modification` (now) until the session expires. */
  getExpiryAge(options: ExpiryOptions = {}): number {
    const modification = options.modification ?? new Date();
    const expiry = 'expiry' in options ? options.expiry : this.get<unknown>(EXPIRY_KEY);
    if (!expiry) return this.getSessionCookieAge();
    if (typeof expiry === 'number') return expiry;
    const at = expiry instanceof Date ? expiry : expiryFromIso(String(expiry));
    return Math.floor((at.getTime() - modification.getTime()) / 1000);
  }

  /** The moment the session expires. */
  getExpiryDate(options: ExpiryOptions = {}): Date {
    const modification = options.modification ?? new Date();
    const expiry = 'expiry' in options ? options.expiry : this.get<unknown>(EXPIRY_KEY);
    if (expiry instanceof Date) return expiry;
    if (typeof expiry === 'string') return expiryFromIso(expiry);
    const seconds = typeof expiry === 'number' && expiry !== 0 ? expiry : this.getSessionCookieAge();
    return new Date(modification.getTime() + seconds * 1000);
  }

  /** Whether the cookie lasts only until the browser closes: setExpiry(0), or the global setting. */
  getExpireAtBrowserClose(): boolean {
    const expiry = this.get<unknown>(EXPIRY_KEY);
    if (expiry === undefined || expiry === null) return this.#options.expireAtBrowserClose;
    return expiry === 0;
  }

  // ---- storing -------------------------------------------------------------------------------

  /** Empties the session, deletes it from the store and drops its key (logout does this). */
  async flush(): Promise<void> {
    this.clear();
    await this.deleteSession();
    this.setSessionKey(null);
  }

  /** Moves the data to a new key and deletes the old one (login does this against session fixation). */
  async cycleKey(): Promise<void> {
    const data = this.session();
    const key = this.sessionKey;
    await this.create();
    this.replaceData(data);
    if (key !== null) await this.deleteSession(key);
  }

  /** Encodes data as Django stores it (signed, compressed JSON). */
  encode(data: SessionData): string {
    return encodeSessionData(data, { serializer: this.serializer });
  }

  /** Decodes stored data; forged or corrupt data gives {} (with a warning), never an error. */
  decode(text: string): SessionData {
    return decodeSessionData(text, { serializer: this.serializer });
  }

  /** A fresh random key that the store does not hold yet. */
  protected async newSessionKey(): Promise<string> {
    for (;;) {
      const key = randomString(32, SessionBase.VALID_KEY_CHARS);
      if (!(await this.exists(key))) return key;
    }
  }

  /**
   * Draws new keys until save(mustCreate) claims one (Django's create() loop) and marks the
   * session modified; false when `attempts` keys were all taken (a store that refuses every write).
   */
  protected async claimNewKey(attempts = Number.POSITIVE_INFINITY): Promise<boolean> {
    for (let attempt = 0; attempt < attempts; attempt++) {
      this.setSessionKey(await this.newSessionKey());
      try {
        await this.save(true);
      } catch (error) {
        if (error instanceof CreateError) continue;
        throw error;
      }
      this.modified = true;
      return true;
    }
    return false;
  }

  /** The session's key, drawing a new one first when it has none. */
  protected async getOrCreateSessionKey(): Promise<string> {
    if (this.#sessionKey === null) this.#sessionKey = await this.newSessionKey();
    return this.#sessionKey;
  }

  /** Whether the store holds a session under key. */
  abstract exists(sessionKey: string): Promise<boolean>;

  /** Gives the session a new unused key and saves it (empty) under it; marks it modified. */
  abstract create(): Promise<void>;

  /**
   * Writes the data. With mustCreate the key must be new (CreateError otherwise); without, an
   * existing session is updated (UpdateError when it vanished meanwhile). No key: create().
   */
  abstract save(mustCreate?: boolean): Promise<void>;

  /** Deletes the session stored under sessionKey (default: this one's). Django's delete(session_key). */
  abstract deleteSession(sessionKey?: string | null): Promise<void>;
}

/**
 * Whether a key could name a stored session: 8 to 40 characters of a–z0–9 (django_session's
 * column holds 40; Canter and Django make 32). Other keys come only from forged cookies, so the
 * stores answer them without asking the server.
 */
export function isStorableKey(key: string | null): key is string {
  return key !== null && key.length <= 40 && /^[a-z0-9]+$/.test(key);
}

function validKey(value: unknown): string | null {
  return typeof value === 'string' && value.length >= 8 ? value : null;
}

function toMap(data: SessionData): Map<string, unknown> {
  return new Map(Object.entries(data));
}

/** Throws SessionValueError unless value is a JSON value (null, boolean, finite number, string, array, plain object). */
function assertJson(value: unknown, key: string, seen: Set<object> = new Set()): void {
  const problem = jsonProblem(value, seen);
  if (problem !== undefined) {
    throw new SessionValueError(
      `The session value for ${JSON.stringify(key)} cannot be stored: ${problem}. Session values must be JSON ` +
        '(null, booleans, finite numbers, strings, arrays and plain objects); store dates as date.toISOString().',
    );
  }
}

function jsonProblem(value: unknown, seen: Set<object>): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${value} is not a JSON number`;
  if (typeof value !== 'object') return `it is ${typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`}`;
  if (seen.has(value)) return 'it contains itself';
  const proto = Object.getPrototypeOf(value) as unknown;
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) {
    return `it is a ${(value as object).constructor?.name ?? 'non-plain object'}`;
  }
  seen.add(value);
  for (const item of Array.isArray(value) ? value : Object.values(value)) {
    const problem = jsonProblem(item, seen);
    if (problem !== undefined) return problem;
  }
  seen.delete(value);
  return undefined;
}
