/** Django's django.utils.http int_to_base36 / base36_to_int, as password-reset tokens use them. */

/** Django refuses base36 input longer than this (it would be a number beyond any timestamp). */
const MAX_BASE36_LENGTH = 13;
const BASE36 = /^[0-9a-z]+$/i;

/**
 * A whole number ≥ 0 in base 36, lower case (Django's int_to_base36).
 *
 * @example
 * intToBase36(818_181_818); // 'dhb5mq'
 */
export function intToBase36(value: number | bigint): string {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new TypeError(`${value} is not a whole number.`);
  if (value < 0) throw new RangeError('Negative base36 conversion input.');
  return value.toString(36);
}

/**
 * The number a base36 string stands for, or undefined when it is not one (empty, a sign, a
 * character outside 0-9a-z, or longer than 13 characters, which Django refuses too).
 */
export function base36ToInt(text: string): bigint | undefined {
  if (text.length > MAX_BASE36_LENGTH || !BASE36.test(text)) return undefined;
  let value = 0n;
  for (const char of text.toLowerCase()) value = value * 36n + BigInt(Number.parseInt(char, 36));
  return value;
}
