import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Http404 } from '../conf/errors.js';
import { configureLogging } from '../conf/log.js';
import type { GetResponse } from '../middleware/mixin.js';
import { configureSettings, defineSettings, overrideSettings } from '../conf/settings/index.js';
import type { HttpRequest } from '../http/request.js';
import type { HttpResponseBase } from '../http/response-base.js';
import { TemplateResponse } from '../http/template-response.js';
import { Client } from '../testing/client.js';
import { path } from '../urls/index.js';
import type { Template } from './engine.js';
import type { TempTree } from './files.test-helper.js';
import { tempTree } from './files.test-helper.js';
import './index.js';
import { templateRendered } from './signals.js';

let tree: TempTree;
const HOSTILE = '<script>alert(1)</script>';

/** A middleware that swaps the template (and adds to the context) of responses of /swap/. */
function swapTemplate(getResponse: GetResponse) {
  return Object.assign((request: HttpRequest) => getResponse(request), {
    processTemplateResponse(request: HttpRequest, response: HttpResponseBase): HttpResponseBase {
      if (request.path === '/swap/' && response instanceof TemplateResponse) {
        response.templateName = 'good.html';
        response.contextData = { ...response.contextData, extra: 'added by middleware' };
      }
      return response;
    },
  });
}

beforeAll(async () => {
  configureLogging({ level: 'silent' });
  tree = await tempTree({
    'good.html': 'good: {{ name }} / {{ extra }}',
    'broken.html': 'this one never renders {% no_such_tag %}',
    'hostile.html': '<p>{{ value }}</p><a title="{{ value }}">x</a>',
    'page-with-bad-tag.html': `<h1>x</h1>\n<p>{% ${'bogus'} %}${HOSTILE}</p>`,
    'includes-hostile.html': `{% include "${HOSTILE}.html" %}`,
  });
  configureSettings(
    defineSettings({
      SECRET_KEY: 'template-response',
      DEBUG: false,
      MIDDLEWARE: [swapTemplate],
      TEMPLATES: [{ BACKEND: 'liquid', DIRS: [tree.dir] }],
      ROOT_URLCONF: {
        urlpatterns: [
          path('swap/', (request: HttpRequest) => new TemplateResponse(request, 'broken.html', { name: 'view' })),
          path('first-of/', (request: HttpRequest) => new TemplateResponse(request, ['missing.html', 'good.html'], { name: 'list' })),
          path('hostile/', (request: HttpRequest) => new TemplateResponse(request, 'hostile.html', { value: request.GET.get('v') })),
          path('bad-tag/', (request: HttpRequest) => new TemplateResponse(request, 'page-with-bad-tag.html')),
          path('missing-include/', (request: HttpRequest) => new TemplateResponse(request, 'includes-hostile.html')),
          path('missing/', (request: HttpRequest) => new TemplateResponse(request, `${HOSTILE}.html`)),
          path('gone/', (request: HttpRequest) =>
            new TemplateResponse(request, 'good.html', {
              get name(): string {
                throw new Http404('No such book');
              },
            }),
          ),
        ],
      },
    }),
  );
});

afterAll(() => tree.remove());

function recordRenders(): { names: Array<string | undefined>; stop(): void } {
  const names: Array<string | undefined> = [];
  const receiver = ({ template }: { template: Template }): void => {
    names.push(template.name);
  };
  templateRendered.connect(receiver);
  return { names, stop: () => templateRendered.disconnect(receiver) };
}

describe('TemplateResponse through the handler', () => {
  it('processTemplateResponse changes the template and context before the one render', async () => {
    const renders = recordRenders();
    try {
      const response = await new Client().get('/swap/');
      expect(response.statusCode).toBe(200);
      expect(response.text).toBe('good: view / added by middleware');
    } finally {
      renders.stop();
    }
    // Rendered once, the changed template; the original (which would fail to parse) was never loaded.
    expect(renders.names).toEqual(['good.html']);
  });

  it("the test Client records the templates rendered and their context (Django's response.templates/.context)", async () => {
    const response = await new Client().get('/swap/');
    expect(response.templates.map((t) => t.name)).toEqual(['good.html']);
    expect(response.context).toMatchObject({ name: 'view', extra: 'added by middleware' });
    const plain = await new Client().get('/first-of/');
    expect(plain.templates.map((t) => t.name)).toEqual(['good.html']);
    expect(plain.context).toMatchObject({ name: 'list' });
  });

  it('Http404 raised while the template renders is still a 404', async () => {
    const response = await new Client().get('/gone/');
    expect(response.statusCode).toBe(404);
  });

  it('a list of names renders the first that exists', async () => {
    expect((await new Client().get('/first-of/')).text).toBe('good: list / ');
  });

  it('escapes hostile values from the request', async () => {
    const response = await new Client().get('/hostile/', { v: `${HOSTILE}"'&` });
    expect(response.text).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#x27;&amp;</p><a title="&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#x27;&amp;">x</a>');
    expect(response.text).not.toContain('<script>');
  });
});

describe('template errors on the DEBUG page', () => {
  const debugClient = (): Client => new Client({ raiseRequestException: false });

  it('a syntax error is a 500 naming the file and line, with the template text escaped', async () => {
    await overrideSettings({ DEBUG: true, TEMPLATES: [{ BACKEND: 'liquid', DIRS: [tree.dir] }] }, async () => {
      const response = await debugClient().get('/bad-tag/');
      expect(response.statusCode).toBe(500);
      expect(response.text).toContain('TemplateSyntaxError');
      expect(response.text).toContain(`file ${tree.dir}/page-with-bad-tag.html, line 2, column 4`);
      expect(response.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(response.text).not.toContain(HOSTILE);
    });
  });

  it('a missing template or include with a hostile name is escaped on the page', async () => {
    await overrideSettings({ DEBUG: true }, async () => {
      for (const url of ['/missing/', '/missing-include/']) {
        const response = await debugClient().get(url);
        expect(response.statusCode).toBe(500);
        expect(response.text).toContain('TemplateDoesNotExist');
        expect(response.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;.html');
        expect(response.text).not.toContain(HOSTILE);
      }
    });
  });

  it('without DEBUG the 500 page shows none of it', async () => {
    const response = await debugClient().get('/bad-tag/');
    expect(response.statusCode).toBe(500);
    expect(response.text).not.toContain('bogus');
    expect(response.text).not.toContain(HOSTILE);
  });
});
