import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { caches } from '../../cache/registry.js';
import { makeTemplateFragmentKey } from '../../cache/page-keys.js';
import { configureLogging } from '../../conf/log.js';
import { configureSettings, defineSettings, overrideSettings } from '../../conf/settings/index.js';
import { CsrfViewMiddleware, unmaskCipherToken } from '../../csrf/index.js';
import type { HttpRequest } from '../../http/request.js';
import { render } from '../../shortcuts/render.js';
import { Client } from '../../testing/client.js';
import { RequestFactory } from '../../testing/request-factory.js';
import { path } from '../../urls/index.js';
import type { ContextProcessor } from '../context-processors.js';
import { csrf, runContextProcessors } from '../context-processors.js';
import type { Template } from '../engine.js';
import { TemplateDoesNotExist } from '../errors.js';
import type { TempTree } from '../files.test-helper.js';
import { tempTree } from '../files.test-helper.js';
import { renderToString } from '../loader.js';
import { engines } from '../registry.js';
import { templateRendered } from '../signals.js';
import type { LiquidEngine, LiquidTemplate } from './liquid.js';

/**
 * A render runs synchronously until it meets a Promise, then asynchronously; the built-in
 * context processors' values are getters on a shared prototype; a parent template is resolved
 * once while the template cache is on. Each must leave what a page shows exactly as it was.
 */

let tree: TempTree;
const factory = new RequestFactory();
const CACHES = { default: { BACKEND: 'locmem', LOCATION: 'liquid-render-tests' } };

// One page that uses most of what a template can: extends, block.super, include, if/for,
// filters, url, static, autoescape, an escaped value and a safe one.
const PAGE = `{% extends "base.html" %}
{% block title %}{{ title | upcase }} - {{ block.super }}{% endblock %}
{% block content %}
{% for book in books %}<li{% if forloop.first %} class="first"{% endif %}>{{ book.title }} ({{ book.year | plus: 1 }})</li>{% empty %}none{% endfor %}
{% include "part.html" %}
<a href="{% url 'login' %}">{{ label }}</a> <img src="{% static 'logo.png' %}">
{% autoescape off %}{{ html }}{% endautoescape %} {{ html }} {{ note | default: "-" }}
{% endblock %}`;

beforeAll(async () => {
  configureLogging({ level: 'silent' });
  tree = await tempTree({
    'base.html': '<title>{% block title %}Site{% endblock %}</title>\n<main>{% block content %}{% endblock %}</main>',
    'part.html': '[{{ label }}]',
    'page.html': PAGE,
    'cached.html': '{% extends "base.html" %}{% block content %}<p>{% cache 60 side who %}{{ who }} {{ counter.next }}{% endcache %}</p> after {{ who }}{% endblock %}',
    'form.html': '<form>{% csrf_token %}</form>{{ extra }}',
    'plain.html': 'no token here {{ extra }}',
    'token.html': '{{ csrf_token }}',
    'dynamic.html': '{% extends parent %}{% block content %}child{% endblock %}',
    'other-base.html': 'other: {% block content %}{% endblock %}',
    'orphan.html': 'line 1\n{% extends "missing-base.html" %}',
    'edit-child.html': '{% extends "edit-base.html" %}{% block content %}child{% endblock %}',
    'edit-base.html': 'one: {% block content %}{% endblock %}',
  });
  const asyncExtra: ContextProcessor = async () => ({ extra: 'async' });
  configureSettings(
    defineSettings({
      SECRET_KEY: 'liquid-render',
      MIDDLEWARE: [CsrfViewMiddleware],
      CACHES,
      ROOT_URLCONF: {
        urlpatterns: [
          path('login/', (request: HttpRequest) => render(request, 'form.html'), { name: 'login' }),
          path('plain/', (request: HttpRequest) => render(request, 'plain.html')),
        ],
      },
      TEMPLATES: [{ BACKEND: 'liquid', DIRS: [tree.dir], OPTIONS: { context_processors: ['request', 'debug', 'auth', 'messages', asyncExtra] } }],
    }),
  );
});

afterAll(() => tree.remove());

const withTemplates = <T>(options: Record<string, unknown>, fn: () => Promise<T>): Promise<T> =>
  overrideSettings({ TEMPLATES: [{ BACKEND: 'liquid', DIRS: [tree.dir], OPTIONS: options }] }, fn);

/** `value`, or (async) a Promise of it, and so for every value inside. */
function deep(value: unknown, async: boolean): unknown {
  if (Array.isArray(value)) return wrap(value.map((v) => deep(v, async)), async);
  if (typeof value === 'object' && value !== null) {
    return wrap(Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deep(v, async)])), async);
  }
  return wrap(value, async);
}

function wrap(value: unknown, async: boolean): unknown {
  return async ? Promise.resolve(value) : value;
}

const PAGE_VALUES = {
  title: 'books',
  books: [
    { title: '<Dune>', year: 1964 },
    { title: 'Emma & Co', year: 1815 },
  ],
  label: 'log "in"',
  html: '<b>bold</b>',
};
const PAGE_HTML = `<title>BOOKS - Site</title>
<main>
<li class="first">&lt;Dune&gt; (1965)</li><li>Emma &amp; Co (1816)</li>
[log &quot;in&quot;]
<a href="/login/">log &quot;in&quot;</a> <img src="/static/logo.png">
<b>bold</b> &lt;b&gt;bold&lt;/b&gt; -
</main>`;

describe('synchronous and asynchronous renders give the same page', () => {
  it('every value a Promise, at every depth: the page is the one plain values give', async () => {
    const plain = await renderToString('page.html', PAGE_VALUES);
    expect(plain).toBe(PAGE_HTML);
    const top = Object.fromEntries(Object.entries(PAGE_VALUES).map(([k, v]) => [k, deep(v, true)]));
    expect(await renderToString('page.html', top)).toBe(PAGE_HTML);
  });

  it('a Promise first on the page: everything after it renders on the asynchronous path, the same', async () => {
    const source = `{{ first }}${PAGE}`;
    const template = engines.get('liquid').fromString(source);
    const sync = await template.render({ ...PAGE_VALUES, first: 'x' });
    const async = await template.render({ ...PAGE_VALUES, first: Promise.resolve('x') });
    expect(async).toBe(sync);
    expect(sync).toBe(`x${PAGE_HTML}`);
  });

  it('the same as LiquidJS renders it with its own asynchronous driver', async () => {
    const engine = engines.get('liquid') as LiquidEngine;
    const template = (await engine.getTemplate('page.html')) as LiquidTemplate;
    const reference = String(await engine.liquid.render(template.nodes, { ...PAGE_VALUES }));
    expect(await template.render(PAGE_VALUES)).toBe(reference);
  });

  it('a getter or a method that answers with a Promise, and perms from an async hasPerm', async () => {
    const request = factory.get('/');
    Object.defineProperty(request, 'user', {
      value: { username: Promise.resolve('<ada>'), hasPerm: async (perm: string) => perm === 'books.add_book' },
    });
    const context = {
      get later(): Promise<string> {
        return Promise.resolve('<later>');
      },
      shelf: { count: async () => 3 },
    };
    const out = await engines
      .get('liquid')
      .fromString('{{ later }}|{{ shelf.count }}|{{ user.username }}|{% if perms.books.add_book %}add{% endif %}{% if perms.books.delete_book %}delete{% endif %}')
      .render(context, request);
    expect(out).toBe('&lt;later&gt;|3|&lt;ada&gt;|add');
  });
});

describe('context processors', () => {
  it('an async processor\'s values render, and the page is the one a sync processor gives', async () => {
    const source = '{{ site }}|{{ request.path }}|{{ user.isAnonymous }}|{{ messages.size }}|{{ DEFAULT_MESSAGE_LEVELS.INFO }}';
    const sync: ContextProcessor = () => ({ site: '<S>' });
    const async: ContextProcessor = async () => ({ site: '<S>' });
    const fromSync = await withTemplates({ context_processors: ['request', 'auth', 'messages', sync] }, () =>
      engines.get('liquid').fromString(source).render({}, factory.get('/p/')),
    );
    const fromAsync = await withTemplates({ context_processors: ['request', 'auth', 'messages', async] }, () =>
      engines.get('liquid').fromString(source).render({}, factory.get('/p/')),
    );
    expect(fromSync).toBe('&lt;S&gt;|/p/|true|0|20');
    expect(fromAsync).toBe(fromSync);
  });

  it('the values are those runContextProcessors() collects, for any order of built-in and custom processors', async () => {
    const site: ContextProcessor = () => ({ site: 'S', request: 'from site', user: 'from site' });
    const later: ContextProcessor = async () => ({ messages: 'from later' });
    const orders: unknown[][] = [
      ['request', 'auth', 'messages', 'debug'],
      [site, 'request', 'auth'],
      ['request', site, 'auth', later, 'messages'],
      ['messages', later, site],
    ];
    const source = '{{ site }}|{{ request.path }}{{ request }}|{{ user.isAnonymous }}{{ user }}|{{ messages.size }}{{ messages }}|{{ csrf_token.size }}';
    for (const processors of orders) {
      await withTemplates({ context_processors: processors }, async () => {
        const engine = engines.get('liquid') as LiquidEngine;
        const request = factory.get('/o/');
        // csrf first, as the engine runs it; the reference is the plain one-by-one collection.
        const values = await runContextProcessors([csrf, ...engine.options.contextProcessors], request, engine.liquid.options.globals as object);
        const expected = String(await engine.liquid.parseAndRender(source, {}, { globals: values }));
        expect(await engine.fromString(source).render({}, factory.get('/o/'))).toBe(expected);
      });
    }
  });

  it('stay lazy: with an async processor too, a page that reads no token sets no cookie; one that does, does', async () => {
    const plain = await new Client().get('/plain/');
    expect(plain.text).toBe('no token here async');
    expect(plain.cookies.has('csrftoken')).toBe(false);
    const form = await new Client().get('/login/');
    const token = /value="([A-Za-z0-9]{64})"/.exec(form.text)?.[1];
    expect(token).toBeDefined();
    expect(form.text.endsWith('</form>async')).toBe(true);
    expect(unmaskCipherToken(token!)).toBe(form.cookies.get('csrftoken')?.value);
  });

  it('do not read request.user, or _messages, unless the page does', async () => {
    const request = factory.get('/');
    const reads: string[] = [];
    Object.defineProperty(request, 'user', { get: () => reads.push('user') });
    Object.defineProperty(request, '_messages', { get: () => reads.push('messages') });
    expect(await engines.get('liquid').fromString('nothing {{ extra }}').render({}, request)).toBe('nothing async');
    expect(reads).toEqual([]);
  });

  it('one token per render: template_rendered and the page see the same one, through a custom processor\'s values too', async () => {
    const seen: string[] = [];
    const receiver = ({ context }: { template: Template; context: Readonly<Record<string, unknown>> }): void => {
      seen.push(String(context.csrf_token));
    };
    templateRendered.connect(receiver);
    try {
      const html = await renderToString('token.html', {}, factory.get('/'));
      expect(html).toMatch(/^[A-Za-z0-9]{64}$/);
      expect(seen).toEqual([html]);
    } finally {
      templateRendered.disconnect(receiver);
    }
  });
});

describe('{% cache %} on a locmem cache (its calls are async)', () => {
  let calls = 0;
  const counter = { next: () => ++calls };

  afterEach(async () => {
    calls = 0;
    await caches.get('default').clear();
  });

  it('renders the fragment inside an extended page, and the page after it; the second time from the cache', async () => {
    const first = await renderToString('cached.html', { who: '<ada>', counter });
    expect(first).toBe('<title>Site</title>\n<main><p>&lt;ada&gt; 1</p> after &lt;ada&gt;</main>');
    expect(await renderToString('cached.html', { who: '<ada>', counter })).toBe(first);
    expect(await renderToString('cached.html', { who: 'bob', counter })).toBe('<title>Site</title>\n<main><p>bob 2</p> after bob</main>');
    expect(calls).toBe(2);
    expect(await caches.get('default').get(makeTemplateFragmentKey('side', ['<ada>']))).toBe('&lt;ada&gt; 1');
  });
});

describe('{% extends %}', () => {
  it('with the template cache on, the parent is resolved once: an edit to it does not show', async () => {
    await withTemplates({}, async () => {
      expect(await renderToString('edit-child.html')).toBe('one: child');
      await tree.write({ 'edit-base.html': 'two: {% block content %}{% endblock %}' });
      expect(await renderToString('edit-child.html')).toBe('one: child');
    });
    await tree.write({ 'edit-base.html': 'one: {% block content %}{% endblock %}' });
  });

  it('with debug on (cache off), the parent is looked up each render: an edit shows at once', async () => {
    await withTemplates({ debug: true }, async () => {
      expect(await renderToString('edit-child.html')).toBe('one: child');
      await tree.write({ 'edit-base.html': 'two: {% block content %}{% endblock %}' });
      expect(await renderToString('edit-child.html')).toBe('two: child');
    });
    await tree.write({ 'edit-base.html': 'one: {% block content %}{% endblock %}' });
  });

  it('a parent named by a variable is looked up each render', async () => {
    expect(await renderToString('dynamic.html', { parent: 'other-base.html' })).toBe('other: child');
    expect(await renderToString('dynamic.html', { parent: 'base.html' })).toBe('<title>Site</title>\n<main>child</main>');
  });

  it('a missing parent is TemplateDoesNotExist naming the child\'s line, every time (a failure is not kept)', async () => {
    for (let i = 0; i < 2; i++) {
      const error = (await renderToString('orphan.html').catch((e: unknown) => e)) as TemplateDoesNotExist;
      expect(error).toBeInstanceOf(TemplateDoesNotExist);
      expect(error.templateName).toBe('missing-base.html');
      expect(error.includedFrom).toMatchObject({ templateName: 'orphan.html', line: 2 });
    }
    await tree.write({ 'missing-base.html': 'found {% block content %}{% endblock %}' });
    expect(await renderToString('orphan.html')).toBe('line 1\nfound ');
  });
});
