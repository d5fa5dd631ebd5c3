/**
 * Path converters: what `<int:year>` means. A converter is a regex for the text it accepts and a
 * pair of functions between that text and the value a view receives.
 */
import { ImproperlyConfigured } from '../conf/errors.js';
import { ValueError } from './errors.js';

/**
 * A path converter. `regex` is JavaScript regex source (compiled without the `u` flag, and
 * wrapped in a group, so it must not contain `^` or `$`). `toValue` turns the matched text into the
 * value the view gets; `toUrl` turns a value back into text for reverse(), which must then match
 * `regex`. Either may throw a {@link ValueError} to mean "no match here": resolve() goes on to the
 * next pattern, reverse() to the next candidate. Other errors propagate.
 *
 * @example
 * const fourDigitYear: Converter<number> = {
 *   regex: '[0-9]{4}',
 *   toValue: (text) => Number(text),
 *   toUrl: (year) => String(year).padStart(4, '0'),
 * };
 */
export interface Converter<T = unknown> {
  readonly regex: string;
  // Method syntax on purpose: a Converter<number> must be usable where a Converter<unknown> is.
  toValue(text: string): T;
  toUrl(value: T): string;
}

/** `[0-9]+`, ASCII digits only, to a number; above Number.MAX_SAFE_INTEGER it does not match. */
export const intConverter: Converter<number> = Object.freeze({
  regex: '[0-9]+',
  toValue(text: string): number {
    // Up to 15 digits cannot pass MAX_SAFE_INTEGER, and adding them up beats Number() by far.
    if (text.length > 0 && text.length <= 15) {
      let n = 0;
      for (let i = 0; i < text.length && n >= 0; i++) {
        const digit = text.charCodeAt(i) - 48;
        n = digit >= 0 && digit <= 9 ? n * 10 + digit : -1;
      }
      if (n >= 0) return n;
    }
    const n = /^[0-9]+$/.test(text) ? Number(text) : NaN;
    // Django's int is unbounded; a JS number is not, and a silently rounded id is worse than a 404.
    if (!Number.isSafeInteger(n)) throw new ValueError(`'${text}' is not a whole number an int path converter can give exactly`);
    return n;
  },
  toUrl(value: number): string {
    if (typeof value === 'number' && !Number.isSafeInteger(value)) {
      throw new ValueError(`${value} is not a safe integer`);
    }
    return String(value);
  },
});

/** Any non-empty text without a '/'. The default when a route says `<name>`. */
export const strConverter: Converter<string> = Object.freeze({
  regex: '[^/]+',
  toValue: (text: string): string => text,
  toUrl: (value: string): string => String(value),
});

/** ASCII letters, digits, hyphens and underscores. */
export const slugConverter: Converter<string> = Object.freeze({
  regex: '[-a-zA-Z0-9_]+',
  toValue: (text: string): string => text,
  toUrl: (value: string): string => String(value),
});

/** A lowercase hyphenated UUID; the view gets the string (JavaScript has no UUID type). */
export const uuidConverter: Converter<string> = Object.freeze({
  regex: '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
  toValue: (text: string): string => text,
  // Python's str(uuid) is lowercase; JS code often carries uppercase UUID strings.
  toUrl: (value: string): string => String(value).toLowerCase(),
});

/** Any non-empty text, '/' included: the rest of the path. Like Python's `.`, not a newline. */
export const pathConverter: Converter<string> = Object.freeze({
  regex: '[^\\n]+',
  toValue: (text: string): string => text,
  toUrl: (value: string): string => String(value),
});

const DEFAULT_CONVERTERS: ReadonlyMap<string, Converter> = new Map<string, Converter>([
  ['int', intConverter],
  ['path', pathConverter],
  ['slug', slugConverter],
  ['str', strConverter],
  ['uuid', uuidConverter],
]);

// The one explicit registry of this module. Routes look converters up when path() runs, so
// register before defining the urlpatterns that use them.
const registered = new Map<string, Converter>();

/**
 * Makes a converter available to routes as `<name:param>`. Names are unique: registering one
 * twice, or one of the built-ins, is an error.
 *
 * @example
 * registerConverter('yyyy', fourDigitYear);
 * path('articles/<yyyy:year>/', yearArchive);
 */
export function registerConverter<T>(name: string, converter: Converter<T>): void {
  if (typeof name !== 'string' || !/^[^\s<>:]+$/.test(name)) {
    throw new ImproperlyConfigured(`Converter name ${JSON.stringify(name)} is not valid: use letters, digits or '_'.`);
  }
  if (DEFAULT_CONVERTERS.has(name) || registered.has(name)) {
    throw new ImproperlyConfigured(`Converter '${name}' is already registered.`);
  }
  if (typeof converter?.regex !== 'string') {
    throw new ImproperlyConfigured(`Converter '${name}' must define a 'regex' string.`);
  }
  try {
    new RegExp(converter.regex);
  } catch (error) {
    throw new ImproperlyConfigured(`Converter '${name}' has an invalid regex '${converter.regex}': ${(error as Error).message}`);
  }
  for (const method of ['toValue', 'toUrl'] as const) {
    if (typeof converter[method] !== 'function') {
      throw new ImproperlyConfigured(`Converter '${name}' must define a '${method}()' method.`);
    }
  }
  registered.set(name, converter as Converter);
}

/** The converter registered as `name`, or undefined. */
export function findConverter(name: string): Converter | undefined {
  return DEFAULT_CONVERTERS.get(name) ?? registered.get(name);
}

/** Every converter name routes may use, sorted. */
export function converterNames(): string[] {
  return [...DEFAULT_CONVERTERS.keys(), ...registered.keys()].sort();
}
