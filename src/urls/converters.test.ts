import { describe, expect, it } from 'vitest';
import { ImproperlyConfigured } from '../conf/errors.js';
import type { Converter } from './converters.js';
import { Resolver404, UrlResolver, ValueError, path, registerConverter } from './index.js';
import type { View } from './types.js';

const view: View = () => null as never;

/** Resolves `text` against a one-pattern URLconf `prefix/<conv:value>/`: the value, or undefined on 404. */
function capture(conv: string, text: string): unknown {
  const resolver = new UrlResolver([path(`x/<${conv}:value>/`, view)]);
  try {
    return resolver.resolve(`/x/${text}/`).kwargs.value;
  } catch (error) {
    if (error instanceof Resolver404) return undefined;
    throw error;
  }
}

describe('built-in converters', () => {
  it('int: ASCII digits to a number', () => {
    expect(capture('int', '2024')).toBe(2024);
    expect(capture('int', '007')).toBe(7);
    expect(capture('int', '0')).toBe(0);
  });

  it.each(['-1', 'abc', '1.5', '1e3', '٣', '１２', '', ' 1', '0x1f'])('int does not match %j', (text) => {
    expect(capture('int', text)).toBeUndefined();
  });

  it('int beyond Number.MAX_SAFE_INTEGER is a 404, not a rounded id', () => {
    expect(capture('int', String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    expect(capture('int', '9007199254740993')).toBeUndefined();
    expect(capture('int', '9'.repeat(400))).toBeUndefined();
  });

  it('str: anything but "/", unicode included; the default for <name>', () => {
    expect(capture('str', 'hello world')).toBe('hello world');
    expect(capture('str', 'café-٣')).toBe('café-٣');
    expect(capture('str', 'a/b')).toBeUndefined();
    expect(capture('str', '')).toBeUndefined();
    const resolver = new UrlResolver([path('u/<name>/', view)]);
    expect(resolver.resolve('/u/bob/').kwargs).toEqual({ name: 'bob' });
  });

  it('slug: ASCII letters, digits, hyphens, underscores', () => {
    expect(capture('slug', 'Hello-World_2')).toBe('Hello-World_2');
    for (const text of ['café', 'a b', 'a.b', 'a/b', '']) expect(capture('slug', text)).toBeUndefined();
  });

  it('uuid: lowercase hyphenated, given as a lowercase string', () => {
    const id = '075194d3-6885-417e-a8a8-6c931e272f00';
    expect(capture('uuid', id)).toBe(id);
    expect(capture('uuid', id.toUpperCase())).toBeUndefined();
    expect(capture('uuid', id.replaceAll('-', ''))).toBeUndefined();
    expect(capture('uuid', `${id}0`)).toBeUndefined();
  });

  it('path: the rest, slashes included, but not a newline (as Python\'s ".")', () => {
    expect(capture('path', 'a/b/c.txt')).toBe('a/b/c.txt');
    expect(capture('path', '')).toBeUndefined();
    expect(capture('path', 'a\nb')).toBeUndefined();
    const resolver = new UrlResolver([path('files/<path:rest>', view)]);
    expect(resolver.resolve('/files/a/b/').kwargs).toEqual({ rest: 'a/b/' });
  });
});

describe('custom converters', () => {
  const fourDigitYear: Converter<number> = {
    regex: '[0-9]{4}',
    toValue: (text) => Number(text),
    toUrl: (year) => String(year).padStart(4, '0'),
  };
  registerConverter('yyyy', fourDigitYear);

  it('are used by name in routes, in both directions', () => {
    const resolver = new UrlResolver([path('articles/<yyyy:year>/', view, { name: 'year' })]);
    expect(resolver.resolve('/articles/2024/').kwargs).toEqual({ year: 2024 });
    expect(() => resolver.resolve('/articles/24/')).toThrow(Resolver404);
    expect(resolver.reverse('year', { kwargs: { year: 999 } })).toBe('/articles/0999/');
  });

  it('a ValueError from toValue means "try the next pattern"; from toUrl, "try the next candidate"', () => {
    registerConverter('even', {
      regex: '[0-9]+',
      toValue(text: string): number {
        const n = Number(text);
        if (n % 2 !== 0) throw new ValueError('odd');
        return n;
      },
      toUrl(value: number): string {
        if (value % 2 !== 0) throw new ValueError('odd');
        return String(value);
      },
    });
    const even: View = () => null as never;
    const other: View = () => null as never;
    const resolver = new UrlResolver([path('n/<even:n>/', even), path('n/<int:n>/', other)]);
    expect(resolver.resolve('/n/4/').func).toBe(even);
    expect(resolver.resolve('/n/5/').func).toBe(other);
    // The last pattern for a name is tried first, as in Django; a ValueError moves on to the other.
    const reverser = new UrlResolver([path('n/<int:n>/', other, { name: 'n' }), path('e/<even:n>/', even, { name: 'n' })]);
    expect(reverser.reverse('n', { args: [4] })).toBe('/e/4/');
    expect(reverser.reverse('n', { args: [3] })).toBe('/n/3/');
    expect(() => reverser.reverse(even, { args: [3] })).toThrow("Reverse for 'even' with arguments '(3,)' not found. 1 pattern(s) tried: ['e/<even:n>/']");
  });

  it('other errors from a converter propagate', () => {
    registerConverter('broken', { regex: '[a-z]+', toValue: () => { throw new TypeError('bug'); }, toUrl: String });
    const resolver = new UrlResolver([path('b/<broken:x>/', view)]);
    expect(() => resolver.resolve('/b/abc/')).toThrow(TypeError);
  });

  it('registering a name twice, or a built-in, is refused', () => {
    expect(() => registerConverter('int', fourDigitYear)).toThrow("Converter 'int' is already registered.");
    expect(() => registerConverter('yyyy', fourDigitYear)).toThrow(ImproperlyConfigured);
  });

  it('a converter must have a valid regex and both methods', () => {
    expect(() => registerConverter('bad1', { regex: '[', toValue: String, toUrl: String })).toThrow(/invalid regex/);
    expect(() => registerConverter('bad2', { regex: 'x', toValue: String } as unknown as Converter)).toThrow(/toUrl/);
    expect(() => registerConverter('bad name', { regex: 'x', toValue: String, toUrl: String })).toThrow(/not valid/);
  });
});

describe('unknown converters', () => {
  it('are ImproperlyConfigured, naming the route, the converter and the known ones', () => {
    let error: unknown;
    try {
      path('blog/<integer:year>/', view);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ImproperlyConfigured);
    const message = (error as Error).message;
    expect(message).toContain("URL route 'blog/<integer:year>/' uses invalid converter 'integer'.");
    expect(message).toMatch(/Known converters: .*int, path, slug, str, uuid/);
  });
});
