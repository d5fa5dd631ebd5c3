import { MiddlewareMixin } from '../middleware/mixin.js';
import type { GetResponse, MixinHooks } from '../middleware/mixin.js';
import { getSettings } from '../conf/settings/index.js';
import type { HttpRequest } from '../http/request.js';
import type { HttpResponseBase } from '../http/response-base.js';
import type { View } from '../urls/types.js';
import type { MaybePromise } from '../utils/maybe-promise.js';
import { csrfOptions } from './options.js';
import { CsrfProtection } from './protection.js';

/**
 * Django's CsrfViewMiddleware: POST, PUT, PATCH and DELETE requests must carry a token (the
 * `csrfmiddlewaretoken` form field or the CSRF_HEADER_NAME header, X-CSRFToken) that matches the
 * secret in the csrftoken cookie (or the session, with CSRF_USE_SESSIONS); on HTTPS their Origin,
 * or else their Referer, must be this site or in CSRF_TRUSTED_ORIGINS. Refused requests get
 * CSRF_FAILURE_VIEW's 403. Put it after SessionMiddleware. The CSRF_* settings are read once,
 * when the middleware chain is built.
 *
 * @example MIDDLEWARE: [SecurityMiddleware, SessionMiddleware, CommonMiddleware, CsrfViewMiddleware]
 */
export class CsrfViewMiddleware extends MiddlewareMixin implements MixinHooks {
  readonly #protection: CsrfProtection;

  constructor(getResponse: GetResponse) {
    super(getResponse);
    this.#protection = new CsrfProtection(csrfOptions(getSettings()));
  }

  processRequest(request: HttpRequest): undefined {
    this.#protection.readSecret(request);
    return undefined;
  }

  processView(request: HttpRequest, view: View): MaybePromise<HttpResponseBase | null> {
    return this.#protection.check(request, view);
  }

  processResponse(request: HttpRequest, response: HttpResponseBase): HttpResponseBase {
    return this.#protection.sendSecret(request, response);
  }
}
