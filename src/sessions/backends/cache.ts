import type { BaseCache } from '../../cache/base.js';
import { getLogger } from '../../conf/log.js';
import { isStorableKey, SessionBase } from '../base.js';
import { CreateError, SessionCreateFailed, UpdateError } from '../errors.js';
import type { SessionData } from '../session-data.js';
import { sessionCache } from './session-cache.js';

/** Django's key prefix for the cache engine. */
export const CACHE_KEY_PREFIX = 'django.contrib.sessions.cache';

const logger = getLogger('canter.sessions');

/**
 * Sessions in the SESSION_CACHE_ALIAS cache only: SESSION_ENGINE 'cache'. Fast, and as durable as
 * the cache (a full or restarted cache logs everyone out); use Redis or memcached when several
 * processes serve the site.
 */
export class CacheSessionStore extends SessionBase {
  /** Why the visitor's session could not be read, when it could not: it is unknown then, not absent. */
  #unreadable: Error | undefined;

  /** The cache the sessions live in. */
  protected get cache(): BaseCache {
    return sessionCache(this.options);
  }

  /** The cache key of this session (or of sessionKey). */
  protected cacheKey(sessionKey: string | null = this.sessionKey): string {
    return CACHE_KEY_PREFIX + (sessionKey ?? '');
  }

  protected async loadData(): Promise<SessionData> {
    if (!isStorableKey(this.sessionKey)) {
      this.setSessionKey(null);
      return {};
    }
    let data: SessionData | undefined;
    try {
      data = await this.cache.get<SessionData>(this.cacheKey());
    } catch (error) {
      // An unreachable cache reads as no session, as in Django, so pages that only read go on.
      logger.warning(`Session cache ${this.options.cacheAlias} unavailable: ${(error as Error).message}`);
      this.#unreadable = error as Error;
    }
    if (isData(data)) return data;
    this.setSessionKey(null);
    return {};
  }

  async exists(sessionKey: string): Promise<boolean> {
    return sessionKey.length > 0 && (await this.cache.has(this.cacheKey(sessionKey)));
  }

  async create(): Promise<void> {
    // A cache that never takes the add (unreachable, full) would loop forever: Django gives up after 10,000 keys.
    if (!(await this.claimNewKey(10_000))) {
      throw new SessionCreateFailed(
        `Unable to create a new session key: the cache '${this.options.cacheAlias}' refused 10,000 new keys. ` +
          'It is likely full or not accepting writes; check the SESSION_CACHE_ALIAS cache, or use SESSION_ENGINE \'cached_db\' or \'db\'.',
      );
    }
  }

  async save(mustCreate = false): Promise<void> {
    // Unlike Django: saving a session we could not read would give the visitor a new one in place
    // of theirs as soon as the cache answers again (a lost login, a counter back at 1). Fail instead.
    if (this.#unreadable !== undefined) throw this.#unreadable;
    if (this.sessionKey === null) return this.create();
    const cache = this.cache;
    const key = this.cacheKey();
    const data = this.dataObject(mustCreate);
    const age = this.getExpiryAge();
    if (mustCreate) {
      if (!(await cache.add(key, data, age))) throw new CreateError('Session key taken.');
      return;
    }
    if (!(await cache.has(key))) throw new UpdateError('The session was deleted before it could be saved.');
    await cache.set(key, data, age);
  }

  async deleteSession(sessionKey: string | null = this.sessionKey): Promise<void> {
    if (sessionKey === null) return;
    await this.cache.delete(this.cacheKey(sessionKey));
  }

  /** The cache expires sessions itself. */
  static async clearExpired(): Promise<null> {
    return null;
  }
}

function isData(value: unknown): value is SessionData {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export { CacheSessionStore as SessionStore };
