import { describe, expect, it } from 'vitest';
import { ImproperlyConfigured } from '../conf/errors.js';
import { UrlResolver, include, path, rePath } from './index.js';
import type { UrlConf, View } from './types.js';

const named = (name: string): View => Object.defineProperty(() => null as never, 'name', { value: name });
const index = named('index');
const detail = named('detail');
const comments = named('comments');

const commentUrls: UrlConf = { appName: 'comments', urlpatterns: [path('<int:n>/', comments, { name: 'comment' })] };
const pollUrls: UrlConf = {
  appName: 'polls',
  urlpatterns: [
    path('', index, { name: 'index' }),
    path('<int:pk>/', detail, { name: 'detail' }),
    path('<int:pk>/comments/', include(commentUrls)),
  ],
};
const root: UrlConf = {
  urlpatterns: [
    path('polls/', include(pollUrls)),
    path('author-polls/', include(pollUrls, { namespace: 'author-polls' })),
    path('shop/<slug:shop>/', include([path('items/<int:id>/', detail, { name: 'item' })])),
    rePath('^api/', include([[path('ping/', index, { name: 'ping' })], 'api'], { namespace: 'api-v1' })),
  ],
};
const resolver = new UrlResolver(root);

describe('include()', () => {
  it('takes its app namespace from the URLconf and defaults the instance namespace to it', () => {
    const match = resolver.resolve('/polls/3/');
    expect(match).toMatchObject({
      func: detail,
      kwargs: { pk: 3 },
      urlName: 'detail',
      appName: 'polls',
      appNames: ['polls'],
      namespace: 'polls',
      namespaces: ['polls'],
      route: 'polls/<int:pk>/',
      viewName: 'polls:detail',
    });
  });

  it('a second instance gets its own namespace, same app name', () => {
    expect(resolver.resolve('/author-polls/')).toMatchObject({ appName: 'polls', namespace: 'author-polls', viewName: 'author-polls:index' });
  });

  it('nests namespaces and merges captured kwargs along the way', () => {
    expect(resolver.resolve('/author-polls/3/comments/9/')).toMatchObject({
      func: comments,
      kwargs: { pk: 3, n: 9 },
      appNames: ['polls', 'comments'],
      appName: 'polls:comments',
      namespaces: ['author-polls', 'comments'],
      namespace: 'author-polls:comments',
      viewName: 'author-polls:comments:comment',
      route: 'author-polls/<int:pk>/comments/<int:n>/',
    });
  });

  it('a list of patterns includes without a namespace', () => {
    expect(resolver.resolve('/shop/tea-house/items/5/')).toMatchObject({ kwargs: { shop: 'tea-house', id: 5 }, namespace: '', viewName: 'item' });
  });

  it('the [patterns, appName] form, with a regex prefix', () => {
    expect(resolver.resolve('/api/ping/')).toMatchObject({ appName: 'api', namespace: 'api-v1', route: '^api/ping/' });
  });

  it('the view name falls back to the function name when the pattern has none', () => {
    const r = new UrlResolver([path('x/', include([path('y/', detail)]))]);
    expect(r.resolve('/x/y/')).toMatchObject({ urlName: null, viewName: 'detail' });
  });

  it('include kwargs are passed on, and the inner match wins over them', () => {
    const r = new UrlResolver([path('<int:id>/', include([path('a/', index, { kwargs: { id: 'inner' } }), path('b/', detail)]), { kwargs: { extra: true } })]);
    expect(r.resolve('/1/a/').kwargs).toEqual({ id: 'inner', extra: true });
    expect(r.resolve('/1/b/').kwargs).toEqual({ id: 1, extra: true });
  });

  it('goes on with the next pattern when nothing inside an include matches', () => {
    const r = new UrlResolver([path('a/', include([path('x/', index)])), path('a/y/', detail)]);
    expect(r.resolve('/a/y/').func).toBe(detail);
  });

  it('a namespace without an app name is refused, as in Django', () => {
    expect(() => include([path('x/', index)], { namespace: 'ns' })).toThrow(ImproperlyConfigured);
    expect(() => include([path('x/', index)], { namespace: 'ns' })).toThrow(/without providing an app name/);
  });

  it('rejects what is not a URLconf', () => {
    expect(() => include('polls.urls' as unknown as UrlConf)).toThrow(/import the URLconf instead of naming it/);
    expect(() => include({} as UrlConf)).toThrow(/needs a URLconf/);
  });

  it('a URLconf that includes itself is caught at compile time', () => {
    const loop: { urlpatterns: unknown[] } = { urlpatterns: [] };
    loop.urlpatterns.push(path('again/', include(loop)));
    expect(() => new UrlResolver(loop)).toThrow(/includes itself/);
  });

  it('a non-pattern entry is named in the error', () => {
    expect(() => new UrlResolver([path('a/', index), 'b/'])).toThrow("urlpatterns[1] of the root URLconf is the string 'b/', not a URL pattern");
    expect(() => new UrlResolver([path('a/', include([null]))])).toThrow("urlpatterns[0] of the URLconf included at 'a/' is null");
  });

  it("reads the included URLconf's patterns when the resolver compiles", () => {
    const late: { urlpatterns: unknown[] } = { urlpatterns: [] };
    const entry = path('late/', include(late));
    late.urlpatterns.push(path('x/', index));
    expect(new UrlResolver([entry]).isValidPath('/late/x/')).toBe(true);
  });
});
