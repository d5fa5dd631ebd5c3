/** What a hasher hashes: the password's UTF-8 bytes, as Django's `password.encode()` gives them. */
import { UnencodablePassword } from './errors.js';

/** A raw password: text, or bytes (Django accepts both). */
export type Password = string | Uint8Array;

// A lone surrogate: in a `u` regex a well-formed pair is one code point, so only a lone half matches.
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * The UTF-8 bytes of a password. Bytes are taken as they are; a string with a lone surrogate has
 * no UTF-8 form (Node would hash U+FFFD in its place, so that every such password would match
 * every other), so it is refused as Python's str.encode() refuses it.
 *
 * @example passwordBytes('lètmein') // <Buffer 6c c3 a8 74 6d 65 69 6e>
 */
export function passwordBytes(password: Password): Buffer {
  if (password instanceof Uint8Array) return Buffer.from(password.buffer, password.byteOffset, password.byteLength);
  if (typeof password !== 'string') throw new TypeError(`Password must be a string or bytes, got ${typeName(password)}.`);
  if (LONE_SURROGATE.test(password)) {
    throw new UnencodablePassword('The password contains a lone surrogate (U+D800–U+DFFF), which UTF-8 cannot encode; it must be well-formed Unicode text, or bytes.');
  }
  return Buffer.from(password, 'utf8');
}

/** The name Django's message gives a value's type: `number`, `Array`, `Object`… */
export function typeName(value: unknown): string {
  if (typeof value !== 'object' || value === null) return value === null ? 'null' : typeof value;
  return (value as object).constructor?.name ?? 'object';
}
