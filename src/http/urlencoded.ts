/**
 * The application/x-www-form-urlencoded codec behind QueryDict: Python's parse_qsl (as Django
 * calls it) and quote/quote_plus (as QueryDict.urlencode calls them).
 */
import { TooManyFieldsSent } from '../conf/errors.js';

/**
 * Parses a query string into key → values, in order, as Django's QueryDict does: fields split on
 * '&' only, '+' is a space, %XX sequences are UTF-8 with invalid bytes replaced by U+FFFD, empty
 * fields are skipped and a field without '=' has the value ''.
 *
 * @throws TooManyFieldsSent when the '&'-separated field count (empty fields included, as Python
 *   counts them) is over `maxFields`.
 * @example parseQueryString('a=1&a=2&b', null); // Map { 'a' => ['1', '2'], 'b' => [''] }
 */
export function parseQueryString(qs: string, maxFields: number | null): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (qs.length === 0) return out;
  if (maxFields !== null) {
    let fields = 1;
    for (let at = qs.indexOf('&'); at !== -1; at = qs.indexOf('&', at + 1)) fields++;
    if (fields > maxFields) {
      throw new TooManyFieldsSent(
        `The number of GET/POST parameters (${fields}) exceeded ` +
          `settings.DATA_UPLOAD_MAX_NUMBER_FIELDS (${maxFields}).`,
      );
    }
  }
  // The next '=' is remembered across fields so that a long run of fields without '=' is not
  // rescanned for each one.
  let eq = qs.indexOf('=');
  let start = 0;
  while (start <= qs.length) {
    let end = qs.indexOf('&', start);
    if (end === -1) end = qs.length;
    if (end > start) {
      if (eq !== -1 && eq < start) eq = qs.indexOf('=', start);
      const hasValue = eq !== -1 && eq < end;
      const key = unquotePlus(qs.slice(start, hasValue ? eq : end));
      const value = hasValue ? unquotePlus(qs.slice(eq + 1, end)) : '';
      const list = out.get(key);
      if (list === undefined) out.set(key, [value]);
      else list.push(value);
    }
    start = end + 1;
  }
  return out;
}

/** Python's unquote_plus with errors='replace'; never throws. */
export function unquotePlus(text: string): string {
  const plus = text.includes('+');
  const s = plus ? text.replaceAll('+', ' ') : text;
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    // Bad escapes ('%zz') or bytes that are not UTF-8: decode by hand, as Python does.
    return unquoteLenient(s);
  }
}

function unquoteLenient(s: string): string {
  const bytes = new Uint8Array(s.length);
  let n = 0;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25 && i + 2 < s.length) {
      const hi = hexValue(s.charCodeAt(i + 1));
      const lo = hexValue(s.charCodeAt(i + 2));
      if (hi >= 0 && lo >= 0) {
        bytes[n++] = (hi << 4) | lo;
        i += 2;
        continue;
      }
    }
    if (c < 0x80) {
      bytes[n++] = c;
      continue;
    }
    // A literal non-ASCII character is kept as it is; the bytes before it end there.
    if (n > 0) out += Buffer.from(bytes.buffer, 0, n).toString('utf8');
    n = 0;
    out += s[i];
  }
  if (n > 0) out += Buffer.from(bytes.buffer, 0, n).toString('utf8');
  return out;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

const HEX = '0123456789ABCDEF';

/**
 * Python's quote(text, safe) (`plus` false) or quote_plus(text, safe) (`plus` true) over UTF-8:
 * letters, digits and `_.-~` are never escaped, ASCII characters in `safe` are kept, and with
 * `plus` a space becomes '+'. Non-ASCII characters in `safe` are ignored, as in Python.
 *
 * @example quote('a b/c', '/', false); // 'a%20b/c'
 */
export function quote(text: string, safe: string, plus: boolean): string {
  const keep = new Uint8Array(128);
  for (const c of '_.-~') keep[c.charCodeAt(0)] = 1;
  for (let i = 0; i < safe.length; i++) {
    const c = safe.charCodeAt(i);
    if (c < 128) keep[c] = 1;
  }
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    if (plus && byte === 0x20) out += '+';
    else if (byte < 128 && (keep[byte] === 1 || isAlnum(byte))) out += String.fromCharCode(byte);
    else out += '%' + HEX[byte >> 4] + HEX[byte & 15];
  }
  return out;
}

function isAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}
