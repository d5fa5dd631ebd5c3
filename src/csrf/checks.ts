import { DisallowedHost, ImproperlyConfigured } from '../conf/errors.js';
import { UnreadablePostError } from '../http/errors.js';
import { isSameDomain } from '../http/host.js';
import type { HttpRequest } from '../http/request.js';
import { headerNameOfMeta } from '../http/request-headers.js';
import { sessionOf } from '../sessions/request-session.js';
import { InvalidTokenFormat, RejectRequest } from './errors.js';
import type { CsrfOptions } from './options.js';
import { checkTokenFormat, CSRF_TOKEN_LENGTH, doesTokenMatch, unmaskCipherToken } from './tokens.js';

/** Where CSRF_USE_SESSIONS keeps the secret in the session (Django's CSRF_SESSION_KEY). */
export const CSRF_SESSION_KEY = '_csrftoken';

export const REASON_BAD_ORIGIN = (origin: string): string => `Origin checking failed - ${origin} does not match any trusted origins.`;
export const REASON_NO_REFERER = 'Referer checking failed - no Referer.';
export const REASON_BAD_REFERER = (referer: string): string => `Referer checking failed - ${referer} does not match any trusted origins.`;
export const REASON_NO_CSRF_COOKIE = 'CSRF cookie not set.';
export const REASON_CSRF_TOKEN_MISSING = 'CSRF token missing.';
export const REASON_MALFORMED_REFERER = 'Referer checking failed - Referer is malformed.';
export const REASON_INSECURE_REFERER = 'Referer checking failed - Referer is insecure while host is secure.';

/** The secret the request brought (cookie or session), unmasked; null when it brought none. */
export function requestSecret(request: HttpRequest, options: CsrfOptions): string | null {
  let secret: string | null;
  if (options.useSessions) {
    const session = sessionOf(request);
    if (session === undefined) {
      throw new ImproperlyConfigured(
        'CSRF_USE_SESSIONS is enabled, but request.session is not set. SessionMiddleware must appear before CsrfViewMiddleware in MIDDLEWARE.',
      );
    }
    const stored = session.get(CSRF_SESSION_KEY);
    secret = typeof stored === 'string' ? stored : null;
  } else {
    secret = request.COOKIES[options.cookieName] ?? null;
  }
  if (secret === null) return null;
  checkTokenFormat(secret);
  // Django before 4.1 kept a masked token in the cookie: still accepted.
  return secret.length === CSRF_TOKEN_LENGTH ? unmaskCipherToken(secret) : secret;
}

/** `scheme` and `netloc` (user info and port included) of a URL, as Python's urlparse splits them. */
function splitUrl(text: string): { scheme: string; netloc: string } | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  const user = url.username === '' ? '' : `${url.username}${url.password === '' ? '' : `:${url.password}`}@`;
  return { scheme: url.protocol.slice(0, -1), netloc: user + url.host };
}

/** Whether the Origin header names this site or a trusted origin. */
export function originVerified(request: HttpRequest, origin: string, options: CsrfOptions): boolean {
  try {
    if (origin === `${request.isSecure() ? 'https' : 'http'}://${request.getHost()}`) return true;
  } catch (error) {
    if (!(error instanceof DisallowedHost)) throw error;
  }
  const { exact, subdomains } = options.trusted;
  if (exact.has(origin)) return true;
  const parsed = splitUrl(origin);
  if (parsed === null) return false;
  return (subdomains.get(parsed.scheme) ?? []).some((host) => isSameDomain(parsed.netloc, host));
}

/** On HTTPS without an Origin: the Referer must be an https URL of this site or a trusted origin. */
export function checkReferer(request: HttpRequest, options: CsrfOptions): void {
  const referer = request.headers.get('Referer');
  if (referer === undefined) throw new RejectRequest(REASON_NO_REFERER);
  const parsed = splitUrl(referer);
  if (parsed === null || parsed.scheme === '' || parsed.netloc === '') throw new RejectRequest(REASON_MALFORMED_REFERER);
  if (parsed.scheme !== 'https') throw new RejectRequest(REASON_INSECURE_REFERER);
  if (options.trusted.hosts.some((host) => isSameDomain(parsed.netloc, host))) return;
  let good = options.refererDomain;
  if (good === null) {
    try {
      good = request.getHost();
    } catch (error) {
      if (error instanceof DisallowedHost) throw new RejectRequest(REASON_BAD_REFERER(referer));
      throw error;
    }
  } else {
    const port = request.getPort();
    if (port !== '443' && port !== '80') good = `${good}:${port}`;
  }
  if (!isSameDomain(parsed.netloc, good)) throw new RejectRequest(REASON_BAD_REFERER(referer));
}

/** The header CSRF_HEADER_NAME names ('HTTP_X_CSRFTOKEN' → X-CSRFToken), as Django prints it. */
function headerLabel(metaName: string): string {
  const lower = headerNameOfMeta(metaName) ?? metaName.toLowerCase();
  return lower.split('-').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('-');
}

/** The token in the POST field or the CSRF_HEADER_NAME header must carry the request's secret. */
export function checkToken(request: HttpRequest, options: CsrfOptions): void {
  let secret: string | null;
  try {
    secret = requestSecret(request, options);
  } catch (error) {
    if (error instanceof InvalidTokenFormat) throw new RejectRequest(`CSRF cookie ${error.reason}.`);
    throw error;
  }
  if (secret === null) throw new RejectRequest(REASON_NO_CSRF_COOKIE);
  const headerSetting = options.headerName;
  let token = '';
  let source = 'POST';
  if (request.method === 'POST') {
    try {
      token = request.POST.get('csrfmiddlewaretoken') ?? '';
    } catch (error) {
      // A broken connection has no token in it, and the header may still carry one (Django
      // catches UnreadablePostError alone). Every other body error (too many fields, too big,
      // malformed multipart) is the client's and must reach its own 400 or 413, not a 403.
      if (!(error instanceof UnreadablePostError)) throw error;
    }
  }
  if (token === '') {
    const header = request.headers.get(headerNameOfMeta(headerSetting) ?? headerSetting);
    if (header === undefined) throw new RejectRequest(REASON_CSRF_TOKEN_MISSING);
    token = header;
    source = `the '${headerLabel(headerSetting)}' HTTP header`;
  }
  try {
    checkTokenFormat(token);
  } catch (error) {
    if (error instanceof InvalidTokenFormat) throw new RejectRequest(`CSRF token from ${source} ${error.reason}.`);
    throw error;
  }
  if (!doesTokenMatch(token, secret)) throw new RejectRequest(`CSRF token from ${source} incorrect.`);
}
