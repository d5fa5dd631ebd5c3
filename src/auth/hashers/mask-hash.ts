/** The small helpers Django's hashers share: masking for display, and the salt-entropy rule. */
import { RANDOM_STRING_CHARS } from '../../signing/index.js';

/**
 * The first `show` characters of a hash, the rest replaced by `char`: what a safe summary shows.
 * @example maskHash('seasalt', 2) // 'se*****'
 */
export function maskHash(hash: string, show = 6, char = '*'): string {
  return hash.slice(0, show) + char.repeat(Math.max(hash.length - show, 0));
}

const BITS_PER_CHAR = Math.log2(RANDOM_STRING_CHARS.length);

/**
 * True when a salt of this length, drawn from Django's 62-character alphabet, carries fewer than
 * `expectedEntropy` bits: the password should be hashed again with a fresh salt.
 */
export function mustUpdateSalt(salt: string, expectedEntropy: number): boolean {
  return salt.length * BITS_PER_CHAR < expectedEntropy;
}

/** Django's salt() length for an entropy: 22 characters for the default 128 bits. */
export function saltLength(entropy: number): number {
  return Math.ceil(entropy / BITS_PER_CHAR);
}
