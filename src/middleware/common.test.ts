import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { configureLogging } from '../conf/log.js';
import { configureSettings, defineSettings, overrideSettings } from '../conf/settings/index.js';
import type { HttpRequest } from '../http/request.js';
import { HttpResponse, HttpResponseNotFound, HttpResponseNotModified, HttpResponseRedirect } from '../http/response.js';
import { StreamingHttpResponse } from '../http/streaming.js';
import { Client } from '../testing/client.js';
import { path, rePath } from '../urls/index.js';
import { noAppendSlash } from '../views/decorators/common.js';
import { AppendSlashDataLoss, CommonMiddleware, escapeLeadingSlashes } from './common.js';

const text = (body: string) => () => new HttpResponse(body, { contentType: 'text/plain; charset=utf-8' });

// Django's no_append_slash decorator.
const noAppend = noAppendSlash((_request: HttpRequest): HttpResponse => new HttpResponse('no append'));

const urlconf = {
  urlpatterns: [
    path('slash/', text('slash')),
    path('noslash', text('noslash')),
    path('caf\u00e9/', text('café')),
    path('missing', () => new HttpResponseNotFound('view says 404')),
    path('missing/', text('missing with slash')),
    path('optout/', noAppend),
    path('unicode/', text('h\u00e9llo')),
    path('sized/', () => new HttpResponse('abc', { headers: { 'Content-Length': '3' } })),
    path('stream/', () => new StreamingHttpResponse(['a', 'b'])),
    path('not-modified/', () => new HttpResponseNotModified()),
    path('no-content/', () => new HttpResponse('', { status: 204 })),
    rePath('^(.+)/security/$', text('security')),
  ],
};

beforeAll(() => {
  configureLogging({ level: 'silent' });
  configureSettings(defineSettings({
    SECRET_KEY: 'common-middleware-tests',
    ALLOWED_HOSTS: ['testserver', '.example.com'],
    ROOT_URLCONF: urlconf,
    MIDDLEWARE: [CommonMiddleware],
  }));
});

describe('CommonMiddleware: APPEND_SLASH', () => {
  it('answers 301 to the slash URL when only that one resolves', async () => {
    const response = await new Client().get('/slash');
    expect(response.statusCode).toBe(301);
    expect(response.headers.get('Location')).toBe('/slash/');
  });

  it('keeps the query string', async () => {
    const response = await new Client().get('/slash?a=1&b=x%20y&c=%C3%A9');
    expect(response.headers.get('Location')).toBe('/slash/?a=1&b=x%20y&c=%C3%A9');
  });

  it('keeps escapes of reserved characters in the query string', async () => {
    const response = await new Client().get('/slash?next=%2Fa%3Fb%26c');
    expect(response.headers.get('Location')).toBe('/slash/?next=%2Fa%3Fb%26c');
  });

  it('keeps the path percent-encoded', async () => {
    const response = await new Client().get('/caf%C3%A9');
    expect(response.statusCode).toBe(301);
    expect(response.headers.get('Location')).toBe('/caf%C3%A9/');
  });

  it('never redirects a URL that resolves, even when its view answers 404', async () => {
    const client = new Client();
    expect((await client.get('/noslash')).statusCode).toBe(200);
    const missing = await client.get('/missing');
    expect(missing.statusCode).toBe(404);
    expect(missing.text).toBe('view says 404');
  });

  it('leaves a 404 alone when the slash URL does not resolve either', async () => {
    const response = await new Client().get('/nowhere');
    expect(response.statusCode).toBe(404);
    expect(response.headers.has('Location')).toBe(false);
  });

  it('does nothing with APPEND_SLASH off', async () => {
    await overrideSettings({ APPEND_SLASH: false }, async () => {
      expect((await new Client().get('/slash')).statusCode).toBe(404);
    });
  });

  it('does not redirect to a view decorated with noAppendSlash', async () => {
    expect((await new Client().get('/optout')).statusCode).toBe(404);
    expect((await new Client().get('/optout/')).statusCode).toBe(200);
  });

  it('encodes a second leading slash, so the redirect cannot leave the site', async () => {
    const response = await new Client().get('//evil.com/security');
    expect(response.statusCode).toBe(301);
    expect(response.headers.get('Location')).toBe('/%2Fevil.com/security/');
    expect(response.headers.get('Location')).not.toMatch(/^\/\//);
    expect(escapeLeadingSlashes('//x')).toBe('/%2Fx');
    expect(escapeLeadingSlashes('/x//')).toBe('/x//');
  });

  it('redirects a POST when DEBUG is off (the client decides what to do with it)', async () => {
    const response = await new Client().post('/slash', { a: '1' });
    expect(response.statusCode).toBe(301);
    expect(response.headers.get('Location')).toBe('/slash/');
  });

  it('throws in DEBUG for a POST, PUT, PATCH or DELETE it would redirect, saying the data would be lost', async () => {
    await overrideSettings({ DEBUG: true }, async () => {
      const client = new Client();
      const post = client.post('/slash?next=1', { a: '1' });
      await expect(post).rejects.toBeInstanceOf(AppendSlashDataLoss);
      await expect(client.post('/slash?next=1', { a: '1' })).rejects.toThrow(
        "You called this URL via POST, but the URL doesn't end in a slash and you have APPEND_SLASH set. " +
          "Canter can't redirect to the slash URL while maintaining POST data",
      );
      await expect(client.post('/slash?next=1', { a: '1' })).rejects.toThrow('point to testserver/slash/?next=1 (note the trailing slash)');
      for (const method of ['PUT', 'PATCH', 'DELETE']) {
        await expect(client.generic(method, '/slash', 'x', 'text/plain')).rejects.toThrow(`via ${method}, but`);
      }
      // The 500 page when the client does not re-raise.
      const quiet = new Client({ raiseRequestException: false });
      expect((await quiet.post('/slash', { a: '1' })).statusCode).toBe(500);
      // Safe methods are redirected, and URLs that need no redirect are untouched.
      expect((await client.get('/slash')).statusCode).toBe(301);
      expect((await client.head('/slash')).statusCode).toBe(301);
      expect((await client.post('/slash/', { a: '1' })).statusCode).toBe(200);
      expect((await client.post('/nowhere', { a: '1' })).statusCode).toBe(404);
    });
  });
});

describe('CommonMiddleware: PREPEND_WWW', () => {
  it('redirects to the www host, keeping path and query', async () => {
    await overrideSettings({ PREPEND_WWW: true }, async () => {
      const response = await new Client().get('/slash/?a=1', undefined, { headers: { host: 'example.com' } });
      expect(response.statusCode).toBe(301);
      expect(response.headers.get('Location')).toBe('http://www.example.com/slash/?a=1');
    });
  });

  it('appends the slash in the same redirect, and keeps https and the port', async () => {
    await overrideSettings({ PREPEND_WWW: true }, async () => {
      const response = await new Client().get('/slash', undefined, { headers: { host: 'example.com:8443' }, secure: true });
      expect(response.headers.get('Location')).toBe('https://www.example.com:8443/slash/');
    });
  });

  it('leaves a www host alone', async () => {
    await overrideSettings({ PREPEND_WWW: true }, async () => {
      expect((await new Client().get('/slash/', undefined, { headers: { host: 'www.example.com' } })).statusCode).toBe(200);
    });
  });

  it('is off by default', async () => {
    expect((await new Client().get('/slash/', undefined, { headers: { host: 'example.com' } })).statusCode).toBe(200);
  });
});

describe('CommonMiddleware: DISALLOWED_USER_AGENTS', () => {
  it('answers a matching User-Agent with 403 and lets others through', async () => {
    await overrideSettings({ DISALLOWED_USER_AGENTS: [/bot/i, /^curl\//] }, async () => {
      const client = new Client();
      expect((await client.get('/slash/', undefined, { headers: { 'User-Agent': 'EvilBot/1.0' } })).statusCode).toBe(403);
      expect((await client.get('/slash/', undefined, { headers: { 'User-Agent': 'curl/8.0' } })).statusCode).toBe(403);
      expect((await client.get('/slash/', undefined, { headers: { 'User-Agent': 'Mozilla/5.0 (curl/8.0)' } })).statusCode).toBe(200);
      expect((await client.get('/slash/')).statusCode).toBe(200);
    });
  });

  it('refuses every time with a global RegExp (no lastIndex left over)', async () => {
    await overrideSettings({ DISALLOWED_USER_AGENTS: [/bot/g] }, async () => {
      const client = new Client();
      for (let i = 0; i < 3; i++) {
        expect((await client.get('/slash/', undefined, { headers: { 'User-Agent': 'a bot' } })).statusCode).toBe(403);
      }
    });
  });
});

describe('CommonMiddleware: Content-Length', () => {
  it('sets the byte length of a body that has none', async () => {
    const response = await new Client().get('/unicode/');
    expect(response.headers.get('Content-Length')).toBe('6'); // h é l l o: é is two bytes
  });

  it("keeps the view's own value", async () => {
    expect((await new Client().get('/sized/')).headers.get('Content-Length')).toBe('3');
  });

  it('leaves streaming and bodyless responses without one', async () => {
    const client = new Client();
    expect((await client.get('/stream/')).headers.has('Content-Length')).toBe(false);
    expect((await client.get('/not-modified/')).headers.has('Content-Length')).toBe(false);
    expect((await client.get('/no-content/')).headers.has('Content-Length')).toBe(false);
  });
});

describe('CommonMiddleware: settings and subclasses', () => {
  it('uses responseRedirectClass for its redirects', async () => {
    class TemporaryRedirects extends CommonMiddleware {
      override responseRedirectClass = HttpResponseRedirect;
    }
    await overrideSettings({ MIDDLEWARE: [TemporaryRedirects] }, async () => {
      expect((await new Client().get('/slash')).statusCode).toBe(302);
    });
  });

  it('does nothing for APPEND_SLASH without a ROOT_URLCONF', async () => {
    const middleware = new CommonMiddleware(() => new HttpResponseNotFound());
    await overrideSettings({ ROOT_URLCONF: null }, async () => {
      const { RequestFactory } = await import('../testing/request-factory.js');
      expect((await middleware.call(new RequestFactory().get('/slash'))).statusCode).toBe(404);
    });
  });
});

describe('CommonMiddleware and hostile input', () => {
  it('answers any Host with a page or a 400, never a crash', async () => {
    const client = new Client();
    await fc.assert(fc.asyncProperty(
      fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.constantFrom('[::1', 'example.com:99999999999', '.', '..', 'a..example.com', 'www.example.com.', '[::1]:80')),
      async (host) => {
        fc.pre(!/[\r\n]/.test(host));
        const response = await client.get('/slash', undefined, { headers: { host } });
        expect([301, 400]).toContain(response.statusCode);
      },
    ), { numRuns: 200 });
  });

  it('answers any User-Agent with a page or a 403, never a crash', async () => {
    await overrideSettings({ DISALLOWED_USER_AGENTS: [/bot/i] }, async () => {
      const client = new Client();
      await fc.assert(fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 500 }), async (agent) => {
        fc.pre(!/[\r\n]/.test(agent));
        const response = await client.get('/slash/', undefined, { headers: { 'User-Agent': agent } });
        expect(response.statusCode).toBe(/bot/i.test(agent) ? 403 : 200);
      }), { numRuns: 200 });
    });
  });

  it('answers any path with a page, a redirect on this site or a 404', async () => {
    const client = new Client();
    await fc.assert(fc.asyncProperty(fc.webPath(), async (p) => {
      const response = await client.get(p.startsWith('/') ? p : `/${p}`);
      expect([200, 301, 404]).toContain(response.statusCode);
      const location = response.headers.get('Location');
      if (location !== undefined) expect(location).toMatch(/^\/(?!\/)/);
    }), { numRuns: 300 });
  });
});
