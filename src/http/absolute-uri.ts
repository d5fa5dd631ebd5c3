/**
 * Turning a location into an absolute URL on this site, as Django's build_absolute_uri does,
 * without ever letting a path be read as another site's address.
 *
 * The danger is a path that a URL parser reads as an authority: `//evil.com` (scheme-relative),
 * `/\evil.com` (browsers and the WHATWG parser treat `\` as `/`), `/<TAB>/evil.com` (parsers drop
 * tabs and newlines, leaving `//evil.com`), ` //evil.com` (leading spaces and controls are
 * trimmed). So the location is made URI-safe first — spaces, controls and backslashes become
 * percent-escapes, which no parser turns back into a slash — and only then is its shape decided.
 */
import { escapeUriPath, iriToUri } from './path.js';

const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;
// A `.` or `..` segment anywhere: such a path must be resolved, not pasted after the host.
const DOT_SEGMENT = /(^|\/)\.\.?(\/|$|[?#])/;
// Any host will do: only the path, query and fragment of a resolution against it are kept.
const PLACEHOLDER = 'http://placeholder.invalid';

/**
 * `location` as an absolute URL, relative to `schemeHost` (`https://example.com`, already
 * validated) and the request's path `basePath` (decoded, as request.path).
 *
 * - a URL with a scheme is returned as given (made URI-safe);
 * - `//host/path` names another host on purpose and gets this request's scheme, as in Django;
 * - `///path` (no host between the slashes) and every other path stays on `schemeHost`;
 * - a relative reference (`c/`, `../d`, `?page=2`) resolves against `basePath`.
 *
 * @example absoluteUri('///foo/bar/', 'http://testserver', '/') // 'http://testserver/foo/bar/'
 */
export function absoluteUri(location: string, schemeHost: string, basePath: string): string {
  const target = iriToUri(location);
  if (SCHEME.test(target)) return target;
  if (target.startsWith('//')) {
    const rest = target.slice(2);
    const authorityEnd = rest.search(/[/?#]/);
    // `//evil.com/x` is a network-path reference the caller wrote: Django follows it.
    if (authorityEnd !== 0 && rest !== '') return `${schemeHost.slice(0, schemeHost.indexOf(':') + 1)}${target}`;
    // `///foo` has an empty authority: what follows it (`/foo`, or `//foo` for `////foo`) is a
    // path, pasted after our host where its leading slashes can no longer start an authority.
    return schemeHost + resolveDots(rest.startsWith('/') ? rest : `/${rest}`);
  }
  if (target.startsWith('/')) return schemeHost + resolveDots(target);
  // A relative reference: `c/`, `../d`, `?page=2`, `#top`, or '' (the request's own path).
  const url = new URL(target, PLACEHOLDER + escapeUriPath(basePath.startsWith('/') ? basePath : `/${basePath}`));
  return schemeHost + url.pathname + url.search + url.hash;
}

/**
 * A path-absolute reference (`/a/../b`) with its dot segments resolved; most have none. It is
 * parsed after a host of its own, so `//x/../y` stays a path (`//y`) instead of naming host `x`.
 */
function resolveDots(path: string): string {
  if (!DOT_SEGMENT.test(path)) return path;
  const url = new URL(PLACEHOLDER + path);
  return url.pathname + url.search + url.hash;
}
