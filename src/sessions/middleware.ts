import { MiddlewareMixin } from '../core/middleware.js';
import type { MaybePromise, MixinHooks } from '../core/middleware.js';
import { getSettings } from '../core/settings/index.js';
import { patchVaryHeaders } from '../http/cache-control.js';
import type { HttpRequest } from '../http/request.js';
import type { HttpResponseBase } from '../http/response-base.js';
import type { SessionStoreClass } from './base.js';
import { sessionEngine } from './engines.js';
import { SessionInterrupted, UpdateError } from './errors.js';
import { sessionOf } from './request-session.js';

let engineSetting: unknown;
let engine: SessionStoreClass | undefined;

/** The SESSION_ENGINE class, resolved again only when the setting changes (overrideSettings in tests). */
function currentEngine(): SessionStoreClass {
  const setting = getSettings().SESSION_ENGINE;
  if (engine === undefined || setting !== engineSetting) {
    engine = sessionEngine(setting);
    engineSetting = setting;
  }
  return engine;
}

/**
 * Gives each request `request.session`, loaded from the SESSION_ENGINE store when the request
 * carries the SESSION_COOKIE_NAME cookie (no cookie: no store read), and on the way out saves
 * a modified session (or every one, with SESSION_SAVE_EVERY_REQUEST) and sets the cookie,
 * deletes the cookie of an emptied session, and adds `Vary: Cookie` when the session was used.
 *
 * @example MIDDLEWARE: [SecurityMiddleware, SessionMiddleware, CommonMiddleware, CsrfViewMiddleware]
 */
export class SessionMiddleware extends MiddlewareMixin implements MixinHooks {
  processRequest(request: HttpRequest): MaybePromise<undefined> {
    const SessionStore = currentEngine();
    const key = request.COOKIES[getSettings().SESSION_COOKIE_NAME] ?? null;
    const session = new SessionStore(key);
    request.session = session;
    if (session.loaded) return undefined;
    return session.load().then(() => undefined);
  }

  processResponse(request: HttpRequest, response: HttpResponseBase): MaybePromise<HttpResponseBase> {
    const session = sessionOf(request);
    if (session === undefined) return response;
    const settings = getSettings();
    const empty = session.isEmpty();
    if (empty && settings.SESSION_COOKIE_NAME in request.COOKIES) {
      response.deleteCookie(settings.SESSION_COOKIE_NAME, {
        path: settings.SESSION_COOKIE_PATH,
        domain: settings.SESSION_COOKIE_DOMAIN,
        sameSite: settings.SESSION_COOKIE_SAMESITE || null,
      });
      patchVaryHeaders(response, ['Cookie']);
      return response;
    }
    if (session.accessed) patchVaryHeaders(response, ['Cookie']);
    if (empty || !(session.modified || settings.SESSION_SAVE_EVERY_REQUEST)) return response;
    // A 500 means the view failed half-way: keep the stored session as it was.
    if (response.statusCode === 500) return response;
    return this.#save(request, response);
  }

  async #save(request: HttpRequest, response: HttpResponseBase): Promise<HttpResponseBase> {
    const settings = getSettings();
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
    response.setCookie(settings.SESSION_COOKIE_NAME, session.sessionKey ?? '', {
      maxAge,
      domain: settings.SESSION_COOKIE_DOMAIN,
      path: settings.SESSION_COOKIE_PATH,
      secure: settings.SESSION_COOKIE_SECURE,
      httpOnly: settings.SESSION_COOKIE_HTTPONLY,
      sameSite: settings.SESSION_COOKIE_SAMESITE || null,
    });
    return response;
  }
}
