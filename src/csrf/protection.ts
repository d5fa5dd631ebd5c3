import { getLogger } from '../conf/log.js';
import { getSettings } from '../conf/settings/index.js';
import { andThen } from '../utils/maybe-promise.js';
import type { MaybePromise } from '../utils/maybe-promise.js';
import { csrfOptions, type CsrfOptions } from './options.js';
import { patchVaryHeaders } from '../http/cache-control.js';
import type { HttpRequest } from '../http/request.js';
import type { HttpResponseBase } from '../http/response-base.js';
import { CSRF_SESSION_KEY, checkReferer, checkToken, originVerified, REASON_BAD_ORIGIN, requestSecret } from './checks.js';
import { InvalidTokenFormat, RejectRequest } from './errors.js';
import { addNewCsrfCookie, csrfState } from './request-state.js';
import { sessionOf } from '../sessions/request-session.js';

const logger = getLogger('canter.security.csrf');

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/** Marks a view whose requests CSRF lets through unchecked (csrfExempt sets it). */
export const CSRF_EXEMPT = 'csrfExempt';

/**
 * The three steps of CSRF protection, shared by CsrfViewMiddleware and the decorators: read the
 * secret before the view, check the request at processView, send the cookie on the way out.
 * Subclasses change what a failed check does (requiresCsrfToken and ensureCsrfCookie let it pass).
 *
 * The CSRF_* settings come in as CsrfOptions, which CsrfViewMiddleware reads when the chain is
 * built. Without them (the decorators, made at import time, perhaps before settings are
 * configured) they are read at the first request and kept.
 */
export class CsrfProtection {
  #options: CsrfOptions | undefined;

  constructor(options?: CsrfOptions) {
    this.#options = options;
  }

  /** The CSRF settings this protection runs with. */
  get options(): CsrfOptions {
    return (this.#options ??= csrfOptions(getSettings()));
  }

  /** Reads the request's secret (cookie or session); a malformed one is replaced by a new one. */
  readSecret(request: HttpRequest): void {
    const state = csrfState(request);
    try {
      const secret = requestSecret(request, this.options);
      if (secret !== null) state.secret = secret;
    } catch (error) {
      if (!(error instanceof InvalidTokenFormat)) throw error;
      addNewCsrfCookie(request);
    }
  }

  /** The checks: null to go on to the view, or the failure view's 403. */
  check(request: HttpRequest, view: unknown): MaybePromise<HttpResponseBase | null> {
    const state = csrfState(request);
    if (state.processingDone) return null;
    if (typeof view === 'function' && (view as unknown as Record<string, unknown>)[CSRF_EXEMPT] === true) return null;
    if (SAFE_METHODS.has(request.method) || state.dontEnforce) return this.accept(request);
    const options = this.options;
    try {
      const origin = request.headers.get('Origin');
      if (origin !== undefined) {
        if (!originVerified(request, origin, options)) return this.reject(request, REASON_BAD_ORIGIN(origin));
      } else if (request.isSecure()) {
        checkReferer(request, options);
      }
      checkToken(request, options);
    } catch (error) {
      if (error instanceof RejectRequest) return this.reject(request, error.reason);
      throw error;
    }
    return this.accept(request);
  }

  /** Sends the secret (cookie, or session with CSRF_USE_SESSIONS) when the request needs it. */
  sendSecret(request: HttpRequest, response: HttpResponseBase): HttpResponseBase {
    const state = csrfState(request);
    if (!state.needsUpdate || state.secret === undefined) return response;
    const options = this.options;
    if (options.useSessions) {
      const session = sessionOf(request);
      if (session !== undefined && session.get(CSRF_SESSION_KEY) !== state.secret) session.set(CSRF_SESSION_KEY, state.secret);
    } else {
      response.setCookie(options.cookieName, state.secret, options.cookie);
      patchVaryHeaders(response, ['Cookie']);
    }
    state.needsUpdate = false;
    return response;
  }

  protected accept(request: HttpRequest): null {
    csrfState(request).processingDone = true;
    return null;
  }

  /** Answers with CSRF_FAILURE_VIEW (a 403) and logs the reason on canter.security.csrf. */
  protected reject(request: HttpRequest, reason: string): MaybePromise<HttpResponseBase | null> {
    return andThen(this.options.failureView(request, reason), logRefusal, request, reason);
  }
}

/** reject()'s second half: logs the refusal on canter.security.csrf with the status it got. */
function logRefusal(response: HttpResponseBase, request: HttpRequest, reason: string): HttpResponseBase {
  logger.warning(`Forbidden (${reason}): ${request.path}`, { extra: { status: response.statusCode, reason, path: request.path } });
  return response;
}
