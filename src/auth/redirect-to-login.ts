import { getSettings } from '../conf/settings/index.js';
import { QueryDict } from '../http/query-dict.js';
import type { HttpRequest } from '../http/request.js';
import { HttpResponseRedirect } from '../http/response.js';
import { resolveUrl } from '../shortcuts/index.js';
import { REDIRECT_FIELD_NAME } from './session-keys.js';

/**
 * A redirect to the login page (`loginUrl`, a URL or a URL pattern name; default LOGIN_URL)
 * carrying `next` in `redirectFieldName` (default 'next'; null or '' leaves it out). Django's
 * redirect_to_login.
 *
 * @example return redirectToLogin(request.getFullPath());
 */
export function redirectToLogin(next: string, loginUrl?: string | null, redirectFieldName: string | null = REDIRECT_FIELD_NAME): HttpResponseRedirect {
  const resolved = resolveUrl(loginUrl ?? getSettings().LOGIN_URL);
  if (!redirectFieldName) return new HttpResponseRedirect(resolved);
  const [beforeFragment, fragment] = splitOnce(resolved, '#');
  const [base, query = ''] = splitOnce(beforeFragment, '?');
  const params = QueryDict.fromQueryString(query, { mutable: true });
  params.set(redirectFieldName, next);
  const url = `${base}?${params.urlencode('/')}${fragment === undefined ? '' : `#${fragment}`}`;
  return new HttpResponseRedirect(url);
}

/**
 * Where an anonymous request is sent: its full path when the login page is on the same scheme
 * and host (the usual case), else its absolute URL, so the login page can send the user back.
 */
export function redirectForLogin(request: HttpRequest, loginUrl?: string | null, redirectFieldName: string | null = REDIRECT_FIELD_NAME): HttpResponseRedirect {
  const resolved = resolveUrl(loginUrl ?? getSettings().LOGIN_URL);
  const path = request.buildAbsoluteUri();
  const [loginScheme, loginHost] = schemeAndHost(resolved);
  const [currentScheme, currentHost] = schemeAndHost(path);
  const sameSite = (loginScheme === '' || loginScheme === currentScheme) && (loginHost === '' || loginHost === currentHost);
  return redirectToLogin(sameSite ? request.getFullPath() : path, resolved, redirectFieldName);
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/** The scheme and network location of a URL, as Python's urlsplit gives them ('' when absent). */
function schemeAndHost(url: string): [string, string] {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url);
  const rest = scheme === null ? url : url.slice(scheme[0].length);
  const host = rest.startsWith('//') ? /^\/\/([^/?#]*)/.exec(rest)![1]! : '';
  return [scheme === null ? '' : scheme[1]!.toLowerCase(), host];
}
