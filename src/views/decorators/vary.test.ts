import { beforeAll, describe, expect, it } from 'vitest';
import { configureSettings, defineSettings } from '../../conf/settings/index.js';
import { HttpResponse } from '../../http/index.js';
import type { HttpRequest, HttpResponseBase } from '../../http/index.js';
import { RequestFactory } from '../../testing/index.js';
import { isThenable } from '../../utils/maybe-promise.js';
import { varyOnCookie, varyOnHeaders } from './vary.js';

beforeAll(() => {
  configureSettings(defineSettings({ SECRET_KEY: 'k', ALLOWED_HOSTS: ['testserver'] }));
});

const factory = new RequestFactory();

describe('varyOnHeaders', () => {
  it("adds the headers to the view's Vary without repeating any", () => {
    const view = varyOnHeaders('Accept-Language', 'User-Agent')((_r: HttpRequest) => new HttpResponse('x', { headers: { Vary: 'user-agent' } }));
    const response = view(factory.get('/')) as HttpResponseBase;
    expect(response.headers.get('Vary')).toBe('user-agent, Accept-Language');
  });

  it('keeps a sync view sync and handles async ones', async () => {
    const sync = varyOnHeaders('Accept')((_r: HttpRequest) => new HttpResponse('x'));
    expect(isThenable(sync(factory.get('/')))).toBe(false);
    const async = varyOnHeaders('Accept')(async (_r: HttpRequest) => new HttpResponse('x'));
    expect((await async(factory.get('/'))).headers.get('Vary')).toBe('Accept');
  });
});

describe('varyOnCookie', () => {
  it('adds Cookie to Vary', async () => {
    function dashboard(_request: HttpRequest): HttpResponse {
      return new HttpResponse('x', { headers: { Vary: 'Accept-Encoding' } });
    }
    const view = varyOnCookie(dashboard);
    expect(view.name).toBe('dashboard');
    expect((view(factory.get('/')) as HttpResponseBase).headers.get('Vary')).toBe('Accept-Encoding, Cookie');
    expect((await varyOnCookie(async (_r: HttpRequest) => new HttpResponse(''))(factory.get('/'))).headers.get('Vary')).toBe('Cookie');
  });
});
