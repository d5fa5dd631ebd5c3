/**
 * URL-safe base64 without `=` padding, as Django's signing.b64_encode/b64_decode write it: the
 * signed formats put base64 text in URLs and cookies, where `=` would need quoting.
 */

const URLSAFE = /^[A-Za-z0-9_-]*$/;

/**
 * Encodes bytes (or a string, as UTF-8) as unpadded URL-safe base64.
 *
 * @example
 * b64Encode('hello'); // 'aGVsbG8'
 */
export function b64Encode(data: Uint8Array | string): string {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return bytes.toString('base64url');
}

/**
 * Decodes unpadded (or padded) URL-safe base64. Unlike Buffer.from(s, 'base64url'), which skips
 * what it does not understand, this throws on any character outside the alphabet and on a length
 * no encoder produces, so garbage is never silently decoded to something else.
 *
 * @example
 * b64Decode('aGVsbG8').toString(); // 'hello'
 */
export function b64Decode(text: string): Buffer {
  const body = text.replace(/={1,2}$/, '');
  if (!URLSAFE.test(body)) {
    throw new TypeError(`Invalid URL-safe base64: ${preview(text)} has a character outside A-Z a-z 0-9 - _`);
  }
  if (body.length % 4 === 1 || (body.length !== text.length && text.length % 4 !== 0)) {
    throw new TypeError(`Invalid URL-safe base64: ${preview(text)} has a length no encoder produces`);
  }
  return Buffer.from(body, 'base64url');
}

function preview(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
