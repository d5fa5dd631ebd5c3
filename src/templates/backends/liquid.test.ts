import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureSettings, defineSettings, overrideSettings } from '../../conf/settings/index.js';
import { QueryDict } from '../../http/query-dict.js';
import { RequestFactory } from '../../testing/request-factory.js';
import type { Template } from '../engine.js';
import { TemplateDoesNotExist, TemplateRenderError, TemplateSyntaxError } from '../errors.js';
import type { TempTree } from '../files.test-helper.js';
import { tempTree } from '../files.test-helper.js';
import { getTemplate, renderToString, selectTemplate } from '../loader.js';
import { engines } from '../registry.js';
import { markSafe } from '../safe.js';
import { templateRendered } from '../signals.js';
import type { TemplateLibrary } from './liquid-options.js';

let tree: TempTree;
const HOSTILE = `<script>alert("x")</script>&'`;
const ESCAPED = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#x27;';

beforeAll(async () => {
  tree = await tempTree({
    'a/hello.html': 'Hello {{ name }}!',
    'a/override.html': 'from a',
    'b/override.html': 'from b',
    'b/only-b.html': 'only b',
    'a/base.html': '<title>{% block title %}Site{% endblock %}</title>\n<main>{% block content %}{% endblock %}</main>',
    'a/child.html': '{% extends "base.html" %}\n{% load static %}\n{% block title %}{{ title }} | {{ block.super }}{% endblock title %}\n{% block content %}{{ body }}{% endblock %}',
    'a/with-include.html': 'before {% include "part.html" %} after',
    'a/part.html': '[{{ name }}]',
    'a/missing-include.html': 'line 1\nline 2 {% include "nope.html" %}',
    'a/unknown-tag.html': 'one\ntwo\n<p>{% frobnicate %}</p>',
    'a/unclosed.html': 'x\n{% if a %}\nno end',
    'a/bad-output.html': 'ok\nstill ok\n{{ name | }',
    'a/includes-broken.html': 'top\n{% include "unknown-tag.html" %}',
    'a/boom.html': 'a\n{{ thing.explode }}',
    'a/comment.html': 'a{# a Django comment #}b',
    'a/sub/deep.html': 'deep',
    'secret.txt': 'secret',
    'a/escape-include.html': '{% include "../secret.txt" %}',
  });
  configureSettings(defineSettings({ SECRET_KEY: 'liquid-tests', TEMPLATES: [{ BACKEND: 'liquid', DIRS: [`${tree.dir}/a`, `${tree.dir}/b`] }] }));
});

afterAll(() => tree.remove());

describe('loading', () => {
  it('getTemplate() searches DIRS in order; the first that has the name wins', async () => {
    expect(await renderToString('override.html')).toBe('from a');
    expect(await renderToString('only-b.html')).toBe('only b');
    expect(await renderToString('sub/deep.html')).toBe('deep');
  });

  it('a missing template is TemplateDoesNotExist listing every file tried', async () => {
    const error = (await getTemplate('missing.html').catch((e: unknown) => e)) as TemplateDoesNotExist;
    expect(error).toBeInstanceOf(TemplateDoesNotExist);
    expect(error.code).toBe('E_TEMPLATE_DOES_NOT_EXIST');
    expect(error.tried.map((t) => t.path)).toEqual([`${tree.dir}/a/missing.html`, `${tree.dir}/b/missing.html`]);
    expect(error.message).toContain(`${tree.dir}/a/missing.html (Source does not exist)`);
    expect(error.message).toContain(`${tree.dir}/b/missing.html (Source does not exist)`);
  });

  it('a name that leaves the template directories is never read', async () => {
    const error = (await getTemplate('../secret.txt').catch((e: unknown) => e)) as TemplateDoesNotExist;
    expect(error).toBeInstanceOf(TemplateDoesNotExist);
    expect(error.tried).toEqual([]);
    await expect(getTemplate('/etc/passwd')).rejects.toBeInstanceOf(TemplateDoesNotExist);
    await expect(getTemplate(`${tree.dir}/secret.txt`)).rejects.toBeInstanceOf(TemplateDoesNotExist);
    // Inside a directory after all: allowed, as Django's safe_join allows it.
    expect(await renderToString('../a/hello.html', { name: 'x' })).toBe('Hello x!');
  });

  it('an include cannot leave the template directories either', async () => {
    const error = (await renderToString('escape-include.html').catch((e: unknown) => e)) as TemplateDoesNotExist;
    expect(error).toBeInstanceOf(TemplateDoesNotExist);
    expect(error.templateName).toBe('../secret.txt');
  });

  it('selectTemplate() takes the first name that exists, and lists all names when none does', async () => {
    expect((await selectTemplate(['nope.html', 'only-b.html', 'hello.html'])).name).toBe('only-b.html');
    const error = (await selectTemplate(['x.html', 'y.html']).catch((e: unknown) => e)) as TemplateDoesNotExist;
    expect(error.templateName).toBe('x.html, y.html');
    expect(error.tried).toHaveLength(4);
    await expect(selectTemplate([])).rejects.toThrow('No template names provided.');
    await expect(selectTemplate('x.html' as unknown as string[])).rejects.toThrow(TypeError);
  });

  it('TEMPLATES empty: the error says so', async () => {
    await overrideSettings({ TEMPLATES: [] }, async () => {
      await expect(getTemplate('hello.html')).rejects.toThrow(/TEMPLATES is empty/);
    });
  });

  it('a parsed template is kept unless debug is on, when edits show at once', async () => {
    const t = await tempTree({ 'edit.html': 'one' });
    try {
      await overrideSettings({ TEMPLATES: [{ BACKEND: 'liquid', DIRS: [t.dir] }] }, async () => {
        expect(await renderToString('edit.html')).toBe('one');
        await t.write({ 'edit.html': 'two' });
        expect(await renderToString('edit.html')).toBe('one');
      });
      await overrideSettings({ TEMPLATES: [{ BACKEND: 'liquid', DIRS: [t.dir], OPTIONS: { debug: true } }] }, async () => {
        expect(await renderToString('edit.html')).toBe('two');
        await t.write({ 'edit.html': 'three' });
        expect(await renderToString('edit.html')).toBe('three');
      });
    } finally {
      await t.remove();
    }
  });
});

describe('rendering', () => {
  it('renders context values; the view\'s context is used as given', async () => {
    expect(await renderToString('hello.html', { name: 'Ada' })).toBe('Hello Ada!');
  });

  it('extends/block (with block.super), include, {% load %} and {# comments #} work as in Django', async () => {
    expect(await renderToString('child.html', { title: 'Books', body: 'list' })).toBe('<title>Books | Site</title>\n<main>list</main>');
    expect(await renderToString('with-include.html', { name: 'x' })).toBe('before [x] after');
    expect(await renderToString('comment.html')).toBe('ab');
  });

  it("reads QueryDicts, Maps and zero-argument methods as Django's lookups do, and never calls altersData methods", async () => {
    let deleted = false;
    const remove = Object.assign(() => {
      deleted = true;
      return 'gone';
    }, { altersData: true });
    const user = { name: 'ada', fullName: () => 'Ada Lovelace', delete: remove };
    const out = await engines
      .get('liquid')
      .fromString('{{ q.page }}|{{ q.tag }}|{{ m.key }}|{{ user.fullName }}|{{ user.delete }}')
      .render({ q: QueryDict.fromQueryString('page=2&tag=a&tag=b'), m: new Map([['key', 'v']]), user });
    expect(out).toBe('2|b|v|Ada Lovelace|');
    expect(deleted).toBe(false);
  });

  it('reads getters of class instances, and nothing whose name starts with _', async () => {
    class Book {
      readonly #title = 'Dune';
      _secret = 'hidden';
      get title(): string {
        return this.#title;
      }
    }
    expect(await engines.get('liquid').fromString('{{ b.title }}|{{ b._secret }}|{{ b.constructor }}').render({ b: new Book() })).toBe('Dune||');
  });

  it('a context that is not an object is refused', async () => {
    const template = engines.get('liquid').fromString('x');
    await expect(template.render([] as unknown as Record<string, unknown>)).rejects.toThrow(/must be an object/);
  });

  it('template_rendered is sent with the template and the context, view values over processors', async () => {
    const seen: Array<{ template: Template; context: Readonly<Record<string, unknown>> }> = [];
    const receiver = ({ template, context }: { template: Template; context: Readonly<Record<string, unknown>> }): void => {
      seen.push({ template, context });
    };
    templateRendered.connect(receiver);
    try {
      await overrideSettings({ TEMPLATES: [{ BACKEND: 'liquid', DIRS: [`${tree.dir}/a`], OPTIONS: { context_processors: [() => ({ name: 'processor', site: 'S' })] } }] }, async () => {
        const request = new RequestFactory().get('/');
        expect(await renderToString('hello.html', { name: 'view' }, request)).toBe('Hello view!');
      });
    } finally {
      templateRendered.disconnect(receiver);
    }
    expect(seen).toHaveLength(1);
    expect(seen[0]!.template.name).toBe('hello.html');
    expect(seen[0]!.template.origin).toBe(`${tree.dir}/a/hello.html`);
    expect(seen[0]!.context.name).toBe('view');
    expect(seen[0]!.context.site).toBe('S');
  });

  it("LiquidJS's globals option stays visible under the context processors' values", async () => {
    await overrideSettings(
      { TEMPLATES: [{ BACKEND: 'liquid', OPTIONS: { liquid: { globals: { site: 'G', who: 'global' } }, context_processors: [() => ({ who: 'processor' })] } }] },
      async () => {
        const template = engines.get('liquid').fromString('{{ site }} {{ who }}');
        expect(await template.render({})).toBe('G global');
        expect(await template.render({}, new RequestFactory().get('/'))).toBe('G processor');
      },
    );
  });

  it('custom filters and tags come from OPTIONS.builtins and OPTIONS.libraries', async () => {
    const shout: TemplateLibrary = { filters: { shout: (v: unknown) => `${String(v)}!` } };
    const plugin: TemplateLibrary = (liquid) => liquid.registerFilter('twice', (v: unknown) => `${String(v)}${String(v)}`);
    await overrideSettings({ TEMPLATES: [{ BACKEND: 'liquid', OPTIONS: { builtins: [shout], libraries: { extra: plugin } } }] }, async () => {
      expect(await engines.get('liquid').fromString('{{ "<a>" | shout }} {{ "b" | twice }}').render()).toBe('&lt;a&gt;! bb');
    });
  });
});

describe('autoescaping', () => {
  const render = (source: string, context: Record<string, unknown> = {}, options: Record<string, unknown> = {}): Promise<string> =>
    overrideSettings({ TEMPLATES: [{ BACKEND: 'liquid', OPTIONS: options }] }, async () => engines.get('liquid').fromString(source).render(context));

  it('escapes hostile context values in text and in attributes', async () => {
    expect(await render('<p title="{{ v }}">{{ v }}</p>', { v: HOSTILE })).toBe(`<p title="${ESCAPED}">${ESCAPED}</p>`);
  });

  it('escapes values inside loops, includes of objects and filter results', async () => {
    expect(await render('{% for x in xs %}{{ x }},{% endfor %}{{ o.name | upcase }}', { xs: ['<i>', '&'], o: { name: '<b>' } })).toBe(
      '&lt;i&gt;,&amp;,&lt;B&gt;',
    );
  });

  it('safe and markSafe() write HTML as it is; a filter after safe makes it plain text again', async () => {
    expect(await render('{{ a | safe }}|{{ b }}|{{ a | safe | upcase }}', { a: '<b>x</b>', b: markSafe('<i>y</i>') })).toBe('<b>x</b>|<i>y</i>|&lt;B&gt;X&lt;/B&gt;');
  });

  it('escape escapes once, force_escape twice over safe text, escape_once keeps entities', async () => {
    expect(await render('{{ v | escape }}|{{ v | escape | escape }}|{{ s | force_escape }}|{{ e | escape_once }}', { v: '<', s: markSafe('&lt;'), e: '&lt;<' })).toBe(
      '&lt;|&lt;|&amp;lt;|&lt;&lt;',
    );
  });

  it('linebreaksbr escapes the text and keeps its own <br>', async () => {
    expect(await render('{{ v | linebreaksbr }}', { v: '<a>\nb' })).toBe('&lt;a&gt;<br>b');
  });

  it('{% autoescape off %} and OPTIONS.autoescape false turn it off; {% autoescape on %} back on', async () => {
    expect(await render('{% autoescape off %}{{ v }}{% endautoescape %}{{ v }}', { v: '<b>' })).toBe('<b>&lt;b&gt;');
    expect(await render('{{ v }}{% autoescape on %}{{ v }}{% endautoescape %}', { v: '<b>' }, { autoescape: false })).toBe('<b>&lt;b&gt;');
    await expect(render('{% autoescape maybe %}{% endautoescape %}')).rejects.toThrow(/'autoescape' takes one argument, on or off/);
  });

  it('a comparison sees the text of a safe string', async () => {
    expect(await render('{% if s == "<b>" %}same{% endif %}', { s: markSafe('<b>') })).toBe('same');
  });
});

describe('errors name the file and the line', () => {
  const failure = async (name: string, context: Record<string, unknown> = {}): Promise<Error> => {
    try {
      await renderToString(name, context);
    } catch (error) {
      return error as Error;
    }
    throw new Error(`${name} rendered`);
  };

  it('an unknown tag is TemplateSyntaxError with the file, line and column', async () => {
    const error = (await failure('unknown-tag.html')) as TemplateSyntaxError;
    expect(error).toBeInstanceOf(TemplateSyntaxError);
    expect(error.code).toBe('E_TEMPLATE_SYNTAX');
    expect(error.message).toContain("Invalid tag 'frobnicate'");
    expect(error.location).toEqual({ templateName: 'unknown-tag.html', file: `${tree.dir}/a/unknown-tag.html`, line: 3, column: 4 });
    expect(error.message).toContain(`(in template 'unknown-tag.html', file ${tree.dir}/a/unknown-tag.html, line 3, column 4)`);
  });

  it('an unclosed block and a broken output are syntax errors with their lines', async () => {
    const unclosed = (await failure('unclosed.html')) as TemplateSyntaxError;
    expect(unclosed).toBeInstanceOf(TemplateSyntaxError);
    expect(unclosed.location.line).toBe(2);
    const output = (await failure('bad-output.html')) as TemplateSyntaxError;
    expect(output).toBeInstanceOf(TemplateSyntaxError);
    expect(output.location.line).toBe(3);
  });

  it('a syntax error in an included template names that template', async () => {
    const error = (await failure('includes-broken.html')) as TemplateSyntaxError;
    expect(error).toBeInstanceOf(TemplateSyntaxError);
    expect(error.location.templateName).toBe('unknown-tag.html');
    expect(error.location.line).toBe(3);
  });

  it('a missing include is TemplateDoesNotExist naming the including file and line, and every place tried', async () => {
    const error = (await failure('missing-include.html')) as TemplateDoesNotExist;
    expect(error).toBeInstanceOf(TemplateDoesNotExist);
    expect(error.templateName).toBe('nope.html');
    expect(error.includedFrom).toMatchObject({ templateName: 'missing-include.html', line: 2, column: 8 });
    expect(error.tried.map((t) => t.path)).toEqual([`${tree.dir}/a/nope.html`, `${tree.dir}/b/nope.html`]);
    expect(error.message).toContain("by template 'missing-include.html'");
  });

  it("an error from the project's own code keeps its class and gets the place added", async () => {
    class Boom extends Error {}
    const error = await failure('boom.html', {
      thing: {
        explode: () => {
          throw new Boom('kaboom');
        },
      },
    });
    expect(error).toBeInstanceOf(Boom);
    expect(error.message).toBe(`kaboom (in template 'boom.html', file ${tree.dir}/a/boom.html, line 2, column 4)`);
  });

  it('strict variables (a LiquidJS option) fail as TemplateRenderError with the line', async () => {
    await overrideSettings({ TEMPLATES: [{ BACKEND: 'liquid', DIRS: [`${tree.dir}/a`], OPTIONS: { liquid: { strictVariables: true } } }] }, async () => {
      const error = (await failure('hello.html')) as TemplateRenderError;
      expect(error).toBeInstanceOf(TemplateRenderError);
      expect(error.message).toMatch(/undefined variable: name.*line 1/);
    });
  });

  it('with OPTIONS.debug the message carries the lines around the fault', async () => {
    await overrideSettings({ TEMPLATES: [{ BACKEND: 'liquid', DIRS: [`${tree.dir}/a`], OPTIONS: { debug: true } }] }, async () => {
      const error = await failure('unknown-tag.html');
      expect(error.message).toContain('>> 3| <p>{% frobnicate %}</p>');
    });
  });
});

describe("Django's spellings", () => {
  const render = async (source: string, context: Record<string, unknown> = {}): Promise<string> => engines.get('liquid').fromString(source).render(context);

  it('{% elif %} and {% empty %} work, {# comments #} vanish, and error lines stay true', async () => {
    const source = '{% for x in xs %}{% if x == 1 %}one{% elif x == 2 %}two{%- elif x == 3 -%} three {% else %}many{% endif %},{% empty %}none{% endfor %}{# note #}';
    expect(await render(source, { xs: [1, 2, 3, 4] })).toBe('one,two,three ,many,');
    expect(await render(source, { xs: [] })).toBe('none');
    const error = (await render('{% if a %}\n{% elif b %}\n{% nope %}{% endif %}').catch((e: unknown) => e)) as TemplateSyntaxError;
    expect(error.location).toMatchObject({ line: 3, column: 1 });
  });
});
