import { beforeAll, describe, expect, it } from 'vitest';
import { configureLogging } from '../conf/log.js';
import { configureSettings, defineSettings, overrideSettings } from '../conf/settings/index.js';
import { HttpResponse, HttpResponseRedirect, JsonResponse } from '../http/index.js';
import type { HttpRequest } from '../http/index.js';
import { path } from '../urls/index.js';
import { Client } from './client.js';
import { RequestFactory } from './request-factory.js';

const urlconf = {
  urlpatterns: [
    path('set/', () => {
      const response = new HttpResponse('set');
      response.setCookie('flavour', 'ginger', { maxAge: 60 });
      return response;
    }),
    path('read/', (request: HttpRequest) => new HttpResponse(request.COOKIES.flavour ?? 'none')),
    path('forget/', () => {
      const response = new HttpResponse('forgot');
      response.deleteCookie('flavour');
      return response;
    }),
    path('hop/<int:n>/', (_r: HttpRequest, { n }: { n: number }) =>
      n > 0 ? new HttpResponseRedirect(`/hop/${n - 1}/`) : new HttpResponse('landed')),
    path('loop/', () => new HttpResponseRedirect('/loop/')),
    path('form/', (request: HttpRequest) => new JsonResponse({
      method: request.method,
      post: request.POST.dict(),
      get: request.GET.dict(),
      files: [...request.FILES.keys()],
      ajax: request.isAjax(),
    })),
    path('boom/', () => { throw new Error('kaboom'); }),
  ],
};

beforeAll(() => {
  configureLogging({ level: 'silent' });
  configureSettings(defineSettings({ SECRET_KEY: 'client-tests', ALLOWED_HOSTS: ['testserver'], ROOT_URLCONF: urlconf }));
});

describe('Client', () => {
  it('keeps cookies between requests and drops deleted ones', async () => {
    const client = new Client();
    expect((await client.get('/read/')).text).toBe('none');
    await client.get('/set/');
    expect(client.cookies.get('flavour')).toBe('ginger');
    expect((await client.get('/read/')).text).toBe('ginger');
    await client.get('/forget/');
    expect((await client.get('/read/')).text).toBe('none');
  });

  it('follows redirects when asked and records the chain', async () => {
    const client = new Client();
    const direct = await client.get('/hop/2/');
    expect(direct.statusCode).toBe(302);
    const followed = await client.get('/hop/2/', undefined, { follow: true });
    expect(followed.text).toBe('landed');
    expect(followed.redirectChain).toEqual([['/hop/1/', 302], ['/hop/0/', 302]]);
  });

  it('detects a redirect loop', async () => {
    await expect(new Client().get('/loop/', undefined, { follow: true })).rejects.toThrow(/Redirect loop/);
  });

  it('posts multipart by default, urlencoded or JSON on request', async () => {
    const client = new Client();
    const multipart = await client.post('/form/?q=1', { a: '1', f: { name: 'x.txt', content: 'hi' } });
    expect(multipart.json()).toEqual({ method: 'POST', post: { a: '1' }, get: { q: '1' }, files: ['f'], ajax: false });
    const urlencoded = await client.post('/form/', { a: ['1', '2'] }, 'application/x-www-form-urlencoded');
    expect((urlencoded.json() as { post: unknown }).post).toEqual({ a: '2' });
    const headers = await client.get('/form/', { x: 'y' }, { headers: { 'X-Requested-With': 'XMLHttpRequest' } });
    expect(headers.json()).toMatchObject({ method: 'GET', get: { x: 'y' }, ajax: true });
  });

  it('re-throws a view error by default, as Django does; returns the 500 when told not to', async () => {
    await expect(new Client().get('/boom/')).rejects.toThrow('kaboom');
    const response = await new Client({ raiseRequestException: false }).get('/boom/');
    expect(response.statusCode).toBe(500);
  });

  it('uses the settings in force, including overrides', async () => {
    const client = new Client();
    expect((await client.get('/read/')).statusCode).toBe(200);
    await overrideSettings({ ROOT_URLCONF: { urlpatterns: [] } }, async () => {
      expect((await client.get('/read/')).statusCode).toBe(404);
    });
  });
});

describe('RequestFactory', () => {
  it('builds requests a view can be called with directly', async () => {
    const request = new RequestFactory().get('/x/', { a: 1, b: [2, 3] }, { secure: true });
    expect(request.GET.getlist('b')).toEqual(['2', '3']);
    expect(request.isSecure()).toBe(true);
    expect(request.getHost()).toBe('testserver');
  });
});
