import { randomBytes } from 'node:crypto';
import type { BaseCache } from '../../cache/base.js';
import type { SessionData } from '../session-data.js';
import { lostWriteToken, recordLostWrite } from './lost-writes.js';

/**
 * Why cached_db never serves a session older than the database's, across processes.
 *
 * The danger: a save reaches the table but not the cache (the cache is down, or did not answer in
 * time), and the cache, back with its old data, hands out the old copy. So every cache entry is
 * stamped with the cache's current *epoch* (a random name kept in the cache itself, EPOCH_KEY),
 * and is served only while that epoch is still the current one. A process whose cache write was
 * lost (1) stops trusting the cache at once, until it has opened a new epoch itself, and (2)
 * records the loss in the database (lost-writes.ts) before the request is answered.
 *
 * The epoch is trusted only while RENEW_KEY is in the cache, and RENEW_KEY lives RENEW_SECONDS.
 * A reader that finds it gone checks the database's record itself before trusting the epoch: a
 * loss recorded since the epoch began replaces the epoch (retiring every entry written before);
 * otherwise the epoch is extended. Only then is RENEW_KEY set again, to expire RENEW_SECONDS after
 * the check began. So a loss is seen by every process within RENEW_SECONDS of being recorded (a
 * read that begins later finds either a marker set by a check that saw the loss, or none, and
 * then checks itself); and a cache that was away longer than that comes back with RENEW_KEY
 * expired (Redis and memcached expire by their own clock, frozen or restarted from disk alike),
 * so the first read anywhere checks the record before anything is served. An old epoch is never
 * reinstated: epochs are random, `set` only ever installs a new one and renewal only extends
 * (touch) whatever is there.
 *
 * Not covered: two requests saving one session at the same moment through healthy servers. The
 * table keeps the last save and the cache may keep the other, as in Django (a session is
 * last-writer-wins); ordering them would take a compare-and-set the cache API does not have.
 *
 * The cost: a read fetches three keys in one getMany (the epoch, the renewal marker, the entry);
 * about one query of the database per RENEW_SECONDS for the whole site (the readers that find the
 * marker gone at the same moment each make one); after a lost write every session is read once
 * more from the table.
 */
export const EPOCH_KEY = 'django.contrib.sessions.cached_db.epoch';
/** Present while the database's record was checked less than RENEW_SECONDS ago. */
export const RENEW_KEY = 'django.contrib.sessions.cached_db.renew';
/** How often (seconds) the database's record of lost writes is checked. */
export const RENEW_SECONDS = 1;
/** How long (seconds) an epoch lives unless renewed; an idle site's sessions are read from the table again after it. */
export const EPOCH_SECONDS = 30;

/** The epoch in the cache: its name, and the lost-write token the database had when it began. */
interface Epoch {
  readonly e: string;
  readonly m: string;
}

/** A session in the cache: the epoch it was written in, and its data. */
export interface Entry {
  readonly e: string;
  readonly d: SessionData;
}

/**
 * A lookup: the data when the cache holds a current entry; else the epoch a refill may be written
 * in (none: do not refill), and whether a retired entry sits under the key (it must be deleted
 * before the table is read, or the refill's add could never replace it).
 */
export type Lookup =
  | { readonly hit: true; readonly data: SessionData }
  | { readonly hit: false; readonly epoch: string | undefined; readonly retired: boolean };

/** What one process knows of one cache: the epoch it last saw, and whether it lost a write since (not yet sealed by a new epoch). */
interface ProcessView {
  epoch: string | undefined;
  lost: string | undefined;
}

// Keyed by the cache object: a process's knowledge of that cache (an explicit registry; a new
// cache object, after overrideSettings in tests say, starts with none).
const views = new WeakMap<BaseCache, ProcessView>();

const NO_REFILL: Lookup = Object.freeze({ hit: false, epoch: undefined, retired: false });

/**
 * The epoch rules for one cache, as cached_db uses them. Cache errors propagate: the caller
 * treats them as a cache outage (the table answers) and must then call `lost()` for a write.
 *
 * @example
 * const found = await new CacheEpoch(cache).lookup(key); // { hit: true, data } or { hit: false, epoch }
 */
export class CacheEpoch {
  readonly #cache: BaseCache;
  readonly #view: ProcessView;

  constructor(cache: BaseCache) {
    this.#cache = cache;
    let view = views.get(cache);
    if (view === undefined) views.set(cache, (view = { epoch: undefined, lost: undefined }));
    this.#view = view;
  }

  /** The entry under key when it was written in the current epoch. */
  async lookup(key: string): Promise<Lookup> {
    const view = this.#view;
    if (view.lost !== undefined) await this.#seal(view.lost);
    const found = await this.#cache.getMany<unknown>([EPOCH_KEY, RENEW_KEY, key]);
    let epoch = asEpoch(found[EPOCH_KEY]);
    if (epoch === undefined) epoch = await this.#open();
    else if (!(RENEW_KEY in found)) epoch = await this.#renew(epoch);
    if (view.lost !== undefined) return NO_REFILL; // a write was lost while we looked
    view.epoch = epoch?.e;
    if (epoch === undefined) return NO_REFILL;
    const entry = found[key];
    if (isEntry(entry) && entry.e === epoch.e) return { hit: true, data: entry.d };
    return { hit: false, epoch: epoch.e, retired: entry !== undefined };
  }

  /**
   * What a save writes to the cache: its data stamped with the current epoch as this process knows
   * it (asking the cache when it knows none, opening a new one after a lost write). Throws when the
   * cache cannot be used: the caller must then record the write as lost.
   */
  async stamp(data: SessionData): Promise<Entry> {
    const view = this.#view;
    if (view.lost !== undefined) await this.#seal(view.lost);
    if (view.epoch === undefined) {
      const current = asEpoch(await this.#cache.get(EPOCH_KEY)) ?? (await this.#open());
      if (current === undefined) throw new Error('the cache holds no epoch');
      view.epoch = current.e;
    }
    return { e: view.epoch, d: data };
  }

  /**
   * A write (or delete) reached the database but not the cache: this process stops trusting the
   * cache now, and the database records it for the others. Throws when the record cannot be written.
   */
  async lost(): Promise<void> {
    const view = this.#view;
    const pending = `pending-${newName()}`;
    view.lost = pending; // at once: this process's next reads skip the cache
    const token = await recordLostWrite();
    if (view.lost === pending) view.lost = token;
  }

  /** Opens a new epoch for this process's lost write, retiring every entry written before. */
  async #seal(token: string): Promise<void> {
    const epoch: Epoch = { e: newName(), m: token };
    await this.#cache.set(EPOCH_KEY, epoch, EPOCH_SECONDS);
    this.#view.epoch = epoch.e;
    if (this.#view.lost === token) this.#view.lost = undefined;
  }

  /** No epoch in the cache (first use, expired, or the cache restarted): a new one. */
  async #open(): Promise<Epoch | undefined> {
    const epoch: Epoch = { e: newName(), m: await lostWriteToken() };
    if (await this.#cache.add(EPOCH_KEY, epoch, EPOCH_SECONDS)) return epoch;
    return asEpoch(await this.#cache.get(EPOCH_KEY)); // another process opened one first
  }

  /**
   * Keeps the epoch when no write was lost since it began, else replaces it; then marks it
   * checked. Every reader that finds the marker gone checks for itself, so none trusts an epoch
   * another reader is still checking.
   */
  async #renew(epoch: Epoch): Promise<Epoch> {
    const checked = performance.now();
    const token = await lostWriteToken();
    let current = epoch;
    if (token === epoch.m) {
      await this.#cache.touch(EPOCH_KEY, EPOCH_SECONDS);
    } else {
      current = { e: newName(), m: token };
      await this.#cache.set(EPOCH_KEY, current, EPOCH_SECONDS);
    }
    // Counted from the check, not from now: a slow renewal must not stretch how long a loss can go unseen.
    const left = RENEW_SECONDS - (performance.now() - checked) / 1000;
    if (left > 0) await this.#cache.set(RENEW_KEY, 1, left);
    return current;
  }
}

function newName(): string {
  return randomBytes(9).toString('base64url');
}

function asEpoch(value: unknown): Epoch | undefined {
  const epoch = value as Epoch | undefined;
  return typeof epoch === 'object' && epoch !== null && typeof epoch.e === 'string' && typeof epoch.m === 'string' ? epoch : undefined;
}

function isEntry(value: unknown): value is Entry {
  const entry = value as Entry | undefined;
  return typeof entry === 'object' && entry !== null && typeof entry.e === 'string' &&
    typeof entry.d === 'object' && entry.d !== null && !Array.isArray(entry.d);
}
