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

const INDEX = new Map([...CSRF_ALLOWED_CHARS].map((char, i) => [char, i]));
const N = CSRF_ALLOWED_CHARS.length;
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
  let cipher = '';
  for (let i = 0; i < secret.length; i++) cipher += CSRF_ALLOWED_CHARS[(INDEX.get(secret[i]!)! + INDEX.get(mask[i]!)!) % N];
  return mask + cipher;
}

/** The secret inside a 64-character token (the token's format must have been checked). */
export function unmaskCipherToken(token: string): string {
  const mask = token.slice(0, CSRF_SECRET_LENGTH);
  const cipher = token.slice(CSRF_SECRET_LENGTH);
  let secret = '';
  for (let i = 0; i < cipher.length; i++) secret += CSRF_ALLOWED_CHARS[(INDEX.get(cipher[i]!)! - INDEX.get(mask[i]!)! + N) % N];
  return secret;
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
