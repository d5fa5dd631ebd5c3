/**
 * Request path decoding as Django does it: percent-escapes become UTF-8 text; escapes that do not
 * form valid UTF-8 (and stray `%` signs) stay percent-encoded, so no path is ever refused here.
 */
export function decodePath(raw: string): string {
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return decodeLeniently(raw);
  }
}

function decodeLeniently(raw: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const hex = raw[i] === '%' ? raw.slice(i + 1, i + 3) : '';
    if (hex.length === 2 && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      for (const b of Buffer.from(raw[i]!, 'utf8')) bytes.push(b);
      if (raw[i] === '%') bytes[bytes.length - 1] = -1; // a literal '%' that must stay one
    }
  }
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const length = validSequenceLength(bytes, i);
    if (length === 0) {
      out += bytes[i] === -1 ? '%' : `%${bytes[i]!.toString(16).toUpperCase().padStart(2, '0')}`;
      i += 1;
    } else {
      out += Buffer.from(bytes.slice(i, i + length)).toString('utf8');
      i += length;
    }
  }
  return out;
}

/** The length of the valid UTF-8 sequence starting at i, or 0 when it is not one. */
function validSequenceLength(bytes: number[], i: number): number {
  const b = bytes[i]!;
  if (b < 0) return 0;
  if (b < 0x80) return 1;
  const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  if (length === 0 || i + length > bytes.length) return 0;
  for (let k = 1; k < length; k++) {
    const c = bytes[i + k]!;
    if (c < 0x80 || c > 0xbf) return 0;
  }
  const second = bytes[i + 1]!;
  if (b === 0xe0 && second < 0xa0) return 0; // overlong
  if (b === 0xed && second > 0x9f) return 0; // surrogate
  if (b === 0xf0 && second < 0x90) return 0; // overlong
  if (b === 0xf4 && second > 0x8f) return 0; // beyond U+10FFFF
  return length;
}

const URI_PATH_SAFE = new Set("/:@&+$,-_.!~*'()".split(''));
const ALREADY_SAFE_PATH = /^[A-Za-z0-9/:@&+$,\-_.!~*'()]*$/;
const NOT_IN_URI = /[^A-Za-z0-9/#%[\]=:;$&()+,!?*@'~._-]+/g;
const ANY_NOT_IN_URI = /[^A-Za-z0-9/#%[\]=:;$&()+,!?*@'~._-]/;

/** Percent-encodes a decoded path for use in a URL, keeping Django's safe characters. */
export function escapeUriPath(path: string): string {
  if (ALREADY_SAFE_PATH.test(path)) return path; // the usual case: nothing to escape
  let out = '';
  for (const ch of path) {
    if (/[A-Za-z0-9]/.test(ch) || URI_PATH_SAFE.has(ch)) out += ch;
    else out += encodeURIComponent(ch).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  }
  return out;
}

/** Percent-encodes characters not allowed in a URI, leaving reserved characters and existing escapes alone. */
export function iriToUri(iri: string): string {
  if (!ANY_NOT_IN_URI.test(iri)) return iri;
  return iri.replace(NOT_IN_URI, (s) => encodeURIComponent(s));
}
