/** bcrypt's salt string, `$2b$<cost>$<22 characters>`, drawn without loading the bcrypt library. */
import { randomBytes } from 'node:crypto';

const STANDARD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** bcrypt's own base64 alphabet: the same 64 characters in another order. */
export const BCRYPT_ALPHABET = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A fresh bcrypt salt for `rounds` (log₂ of the work, 4 to 31): 16 random bytes in bcrypt's
 * base64, as Python's bcrypt.gensalt(rounds) makes.
 *
 * @example bcryptSalt(12) // '$2b$12$Tk1Gm4ZkJX5K0cJ8m8oYfe'
 */
export function bcryptSalt(rounds: number): string {
  if (!Number.isInteger(rounds) || rounds < 4 || rounds > 31) {
    throw new RangeError(`bcrypt rounds must be a whole number from 4 to 31, not ${rounds}.`);
  }
  const standard = randomBytes(16).toString('base64').slice(0, 22);
  let salt = '';
  for (const char of standard) salt += BCRYPT_ALPHABET[STANDARD.indexOf(char)];
  return `$2b$${String(rounds).padStart(2, '0')}$${salt}`;
}
