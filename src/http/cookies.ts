/**
 * Reading the Cookie header and writing Set-Cookie headers the way Django does (parse_cookie,
 * HttpResponse.set_cookie over Python's SimpleCookie), so both read each other's cookies.
 */
import { InvalidCookieError } from './errors.js';
import { isLegalCookieKey, quoteCookieValue, unquoteCookieValue } from './cookie-quoting.js';
import { pyStrip } from './parsing.js';

/**
 * Parses a Cookie header with Django's parse_cookie rules: chunks split on ';', a chunk without
 * '=' has the name '', names and values are stripped and values unquoted as Python does, and a
 * later duplicate name wins. Never throws. The result has no prototype, so a cookie named
 * `__proto__` is an ordinary key.
 *
 * @example parseCookieHeader('a=1; b="x\\073y"'); // { a: '1', b: 'x;y' }
 */
export function parseCookieHeader(header: string): Record<string, string> {
  const cookies = Object.create(null) as Record<string, string>;
  // The next '=' is remembered across chunks, so a header of many chunks without '=' is not
  // rescanned for each one.
  let eq = header.indexOf('=');
  let start = 0;
  while (start <= header.length) {
    let end = header.indexOf(';', start);
    if (end === -1) end = header.length;
    if (eq !== -1 && eq < start) eq = header.indexOf('=', start);
    const split = eq !== -1 && eq < end;
    const key = split ? pyStrip(header.slice(start, eq)) : '';
    const value = pyStrip(header.slice(split ? eq + 1 : start, end));
    if (key !== '' || value !== '') cookies[key] = unquoteCookieValue(value);
    start = end + 1;
  }
  return cookies;
}

/** SameSite values; matched case-insensitively and written as Lax, Strict or None. */
export type CookieSameSite = 'Lax' | 'Strict' | 'None' | 'lax' | 'strict' | 'none';

export interface SerializeCookieOptions {
  /** Seconds until the cookie expires (truncated to whole seconds); also sets `expires` from it. */
  maxAge?: number | null;
  /** A Date (turned into maxAge, as Django turns a datetime) or a string sent as it is. */
  expires?: Date | string | null;
  /** Default '/'; null leaves the attribute out. */
  path?: string | null;
  domain?: string | null;
  secure?: boolean;
  httpOnly?: boolean;
  /** false or null leaves the attribute out. */
  sameSite?: CookieSameSite | false | null;
}

const SAME_SITE: Readonly<Record<string, string>> = { lax: 'Lax', strict: 'Strict', none: 'None' };

// Python's Morsel._reserved: names SimpleCookie refuses as cookie names.
const RESERVED = new Set(['expires', 'path', 'comment', 'domain', 'max-age', 'secure', 'httponly', 'version', 'samesite']);

/**
 * The Set-Cookie header value Django's set_cookie would send: the value quoted like Python's
 * SimpleCookie, attributes in its order and spelling.
 *
 * @throws InvalidCookieError for an illegal name, a value with characters a header cannot carry
 *   (above U+00FF), a path, domain or expires containing ';' or control characters, a sameSite
 *   other than Lax/Strict/None, a non-finite maxAge, or both maxAge and a Date expires.
 * @example
 * serializeCookie('sessionid', '', { maxAge: 0, expires: 'Thu, 01 Jan 1970 00:00:00 GMT', sameSite: 'Lax' });
 * // 'sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=Lax'
 */
export function serializeCookie(name: string, value: string, options: SerializeCookieOptions = {}): string {
  if (!isLegalCookieKey(name) || RESERVED.has(name.toLowerCase())) {
    throw new InvalidCookieError(
      `Illegal cookie name ${JSON.stringify(name)}: a name is one or more of the characters ` +
        "A-Z a-z 0-9 !#$%&'*+-.^_`|~: and is not an attribute name (expires, path, domain, ...).",
    );
  }
  for (let i = 0; i < value.length; i++) {
    if (value.charCodeAt(i) > 0xff) {
      const code = value.codePointAt(i) ?? 0;
      throw new InvalidCookieError(
        `The value of cookie ${JSON.stringify(name)} contains U+${code.toString(16).toUpperCase().padStart(4, '0')}, ` +
          'which an HTTP header cannot carry (only characters up to U+00FF can); encode the value first, ' +
          'e.g. with encodeURIComponent().',
      );
    }
  }
  const { expires, maxAge } = expiry(name, options);
  const attrs: string[] = [`${name}=${quoteCookieValue(value)}`];
  // SimpleCookie writes attributes sorted by their lower-case names.
  if (options.domain != null && options.domain !== '') attrs.push(`Domain=${checked('domain', options.domain)}`);
  if (expires !== '') attrs.push(`expires=${expires}`);
  if (options.httpOnly) attrs.push('HttpOnly');
  if (maxAge !== null) attrs.push(`Max-Age=${maxAge}`);
  const path = options.path === undefined ? '/' : options.path;
  if (path !== null && path !== '') attrs.push(`Path=${checked('path', path)}`);
  const sameSite = sameSiteOf(options.sameSite);
  if (sameSite !== null) attrs.push(`SameSite=${sameSite}`);
  if (options.secure) attrs.push('Secure');
  return attrs.join('; ');
}

/** Django's expires/max_age rules: a Date becomes max_age; max_age sets expires if none was given. */
function expiry(name: string, options: SerializeCookieOptions): { expires: string; maxAge: string | null } {
  let maxAge = options.maxAge ?? null;
  let expires = '';
  if (options.expires instanceof Date) {
    if (maxAge !== null) {
      throw new InvalidCookieError(`Cookie ${JSON.stringify(name)}: 'expires' and 'maxAge' can't be used together.`);
    }
    const ms = options.expires.getTime();
    if (Number.isNaN(ms)) throw new InvalidCookieError(`Cookie ${JSON.stringify(name)}: expires is an invalid Date.`);
    // Django adds one second so that the date written matches the one asked for.
    maxAge = Math.max(0, Math.floor((ms - Date.now()) / 1000) + 1);
  } else if (options.expires != null) {
    expires = checked('expires', options.expires);
  }
  if (maxAge === null) return { expires, maxAge: null };
  if (!Number.isFinite(maxAge)) {
    throw new InvalidCookieError(`Cookie ${JSON.stringify(name)}: maxAge must be a finite number of seconds, not ${maxAge}.`);
  }
  if (expires === '') expires = httpDate(name, Date.now() / 1000 + maxAge);
  return { expires, maxAge: BigInt(Math.trunc(maxAge)).toString() };
}

/** The last few dates written: cookies of one age set in the same second share theirs. */
const recentDates = new Map<number, string>();

/** Django's http_date: RFC 7231 IMF-fixdate of whole seconds since the epoch. */
function httpDate(name: string, seconds: number): string {
  const whole = Math.floor(seconds);
  const known = recentDates.get(whole);
  if (known !== undefined) return known;
  const date = new Date(whole * 1000);
  const year = date.getUTCFullYear();
  if (Number.isNaN(year) || year < 1 || year > 9999) {
    throw new InvalidCookieError(`Cookie ${JSON.stringify(name)}: maxAge puts its expiry outside the years 1-9999.`);
  }
  const text = date.toUTCString();
  if (recentDates.size >= 16) recentDates.delete(recentDates.keys().next().value!);
  recentDates.set(whole, text);
  return text;
}

function sameSiteOf(value: string | false | null | undefined): string | null {
  if (value === undefined || value === null || value === false || value === '') return null;
  const normal = typeof value === 'string' ? SAME_SITE[value.toLowerCase()] : undefined;
  if (normal === undefined) {
    throw new InvalidCookieError(`samesite must be "lax", "none", or "strict", not ${JSON.stringify(value)}.`);
  }
  return normal;
}

/** Python would write these attributes unchecked; one with ';' or CR/LF would forge attributes or headers. */
function checked(attribute: string, value: string): string {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f || c === 0x3b || c > 0xff) {
      throw new InvalidCookieError(
        `Cookie ${attribute} ${JSON.stringify(value)} contains ${JSON.stringify(value[i])}; ` +
          'it may not contain ";", control characters or characters above U+00FF.',
      );
    }
  }
  return value;
}
