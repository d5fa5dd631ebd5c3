/** Reading the `$`-separated fields of an encoded password, refusing what the hasher never wrote. */
import { MalformedPasswordHash } from './errors.js';

/**
 * The `count` fields of `encoded`, the first of which must be `algorithm`.
 * @throws MalformedPasswordHash naming the algorithm and what was wrong (never the hash itself).
 */
export function splitFields(encoded: string, count: number, algorithm: string): string[] {
  const fields = encoded.split('$');
  if (fields[0] !== algorithm) {
    throw new MalformedPasswordHash(`This is not a ${algorithm} password hash: it must start with '${algorithm}$'.`);
  }
  if (fields.length !== count) {
    throw new MalformedPasswordHash(`A ${algorithm} password hash has ${count} fields separated by '$'; this one has ${fields.length}.`);
  }
  return fields;
}

const DECIMAL = /^[1-9][0-9]{0,9}$/;

/**
 * A cost field: a whole number from 1 to `max`, in plain decimal digits.
 * @throws MalformedPasswordHash naming the field and the range.
 */
export function costField(text: string | undefined, field: string, algorithm: string, max: number): number {
  const value = text !== undefined && DECIMAL.test(text) ? Number(text) : NaN;
  if (!(value >= 1 && value <= max)) {
    throw new MalformedPasswordHash(`The ${field} of a ${algorithm} password hash must be a whole number from 1 to ${max}.`);
  }
  return value;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** True for standard base64 (padding optional), the alphabet Django writes hashes in. */
export function isBase64(text: string): boolean {
  return BASE64.test(text) && text.length % 4 !== 1;
}
