import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Http404 } from '../conf/errors.js';
import { Resolver404, UrlResolver, include, path, rePath } from './index.js';
import type { UrlConf, View } from './types.js';

const named = (name: string): View => Object.defineProperty(() => null as never, 'name', { value: name });
const home = named('home');
const archive = named('archive');
const article = named('article');
const files = named('files');
const handler404 = named('handler404');

const blog: UrlConf = {
  appName: 'blog',
  urlpatterns: [path('<int:year>/', archive, { name: 'archive' }), path('<int:year>/<slug:slug>/', article, { name: 'article' })],
};
const urlconf: UrlConf = {
  urlpatterns: [
    path('', home, { name: 'home' }),
    path('blog/', include(blog)),
    path('files/<path:rest>', files, { name: 'files' }),
    rePath('^legacy/(?P<id>[0-9]+)/$', article, { kwargs: { legacy: true } }),
  ],
  handler404,
};
const resolver = new UrlResolver(urlconf);

describe('resolve()', () => {
  it('returns every ResolverMatch field', () => {
    const match = resolver.resolve('/blog/2024/hello-world/');
    expect({ ...match }).toEqual({
      func: article,
      args: [],
      kwargs: { year: 2024, slug: 'hello-world' },
      urlName: 'article',
      appNames: ['blog'],
      namespaces: ['blog'],
      namespace: 'blog',
      appName: 'blog',
      route: 'blog/<int:year>/<slug:slug>/',
      viewName: 'blog:article',
    });
  });

  it('matches the empty route at the root', () => {
    expect(resolver.resolve('/')).toMatchObject({ func: home, urlName: 'home', route: '', viewName: 'home', namespace: '' });
  });

  it('adds path() kwargs to the captured ones', () => {
    expect(resolver.resolve('/legacy/7/').kwargs).toEqual({ id: '7', legacy: true });
  });

  it('unpacks like Django\'s (func, args, kwargs)', () => {
    const [func, args, kwargs] = resolver.resolve('/blog/2024/') as unknown as Iterable<unknown>;
    expect([func, args, kwargs]).toEqual([archive, [], { year: 2024 }]);
  });

  it('gives each match its own kwargs object', () => {
    const a = resolver.resolve('/');
    const b = resolver.resolve('/');
    expect(a.kwargs).not.toBe(b.kwargs);
  });

  it('exposes the URLconf\'s error handlers', () => {
    expect(resolver.errorHandler(404)).toBe(handler404);
    expect(resolver.errorHandler(500)).toBeUndefined();
  });

  it('isValidPath()/tryResolve() answer without throwing', () => {
    expect(resolver.isValidPath('/blog/2024/')).toBe(true);
    expect(resolver.isValidPath('/blog/2024')).toBe(false);
    expect(resolver.tryResolve('/nope/')).toBeNull();
  });
});

describe('Resolver404', () => {
  it('is an Http404 carrying the path tried and every pattern chain tried', () => {
    let error: unknown;
    try {
      resolver.resolve('/blog/abc/');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Resolver404);
    expect(error).toBeInstanceOf(Http404);
    const e = error as Resolver404;
    expect(e.status).toBe(404);
    expect(e.path).toBe('blog/abc/');
    expect(e.tried).toEqual([
      [''],
      ['blog/', '<int:year>/'],
      ['blog/', '<int:year>/<slug:slug>/'],
      ['files/<path:rest>'],
      ['^legacy/(?P<id>[0-9]+)/$'],
    ]);
  });

  it('lists an include whose own prefix failed as one entry', () => {
    const e = caught(() => resolver.resolve('/x/'));
    expect(e.tried).toContainEqual(['blog/']);
    expect(e.tried).toHaveLength(4);
  });

  it('a path without a leading slash matches nothing and tried nothing', () => {
    const e = caught(() => resolver.resolve('blog/2024/'));
    expect(e.path).toBe('blog/2024/');
    expect(e.tried).toEqual([]);
  });
});

describe('hostile paths only ever give Resolver404', () => {
  const hostile = [
    '',
    '/'.repeat(100_000),
    `/blog/${'9'.repeat(100_000)}/`,
    `/files/${'a/'.repeat(50_000)}\n`,
    `/legacy/${'1'.repeat(100_000)}x/`,
    '/%00',
    '/\u0000/',
    '/../../etc/passwd',
    '/blog/../blog/2024/x/y/',
    '/blog/٣٣/',
    '/\uD800/',
    '/files/\n',
    '/blog/2024/\u{1F600}/',
    '//blog/2024/',
    '/blog/2024/hello\n',
  ];
  it.each(hostile.map((p) => [p.length > 40 ? `${p.slice(0, 30)}… (${p.length} chars)` : JSON.stringify(p), p]))('%s', (_label, p) => {
    expect(() => resolver.resolve(p)).toThrow(Resolver404);
    expect(() => caught(() => resolver.resolve(p)).tried).not.toThrow();
  });

  it('a huge path that does match is simply resolved', () => {
    const rest = 'a/'.repeat(50_000);
    expect(resolver.resolve(`/files/${rest}`).kwargs).toEqual({ rest });
  });

  it('non-strings too', () => {
    expect(() => resolver.resolve(undefined as unknown as string)).toThrow(Resolver404);
  });

  it('for any string (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.boolean(), (s, slash) => {
        const p = slash ? `/${s}` : s;
        try {
          resolver.resolve(p);
        } catch (error) {
          if (!(error instanceof Resolver404)) throw error;
          void error.tried;
        }
      }),
      { numRuns: 1000 },
    );
  });
});

function caught(fn: () => unknown): Resolver404 {
  try {
    fn();
  } catch (error) {
    if (error instanceof Resolver404) return error;
    throw error;
  }
  throw new Error('expected a Resolver404');
}

describe('ResolverMatch.toString()', () => {
  it("reads like Django's repr", () => {
    expect(String(resolver.resolve('/blog/2024/'))).toBe(
      "ResolverMatch(func=archive, args=[], kwargs={'year': 2024}, urlName='archive', appNames=['blog'], namespaces=['blog'], route='blog/<int:year>/')",
    );
  });
});
