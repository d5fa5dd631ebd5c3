import { constantTimeCompare } from '../signing/constant-time.js';
import { RANDOM_STRING_CHARS, randomString } from '../signing/random-string.js';
import { InvalidTokenFormat } from './errors.js';

/** The secret kept in the csrftoken cookie (or the session): 32 letters and digits. */
export const CSRF_SECRET_LENGTH = 32;
/** A token as forms and headers carry it: a 32-character mask, then the secret enciphered with it. */
export const CSRF_TOKEN_LENGTH = 2 * CSRF_SECRET_LENGTH;
export const CSRF_ALLOWED_CHARS = RANDOM_STRING_CHARS;

export const REASON_INCORRECT_LENGTH = 'has incorrect length';
export const REASON_INVALID_CHARACTERS = 'has invalid characters';

const N = CSRF_ALLOWED_CHARS.length;
/** Each allowed character's position, by char code (-1 for others). */
const INDEX = new Int8Array(128).fill(-1);
for (let i = 0; i < N; i++) INDEX[CSRF_ALLOWED_CHARS.charCodeAt(i)] = i;
const CODES = Buffer.from(CSRF_ALLOWED_CHARS, 'latin1');
const VALID = /^[A-Za-z0-9]*$/;

/** A new random secret. */
export function newCsrfSecret(): string {
  return randomString(CSRF_SECRET_LENGTH);
}

/**
 * The secret enciphered with a fresh random mask: `mask + cipher`, each character of the cipher
 * the sum of the secret's and the mask's character positions. A page gets a different token on
 * every request (so BREACH cannot read the secret out of compressed pages), all valid for one secret.
 */
export function maskCipherSecret(secret: string): string {
  const mask = randomString(CSRF_SECRET_LENGTH);
  const cipher = Buffer.allocUnsafe(secret.length);
  for (let i = 0; i < secret.length; i++) cipher[i] = CODES[(INDEX[secret.charCodeAt(i)]! + INDEX[mask.charCodeAt(i)]!) % N]!;
  return mask + cipher.toString('latin1');
}

/** The secret inside a 64-character token (the token's format must have been checked). */
export function unmaskCipherToken(token: string): string {
  const secret = Buffer.allocUnsafe(token.length - CSRF_SECRET_LENGTH);
  for (let i = 0; i < secret.length; i++) {
    secret[i] = CODES[(INDEX[token.charCodeAt(CSRF_SECRET_LENGTH + i)]! - INDEX[token.charCodeAt(i)]! + N) % N]!;
  }
  return secret.toString('latin1');
}

/** Throws InvalidTokenFormat unless the token is 32 or 64 letters and digits. */
export function checkTokenFormat(token: string): void {
  if (token.length !== CSRF_TOKEN_LENGTH && token.length !== CSRF_SECRET_LENGTH) throw new InvalidTokenFormat(REASON_INCORRECT_LENGTH);
  if (!VALID.test(token)) throw new InvalidTokenFormat(REASON_INVALID_CHARACTERS);
}

/** Whether a (format-checked) token from a form or header carries this secret. */
export function doesTokenMatch(token: string, secret: string): boolean {
  const candidate = token.length === CSRF_TOKEN_LENGTH ? unmaskCipherToken(token) : token;
  return constantTimeCompare(candidate, secret);
}
