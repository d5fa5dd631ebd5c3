import { beforeAll, describe, expect, it } from 'vitest';
import { configureSettings, defineSettings, overrideSettings } from '../../conf/settings/index.js';
import { HttpResponse } from '../../http/index.js';
import type { HttpRequest, HttpResponseBase } from '../../http/index.js';
import { XFrameOptionsMiddleware } from '../../middleware/clickjacking.js';
import { Client, RequestFactory } from '../../testing/index.js';
import { path } from '../../urls/index.js';
import { isThenable } from '../../utils/maybe-promise.js';
import { xframeOptionsDeny, xframeOptionsExempt, xframeOptionsSameorigin } from './clickjacking.js';

const plain = (_r: HttpRequest) => new HttpResponse('x');
const plainAsync = async (_r: HttpRequest) => new HttpResponse('x');
const own = (_r: HttpRequest) => new HttpResponse('x', { headers: { 'X-Frame-Options': 'SAMEORIGIN' } });

beforeAll(() => {
  configureSettings(defineSettings({
    SECRET_KEY: 'k',
    ALLOWED_HOSTS: ['testserver'],
    MIDDLEWARE: [XFrameOptionsMiddleware],
    ROOT_URLCONF: {
      urlpatterns: [
        path('deny/', xframeOptionsDeny(plain)),
        path('deny-async/', xframeOptionsDeny(plainAsync)),
        path('sameorigin/', xframeOptionsSameorigin(plain)),
        path('sameorigin-async/', xframeOptionsSameorigin(plainAsync)),
        path('exempt/', xframeOptionsExempt(plain)),
        path('exempt-async/', xframeOptionsExempt(plainAsync)),
      ],
    },
  }));
});

const factory = new RequestFactory();

describe('xframeOptionsDeny / xframeOptionsSameorigin', () => {
  it('set the header on sync views, which stay sync', () => {
    const deny = xframeOptionsDeny(plain)(factory.get('/'));
    const same = xframeOptionsSameorigin(plain)(factory.get('/'));
    expect(isThenable(deny) || isThenable(same)).toBe(false);
    expect((deny as HttpResponseBase).headers.get('X-Frame-Options')).toBe('DENY');
    expect((same as HttpResponseBase).headers.get('X-Frame-Options')).toBe('SAMEORIGIN');
  });

  it('set the header on async views', async () => {
    expect((await xframeOptionsDeny(plainAsync)(factory.get('/'))).headers.get('X-Frame-Options')).toBe('DENY');
    expect((await xframeOptionsSameorigin(plainAsync)(factory.get('/'))).headers.get('X-Frame-Options')).toBe('SAMEORIGIN');
  });

  it("keep a value the view set", () => {
    expect((xframeOptionsDeny(own)(factory.get('/')) as HttpResponseBase).headers.get('X-Frame-Options')).toBe('SAMEORIGIN');
    const denying = (_r: HttpRequest) => new HttpResponse('x', { headers: { 'X-Frame-Options': 'DENY' } });
    expect((xframeOptionsSameorigin(denying)(factory.get('/')) as HttpResponseBase).headers.get('X-Frame-Options')).toBe('DENY');
  });

  it('win over the X_FRAME_OPTIONS the middleware would send', async () => {
    const client = new Client();
    await overrideSettings({ X_FRAME_OPTIONS: 'SAMEORIGIN' }, async () => {
      expect((await client.get('/deny/')).headers.get('X-Frame-Options')).toBe('DENY');
      expect((await client.get('/deny-async/')).headers.get('X-Frame-Options')).toBe('DENY');
    });
    expect((await client.get('/sameorigin/')).headers.get('X-Frame-Options')).toBe('SAMEORIGIN');
    expect((await client.get('/sameorigin-async/')).headers.get('X-Frame-Options')).toBe('SAMEORIGIN');
  });

  it("keep the view's name", () => {
    function profile(_r: HttpRequest) {
      return new HttpResponse('');
    }
    expect(xframeOptionsDeny(profile).name).toBe('profile');
    expect(xframeOptionsSameorigin(profile).name).toBe('profile');
    expect(xframeOptionsExempt(profile).name).toBe('profile');
  });
});

describe('xframeOptionsExempt', () => {
  it('marks the response, sync or async, and leaves its headers alone', async () => {
    const sync = xframeOptionsExempt(plain)(factory.get('/'));
    expect(isThenable(sync)).toBe(false);
    expect((sync as HttpResponseBase).xframeOptionsExempt).toBe(true);
    expect((sync as HttpResponseBase).headers.has('X-Frame-Options')).toBe(false);
    expect((await xframeOptionsExempt(plainAsync)(factory.get('/'))).xframeOptionsExempt).toBe(true);
    expect(plain(factory.get('/')).xframeOptionsExempt).toBeUndefined();
  });

  it('keeps XFrameOptionsMiddleware from adding the header', async () => {
    const client = new Client();
    expect((await client.get('/exempt/')).headers.has('X-Frame-Options')).toBe(false);
    expect((await client.get('/exempt-async/')).headers.has('X-Frame-Options')).toBe(false);
  });

  it('refuses to decorate something that is not given a request', () => {
    const view = xframeOptionsExempt(plain);
    expect(() => (view as unknown as (x: unknown) => unknown)({})).toThrow(/xframeOptionsExempt didn't receive an HttpRequest/);
  });
});
