import { beforeAll, describe, expect, it } from 'vitest';
import { configureLogging } from '../conf/log.js';
import { configureSettings, defineSettings, overrideSettings } from '../conf/settings/index.js';
import type { HttpRequest } from '../http/request.js';
import { HttpResponse } from '../http/response.js';
import type { HttpResponseBase } from '../http/response-base.js';
import { Client } from '../testing/client.js';
import { RequestFactory } from '../testing/request-factory.js';
import { path } from '../urls/index.js';
import { xframeOptionsExempt } from '../views/decorators/clickjacking.js';
import { XFrameOptionsMiddleware } from './clickjacking.js';

const urlconf = {
  urlpatterns: [
    path('plain/', () => new HttpResponse('plain')),
    path('own/', () => new HttpResponse('own', { headers: { 'X-Frame-Options': 'SAMEORIGIN' } })),
    path('exempt/', xframeOptionsExempt(() => new HttpResponse('exempt'))),
    path('exempt-async/', xframeOptionsExempt(async () => new HttpResponse('exempt'))),
    path('flagged/', () => {
      const response = new HttpResponse('flagged');
      response.xframeOptionsExempt = true;
      return response;
    }),
  ],
};

beforeAll(() => {
  configureLogging({ level: 'silent' });
  configureSettings(defineSettings({
    SECRET_KEY: 'clickjacking-tests',
    ALLOWED_HOSTS: ['testserver'],
    ROOT_URLCONF: urlconf,
    MIDDLEWARE: [XFrameOptionsMiddleware],
  }));
});

describe('XFrameOptionsMiddleware', () => {
  it('sends X-Frame-Options: DENY by default, on errors too', async () => {
    const client = new Client();
    expect((await client.get('/plain/')).headers.get('X-Frame-Options')).toBe('DENY');
    expect((await client.get('/nowhere/')).headers.get('X-Frame-Options')).toBe('DENY');
  });

  it('sends SAMEORIGIN when X_FRAME_OPTIONS says so', async () => {
    await overrideSettings({ X_FRAME_OPTIONS: 'SAMEORIGIN' }, async () => {
      expect((await new Client().get('/plain/')).headers.get('X-Frame-Options')).toBe('SAMEORIGIN');
    });
  });

  it("keeps a value the view set", async () => {
    expect((await new Client().get('/own/')).headers.get('X-Frame-Options')).toBe('SAMEORIGIN');
  });

  it('sends nothing for responses marked exempt, by the decorator or by hand', async () => {
    const client = new Client();
    for (const url of ['/exempt/', '/exempt-async/', '/flagged/']) {
      const response = await client.get(url);
      expect(response.statusCode).toBe(200);
      expect(response.headers.has('X-Frame-Options')).toBe(false);
    }
  });

  it('takes the value from getXframeOptionsValue, which a subclass may override', async () => {
    class PerPath extends XFrameOptionsMiddleware {
      override getXframeOptionsValue(request: HttpRequest, response: HttpResponseBase): string {
        return request.path.startsWith('/embed/') ? 'SAMEORIGIN' : super.getXframeOptionsValue(request, response);
      }
    }
    const factory = new RequestFactory();
    const middleware = new PerPath(() => new HttpResponse(''));
    expect((await middleware.call(factory.get('/embed/x'))).headers.get('X-Frame-Options')).toBe('SAMEORIGIN');
    expect((await middleware.call(factory.get('/other/'))).headers.get('X-Frame-Options')).toBe('DENY');
  });

  it('refuses an X_FRAME_OPTIONS other than DENY or SAMEORIGIN at start-up', () => {
    expect(() => defineSettings({ SECRET_KEY: 'k', X_FRAME_OPTIONS: 'ALLOW-FROM x' as never })).toThrow(/X_FRAME_OPTIONS/);
  });
});
