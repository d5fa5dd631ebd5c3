/** Base 62 integers, the form TimestampSigner writes its timestamp in (Django's b62_encode). */

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * Writes a safe integer in base 62, with a leading '-' when negative.
 *
 * @example
 * b62Encode(1_700_000_000); // '1r31eq'
 */
export function b62Encode(value: number): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`b62Encode needs a safe integer, got ${value}`);
  if (value === 0) return '0';
  let rest = Math.abs(value);
  let out = '';
  while (rest > 0) {
    out = ALPHABET[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return value < 0 ? `-${out}` : out;
}

/**
 * Reads a base 62 integer written by b62Encode (or by Django).
 *
 * @example
 * b62Decode('1r31eq'); // 1700000000
 */
export function b62Decode(text: string): number {
  const negative = text.startsWith('-');
  const digits = negative ? text.slice(1) : text;
  if (digits === '') throw new RangeError(`Invalid base 62 number: ${JSON.stringify(text)}`);
  let value = 0;
  for (const digit of digits) {
    const index = ALPHABET.indexOf(digit);
    if (index < 0) throw new RangeError(`Invalid base 62 number: ${JSON.stringify(text)} has ${JSON.stringify(digit)}`);
    value = value * 62 + index;
  }
  if (!Number.isSafeInteger(value)) throw new RangeError(`Base 62 number ${JSON.stringify(text)} is too large`);
  return negative ? -value : value;
}
