import type { BaseCache } from '../../cache/base.js';
import { getLogger } from '../../conf/log.js';
import { isStorableKey } from '../base.js';
import type { SessionData } from '../session-data.js';
import { CacheEpoch } from './cached-db-epoch.js';
import { sessionCache } from './session-cache.js';
import { DbSessionStore } from './db.js';

/** Django's key prefix for the cached_db engine. */
export const CACHED_DB_KEY_PREFIX = 'django.contrib.sessions.cached_db';

const logger = getLogger('canter.sessions');

/**
 * Write-through sessions: SESSION_ENGINE 'cached_db'. Reads come from the SESSION_CACHE_ALIAS
 * cache, every write goes to the database too, so a cache that empties or goes down loses
 * nothing: reads fall back to the django_session table (and refill the cache).
 *
 * Better than Django's: a save that reaches the table but not the cache never lets the cache hand
 * back the older copy later (when it answers again with its old data). Entries are stamped with
 * the cache's epoch and a lost write retires the epoch: in the process that lost it at once, in
 * every other process within RENEW_SECONDS (1 s) of its record in the database, and before any
 * read at all when the cache was away longer than that. cached-db-epoch.ts has the rules and why.
 */
export class CachedDbSessionStore extends DbSessionStore {
  protected get cache(): BaseCache {
    return sessionCache(this.options);
  }

  protected cacheKey(sessionKey: string | null = this.sessionKey): string {
    return CACHED_DB_KEY_PREFIX + (sessionKey ?? '');
  }

  protected override async loadData(): Promise<SessionData> {
    if (!isStorableKey(this.sessionKey)) {
      this.setSessionKey(null);
      return {};
    }
    const key = this.cacheKey();
    const cache = this.cache;
    const found = await this.#cacheCall(() => new CacheEpoch(cache).lookup(key), 'reading');
    if (found?.hit === true) return found.data;
    // A retired entry goes before the table is read: a save landing meanwhile then either finds
    // no entry or is read by us; deleted after the read, it could be replaced by our older copy.
    const refill = found?.retired === true ? await this.#cacheCall(() => cache.delete(key).then(() => found.epoch), 'clearing') : found?.epoch;
    const row = await this.liveRow();
    if (row === undefined) {
      this.setSessionKey(null);
      return {};
    }
    const data = this.decode(row.sessionData);
    // add, not set: a save that reached the cache meanwhile must not be overwritten by this older read.
    if (refill !== undefined) await this.#cacheCall(() => cache.add(key, { e: refill, d: data }, this.getExpiryAge({ expiry: row.expireDate })), 'refilling');
    return data;
  }

  override async exists(sessionKey: string): Promise<boolean> {
    const cached = await this.#cacheCall(() => this.cache.has(this.cacheKey(sessionKey)), 'reading');
    return cached === true || (await super.exists(sessionKey));
  }

  override async save(mustCreate = false): Promise<void> {
    await super.save(mustCreate);
    const cache = this.cache;
    const epoch = new CacheEpoch(cache);
    try {
      await cache.set(this.cacheKey(), await epoch.stamp(this.dataObject()), this.getExpiryAge());
    } catch (error) {
      // The table has the new data and the cache may keep the old: retire the cache's copy.
      logger.warning(`Error writing session cache ${this.options.cacheAlias}: ${(error as Error).message}`);
      await this.#lost(epoch);
    }
  }

  override async deleteSession(sessionKey: string | null = this.sessionKey): Promise<void> {
    await super.deleteSession(sessionKey);
    if (sessionKey === null) return;
    const cache = this.cache;
    try {
      await cache.delete(this.cacheKey(sessionKey));
    } catch (error) {
      // The row is gone but the entry may not be: retire it, and still fail the request (a logout must not look done).
      await this.#lost(new CacheEpoch(cache));
      throw error;
    }
  }

  /** Records a write the cache missed; a failure to record it is logged (this process still stops trusting the cache). */
  async #lost(epoch: CacheEpoch): Promise<void> {
    try {
      await epoch.lost();
    } catch (error) {
      logger.error(`A session write reached the database but not cache ${this.options.cacheAlias}, and recording that failed: ${(error as Error).message}`);
    }
  }

  /** A cache call whose failure only costs speed: logged, and the database answers instead. */
  async #cacheCall<T>(call: () => Promise<T>, doing: string): Promise<T | undefined> {
    try {
      return await call();
    } catch (error) {
      logger.warning(`Error ${doing} session cache ${this.options.cacheAlias}: ${(error as Error).message}`);
      return undefined;
    }
  }
}

export { CachedDbSessionStore as SessionStore };
