import type { BaseCache } from '../../cache/base.js';
import { getLogger } from '../../core/log.js';
import { getSettings } from '../../core/settings/index.js';
import { isStorableKey } from '../base.js';
import type { SessionData } from '../session-data.js';
import { sessionCache } from './session-cache.js';
import { DbSessionStore } from './db.js';

/** Django's key prefix for the cached_db engine. */
export const CACHED_DB_KEY_PREFIX = 'django.contrib.sessions.cached_db';

const logger = getLogger('canter.sessions');

/**
 * Write-through sessions: SESSION_ENGINE 'cached_db'. Reads come from the SESSION_CACHE_ALIAS
 * cache, every write goes to the database too, so a cache that empties or goes down loses
 * nothing: reads fall back to the django_session table (and refill the cache).
 */
export class CachedDbSessionStore extends DbSessionStore {
  protected get cache(): BaseCache {
    return sessionCache();
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
    const cached = await this.#cacheCall(() => this.cache.get<SessionData>(key), 'reading');
    if (typeof cached === 'object' && cached !== null && !Array.isArray(cached)) return cached;
    const row = await this.liveRow();
    if (row === undefined) {
      this.setSessionKey(null);
      return {};
    }
    const data = this.decode(row.sessionData);
    await this.#cacheCall(() => this.cache.set(key, data, this.getExpiryAge({ expiry: row.expireDate })), 'refilling');
    return data;
  }

  override async exists(sessionKey: string): Promise<boolean> {
    const cached = await this.#cacheCall(() => this.cache.has(this.cacheKey(sessionKey)), 'reading');
    return cached === true || (await super.exists(sessionKey));
  }

  override async save(mustCreate = false): Promise<void> {
    await super.save(mustCreate);
    const key = this.cacheKey();
    const data = this.dataObject();
    await this.#cacheCall(() => this.cache.set(key, data, this.getExpiryAge()), 'writing');
  }

  override async deleteSession(sessionKey: string | null = this.sessionKey): Promise<void> {
    await super.deleteSession(sessionKey);
    if (sessionKey === null) return;
    // A failed cache delete would leave a session readable: that one must not be swallowed.
    await this.cache.delete(this.cacheKey(sessionKey));
  }

  /** A cache call whose failure only costs speed: logged, and the database answers instead. */
  async #cacheCall<T>(call: () => Promise<T>, doing: string): Promise<T | undefined> {
    try {
      return await call();
    } catch (error) {
      logger.warning(`Error ${doing} session cache ${getSettings().SESSION_CACHE_ALIAS}: ${(error as Error).message}`);
      return undefined;
    }
  }
}

export { CachedDbSessionStore as SessionStore };
