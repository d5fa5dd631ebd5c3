import { randomBytes } from 'node:crypto';

/** Letters and digits, Django's default alphabet for get_random_string(). */
export const RANDOM_STRING_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

const POOL_SIZE = 4096;
let pool = Buffer.alloc(0);
let poolAt = 0;

function nextByte(): number {
  if (poolAt >= pool.length) {
    pool = randomBytes(POOL_SIZE);
    poolAt = 0;
  }
  return pool[poolAt++]!;
}

/**
 * A string of `length` characters drawn uniformly from `allowed` by the operating system's
 * CSPRNG: Django's get_random_string(). Bytes that would bias the draw are thrown away.
 *
 * @example randomString(32, 'abcdefghijklmnopqrstuvwxyz0123456789') // a session key
 */
export function randomString(length: number, allowed: string = RANDOM_STRING_CHARS): string {
  if (allowed.length === 0 || allowed.length > 256) throw new RangeError('randomString() needs 1 to 256 allowed characters.');
  const limit = 256 - (256 % allowed.length);
  let out = '';
  while (out.length < length) {
    const byte = nextByte();
    if (byte < limit) out += allowed[byte % allowed.length];
  }
  return out;
}
