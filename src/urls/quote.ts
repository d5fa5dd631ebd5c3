/**
 * Percent-encoding of reverse()'s output, as Django's reverse() does with
 * `quote(url, safe=RFC3986_SUBDELIMS + '/~:@')`: RFC 3986 `pchar`s and '/' stay, everything else
 * (space, '?', '#', '%', non-ASCII as UTF-8) becomes %XX.
 */

// Unreserved characters, sub-delims, ':', '@' and '/'.
const ALL_SAFE = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/]*$/;
const SAFE_CHAR = /[A-Za-z0-9\-._~!$&'()*+,;=:@/]/;
const encoder = new TextEncoder();

/**
 * @example
 * quotePath('/wiki/Caf\u00e9 & bar?/'); // '/wiki/Caf%C3%A9%20&%20bar%3F/'
 */
export function quotePath(text: string): string {
  if (ALL_SAFE.test(text)) return text;
  let out = '';
  // for…of walks code points; a lone surrogate comes out as U+FFFD, as TextEncoder encodes it.
  for (const ch of text) {
    if (ch.length === 1 && SAFE_CHAR.test(ch)) {
      out += ch;
      continue;
    }
    for (const byte of encoder.encode(ch)) out += `%${byte < 16 ? '0' : ''}${byte.toString(16).toUpperCase()}`;
  }
  return out;
}

/**
 * Django's escape_leading_slashes: a path starting '//' would be read as a scheme-relative URL
 * pointing at another host, so the second slash is encoded.
 */
export function escapeLeadingSlashes(url: string): string {
  return url.startsWith('//') ? `/%2F${url.slice(2)}` : url;
}
