import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTemplateFragmentKey } from '../../cache/page-keys.js';
import { caches } from '../../cache/registry.js';
import { configureLogging } from '../../conf/log.js';
import { configureSettings, defineSettings, overrideSettings } from '../../conf/settings/index.js';
import { HttpResponse } from '../../http/response.js';
import { RequestFactory } from '../../testing/request-factory.js';
import { include, NoReverseMatch, path } from '../../urls/index.js';
import { TemplateSyntaxError } from '../errors.js';
import { engines } from '../registry.js';
import { staticUrl } from './static.js';

const view = (): HttpResponse => new HttpResponse('');
const urlconf = {
  urlpatterns: [
    path('books/<int:id>/', view, { name: 'book' }),
    path('q/<str:term>/', view, { name: 'search' }),
    path('shop/', include({ urlpatterns: [path('cart/', view, { name: 'cart' })], appName: 'shop' })),
  ],
};

beforeAll(() => {
  configureLogging({ level: 'silent' });
  configureSettings(defineSettings({ SECRET_KEY: 'template-tags', ROOT_URLCONF: urlconf, TEMPLATES: [{ BACKEND: 'liquid' }] }));
});

const render = async (source: string, context: Record<string, unknown> = {}, request?: ReturnType<RequestFactory['get']>): Promise<string> =>
  engines.get('liquid').fromString(source).render(context, request);

describe('{% url %}', () => {
  it('reverses a name with positional arguments, key=value arguments and a namespace', async () => {
    expect(await render("{% url 'book' 3 %}|{% url 'book' id=b.id %}|{% url 'shop:cart' %}", { b: { id: 4 } })).toBe('/books/3/|/books/4/|/shop/cart/');
  });

  it('takes the name from a variable and applies filters to arguments', async () => {
    expect(await render('{% url name n|plus:1 %}', { name: 'book', n: 1 })).toBe('/books/2/');
  });

  it('`as var` stores the URL, and stores "" when the name does not reverse', async () => {
    expect(await render("{% url 'book' 5 as link %}<a href=\"{{ link }}\">{% url 'missing' as nothing %}[{{ nothing }}]")).toBe('<a href="/books/5/">[]');
  });

  it('a name that does not reverse is NoReverseMatch with the template place', async () => {
    const error = await render("line\n{% url 'missing' 1 %}").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoReverseMatch);
    expect((error as Error).message).toMatch(/'missing'.*\(in line 2, column 1\)$/s);
  });

  it('escapes the URL it writes', async () => {
    expect(await render("{% url 'search' t %}", { t: 'a&b' })).toBe('/q/a&amp;b/');
  });

  it('without arguments is a syntax error', async () => {
    await expect(render('{% url %}')).rejects.toThrow(TemplateSyntaxError);
    await expect(render("{% url 'book' id=1 2 %}")).rejects.toThrow(/positional argument 2 comes after a key=value argument/);
  });
});

describe('{% static %}', () => {
  it('joins the path to STATIC_URL, quoting it', async () => {
    expect(await render("{% load static %}{% static 'css/site.css' %}|{% static p %}", { p: 'img/a b<1>.png' })).toBe(
      '/static/css/site.css|/static/img/a%20b%3C1%3E.png',
    );
  });

  it('follows STATIC_URL, including a full URL; an absolute path stands alone', () => {
    overrideSettings({ STATIC_URL: 'https://cdn.example.com/s/' }, () => {
      expect(staticUrl('app.js')).toBe('https://cdn.example.com/s/app.js');
      expect(staticUrl('/root.js')).toBe('https://cdn.example.com/root.js');
    });
    expect(staticUrl('/root.js')).toBe('/root.js');
    expect(staticUrl('https://other.example/x.js')).toBe('/static/https%3A//other.example/x.js');
  });

  it('`as var` stores the URL', async () => {
    expect(await render("{% static 'x.css' as css %}<link href=\"{{ css }}\">")).toBe('<link href="/static/x.css">');
  });
});

describe('{% csrf_token %}', () => {
  it('renders the hidden field with a 64-character token when rendered for a request', async () => {
    const html = await render('<form>{% csrf_token %}</form>', {}, new RequestFactory().get('/'));
    expect(html).toMatch(/^<form><input type="hidden" name="csrfmiddlewaretoken" value="[A-Za-z0-9]{64}"><\/form>$/);
  });

  it('renders nothing without a request (no token in the context), as Django does', async () => {
    expect(await render('<form>{% csrf_token %}</form>')).toBe('<form></form>');
  });

  it('escapes a token the view put in the context', async () => {
    expect(await render('{% csrf_token %}', { csrf_token: '"><script>' })).toBe('<input type="hidden" name="csrfmiddlewaretoken" value="&quot;&gt;&lt;script&gt;">');
  });
});

describe('{% cache %}', () => {
  const CACHES = {
    default: { BACKEND: 'locmem', LOCATION: 'template-tags-default' },
    other: { BACKEND: 'locmem', LOCATION: 'template-tags-other' },
  };
  let calls = 0;
  const counter = { next: () => ++calls };

  afterEach(async () => {
    calls = 0;
    await overrideSettings({ CACHES: { ...CACHES, template_fragments: { BACKEND: 'locmem', LOCATION: 'template-tags-fragments' } } }, async () => {
      for (const cache of caches.all()) await cache.clear();
    });
  });

  it('renders the fragment once, then serves it from the cache', async () => {
    await overrideSettings({ CACHES }, async () => {
      const source = '{% load cache %}<p>{% cache 60 sidebar %}call {{ counter.next }}{% endcache %}</p>';
      expect(await render(source, { counter })).toBe('<p>call 1</p>');
      expect(await render(source, { counter })).toBe('<p>call 1</p>');
      expect(calls).toBe(1);
      expect(await caches.get('default').get(makeTemplateFragmentKey('sidebar'))).toBe('call 1');
    });
  });

  it('vary-on values give separate entries, under makeTemplateFragmentKey(name, values)', async () => {
    await overrideSettings({ CACHES }, async () => {
      const source = '{% cache 60 greeting user.name lang %}{{ user.name }} {{ counter.next }}{% endcache %}';
      expect(await render(source, { counter, user: { name: 'ada' }, lang: 'en' })).toBe('ada 1');
      expect(await render(source, { counter, user: { name: 'bob' }, lang: 'en' })).toBe('bob 2');
      expect(await render(source, { counter, user: { name: 'ada' }, lang: 'fr' })).toBe('ada 3');
      expect(await render(source, { counter, user: { name: 'ada' }, lang: 'en' })).toBe('ada 1');
      expect(calls).toBe(3);
      expect(await caches.get('default').get(makeTemplateFragmentKey('greeting', ['bob', 'en']))).toBe('bob 2');
    });
  });

  it('uses the template_fragments cache when CACHES has one, else default; using= picks another', async () => {
    const fragments = { ...CACHES, template_fragments: { BACKEND: 'locmem', LOCATION: 'template-tags-fragments' } };
    await overrideSettings({ CACHES: fragments }, async () => {
      await render('{% cache 60 f %}x{% endcache %}');
      expect(await caches.get('template_fragments').get(makeTemplateFragmentKey('f'))).toBe('x');
      expect(await caches.get('default').get(makeTemplateFragmentKey('f'))).toBeUndefined();
      await render('{% cache 60 g using="other" %}y{% endcache %}');
      expect(await caches.get('other').get(makeTemplateFragmentKey('g'))).toBe('y');
      await expect(render('{% cache 60 h using="nowhere" %}z{% endcache %}')).rejects.toThrow(/Invalid cache name specified for the 'cache' tag: "nowhere"/);
    });
  });

  it('a timeout of 0 keeps nothing; a timeout from a variable works; a bad one is an error naming it', async () => {
    await overrideSettings({ CACHES }, async () => {
      const source = '{% cache t zero %}{{ counter.next }}{% endcache %}';
      expect(await render(source, { counter, t: 0 })).toBe('1');
      expect(await render(source, { counter, t: 0 })).toBe('2');
      expect(await render('{% cache t kept %}{{ counter.next }}{% endcache %}', { counter, t: '30' })).toBe('3');
      expect(await render('{% cache t kept %}{{ counter.next }}{% endcache %}', { counter, t: '30' })).toBe('3');
      await expect(render('{% cache t bad %}x{% endcache %}', { t: 'soon' })).rejects.toThrow(/'cache' tag got a timeout that is not a whole number: "soon" \(t\)/);
      await expect(render('{% cache nothing bad %}x{% endcache %}')).rejects.toThrow(/'cache' tag got an unknown variable \(nothing\)/);
    });
  });

  it('a cache server that is down costs a render, not the page', async () => {
    const down = { default: { BACKEND: 'redis', LOCATION: 'redis://127.0.0.1:1/15', OPTIONS: { SOCKET_CONNECT_TIMEOUT: 0.5, SOCKET_TIMEOUT: 0.5 } } };
    await overrideSettings({ CACHES: down }, async () => {
      const source = '<p>{% cache 60 f %}{{ counter.next }}{% endcache %}</p>';
      expect(await render(source, { counter })).toBe('<p>1</p>');
      expect(await render(source, { counter })).toBe('<p>2</p>');
      await caches.get('default').close();
    });
  });

  it('needs a timeout and a name, and an {% endcache %}', async () => {
    await expect(render('{% cache 60 %}x{% endcache %}')).rejects.toThrow(/at least two arguments/);
    await expect(render('{% cache 60 f %}x')).rejects.toThrow(/'cache' tag was not closed: add \{% endcache %\}/);
  });
});
