import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureSettings, defineSettings, overrideSettings } from '../conf/settings/index.js';
import { CsrfViewMiddleware, unmaskCipherToken } from '../csrf/index.js';
import type { HttpRequest } from '../http/request.js';
import { Client } from '../testing/client.js';
import { RequestFactory } from '../testing/request-factory.js';
import { path } from '../urls/index.js';
import { render } from '../shortcuts/render.js';
import type { ContextProcessor } from './context-processors.js';
import type { TempTree } from './files.test-helper.js';
import { tempTree } from './files.test-helper.js';
import { engines } from './registry.js';

let tree: TempTree;
const factory = new RequestFactory();

beforeAll(async () => {
  tree = await tempTree({
    'form.html': '<form method="post">{% csrf_token %}</form>',
    'twice.html': '{{ csrf_token }}|{{ csrf_token }}',
    'plain.html': 'no token here',
  });
  configureSettings(
    defineSettings({
      SECRET_KEY: 'context-processors',
      MIDDLEWARE: [CsrfViewMiddleware],
      ROOT_URLCONF: {
        urlpatterns: [
          path('form/', (request: HttpRequest) => render(request, 'form.html')),
          path('twice/', (request: HttpRequest) => render(request, 'twice.html')),
          path('plain/', (request: HttpRequest) => render(request, 'plain.html')),
        ],
      },
      TEMPLATES: [{ BACKEND: 'liquid', DIRS: [tree.dir] }],
    }),
  );
});

afterAll(() => tree.remove());

async function renderWith(processors: unknown[], source: string, request: HttpRequest, context: Record<string, unknown> = {}): Promise<string> {
  return overrideSettings({ TEMPLATES: [{ BACKEND: 'liquid', OPTIONS: { context_processors: processors } }] }, async () =>
    engines.get('liquid').fromString(source).render(context, request),
  );
}

describe('request', () => {
  it('puts the request in the context, QueryDict lookups included', async () => {
    const request = factory.get('/books/', { q: ['a', '<b>'] });
    expect(await renderWith(['request'], '{{ request.path }} {{ request.GET.q }} {{ request.method }}', request)).toBe('/books/ &lt;b&gt; GET');
  });

  it("is also found under Django's dotted name", async () => {
    expect(await renderWith(['django.template.context_processors.request'], '{{ request.path }}', factory.get('/x/'))).toBe('/x/');
  });

  it('is absent when not configured', async () => {
    expect(await renderWith([], '[{{ request.path }}]', factory.get('/x/'))).toBe('[]');
  });
});

describe('debug', () => {
  const source = '{% if debug %}debug {{ sql_queries.size }}{% else %}quiet{% endif %}';

  it('sets debug and sql_queries when DEBUG is on and the client is in INTERNAL_IPS', async () => {
    await overrideSettings({ DEBUG: true, INTERNAL_IPS: ['127.0.0.1'] }, async () => {
      expect(await renderWith(['debug'], source, factory.get('/'))).toBe('debug 0');
      expect(await renderWith(['debug'], source, factory.get('/', undefined, { remoteAddress: '10.0.0.9' }))).toBe('quiet');
    });
  });

  it('sets nothing when DEBUG is off', async () => {
    await overrideSettings({ DEBUG: false, INTERNAL_IPS: ['127.0.0.1'] }, async () => {
      expect(await renderWith(['debug'], source, factory.get('/'))).toBe('quiet');
    });
  });
});

describe('csrf', () => {
  it('a page with {% csrf_token %} carries a masked token of the secret the csrftoken cookie sets', async () => {
    const client = new Client();
    const response = await client.get('/form/');
    const token = /value="([A-Za-z0-9]{64})"/.exec(response.text)?.[1];
    expect(token).toBeDefined();
    const secret = response.cookies.get('csrftoken')?.value;
    expect(secret).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(unmaskCipherToken(token!)).toBe(secret);
  });

  it('the token is made once per render, and only when the page reads it', async () => {
    const client = new Client();
    const twice = await client.get('/twice/');
    const [first, second] = twice.text.split('|');
    expect(first).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(second).toBe(first);
    const plain = await new Client().get('/plain/');
    expect(plain.cookies.has('csrftoken')).toBe(false);
  });

  it('is installed even when OPTIONS.context_processors does not list it, as in Django', async () => {
    expect(await renderWith([], '{% csrf_token %}', factory.get('/'))).toMatch(/^<input type="hidden" name="csrfmiddlewaretoken" value="[A-Za-z0-9]{64}">$/);
  });
});

describe('auth and messages (hooks until those apps exist)', () => {
  it('without authentication, user is an anonymous placeholder and perms are false', async () => {
    const out = await renderWith(['auth'], '{{ user.isAuthenticated }}|{{ user.isAnonymous }}|{% if perms.books.add_book %}yes{% else %}no{% endif %}', factory.get('/'));
    expect(out).toBe('false|true|no');
  });

  it("reads request.user when it is set, and asks it for perms", async () => {
    const request = factory.get('/');
    const asked: string[] = [];
    Object.defineProperty(request, 'user', {
      value: {
        username: '<ada>',
        isAuthenticated: true,
        hasPerm: (perm: string) => {
          asked.push(perm);
          return perm === 'books.add_book';
        },
        hasModulePerms: (label: string) => label === 'books',
      },
    });
    const out = await renderWith(
      ['django.contrib.auth.context_processors.auth'],
      '{{ user.username }} {% if perms.books.add_book %}add{% endif %} {% if perms.books.delete_book %}delete{% endif %} {% if perms.books %}books{% endif %}',
      request,
    );
    expect(out).toBe('&lt;ada&gt; add  books');
    expect(asked).toEqual(['books.add_book', 'books.delete_book']);
  });

  it('does not read request.user unless the template uses it', async () => {
    const request = factory.get('/');
    let reads = 0;
    Object.defineProperty(request, 'user', { get: () => ++reads });
    expect(await renderWith(['auth'], 'nothing', request)).toBe('nothing');
    expect(reads).toBe(0);
  });

  it('messages is the request\'s _messages, or an empty list, and DEFAULT_MESSAGE_LEVELS is there', async () => {
    const source = '{% for m in messages %}[{{ m }}]{% endfor %}{{ messages.size }} {{ DEFAULT_MESSAGE_LEVELS.ERROR }}';
    expect(await renderWith(['messages'], source, factory.get('/'))).toBe('0 40');
    const request = factory.get('/');
    Object.defineProperty(request, '_messages', { value: ['<hi>', 'there'] });
    expect(await renderWith(['django.contrib.messages.context_processors.messages'], source, request)).toBe('[&lt;hi&gt;][there]2 40');
  });
});

describe('custom processors', () => {
  it('run in order, async ones awaited; later ones win, and the view\'s context wins over all', async () => {
    const first: ContextProcessor = () => ({ a: 'first', b: 'first' });
    const second: ContextProcessor = async () => Object.freeze({ b: 'second', c: 'second' });
    expect(await renderWith([first, second], '{{ a }} {{ b }} {{ c }}', factory.get('/'), { c: 'view' })).toBe('first second view');
  });

  it('do not run without a request', async () => {
    let ran = false;
    const processor: ContextProcessor = () => {
      ran = true;
      return {};
    };
    await overrideSettings({ TEMPLATES: [{ BACKEND: 'liquid', OPTIONS: { context_processors: [processor] } }] }, async () => {
      await engines.get('liquid').fromString('x').render({});
    });
    expect(ran).toBe(false);
  });

  it('one that returns something other than an object is named in the error', async () => {
    const broken = function brokenProcessor(): Record<string, unknown> {
      return null as unknown as Record<string, unknown>;
    };
    await expect(renderWith([broken], 'x', factory.get('/'))).rejects.toThrow('The context processor brokenProcessor returned null; it must return an object of context values.');
  });
});
