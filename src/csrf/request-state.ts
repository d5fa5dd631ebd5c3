import type { HttpRequest } from '../http/request.js';
import { defineRequestSlot } from '../http/request-slot.js';
import { maskCipherSecret, newCsrfSecret } from './tokens.js';

/** What CSRF keeps per request (Django keeps it in request.META['CSRF_COOKIE'] and flags on the request). */
export interface CsrfState {
  /** The secret of this request: from the cookie/session, or new. */
  secret?: string;
  /** The response must (re)send the secret: a token was handed out, or the secret is new. */
  needsUpdate: boolean;
  /** The checks ran and passed (or were skipped); later CSRF layers do nothing. */
  processingDone: boolean;
  /** Set by the test Client unless it enforces CSRF checks: accept unsafe requests unchecked. */
  dontEnforce: boolean;
}

/**
 * No request.csrf property: the state is CSRF's own, read through getToken() and the middleware.
 * It is made on first use, so getToken() works under the decorators as well as the middleware.
 */
export const csrfSlot = defineRequestSlot<CsrfState>('csrf', {
  missing: 'add CsrfViewMiddleware (canter/csrf) to MIDDLEWARE, or protect the view with csrfProtect.',
  property: false,
});

/** The request's CSRF state, made on first use. */
export function csrfState(request: HttpRequest): CsrfState {
  let state = csrfSlot.of(request);
  if (state === undefined) csrfSlot.set(request, (state = { needsUpdate: false, processingDone: false, dontEnforce: false }));
  return state;
}

/** The request's state if CSRF ran or a token was asked for. */
export function peekCsrfState(request: HttpRequest): CsrfState | undefined {
  return csrfSlot.of(request);
}

/** Starts a new secret for this request; the response sends it. */
export function addNewCsrfCookie(request: HttpRequest): string {
  const state = csrfState(request);
  state.secret = newCsrfSecret();
  state.needsUpdate = true;
  return state.secret;
}

/**
 * A CSRF token for this request's page (a form's csrfmiddlewaretoken, an ajax X-CSRFToken):
 * masked afresh on each call, and the response will (re)send the csrftoken cookie. Django's get_token().
 *
 * @example `<input type="hidden" name="csrfmiddlewaretoken" value="${getToken(request)}">`
 */
export function getToken(request: HttpRequest): string {
  const state = csrfState(request);
  if (state.secret === undefined) addNewCsrfCookie(request);
  else state.needsUpdate = true;
  return maskCipherSecret(state.secret!);
}

/** Replaces the request's CSRF secret (login does this, so a token seen before login is useless after). */
export function rotateToken(request: HttpRequest): void {
  addNewCsrfCookie(request);
}

/** Lets this request's unsafe methods through without checks (Django's request._dont_enforce_csrf_checks). */
export function dontEnforceCsrfChecks(request: HttpRequest): void {
  csrfState(request).dontEnforce = true;
}
