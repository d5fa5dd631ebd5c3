/**
 * Django's url_has_allowed_host_and_scheme(): may we redirect to a URL someone else chose (a
 * login form's `?next=`, a Referer)? A URL passes when it names no host, or one of ours, with no
 * scheme, or http/https.
 *
 * Browsers forgive far more than URL grammars do, and each forgiveness is a way to another host:
 * `\` is read as `/` (`/\evil.com`), tabs and newlines are dropped (`/<TAB>/evil.com`), leading
 * controls are skipped (`\x08//evil.com`), and any run of slashes after a scheme is one
 * (`http:///evil.com`). Every URL is checked as written and with backslashes as slashes, and a
 * URL that looks like a bare path must also stay on a placeholder host when the WHATWG parser
 * (what browsers implement) resolves it.
 */

const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;
// Unicode category C (controls, format characters, unassigned, private use, surrogates).
const LEADING_CONTROL = /^\p{C}/u;
const TAB_OR_NEWLINE = /[\t\n\r]/g;
const ASCII_SPACE_AROUND = /^[ \t\n\r\f\v]+|[ \t\n\r\f\v]+$/g;
const PLACEHOLDER = 'http://placeholder.invalid';
const PLACEHOLDER_HOST = 'placeholder.invalid';

/**
 * True when `url` is safe to redirect to: relative to this site, or absolute on one of
 * `allowedHosts` (compared with the URL's whole authority, `user:pass@host:port`, as Django does)
 * with an http or https scheme (https only with `requireHttps`). An empty URL is never safe.
 *
 * @example
 * const next = request.GET.get('next') ?? '';
 * const target = urlHasAllowedHostAndScheme(next, [request.getHost()], request.isSecure()) ? next : '/';
 */
export function urlHasAllowedHostAndScheme(
  url: string | null | undefined,
  allowedHosts: Iterable<string> | string | null | undefined,
  requireHttps = false,
): boolean {
  // ASCII whitespace only: a trailing U+3000 that trim() would drop is kept by browsers, in the host.
  const trimmed = url?.replace(ASCII_SPACE_AROUND, '') ?? '';
  if (trimmed === '') return false;
  const hosts = new Set(typeof allowedHosts === 'string' ? [allowedHosts] : allowedHosts ?? []);
  return check(trimmed, hosts, requireHttps) && check(trimmed.replace(/\\/g, '/'), hosts, requireHttps);
}

function check(url: string, hosts: ReadonlySet<string>, requireHttps: boolean): boolean {
  // Some browsers skip leading controls and may then see `//host`.
  if (LEADING_CONTROL.test(url)) return false;
  // Parsers drop tabs and newlines anywhere (`java\nscript:`, `/\t/evil.com`): judge what is left.
  const cleaned = url.replace(TAB_OR_NEWLINE, '');
  // Chrome reads any run of three or more slashes as the start of an authority.
  if (cleaned.startsWith('///')) return false;
  const parts = split(cleaned);
  if (parts === null) return false;
  const { scheme, authority } = parts;
  // `http:///evil.com` or `http:evil.com`: a scheme but no host, where browsers find one anyway.
  if (authority === '' && scheme !== '') return false;
  if (authority !== '' && !hosts.has(authority)) return false;
  const effectiveScheme = scheme === '' && authority !== '' ? 'http' : scheme;
  if (effectiveScheme !== '' && effectiveScheme !== 'https' && (requireHttps || effectiveScheme !== 'http')) return false;
  // A bare path must stay a path for a browser too.
  return authority !== '' || resolvesToPlaceholder(cleaned);
}

/** Scheme (lower-cased) and authority, as Python's urlsplit finds them; null when unparseable. */
function split(url: string): { scheme: string; authority: string } | null {
  let rest = url;
  let scheme = '';
  const match = SCHEME.exec(url);
  if (match !== null) {
    scheme = match[0].slice(0, -1).toLowerCase();
    rest = url.slice(match[0].length);
  }
  if (!rest.startsWith('//')) return { scheme, authority: '' };
  const end = rest.slice(2).search(/[/?#]/);
  const authority = end < 0 ? rest.slice(2) : rest.slice(2, 2 + end);
  // An unbalanced IPv6 bracket, as urlsplit refuses it ("Invalid IPv6 URL").
  if (authority.includes('[') !== authority.includes(']')) return null;
  return { scheme, authority };
}

function resolvesToPlaceholder(url: string): boolean {
  try {
    return new URL(url, `${PLACEHOLDER}/`).host === PLACEHOLDER_HOST;
  } catch {
    return false;
  }
}
