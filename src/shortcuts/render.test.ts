import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureSettings, defineSettings } from '../conf/settings/index.js';
import type { HttpRequest } from '../http/request.js';
import { HttpResponse } from '../http/response.js';
import { Client } from '../testing/client.js';
import { RequestFactory } from '../testing/request-factory.js';
import { path } from '../urls/index.js';
import { TemplateDoesNotExist } from '../templates/errors.js';
import type { TempTree } from '../templates/files.test-helper.js';
import { tempTree } from '../templates/files.test-helper.js';
import { render } from './index.js';

let tree: TempTree;

beforeAll(async () => {
  tree = await tempTree({
    'one/page.html': 'one: {{ title }} {{ request.path }} {% url "page" %}',
    'two/page.html': 'two: {{ title }}',
    'two/only-two.html': 'only two',
  });
  configureSettings(
    defineSettings({
      SECRET_KEY: 'render-shortcut',
      TEMPLATES: [
        { BACKEND: 'liquid', NAME: 'one', DIRS: [`${tree.dir}/one`], OPTIONS: { context_processors: ['request'] } },
        { BACKEND: 'liquid', NAME: 'two', DIRS: [`${tree.dir}/two`] },
      ],
      ROOT_URLCONF: { urlpatterns: [path('page/', (request: HttpRequest) => render(request, 'page.html', { title: '<T>' }), { name: 'page' })] },
    }),
  );
});

afterAll(() => tree.remove());

describe('render()', () => {
  it('renders the template for the request into an HttpResponse (200, text/html)', async () => {
    const response = await new Client().get('/page/');
    expect(response.statusCode).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expect(response.text).toBe('one: &lt;T&gt; /page/ /page/');
  });

  it('takes a status and a content type', async () => {
    const response = await render(new RequestFactory().get('/x/'), 'page.html', { title: 't' }, { status: 404, contentType: 'text/plain; charset=utf-8' });
    expect(response).toBeInstanceOf(HttpResponse);
    expect(response.statusCode).toBe(404);
    expect(response.headers.get('Content-Type')).toBe('text/plain; charset=utf-8');
  });

  it('tries the engines in order, or the one named by using; takes a list of names', async () => {
    const request = new RequestFactory().get('/x/');
    expect((await render(request, 'page.html', { title: 't' }, { using: 'two' })).text).toBe('two: t');
    expect((await render(request, 'only-two.html')).text).toBe('only two');
    expect((await render(request, ['nope.html', 'only-two.html'])).text).toBe('only two');
    await expect(render(request, 'only-two.html', {}, { using: 'one' })).rejects.toBeInstanceOf(TemplateDoesNotExist);
  });
});
