import { describe, expect, it, vi } from 'vitest';
import { ImproperlyConfigured } from '../conf/errors.js';
import { UrlResolver, include, path, rePath } from './index.js';
import { RoutePattern } from './route-pattern.js';
import type { View } from './types.js';

const view: View = () => null as never;

describe('route syntax', () => {
  it('compiles literals and parameters, matching at an offset', () => {
    const p = new RoutePattern('blog/<int:year>/<slug:slug>/', true);
    expect(p.match('/blog/2024/hello/', 1)).toEqual({ end: 17, args: [], kwargs: { year: 2024, slug: 'hello' } });
    expect(p.match('/blog/2024/hello/extra', 1)).toBeNull();
    expect(p.reverseSource).toBe('^blog\\/(?<year>[0-9]+)\\/(?<slug>[-a-zA-Z0-9_]+)\\/$');
  });

  it('an include prefix matches a prefix, an endpoint the whole rest', () => {
    expect(new RoutePattern('blog/', false).match('blog/x/', 0)?.end).toBe(5);
    expect(new RoutePattern('blog/', true).match('blog/x/', 0)).toBeNull();
    expect(new RoutePattern('<int:id>', false).match('12/x', 0)).toEqual({ end: 2, args: [], kwargs: { id: 12 } });
  });

  it('regex characters in a route are literal', () => {
    const resolver = new UrlResolver([path('a.b+c(d)$/[x]/', view)]);
    expect(resolver.isValidPath('/a.b+c(d)$/[x]/')).toBe(true);
    expect(resolver.isValidPath('/aXb+c(d)$/[x]/')).toBe(false);
  });

  it('whitespace is allowed in the route but not inside <…>', () => {
    expect(new UrlResolver([path('a b/<int:n>/', view)]).resolve('/a b/1/').kwargs).toEqual({ n: 1 });
    expect(() => path('space/<int: num>/', view)).toThrow("URL route 'space/<int: num>/' cannot contain whitespace in angle brackets <…>.");
  });

  it.each([
    ['blog/<int:2year>/', /parameter name '2year' which isn't a valid identifier/],
    ['blog/<int:>/', /parameter name '' which isn't a valid identifier/],
    ['blog/<a-b>/', /parameter name 'a-b'/],
    ['blog/<int:year/', /'<' that is never closed/],
    ['blog/year>/', /'>' with no '<' before it/],
    ['blog/<<int:year>/', /'<' inside <…>/],
    ['<int:x>/<str:x>/', /parameter name 'x' more than once/],
  ])('%s is ImproperlyConfigured', (route, message) => {
    expect(() => path(route, view)).toThrow(ImproperlyConfigured);
    expect(() => path(route, view)).toThrow(message);
  });

  it('a view must be a function or an include(); a class must go through asView()', () => {
    expect(() => path('x/', 'views.x' as unknown as View)).toThrow(/must be a function or the result of include\(\)/);
    class ArticleView {}
    expect(() => path('x/', ArticleView as unknown as View)).toThrow('pass ArticleView.asView(), not ArticleView');
    expect(() => path(42 as unknown as string, view)).toThrow(/must be a string/);
  });

  it('path() entries are immutable', () => {
    const entry = path('x/', view, { name: 'x', kwargs: { a: 1 } });
    expect(Object.isFrozen(entry)).toBe(true);
    expect(Object.isFrozen(entry.pattern)).toBe(true);
    expect(Object.isFrozen(entry.defaults)).toBe(true);
  });
});

describe('system checks (warnings at compile time)', () => {
  function warningsFor(entries: unknown[]): string[] {
    const spy = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      new UrlResolver(entries);
      return spy.mock.calls.map((call) => `${(call[1] as { code: string }).code}: ${String(call[0])}`);
    } finally {
      spy.mockRestore();
    }
  }

  it("warns about a route starting with '/' (urls.W002), like Django", () => {
    const [warning] = warningsFor([path('/about/', view, { name: 'about' })]);
    expect(warning).toContain("urls.W002: Your URL pattern '/about/' [name='about'] has a route beginning with a '/'.");
    // An include prefix that ends in '/' is fine.
    expect(warningsFor([path('/', include([]))])).toEqual([]);
  });

  it('warns about regex syntax in path() (2_0.W001), ":" in names (W003), "$" in include regexes (W001)', () => {
    const warnings = warningsFor([
      path('^old/$', view),
      path('a/', view, { name: 'a:b' }),
      rePath('^blog/$', include([])),
    ]);
    expect(warnings.map((w) => w.split(':')[0])).toEqual(['2_0.W001', 'urls.W003', 'urls.W001']);
  });

  it('reports each entry once, however many resolvers compile it', () => {
    const entry = path('/once/', view);
    expect(warningsFor([entry])).toHaveLength(1);
    expect(warningsFor([entry])).toHaveLength(0);
  });
});
