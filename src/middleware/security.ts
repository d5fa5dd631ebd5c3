import { MiddlewareMixin } from './mixin.js';
import type { GetResponse, MixinHooks } from './mixin.js';
import { getSettings } from '../conf/settings/index.js';
import type { Settings } from '../conf/settings/index.js';
import type { HttpRequest } from '../http/request.js';
import { HttpResponsePermanentRedirect } from '../http/response.js';
import type { HttpResponseBase } from '../http/response-base.js';
import { pythonToJs } from '../conf/python-regex.js';

/**
 * Django's SecurityMiddleware: the response headers that harden a site, and the redirect of plain
 * HTTP to HTTPS. The settings are read once, when the middleware chain is built.
 *
 * - `SECURE_HSTS_SECONDS` (0 = off): `Strict-Transport-Security: max-age=N` on HTTPS responses,
 *   with `; includeSubDomains` (SECURE_HSTS_INCLUDE_SUBDOMAINS) and `; preload` (SECURE_HSTS_PRELOAD).
 * - `SECURE_CONTENT_TYPE_NOSNIFF` (true): `X-Content-Type-Options: nosniff`.
 * - `SECURE_REFERRER_POLICY` ('same-origin'): `Referrer-Policy`; a list or comma-separated string
 *   gives fallbacks for older browsers.
 * - `SECURE_CROSS_ORIGIN_OPENER_POLICY` ('same-origin'): `Cross-Origin-Opener-Policy`.
 * - `SECURE_SSL_REDIRECT` (false): 301 from http:// to https://, on SECURE_SSL_HOST when set,
 *   except for paths matching a SECURE_REDIRECT_EXEMPT pattern (tested against the path without
 *   its leading slash, e.g. `^healthz$`).
 *
 * A header the view set itself is never replaced.
 *
 * @example MIDDLEWARE: [SecurityMiddleware, SessionMiddleware, CommonMiddleware, CsrfViewMiddleware]
 */
export class SecurityMiddleware extends MiddlewareMixin implements MixinHooks {
  readonly #hsts: string | null;
  readonly #nosniff: boolean;
  readonly #referrerPolicy: string | null;
  readonly #openerPolicy: string | null;
  readonly #redirect: boolean;
  readonly #redirectHost: string | null;
  readonly #redirectExempt: readonly RegExp[];

  constructor(getResponse: GetResponse) {
    super(getResponse);
    const s = getSettings();
    this.#hsts = hstsHeader(s);
    this.#nosniff = s.SECURE_CONTENT_TYPE_NOSNIFF;
    this.#referrerPolicy = referrerPolicyHeader(s.SECURE_REFERRER_POLICY);
    this.#openerPolicy = s.SECURE_CROSS_ORIGIN_OPENER_POLICY || null;
    this.#redirect = s.SECURE_SSL_REDIRECT;
    this.#redirectHost = s.SECURE_SSL_HOST || null;
    this.#redirectExempt = s.SECURE_REDIRECT_EXEMPT.map(searchPattern);
  }

  processRequest(request: HttpRequest): HttpResponsePermanentRedirect | undefined {
    if (!this.#redirect || request.isSecure()) return undefined;
    const path = request.path.replace(/^\/+/, '');
    for (const pattern of this.#redirectExempt) if (pattern.test(path)) return undefined;
    const host = this.#redirectHost ?? request.getHost();
    return new HttpResponsePermanentRedirect(`https://${host}${request.getFullPath()}`);
  }

  processResponse(request: HttpRequest, response: HttpResponseBase): HttpResponseBase {
    const headers = response.headers;
    if (this.#hsts !== null && !headers.has('Strict-Transport-Security') && request.isSecure()) {
      headers.set('Strict-Transport-Security', this.#hsts);
    }
    if (this.#nosniff) headers.setDefault('X-Content-Type-Options', 'nosniff');
    if (this.#referrerPolicy !== null) headers.setDefault('Referrer-Policy', this.#referrerPolicy);
    if (this.#openerPolicy !== null) headers.setDefault('Cross-Origin-Opener-Policy', this.#openerPolicy);
    return response;
  }
}

function hstsHeader(s: Settings): string | null {
  if (!s.SECURE_HSTS_SECONDS) return null;
  let header = `max-age=${s.SECURE_HSTS_SECONDS}`;
  if (s.SECURE_HSTS_INCLUDE_SUBDOMAINS) header += '; includeSubDomains';
  if (s.SECURE_HSTS_PRELOAD) header += '; preload';
  return header;
}

/** `'a, b'` → `'a,b'`; `['a', 'b']` → `'a,b'`; empty or null → no header. */
function referrerPolicyHeader(policy: string | readonly string[] | null): string | null {
  if (policy === null) return null;
  const value = typeof policy === 'string' ? policy.split(',').map((p) => p.trim()).join(',') : policy.join(',');
  return value === '' ? null : value;
}

/**
 * A SECURE_REDIRECT_EXEMPT entry as a RegExp for search(): strings are Python regex syntax, as in
 * Django's settings. A given RegExp loses `g`/`y`, whose lastIndex would make test() stateful.
 */
function searchPattern(pattern: string | RegExp): RegExp {
  if (pattern instanceof RegExp) return new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
  const { source, flags } = pythonToJs(pattern);
  return new RegExp(source, flags);
}
