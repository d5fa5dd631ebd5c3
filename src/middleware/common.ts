import { CanterError, PermissionDenied } from '../conf/errors.js';
import { MiddlewareMixin } from './mixin.js';
import type { GetResponse, MixinHooks } from './mixin.js';
import { getSettings } from '../conf/settings/index.js';
import type { HttpRequest } from '../http/request.js';
import { HttpResponse, HttpResponsePermanentRedirect } from '../http/response.js';
import type { HttpResponseBase } from '../http/response-base.js';
import { getResolver } from '../urls/base.js';

/**
 * APPEND_SLASH would redirect a request whose body the redirect would drop (the client follows a
 * 301 with a GET). Raised only with DEBUG on, so the mistake shows during development; in
 * production the redirect is sent.
 */
export class AppendSlashDataLoss extends CanterError {
  override readonly code: string = 'E_APPEND_SLASH_DATA_LOSS';
}

/** Methods whose body a redirect would lose (DELETE too, as in current Django: ticket #34742). */
const BODY_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** DISALLOWED_USER_AGENTS compiled for test(): without `g`/`y`, whose lastIndex makes test() stateful. */
function userAgentPatterns(setting: readonly RegExp[]): readonly RegExp[] {
  return setting.map((r) => (/[gy]/.test(r.flags) ? new RegExp(r.source, r.flags.replace(/[gy]/g, '')) : r));
}

/** A redirect response class: HttpResponsePermanentRedirect, or another taking the URL first. */
export type RedirectClass = new (url: string) => HttpResponseBase;

/**
 * Django's CommonMiddleware:
 *
 * - refuses User-Agents matching a DISALLOWED_USER_AGENTS RegExp with 403;
 * - validates the Host against ALLOWED_HOSTS on every request (400 when it does not match);
 * - PREPEND_WWW: redirects `example.com/…` to `www.example.com/…` (with the slash appended too
 *   when APPEND_SLASH would add one, so it is one redirect);
 * - APPEND_SLASH: when the answer is 404, the path does not end in `/` and does not resolve, but
 *   the path with `/` does, answers 301 to it, keeping the query string. With DEBUG on, a POST,
 *   PUT, PATCH or DELETE throws AppendSlashDataLoss instead: the redirect would lose its body. A
 *   view with `shouldAppendSlash = false` is never redirected to;
 * - sets Content-Length on responses that have a body in memory and no Content-Length.
 *
 * The settings are read once, when the middleware chain is built, except the URLconf, which
 * is the one in force for the request (the Host check reads ALLOWED_HOSTS through
 * request.getHost(), as Django's does).
 *
 * @example MIDDLEWARE: [SecurityMiddleware, SessionMiddleware, CommonMiddleware, CsrfViewMiddleware]
 */
export class CommonMiddleware extends MiddlewareMixin implements MixinHooks {
  /** The redirect PREPEND_WWW and APPEND_SLASH answer with; Django's response_redirect_class. */
  responseRedirectClass: RedirectClass = HttpResponsePermanentRedirect;

  readonly #disallowedAgents: readonly RegExp[];
  readonly #prependWww: boolean;
  readonly #appendSlash: boolean;
  readonly #debug: boolean;

  constructor(getResponse: GetResponse) {
    super(getResponse);
    const s = getSettings();
    this.#disallowedAgents = userAgentPatterns(s.DISALLOWED_USER_AGENTS);
    this.#prependWww = s.PREPEND_WWW;
    this.#appendSlash = s.APPEND_SLASH;
    this.#debug = s.DEBUG;
  }

  processRequest(request: HttpRequest): HttpResponseBase | undefined {
    if (this.#disallowedAgents.length > 0) {
      const agent = request.headers.get('user-agent');
      if (agent !== undefined && this.#disallowedAgents.some((r) => r.test(agent))) {
        throw new PermissionDenied('Forbidden user agent');
      }
    }
    // Also the Host check: an unknown host is refused here, before any view runs.
    const host = request.getHost();
    if (this.#prependWww && host !== '' && !host.startsWith('www.')) {
      // Add the slash in the same redirect when it will be needed; only now, since resolving costs.
      const path = this.shouldRedirectWithSlash(request) ? this.getFullPathWithSlash(request) : request.getFullPath();
      return new this.responseRedirectClass(`${request.scheme}://www.${host}${path}`);
    }
    return undefined;
  }

  processResponse(request: HttpRequest, response: HttpResponseBase): HttpResponseBase {
    if (response.statusCode === 404 && this.shouldRedirectWithSlash(request)) {
      return new this.responseRedirectClass(this.getFullPathWithSlash(request));
    }
    // Bodyless statuses are left alone: RFC 9110 forbids a Content-Length on 1xx and 204, and on a
    // 304 it would have to be the length of the 200 answer (Django writes 0 here).
    if (response instanceof HttpResponse && !response.headers.has('Content-Length') && hasBody(response.statusCode)) {
      const { body, encoding } = response.wireBody;
      response.headers.set('Content-Length', typeof body === 'string' ? Buffer.byteLength(body, encoding) : body.length);
    }
    return response;
  }

  /**
   * True when APPEND_SLASH is on and the path without a trailing slash does not resolve while the
   * path with one does (and its view does not opt out with `shouldAppendSlash = false`).
   */
  shouldRedirectWithSlash(request: HttpRequest): boolean {
    if (!this.#appendSlash || request.pathInfo.endsWith('/')) return false;
    // The URLconf in force for this request, as Django's get_urlconf(): Django documents the
    // URLconf as chosen per request, not fixed at start-up. Read only for a slashless 404.
    const urlconf = getSettings().ROOT_URLCONF;
    if (!urlconf) return false;
    const resolver = getResolver(urlconf);
    if (resolver.isValidPath(request.pathInfo)) return false;
    const match = resolver.tryResolve(`${request.pathInfo}/`);
    if (match === null) return false;
    return (match.func as { shouldAppendSlash?: unknown }).shouldAppendSlash !== false;
  }

  /**
   * The request's full path with the slash appended and the query string kept. With DEBUG on it
   * throws AppendSlashDataLoss for methods whose body the redirect would lose.
   */
  getFullPathWithSlash(request: HttpRequest): string {
    const path = escapeLeadingSlashes(request.getFullPath(true));
    if (this.#debug && BODY_METHODS.has(request.method)) {
      const method = request.method;
      throw new AppendSlashDataLoss(
        `You called this URL via ${method}, but the URL doesn't end in a slash and you have APPEND_SLASH set. ` +
          `Canter can't redirect to the slash URL while maintaining ${method} data (the client would follow the ` +
          `redirect with a GET and the ${method} data would be lost). Change your form to point to ` +
          `${request.getHost()}${path} (note the trailing slash), or set APPEND_SLASH = false in your settings.`,
      );
    }
    return path;
  }
}

function hasBody(status: number): boolean {
  return status >= 200 && status !== 204 && status !== 304;
}

/**
 * `//evil.example/x/` would be a scheme-relative URL to another site: its second slash is encoded
 * (`/%2Fevil.example/x/`), so the redirect stays on this host.
 */
export function escapeLeadingSlashes(url: string): string {
  return url.startsWith('//') ? `/%2F${url.slice(2)}` : url;
}
