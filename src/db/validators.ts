import { domainToASCII } from 'node:url';
import { isIP } from 'node:net';
import { ValidationError } from './errors.js';
import type { Validator } from './fields/field.js';

/*
 * Django's validators (django/core/validators.py) as functions: each factory returns a
 * Validator that throws ValidationError with Django's message. Fields add the ones they imply
 * (EmailField → validateEmail); models add their own through the `validators` option.
 */

/** Refuses strings (or arrays) longer than `limit`. @example fields.TextField({ validators: [maxLengthValidator(500)] }) */
export function maxLengthValidator(limit: number): Validator<{ readonly length: number }> {
  return (value) => {
    if (value.length > limit) {
      throw new ValidationError(`Ensure this value has at most ${limit} ${plural(limit, 'character')} (it has ${value.length}).`);
    }
  };
}

/** Refuses strings (or arrays) shorter than `limit`. @example fields.CharField({ maxLength: 64, validators: [minLengthValidator(3)] }) */
export function minLengthValidator(limit: number): Validator<{ readonly length: number }> {
  return (value) => {
    if (value.length < limit) {
      throw new ValidationError(`Ensure this value has at least ${limit} ${plural(limit, 'character')} (it has ${value.length}).`);
    }
  };
}

type Comparable = number | bigint | string | Date;

/** Refuses values below `limit`. @example fields.IntegerField({ validators: [minValueValidator(1)] }) */
export function minValueValidator(limit: Comparable): Validator<Comparable> {
  return (value) => {
    if (compare(value, limit) < 0) throw new ValidationError(`Ensure this value is greater than or equal to ${show(limit)}.`);
  };
}

/** Refuses values above `limit`. @example fields.IntegerField({ validators: [maxValueValidator(100)] }) */
export function maxValueValidator(limit: Comparable): Validator<Comparable> {
  return (value) => {
    if (compare(value, limit) > 0) throw new ValidationError(`Ensure this value is less than or equal to ${show(limit)}.`);
  };
}

// RFC 5322 dot-atom and quoted-string local parts, as Django accepts them.
const DOT_ATOM = /^[-!#$%&'*+/=?^_`{}|~0-9a-z]+(\.[-!#$%&'*+/=?^_`{}|~0-9a-z]+)*$/i;
// eslint-disable-next-line no-control-regex
const QUOTED = /^"([\x01-\x08\x0b\x0c\x0e-\x1f!#-[\]-\x7f]|\\[\x01-\x09\x0b\x0c\x0e-\x7f])*"$/i;
const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/i;
const EMAIL_MESSAGE = 'Enter a valid email address.';

/**
 * Django's EmailValidator: a dot-atom or quoted local part, `@`, then a domain with a dot
 * (internationalised names allowed), `localhost`, or a bracketed IP literal; at most 320 characters.
 *
 * @example validateEmail('ann@example.com'); // passes
 */
export const validateEmail: Validator<string> = (value) => {
  const at = value.lastIndexOf('@');
  if (value.length > 320 || at <= 0) throw new ValidationError(EMAIL_MESSAGE);
  const user = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (!DOT_ATOM.test(user) && !QUOTED.test(user)) throw new ValidationError(EMAIL_MESSAGE);
  if (!isValidEmailDomain(domain)) throw new ValidationError(EMAIL_MESSAGE);
};

function isValidEmailDomain(domain: string): boolean {
  if (domain === 'localhost') return true;
  const literal = /^\[([a-f0-9:.]+)\]$/i.exec(domain);
  if (literal !== null) {
    return isIP(literal[1] ?? '') !== 0;
  }
  if (domain.endsWith('-') || /\s/.test(domain)) return false;
  if (DOMAIN.test(domain)) return !domain.split('.').some((label) => label.endsWith('-'));
  // An internationalised domain is valid when its punycode form is.
  const ascii = domainToASCII(domain);
  return ascii !== '' && ascii !== domain && DOMAIN.test(ascii);
}

const SLUG = /^[-a-zA-Z0-9_]+$/;

/** Letters, digits, underscores and hyphens only. @example validateSlug('my-first-post') */
export const validateSlug: Validator<string> = (value) => {
  if (!SLUG.test(value)) {
    throw new ValidationError('Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.');
  }
};

const HOSTNAME = /^(?:[a-z0-9\u00a1-\uffff](?:[a-z0-9\u00a1-\uffff-]{0,61}[a-z0-9\u00a1-\uffff])?\.)+(?:[a-z\u00a1-\uffff-]{2,63}|xn--[a-z0-9]{1,59})\.?$/i;
const URL_SHAPE = /^([a-z][a-z0-9.+-]*):\/\/(?:[^\s:@/]+(?::[^\s@/]*)?@)?(\[[^\]]+\]|[^\s:/?#[\]@]+)(?::(\d{1,5}))?(?:[/?#][^\s]*)?$/i;

/**
 * Django's URLValidator: a scheme among `schemes` (http, https, ftp, ftps by default), an
 * optional user:password@, a host that is a domain with a top-level name, `localhost`, an IPv4
 * address or a bracketed IPv6 address, an optional port, then path/query/fragment without spaces.
 *
 * @example fields.CharField({ maxLength: 200, validators: [urlValidator(['https'])] })
 */
export function urlValidator(schemes: readonly string[] = ['http', 'https', 'ftp', 'ftps']): Validator<string> {
  const allowed = new Set(schemes.map((s) => s.toLowerCase()));
  return (value) => {
    const match = value.length <= 2048 ? URL_SHAPE.exec(value) : null;
    const scheme = match?.[1]?.toLowerCase() ?? '';
    const host = match?.[2] ?? '';
    const port = match?.[3];
    if (match === null || !allowed.has(scheme) || !isValidUrlHost(host) || (port !== undefined && Number(port) > 65535)) {
      throw new ValidationError('Enter a valid URL.');
    }
  };
}

function isValidUrlHost(host: string): boolean {
  if (host.startsWith('[')) return isIP(host.slice(1, -1)) === 6;
  if (/^[\d.]+$/.test(host)) return isIP(host) === 4;
  if (host.toLowerCase() === 'localhost') return true;
  return host.length <= 253 && HOSTNAME.test(host);
}

/** urlValidator() with Django's default schemes. @example validateUrl('https://example.com/') */
export const validateUrl: Validator<string> = urlValidator();

/**
 * Django's DecimalValidator on a decimal string: at most `maxDigits` digits in all (trailing
 * fractional zeros count, leading zeros do not), at most `decimalPlaces` after the point.
 *
 * @example decimalValidator(5, 2)('123.45'); // passes; '1234.5' does not
 */
export function decimalValidator(maxDigits: number | undefined, decimalPlaces: number | undefined): Validator<string> {
  return (value) => {
    const match = /^[+-]?(\d*)(?:\.(\d*))?$/.exec(value);
    if (match === null || !/\d/.test(value)) throw new ValidationError(`“${value}” value must be a decimal number.`);
    const whole = (match[1] ?? '').replace(/^0+/, '');
    const fraction = match[2] ?? '';
    // As Django counts: 0.05 has two digits (the whole part's zero does not count), 1.50 three.
    const digits = whole.length + fraction.length;
    if (maxDigits !== undefined && digits > maxDigits) {
      throw new ValidationError(`Ensure that there are no more than ${maxDigits} ${plural(maxDigits, 'digit')} in total.`);
    }
    if (decimalPlaces !== undefined && fraction.length > decimalPlaces) {
      throw new ValidationError(`Ensure that there are no more than ${decimalPlaces} decimal ${plural(decimalPlaces, 'place')}.`);
    }
    if (maxDigits !== undefined && decimalPlaces !== undefined && whole.length > maxDigits - decimalPlaces) {
      const max = maxDigits - decimalPlaces;
      throw new ValidationError(`Ensure that there are no more than ${max} ${plural(max, 'digit')} before the decimal point.`);
    }
  };
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

function show(value: Comparable): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

function compare(a: Comparable, b: Comparable): number {
  if (a instanceof Date || b instanceof Date) return Number(a instanceof Date ? a.getTime() : a) - Number(b instanceof Date ? b.getTime() : b);
  if (typeof a === 'string' && typeof b === 'string' && !isNumeric(a)) return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'bigint' || typeof b === 'bigint') {
    const [x, y] = [toBig(a), toBig(b)];
    if (x !== undefined && y !== undefined) return x < y ? -1 : x > y ? 1 : 0;
  }
  return Number(a) - Number(b);
}

function isNumeric(s: string): boolean {
  return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(s);
}

function toBig(v: Comparable): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^[+-]?\d+$/.test(v)) return BigInt(v);
  return undefined;
}
