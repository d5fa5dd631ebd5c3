import type { Settings } from '../conf/settings/index.js';
import type { CookieOptions } from '../http/response-base.js';
import { failureView, type CsrfFailureView } from './failure-view.js';

/** CSRF_TRUSTED_ORIGINS, split once. */
export interface TrustedOrigins {
  readonly exact: ReadonlySet<string>;
  /** scheme → host patterns ('.example.com') of the wildcard entries. */
  readonly subdomains: ReadonlyMap<string, readonly string[]>;
  /** The hosts of every entry, wildcards as '.example.com', for the Referer check. */
  readonly hosts: readonly string[];
}

/**
 * The CSRF_* settings, read once: CsrfViewMiddleware builds this when the chain is built; the
 * decorators (made at import time, maybe before settings exist) build it at their first request.
 */
export interface CsrfOptions {
  /** CSRF_USE_SESSIONS: the secret lives in the session, not a cookie. */
  readonly useSessions: boolean;
  readonly cookieName: string;
  /** CSRF_HEADER_NAME, in META form ('HTTP_X_CSRFTOKEN'). */
  readonly headerName: string;
  /** The csrftoken cookie's attributes (CSRF_COOKIE_AGE as maxAge, domain, path, …). */
  readonly cookie: Readonly<CookieOptions>;
  /** The domain a Referer must match when it is not a trusted origin: the cookie's (or the session cookie's). */
  readonly refererDomain: string | null;
  readonly trusted: TrustedOrigins;
  /** CSRF_FAILURE_VIEW, or the default 403 page. */
  readonly failureView: CsrfFailureView;
}

/** The CsrfOptions of a settings object, frozen. */
export function csrfOptions(s: Settings): CsrfOptions {
  return Object.freeze({
    useSessions: s.CSRF_USE_SESSIONS,
    cookieName: s.CSRF_COOKIE_NAME,
    headerName: s.CSRF_HEADER_NAME,
    cookie: Object.freeze({
      maxAge: s.CSRF_COOKIE_AGE,
      domain: s.CSRF_COOKIE_DOMAIN,
      path: s.CSRF_COOKIE_PATH,
      secure: s.CSRF_COOKIE_SECURE,
      httpOnly: s.CSRF_COOKIE_HTTPONLY,
      sameSite: s.CSRF_COOKIE_SAMESITE || null,
    }),
    refererDomain: s.CSRF_USE_SESSIONS ? s.SESSION_COOKIE_DOMAIN : s.CSRF_COOKIE_DOMAIN,
    trusted: trustedOrigins(s.CSRF_TRUSTED_ORIGINS),
    failureView: failureView(s.CSRF_FAILURE_VIEW),
  });
}

function trustedOrigins(origins: readonly string[]): TrustedOrigins {
  const subdomains = new Map<string, string[]>();
  for (const origin of origins.filter((o) => o.includes('*'))) {
    const [scheme, rest = ''] = origin.split('://', 2);
    const list = subdomains.get(scheme!) ?? [];
    list.push(rest.replace(/^\*+/, ''));
    subdomains.set(scheme!, list);
  }
  const hosts = origins.map((origin) => (origin.split('://', 2)[1] ?? '').split('/', 1)[0]!.replace(/^\*+/, ''));
  return { exact: new Set(origins.filter((o) => !o.includes('*'))), subdomains, hosts };
}
