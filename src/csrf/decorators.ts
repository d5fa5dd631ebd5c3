import type { HttpRequest } from '../http/request.js';
import type { HttpResponseBase } from '../http/response-base.js';
import { TemplateResponse } from '../http/template-response.js';
import type { View } from '../urls/types.js';
import { andThen } from '../utils/maybe-promise.js';
import type { MaybePromise } from '../utils/maybe-promise.js';
import { checkRequest, named } from '../views/decorators/wrap.js';
import { CSRF_EXEMPT, CsrfProtection } from './protection.js';
import { getToken } from './request-state.js';

/** Checks a view's requests but never refuses one: the token is there for the template (requiresCsrfToken). */
class EnsureCsrfToken extends CsrfProtection {
  protected override reject(): null {
    return null;
  }
}

/** As EnsureCsrfToken, and always hands out a token, so the response sets the cookie (ensureCsrfCookie). */
class EnsureCsrfCookie extends EnsureCsrfToken {
  override check(request: HttpRequest, view: unknown): MaybePromise<HttpResponseBase | null> {
    const answer = super.check(request, view);
    getToken(request);
    return answer;
  }
}

/** Runs a view inside CSRF protection, as the middleware would run around it. */
function protect<V extends View>(view: V, protection: CsrfProtection, decorator: string): V {
  const wrapped = function (this: unknown, request: HttpRequest, ...rest: unknown[]) {
    checkRequest(request, decorator);
    protection.readSecret(request);
    const run = (refused: HttpResponseBase | null): MaybePromise<HttpResponseBase> => refused !== null
      ? refused
      : andThen(view.call(this, request, ...rest) as MaybePromise<HttpResponseBase>, sendSecret, request, protection);
    return andThen(protection.check(request, view), run);
  };
  return named(wrapped, view);
}

/** After the view: the CSRF cookie goes out with its response. */
function sendSecret(response: HttpResponseBase, request: HttpRequest, protection: CsrfProtection): HttpResponseBase {
  // A template renders later, and its {% csrf_token %} may ask for a token: send the cookie after that.
  if (response instanceof TemplateResponse && !response.isRendered) {
    response.addPostRenderCallback(() => protection.sendSecret(request, response));
    return response;
  }
  return protection.sendSecret(request, response);
}

/**
 * CSRF protection for one view when CsrfViewMiddleware is not in MIDDLEWARE (seed 000's csrf_protect).
 *
 * @example path('transfer/', csrfProtect(transfer))
 */
export function csrfProtect<V extends View>(view: V): V {
  return protect(view, new CsrfProtection(), 'csrfProtect');
}

/**
 * Lets a view's requests through CsrfViewMiddleware unchecked (seed 000's csrf_exempt): for
 * webhooks and APIs authenticated otherwise.
 *
 * @example path('webhook/', csrfExempt(webhook))
 */
export function csrfExempt<V extends View>(view: V): V {
  const wrapped = named(function (this: unknown, ...args: unknown[]) {
    return (view as unknown as (...a: unknown[]) => unknown).apply(this, args);
  }, view);
  Object.defineProperty(wrapped, CSRF_EXEMPT, { value: true });
  return wrapped;
}

/**
 * Makes the token available to the view's template without refusing any request (Django's
 * requires_csrf_token): for views such as a custom 404 page that render `{% csrf_token %}`.
 */
export function requiresCsrfToken<V extends View>(view: V): V {
  return protect(view, new EnsureCsrfToken(), 'requiresCsrfToken');
}

/**
 * Sends the csrftoken cookie with the view's response even when its page has no form (Django's
 * ensure_csrf_cookie): for pages whose script posts with X-CSRFToken.
 */
export function ensureCsrfCookie<V extends View>(view: V): V {
  return protect(view, new EnsureCsrfCookie(), 'ensureCsrfCookie');
}
