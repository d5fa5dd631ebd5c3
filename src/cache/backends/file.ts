import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { addTo, BaseCache } from '../base.js';
import { decodeValue, encodeValue } from '../codec.js';
import type { CacheParams } from '../config.js';
import { InvalidCacheBackendError } from '../errors.js';

/** Django's suffix: clear() and culling touch only files that end with it. */
const SUFFIX = '.djcache';
// Temp files have another suffix, so a half-written one is never taken for an entry.
const TEMP_PREFIX = '.canter-';
const TEMP_SUFFIX = '.tmp';
/** A temp file this old was left by a crash (a write takes milliseconds); clear() removes it. */
const STALE_TEMP_MS = 60 * 60 * 1000;
const HEADER = /^canter-cache 1 (never|\d{1,16}) (\d{1,15}) ([0-9a-f]{32})$/;
const NEWLINE = 0x0a;
const MAX_HEADER = 128;

// incr of one file runs one at a time in this process, whichever instance asks (keyed by path).
const incrementing = new Map<string, Promise<unknown>>();

interface Entry {
  /** ms since the epoch; null = never. */
  readonly expires: number | null;
  readonly data: string;
}

/**
 * A cache of files in one directory (Django's FileBasedCache): LOCATION is the directory, made
 * (mode 0o700) on first write. Each key is one file named by the md5 of the key, so no key can
 * name a path outside the directory. A file holds a header (format version, expiry, length and
 * md5 of the value) and the encoded value; writes go to a temp file that is then renamed, so a
 * reader sees the old entry or the new one, never half of one. A file that is truncated, garbled
 * or expired is a miss and is removed. When MAX_ENTRIES files exist, a random 1/CULL_FREQUENCY of
 * them goes before the next write (all of them when CULL_FREQUENCY is 0).
 *
 * Several processes on one machine may share the directory; add() is atomic between them (a
 * hard link cannot replace an existing file). Django reads the same file names but pickles
 * its values, so Django and Canter cannot read each other's entries (each sees a miss).
 *
 * @example
 * CACHES: { default: { BACKEND: 'file', LOCATION: '/var/tmp/canter_cache', TIMEOUT: 600 } }
 */
export class FileBasedCache extends BaseCache {
  /** The absolute directory the entries live in. */
  readonly directory: string;
  // The entry count of the last listing, when it was taken, and this process's writes since.
  #counted = 0;
  #countedAt = 0;
  #writesSince = 0;

  constructor(params: CacheParams) {
    super(params);
    const [location, ...more] = params.locations;
    if (location === undefined || location === '' || more.length > 0) {
      throw new InvalidCacheBackendError(
        `CACHES['${params.alias}'].LOCATION is ${JSON.stringify(params.locations)} after splitting on ',' and ';'; the file cache needs ` +
          `exactly one directory path (a path containing ',' or ';' must be given as a one-item array).`,
      );
    }
    this.directory = resolve(location);
  }

  protected async getRaw(key: string): Promise<string | undefined> {
    return (await this.#read(this.#path(key)))?.data;
  }

  protected override async getManyRaw(keys: readonly string[]): Promise<Map<string, string>> {
    const entries = await Promise.all(keys.map((key) => this.#read(this.#path(key))));
    const found = new Map<string, string>();
    keys.forEach((key, i) => {
      const entry = entries[i];
      if (entry !== undefined) found.set(key, entry.data);
    });
    return found;
  }

  protected async setRaw(key: string, data: string, timeout: number | null): Promise<void> {
    await this.#cull();
    await this.#replace(this.#path(key), { expires: expiresAt(timeout), data });
  }

  protected async addRaw(key: string, data: string, timeout: number | null): Promise<boolean> {
    await this.#cull();
    const path = this.#path(key);
    const temp = await this.#writeTemp({ expires: expiresAt(timeout), data });
    try {
      // Two tries: the first may find an expired or corrupt file, which #read removes.
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          await link(temp, path);
          return true;
        } catch (error) {
          if (LINK_UNSUPPORTED.has(errorCode(error))) return await this.#addWithoutLink(temp, path);
          if (errorCode(error) !== 'EEXIST') throw error;
        }
        if ((await this.#read(path)) !== undefined) return false;
      }
      return false;
    } finally {
      await unlinkQuietly(temp);
    }
  }

  protected async touchRaw(key: string, timeout: number | null): Promise<boolean> {
    const path = this.#path(key);
    const entry = await this.#read(path);
    if (entry === undefined) return false;
    await this.#replace(path, { expires: expiresAt(timeout), data: entry.data });
    return true;
  }

  protected async deleteRaw(key: string): Promise<boolean> {
    const path = this.#path(key);
    if ((await this.#read(path)) === undefined) return false;
    return unlinkQuietly(path);
  }

  protected override async deleteManyRaw(keys: readonly string[]): Promise<void> {
    await Promise.all(keys.map((key) => unlinkQuietly(this.#path(key))));
  }

  /**
   * Read, add, write back with the entry's own expiry. Calls for one key queue up inside a
   * process, so none is lost there; between processes sharing the directory incr is not atomic
   * (as in Django).
   */
  protected override async incrRaw(key: string, delta: number, shownKey: string): Promise<number | undefined> {
    const path = this.#path(key);
    const previous = incrementing.get(path) ?? Promise.resolve();
    const run = previous.then(async () => {
      const entry = await this.#read(path);
      if (entry === undefined) return undefined;
      const value = addTo(decodeValue(entry.data), delta, shownKey);
      await this.#replace(path, { expires: entry.expires, data: encodeValue(value) });
      return value;
    });
    const settled = run.catch(() => undefined);
    incrementing.set(path, settled);
    void settled.then(() => {
      if (incrementing.get(path) === settled) incrementing.delete(path);
    });
    return run;
  }

  /** Removes every entry file of the directory (and temp files a crash left behind); nothing else. */
  async clear(): Promise<void> {
    const names = await this.#list();
    const now = Date.now();
    this.#counted = 0;
    this.#countedAt = now;
    this.#writesSince = 0;
    await Promise.all(
      names.map(async (name) => {
        const path = join(this.directory, name);
        if (name.endsWith(SUFFIX)) await unlinkQuietly(path);
        else if (isTempName(name)) {
          const info = await stat(path).catch(() => undefined);
          if (info !== undefined && now - info.mtimeMs > STALE_TEMP_MS) await unlinkQuietly(path);
        }
      }),
    );
  }

  #path(key: string): string {
    return join(this.directory, createHash('md5').update(key).digest('hex') + SUFFIX);
  }

  /** The live entry in a file, or undefined; an expired or unreadable file is removed. */
  async #read(path: string): Promise<Entry | undefined> {
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (error) {
      if (MISSING.has(errorCode(error))) return undefined;
      throw error;
    }
    const entry = parseEntry(bytes);
    if (entry === undefined || (entry.expires !== null && entry.expires <= Date.now())) {
      await unlinkQuietly(path);
      return undefined;
    }
    return entry;
  }

  /** Writes an entry to a new temp file in the directory (made if missing) and returns its path. */
  async #writeTemp(entry: Entry): Promise<string> {
    const temp = join(this.directory, `${TEMP_PREFIX}${randomBytes(12).toString('hex')}${TEMP_SUFFIX}`);
    const content = formatEntry(entry);
    try {
      await writeFile(temp, content, { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
      // The directory is made on first use, and again if someone removed it meanwhile.
      await mkdir(this.directory, { recursive: true, mode: 0o700 });
      await writeFile(temp, content, { flag: 'wx', mode: 0o600 });
    }
    return temp;
  }

  /** Writes the entry under path atomically: a temp file renamed over it. */
  async #replace(path: string, entry: Entry): Promise<void> {
    const temp = await this.#writeTemp(entry);
    try {
      await rename(temp, path);
    } catch (error) {
      await unlinkQuietly(temp);
      throw error;
    }
  }

  // Where hard links are not supported, add is Django's check-then-write (not atomic between processes).
  async #addWithoutLink(temp: string, path: string): Promise<boolean> {
    if ((await this.#read(path)) !== undefined) return false;
    await rename(temp, path);
    return true;
  }

  async #list(): Promise<string[]> {
    try {
      return await readdir(this.directory);
    } catch (error) {
      if (MISSING.has(errorCode(error))) return [];
      throw error;
    }
  }

  /**
   * Culls when the directory holds MAX_ENTRIES files. Listing a directory on every write (as
   * Django does) is slow, so the count from the last listing plus this process's writes since
   * decides when to list again; other processes sharing the directory are seen at the latest
   * after LIST_EVERY_MS.
   */
  async #cull(): Promise<void> {
    if (this.#counted + this.#writesSince < this.maxEntries && Date.now() - this.#countedAt < LIST_EVERY_MS) {
      this.#writesSince++;
      return;
    }
    const entries = (await this.#list()).filter((name) => name.endsWith(SUFFIX));
    this.#counted = entries.length;
    this.#countedAt = Date.now();
    this.#writesSince = 1;
    if (entries.length < this.maxEntries) return;
    if (this.cullFrequency === 0) {
      await this.clear();
      this.#writesSince = 1;
      return;
    }
    // At least one, so that a MAX_ENTRIES below CULL_FREQUENCY still bounds the directory.
    const count = Math.max(1, Math.floor(entries.length / this.cullFrequency));
    await Promise.all(sample(entries, count).map((name) => unlinkQuietly(join(this.directory, name))));
    this.#counted = entries.length - count;
  }
}

/** The file's bytes: `canter-cache 1 <expires ms|never> <byte length> <md5>\n<data>`. */
function formatEntry(entry: Entry): Buffer {
  const data = Buffer.from(entry.data, 'utf8');
  const header = `canter-cache 1 ${entry.expires ?? 'never'} ${data.length} ${createHash('md5').update(data).digest('hex')}\n`;
  return Buffer.concat([Buffer.from(header, 'latin1'), data]);
}

/** The entry a file holds, or undefined when it is not one this backend wrote whole. */
function parseEntry(bytes: Buffer): Entry | undefined {
  const newline = bytes.subarray(0, MAX_HEADER).indexOf(NEWLINE);
  if (newline < 0) return undefined;
  const match = HEADER.exec(bytes.subarray(0, newline).toString('latin1'));
  if (match === null) return undefined;
  const [, expires, length, md5] = match as unknown as [string, string, string, string];
  const data = bytes.subarray(newline + 1);
  if (data.length !== Number(length) || createHash('md5').update(data).digest('hex') !== md5) return undefined;
  return { expires: expires === 'never' ? null : Number(expires), data: data.toString('utf8') };
}

function expiresAt(timeout: number | null): number | null {
  return timeout === null ? null : Date.now() + Math.round(timeout * 1000);
}

function isTempName(name: string): boolean {
  return name.startsWith(TEMP_PREFIX) && name.endsWith(TEMP_SUFFIX);
}

/** `count` names picked at random (a partial Fisher–Yates shuffle). */
function sample(names: readonly string[], count: number): string[] {
  const pool = [...names];
  const n = Math.min(count, pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(Math.random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j] as string, pool[i] as string];
  }
  return pool.slice(0, n);
}

const MISSING = new Set(['ENOENT', 'ENOTDIR']);
/** How long a count of the directory is trusted: other processes' writes are seen after this. */
const LIST_EVERY_MS = 5_000;
const LINK_UNSUPPORTED = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** Removes a file; false when it was already gone (another process got there first). */
async function unlinkQuietly(path: string): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch (error) {
    if (MISSING.has(errorCode(error))) return false;
    throw error;
  }
}
