/**
 * Header-parameter parsing (Django's parse_header_parameters), used to tell urlencoded,
 * multipart and other bodies apart and to find their charset and boundary.
 */

export interface ParsedContentType {
  /** The media type, trimmed and lower-cased: 'multipart/form-data'; '' when the header is empty. */
  mediaType: string;
  /** Parameters by lower-cased name, unquoted; no prototype, so any name is safe. */
  params: Record<string, string>;
  /** The charset parameter, lower-cased, or null. */
  charset: string | null;
}

/**
 * Splits a Content-Type (or Content-Disposition) header into its main value and parameters.
 * Quoted values may contain ';'; `name*=charset'lang'%XX` values (RFC 2231) are decoded. Never
 * throws.
 *
 * @example
 * parseContentType('Multipart/Form-Data; boundary="a;b"; charset=UTF-8');
 * // { mediaType: 'multipart/form-data', params: { boundary: 'a;b', charset: 'UTF-8' }, charset: 'utf-8' }
 */
export function parseContentType(header: string | null | undefined): ParsedContentType {
  const pieces = splitParams(header ?? '');
  const params = Object.create(null) as Record<string, string>;
  for (const piece of pieces.slice(1)) {
    const eq = piece.indexOf('=');
    if (eq === -1) continue;
    let name = piece.slice(0, eq).trim().toLowerCase();
    let value = piece.slice(eq + 1).trim();
    if (name.endsWith('*')) {
      name = name.slice(0, -1);
      value = decodeExtended(value);
    } else if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
      value = value.slice(1, -1).replaceAll('\\\\', '\\').replaceAll('\\"', '"');
    }
    params[name] = value;
  }
  const charset = params.charset;
  return {
    mediaType: (pieces[0] ?? '').trim().toLowerCase(),
    params,
    charset: charset === undefined ? null : charset.toLowerCase(),
  };
}

/** Splits on ';' outside double-quoted strings. */
function splitParams(header: string): string[] {
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < header.length; i++) {
    const c = header[i];
    if (c === '"') {
      // A quote counts unless it is escaped by an odd run of backslashes.
      let slashes = 0;
      for (let j = i - 1; j >= start && header[j] === '\\'; j--) slashes++;
      if (slashes % 2 === 0) quoted = !quoted;
    } else if (c === ';' && !quoted) {
      out.push(header.slice(start, i));
      start = i + 1;
    }
  }
  out.push(header.slice(start));
  return out;
}

/** RFC 2231 `charset'language'percent-encoded`; an unknown charset or bad escape keeps the raw text. */
function decodeExtended(value: string): string {
  const parts = value.split("'");
  if (parts.length !== 3) return value;
  const charset = (parts[0] ?? '').toLowerCase();
  const encoded = parts[2] ?? '';
  const bytes = percentBytes(encoded);
  if (bytes === null) return value;
  if (charset === 'utf-8' || charset === 'utf8' || charset === '') return bytes.toString('utf8');
  if (charset === 'iso-8859-1' || charset === 'latin1' || charset === 'us-ascii') return bytes.toString('latin1');
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return value;
  }
}

function percentBytes(text: string): Buffer | null {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x25) {
      const byte = Number.parseInt(text.slice(i + 1, i + 3), 16);
      if (!/^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) return null;
      out.push(byte);
      i += 2;
    } else if (c < 0x80) {
      out.push(c);
    } else {
      return null;
    }
  }
  return Buffer.from(out);
}

/** Python's str.strip(): removes the characters str.isspace() accepts from both ends. */
export function pyStrip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isPySpace(text.charCodeAt(start))) start++;
  while (end > start && isPySpace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

function isPySpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
  if (c < 0x85) return false;
  return (
    c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 ||
    c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
  );
}
