/** Comparing secrets without leaking, through timing, how much of a guess was right. */
import { timingSafeEqual } from 'node:crypto';
import { toBytes } from './salted-hmac.js';
import type { Secret } from './salted-hmac.js';

/**
 * True when the two values are equal, taking time that depends only on their lengths (as
 * Python's hmac.compare_digest, which Django's constant_time_compare uses). Strings compare as
 * UTF-8 bytes. Unequal lengths answer false rather than throwing as timingSafeEqual would.
 *
 * @example
 * if (!constantTimeCompare(given, expected)) throw new BadSignature('…');
 */
export function constantTimeCompare(a: Secret, b: Secret): boolean {
  const left = toBytes(a);
  const right = toBytes(b);
  if (left.length !== right.length) {
    // Still do the work of a comparison, so a length mismatch is not answered faster.
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}
