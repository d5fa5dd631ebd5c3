import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CanterError } from '../conf/errors.js';
import { NoReverseMatch, UrlResolver, include, path, rePath } from './index.js';
import type { UrlConf, View } from './types.js';

const named = (name: string): View => Object.defineProperty(() => null as never, 'name', { value: name });
const index = named('index');
const detail = named('detail');
const archive = named('archive');
const page = named('page');
const unnamed = named('unnamed');

const polls: UrlConf = {
  appName: 'polls',
  urlpatterns: [path('', index, { name: 'index' }), path('<int:pk>/', detail, { name: 'detail' })],
};
const resolver = new UrlResolver({
  urlpatterns: [
    path('articles/<int:year>/', archive, { name: 'archive' }),
    path('articles/<int:year>/<int:month>/', archive, { name: 'archive' }),
    path('wiki/<str:title>/', page, { name: 'page' }),
    path('files/<path:rest>', page, { name: 'file' }),
    path('u/<uuid:id>/', page, { name: 'uuid' }),
    rePath('^foo/([0-9]{1,2})/$', unnamed, { name: 'foo' }),
    rePath('^blog/(?:page-(?P<page>[0-9]+)/)?$', page, { name: 'blog' }),
    rePath('^alt/(?:a|b)/$', page, { name: 'alt' }),
    rePath('^kind/(?P<kind>a|b)/$', page, { name: 'kind' }),
    path('polls/', include(polls)),
    path('author-polls/', include(polls, { namespace: 'author-polls' })),
    path('s/<slug:shop>/', include([path('items/<int:id>/', detail, { name: 'item' })])),
    path('feed/', page, { name: 'feed', kwargs: { format: 'rss' } }),
  ],
});

describe('reverse()', () => {
  it('by name with kwargs or args; the pattern for the arguments given is chosen', () => {
    expect(resolver.reverse('archive', { kwargs: { year: 2024 } })).toBe('/articles/2024/');
    expect(resolver.reverse('archive', { kwargs: { year: 2024, month: 5 } })).toBe('/articles/2024/5/');
    expect(resolver.reverse('archive', { args: [2024, 5] })).toBe('/articles/2024/5/');
    expect(resolver.reverse('archive', { args: ['2024'] })).toBe('/articles/2024/');
  });

  it('by view function', () => {
    expect(resolver.reverse(unnamed, { args: [7] })).toBe('/foo/7/');
    expect(resolver.reverse(archive, { kwargs: { year: 1 } })).toBe('/articles/1/');
  });

  it('rePath: positional groups take args, optional groups give two forms', () => {
    expect(resolver.reverse('foo', { args: [12] })).toBe('/foo/12/');
    expect(() => resolver.reverse('foo', { args: [123] })).toThrow(NoReverseMatch);
    expect(resolver.reverse('blog')).toBe('/blog/');
    expect(resolver.reverse('blog', { kwargs: { page: 3 } })).toBe('/blog/page-3/');
  });

  it('by namespace, nested through un-namespaced includes, with the default instance', () => {
    expect(resolver.reverse('polls:detail', { kwargs: { pk: 3 } })).toBe('/polls/3/');
    expect(resolver.reverse('author-polls:detail', { args: [3] })).toBe('/author-polls/3/');
    expect(resolver.reverse('item', { kwargs: { shop: 'tea', id: 2 } })).toBe('/s/tea/items/2/');
  });

  it('currentApp picks the instance of an app namespace', () => {
    expect(resolver.reverse('polls:index', { currentApp: 'author-polls' })).toBe('/author-polls/');
    expect(resolver.reverse('polls:index', { currentApp: 'polls' })).toBe('/polls/');
    expect(resolver.reverse('polls:index', { currentApp: 'unrelated' })).toBe('/polls/');
  });

  it('without a default instance, the last deployed one is used', () => {
    const r = new UrlResolver([path('one/', include(polls, { namespace: 'one' })), path('two/', include(polls, { namespace: 'two' }))]);
    expect(r.reverse('polls:index')).toBe('/two/');
  });

  it("path() kwargs may be given, but must agree", () => {
    expect(resolver.reverse('feed')).toBe('/feed/');
    expect(resolver.reverse('feed', { kwargs: { format: 'rss' } })).toBe('/feed/');
    expect(() => resolver.reverse('feed', { kwargs: { format: 'atom' } })).toThrow(NoReverseMatch);
  });

  it('converts values with toUrl and checks them against the converter', () => {
    const id = '075194D3-6885-417E-A8A8-6C931E272F00';
    expect(resolver.reverse('uuid', { args: [id] })).toBe(`/u/${id.toLowerCase()}/`);
    for (const year of [-1, 1.5, 'abc', '٣', Number.MAX_SAFE_INTEGER + 2]) {
      expect(() => resolver.reverse('archive', { args: [year] })).toThrow(NoReverseMatch);
    }
    expect(() => resolver.reverse('page', { args: ['a/b'] })).toThrow(NoReverseMatch);
    expect(() => resolver.reverse('page', { args: [''] })).toThrow(NoReverseMatch);
  });

  it("percent-encodes like Django's quote(safe=\"!$&'()*+,;=/~:@\")", () => {
    expect(resolver.reverse('page', { args: ["a b?c#d%e&f=g+h!$'()*,;~:@-._"] })).toBe("/wiki/a%20b%3Fc%23d%25e&f=g+h!$'()*,;~:@-._/");
    expect(resolver.reverse('page', { args: ['Café ☕ 😀'] })).toBe('/wiki/Caf%C3%A9%20%E2%98%95%20%F0%9F%98%80/');
    expect(resolver.reverse('page', { args: ['"<>[]\\^`{|}'] })).toBe('/wiki/%22%3C%3E%5B%5D%5C%5E%60%7B%7C%7D/');
    expect(resolver.reverse('file', { args: ['a/b c/d.txt'] })).toBe('/files/a/b%20c/d.txt');
  });

  it('never builds a scheme-relative URL', () => {
    const r = new UrlResolver([path('<path:rest>', page, { name: 'any' })]);
    expect(r.reverse('any', { args: ['/evil.example/x'] })).toBe('/%2Fevil.example/x');
  });

  it('refuses to mix args and kwargs', () => {
    expect(() => resolver.reverse('archive', { args: [1], kwargs: { year: 1 } })).toThrow(/Don't mix args and kwargs/);
  });
});

describe('NoReverseMatch', () => {
  const message = (fn: () => unknown): string => {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(NoReverseMatch);
      expect(error).toBeInstanceOf(CanterError);
      expect((error as NoReverseMatch).code).toBe('E_NO_REVERSE_MATCH');
      return (error as Error).message;
    }
    throw new Error('expected NoReverseMatch');
  };

  it("says what was tried, as Django's does", () => {
    expect(message(() => resolver.reverse('archive', { kwargs: { year: 'x' } }))).toBe(
      "Reverse for 'archive' with keyword arguments '{'year': 'x'}' not found. 2 pattern(s) tried: " +
        "['articles/<int:year>/<int:month>/', 'articles/<int:year>/']",
    );
    expect(message(() => resolver.reverse('foo', { args: ['abc'] }))).toBe(
      "Reverse for 'foo' with arguments '('abc',)' not found. 1 pattern(s) tried: ['foo/([0-9]{1,2})/$']",
    );
    expect(message(() => resolver.reverse('page'))).toBe("Reverse for 'page' with no arguments not found. 1 pattern(s) tried: ['wiki/<str:title>/']");
    expect(message(() => resolver.reverse('polls:detail', { args: [] }))).toBe(
      "Reverse for 'polls:detail' with no arguments not found. 1 pattern(s) tried: ['polls/<int:pk>/']",
    );
  });

  it('names an unknown name or view', () => {
    expect(message(() => resolver.reverse('nope'))).toBe("Reverse for 'nope' not found. 'nope' is not a valid view function or pattern name.");
    const stray = named('stray');
    expect(message(() => resolver.reverse(stray))).toBe("Reverse for 'stray' not found. 'stray' is not a valid view function or pattern name.");
    expect(message(() => resolver.reverse('detail'))).toMatch(/'detail' is not a valid view function or pattern name/);
  });

  it('names an unknown namespace', () => {
    expect(message(() => resolver.reverse('nope:index'))).toBe("'nope' is not a registered namespace");
    expect(message(() => resolver.reverse('polls:nope:index'))).toBe("'nope' is not a registered namespace inside 'polls'");
  });

  it('a regex that cannot be reversed (alternation) is listed but never produces a URL', () => {
    expect(message(() => resolver.reverse('alt'))).toBe("Reverse for 'alt' with no arguments not found. 1 pattern(s) tried: ['alt/(?:a|b)/$']");
    // Inside a capturing group, alternation is the caller's business: the value is checked.
    expect(resolver.reverse('kind', { kwargs: { kind: 'b' } })).toBe('/kind/b/');
    expect(() => resolver.reverse('kind', { kwargs: { kind: 'c' } })).toThrow(NoReverseMatch);
  });
});

describe('resolve(reverse(name, kwargs)) gives the kwargs back (property)', () => {
  const r = new UrlResolver([
    path('p/<int:a>/<str:b>/<slug:c>/<uuid:d>/<path:e>', page, { name: 'all' }),
    path('ns/', include({ appName: 'x', urlpatterns: [path('<str:s>/<int:n>', page, { name: 'two' })] })),
  ]);
  const hex = (n: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${n}}$`));
  const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
  const text = fc.string({ unit: 'binary', minLength: 1 }).filter((s) => !loneSurrogate.test(s));

  it('for every converter', () => {
    fc.assert(
      fc.property(
        fc.record({
          a: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
          b: text.filter((s) => !s.includes('/')),
          c: fc.stringMatching(/^[-a-zA-Z0-9_]+$/),
          d: fc.tuple(hex(8), hex(4), hex(4), hex(4), hex(12)).map((parts) => parts.join('-')),
          e: text.filter((s) => !s.includes('\n')),
        }),
        (kwargs) => {
          const url = r.reverse('all', { kwargs });
          expect(url).toMatch(/^\/[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*$/);
          // The server hands the resolver the decoded path, as WSGI does.
          expect(r.resolve(decodeURIComponent(url)).kwargs).toEqual(kwargs);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('through a namespace', () => {
    fc.assert(
      fc.property(text.filter((s) => !s.includes('/')), fc.nat(), (s, n) => {
        expect(r.resolve(decodeURIComponent(r.reverse('x:two', { kwargs: { s, n } }))).kwargs).toEqual({ s, n });
      }),
      { numRuns: 300 },
    );
  });
});
