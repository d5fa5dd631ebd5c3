import { describe, expect, it } from 'vitest';
import { ImproperlyConfigured } from '../conf/errors.js';
import { Resolver404, UrlResolver, include, rePath } from './index.js';
import { pythonToJs } from '../conf/python-regex.js';
import { RegexPattern } from './regex-pattern.js';
import type { View } from './types.js';

const myView: View = () => null as never;

describe("rePath(): seed 003's url(regex, view) patterns", () => {
  // url(r'^foo/([0-9]{1,2})/$', cache_page(60 * 15)(my_view))
  const resolver = new UrlResolver([rePath('^foo/([0-9]{1,2})/$', myView)]);

  it('an unnamed group is a positional argument, as a string', () => {
    const match = resolver.resolve('/foo/12/');
    expect(match.func).toBe(myView);
    expect(match.args).toEqual(['12']);
    expect(match.kwargs).toEqual({});
    expect(match.route).toBe('^foo/([0-9]{1,2})/$');
  });

  it.each(['/foo/123/', '/foo//', '/foo/ab/', '/foo/12', '/xfoo/12/', '/foo/12/x'])('%s does not match', (p) => {
    expect(() => resolver.resolve(p)).toThrow(Resolver404);
  });

  it('named groups are keyword arguments, strings, no conversion', () => {
    const r = new UrlResolver([rePath('^articles/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$', myView)]);
    const match = r.resolve('/articles/2024/05/');
    expect(match.kwargs).toEqual({ year: '2024', month: '05' });
    expect(match.args).toEqual([]);
  });

  it('when there are named groups, the unnamed ones are not passed at all', () => {
    const r = new UrlResolver([rePath('^(\\w+)/(?P<id>[0-9]+)/$', myView)]);
    expect(r.resolve('/blog/7/')).toMatchObject({ args: [], kwargs: { id: '7' } });
  });

  it('an optional named group that did not take part is left out (Django 3+)', () => {
    const r = new UrlResolver([rePath('^blog/(?:page-(?P<page>[0-9]+)/)?$', myView)]);
    expect(r.resolve('/blog/page-3/').kwargs).toEqual({ page: '3' });
    expect(r.resolve('/blog/').kwargs).toEqual({});
  });

  it('without an anchor the regex is searched, as Django\'s re.search does', () => {
    const r = new UrlResolver([rePath('bar/$', myView)]);
    expect(r.isValidPath('/foo/bar/')).toBe(true);
  });

  it('a RegExp is used as it is, flags included (g and y are dropped)', () => {
    const r = new UrlResolver([rePath(/^Shop\/(?<item>[a-z]+)\/$/giy, myView)]);
    expect(r.resolve('/shop/TEA/').kwargs).toEqual({ item: 'TEA' });
    expect(r.resolve('/shop/tea/').kwargs).toEqual({ item: 'tea' });
  });

  it('includes nest regex prefixes; outer positional args come first', () => {
    const inner = [rePath('^([0-9]+)/$', myView)];
    const r = new UrlResolver([rePath('^(\\w+)/', include(inner))]);
    const match = r.resolve('/shop/42/');
    expect(match.args).toEqual(['shop', '42']);
    expect(match.route).toBe('^(\\w+)/([0-9]+)/$');
  });

  it('an invalid regex is ImproperlyConfigured', () => {
    expect(() => rePath('^(unclosed/$', myView)).toThrow(ImproperlyConfigured);
    expect(() => rePath('^(unclosed/$', myView)).toThrow(/"\^\(unclosed\/\$" is not a valid regular expression/);
    expect(() => rePath(42 as unknown as string, myView)).toThrow(/regex string or a RegExp/);
  });
});

describe('matching at an offset', () => {
  it('gives the same answer sticky (leading ^) and sliced (anything else)', () => {
    const anchored = new RegexPattern('^a(?P<x>[0-9]+)/', false);
    const searched = new RegexPattern('a(?P<x>[0-9]+)/', false);
    for (const p of [anchored, searched]) expect(p.match('/xa12/rest', 2)).toEqual({ end: 6, args: [], kwargs: { x: '12' } });
    expect(anchored.match('/xxa12/rest', 2)).toBeNull();
    expect(searched.match('/xxa12/rest', 2)).toEqual({ end: 7, args: [], kwargs: { x: '12' } });
  });

  it('keeps ^ semantics for alternation and lookbehind', () => {
    const alternation = new RegexPattern('^a/|b/', false);
    expect(alternation.match('/zb/', 1)?.end).toBe(4);
    const lookbehind = new RegexPattern('^(?<=/)x', false);
    expect(lookbehind.match('/x', 1)).toBeNull();
  });
});

describe('Python regex syntax', () => {
  it.each([
    ['^(?P<year>[0-9]{4})/$', '^(?<year>[0-9]{4})/$', ''],
    ['^(?P<a>x)-(?P=a)$', '^(?<a>x)-\\k<a>$', ''],
    ['\\Afoo\\Z', '^foo$', ''],
    ['(?i)^foo$', '^foo$', 'i'],
    ['(?is)(?#comment)^foo$', '^foo$', 'is'],
    ['^[]a]$', '^[\\]a]$', ''],
    ['^[^]a]$', '^[^\\]a]$', ''],
    ['^[\\]](?P<x>.)', '^[\\]](?<x>.)', ''],
  ])('%s → %s', (python, source, flags) => {
    expect(pythonToJs(python)).toEqual({ source, flags });
  });

  it('refuses what has no JavaScript equivalent', () => {
    expect(() => pythonToJs('(?x)^a b$')).toThrow(/inline flag 'x'/);
    expect(() => pythonToJs('^(?i:a)$')).toThrow(/inline flags other than at the start/);
  });
});
