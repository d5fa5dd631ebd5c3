import { MiddlewareMixin } from '../middleware/mixin.js';
import type { GetResponse, MixinHooks } from '../middleware/mixin.js';
import { getSettings } from '../conf/settings/index.js';
import { patchVaryHeaders } from '../http/cache-control.js';
import type { HttpRequest } from '../http/request.js';
import type { CookieOptions, HttpResponseBase } from '../http/response-base.js';
import type { MaybePromise } from '../utils/maybe-promise.js';
import type { SessionStoreClass } from './base.js';
import { sessionEngine } from './engines.js';
import { SessionInterrupted, UpdateError } from './errors.js';
import { sessionOf } from './request-session.js';
import { sessionOptions, type SessionOptions } from './session-options.js';

/**
 * Gives each request `request.session`, loaded from the SESSION_ENGINE store when the request
 * carries the SESSION_COOKIE_NAME cookie (no cookie: no store read), and on the way out saves
 * a modified session (or every one, with SESSION_SAVE_EVERY_REQUEST) and sets the cookie,
 * deletes the cookie of an emptied session, and adds `Vary: Cookie` when the session was used.
 * The SESSION_* settings are read once, when the middleware chain is built; the stores it makes
 * get them from here.
 *
 * @example MIDDLEWARE: [SecurityMiddleware, SessionMiddleware, CommonMiddleware, CsrfViewMiddleware]
 */
export class SessionMiddleware extends MiddlewareMixin implements MixinHooks {
  readonly #engine: SessionStoreClass;
  readonly #options: SessionOptions;
  readonly #cookieName: string;
  readonly #saveEveryRequest: boolean;
  readonly #deleteCookie: CookieOptions;
  readonly #setCookie: CookieOptions;

  constructor(getResponse: GetResponse) {
    super(getResponse);
    const s = getSettings();
    this.#engine = sessionEngine(s.SESSION_ENGINE);
    this.#options = sessionOptions(s);
    this.#cookieName = s.SESSION_COOKIE_NAME;
    this.#saveEveryRequest = s.SESSION_SAVE_EVERY_REQUEST;
    const sameSite = s.SESSION_COOKIE_SAMESITE || null;
    this.#deleteCookie = Object.freeze({ path: s.SESSION_COOKIE_PATH, domain: s.SESSION_COOKIE_DOMAIN, sameSite });
    this.#setCookie = Object.freeze({
      domain: s.SESSION_COOKIE_DOMAIN,
      path: s.SESSION_COOKIE_PATH,
      secure: s.SESSION_COOKIE_SECURE,
      httpOnly: s.SESSION_COOKIE_HTTPONLY,
      sameSite,
    });
  }

  processRequest(request: HttpRequest): MaybePromise<undefined> {
    const key = request.COOKIES[this.#cookieName] ?? null;
    const session = new this.#engine(key, this.#options);
    request.session = session;
    if (session.loaded) return undefined;
    return session.load().then(() => undefined);
  }

  processResponse(request: HttpRequest, response: HttpResponseBase): MaybePromise<HttpResponseBase> {
    const session = sessionOf(request);
    if (session === undefined) return response;
    const empty = session.isEmpty();
    if (empty && this.#cookieName in request.COOKIES) {
      response.deleteCookie(this.#cookieName, this.#deleteCookie);
      patchVaryHeaders(response, ['Cookie']);
      return response;
    }
    if (session.accessed) patchVaryHeaders(response, ['Cookie']);
    if (empty || !(session.modified || this.#saveEveryRequest)) return response;
    // A 500 means the view failed half-way: keep the stored session as it was.
    if (response.statusCode === 500) return response;
    return this.#save(request, response);
  }

  async #save(request: HttpRequest, response: HttpResponseBase): Promise<HttpResponseBase> {
    const session = request.session;
    const maxAge = session.getExpireAtBrowserClose() ? null : session.getExpiryAge();
    try {
      await session.save();
    } catch (error) {
      if (error instanceof UpdateError) {
        throw new SessionInterrupted(
          "The request's session was deleted before the request completed. The user may have logged out in a concurrent request, for example.",
          { cause: error },
        );
      }
      throw error;
    }
    response.setCookie(this.#cookieName, session.sessionKey ?? '', { ...this.#setCookie, maxAge });
    return response;
  }
}
