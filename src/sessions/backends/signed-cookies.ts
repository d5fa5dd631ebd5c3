import { dumps, loads } from '../../signing/dumps.js';
import { SessionBase } from '../base.js';
import { SessionTooLarge } from '../errors.js';
import { SIGNED_COOKIES_SALT, type SessionData } from '../session-data.js';

/** What browsers keep of one cookie's name=value: 4096 bytes less the `=` and a margin of two. */
export const MAX_COOKIE_BYTES = 4093;

/**
 * Sessions kept in the cookie itself, signed (not encrypted: the visitor can read, but not
 * change, them): SESSION_ENGINE 'signed_cookies'. No server state, so flush() cannot revoke a
 * copy someone kept; and the cookie is limited to about 4 kB (SessionTooLarge beyond).
 */
export class SignedCookieSessionStore extends SessionBase {
  protected async loadData(): Promise<SessionData> {
    try {
      const data = loads(this.sessionKey ?? '', {
        salt: SIGNED_COOKIES_SALT,
        serializer: this.serializer,
        maxAge: this.getSessionCookieAge(),
      });
      if (typeof data === 'object' && data !== null && !Array.isArray(data)) return data as SessionData;
    } catch {
      // Forged, truncated, expired or signed with a retired key: start afresh (below).
    }
    await this.create();
    return {};
  }

  /** The cookie is the store: there is nothing to look up. */
  async exists(): Promise<boolean> {
    return false;
  }

  /** Nothing to claim: the new session is written into the cookie when the response goes out. */
  async create(): Promise<void> {
    this.modified = true;
  }

  /** Signs the data as the new cookie value (the session key). */
  async save(): Promise<void> {
    const value = dumps(this.dataObject(), { salt: SIGNED_COOKIES_SALT, serializer: this.serializer, compress: true });
    const name = this.options.cookieName;
    const size = Buffer.byteLength(name) + 1 + value.length;
    if (size > MAX_COOKIE_BYTES) {
      throw new SessionTooLarge(
        `The session is too large for the signed_cookies engine: its cookie would be ${size} bytes, and browsers ` +
          `keep at most ${MAX_COOKIE_BYTES}. Store less in the session, or set SESSION_ENGINE to 'db', 'cache' or 'cached_db'.`,
      );
    }
    this.setSessionKey(value);
    this.modified = true;
  }

  /** Empties the session; the middleware then deletes the cookie. */
  async deleteSession(): Promise<void> {
    this.setSessionKey(null);
    this.replaceData({});
    this.modified = true;
  }

  /** A new signed value is a new key. */
  override async cycleKey(): Promise<void> {
    await this.save();
  }

  static async clearExpired(): Promise<null> {
    return null;
  }
}

export { SignedCookieSessionStore as SessionStore };
