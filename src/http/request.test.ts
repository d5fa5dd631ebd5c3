import { Readable } from 'node:stream';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { BadRequest, DisallowedHost, RequestDataTooBig, TooManyFieldsSent } from '../conf/errors.js';
import { configureSettings, defineSettings, overrideSettings } from '../conf/settings/index.js';
import { RequestFactory } from '../testing/index.js';
import { HttpRequest } from './request.js';
import { HttpResponse } from './response.js';

beforeAll(() => {
  configureSettings(defineSettings({ SECRET_KEY: 'request-tests', ALLOWED_HOSTS: ['example.com', '.example.org'] }));
});

function make(url: string, headers: Record<string, string> = {}, body?: Buffer | string | Readable): HttpRequest {
  return new HttpRequest({ method: 'GET', url, headers: { host: 'example.com', ...headers }, body });
}

describe('path and query', () => {
  it('decodes the path and keeps the raw query for GET', () => {
    const request = make('/caf%C3%A9/a%20b/?q=1&q=2&x=%E2%9C%93');
    expect(request.path).toBe('/café/a b/');
    expect(request.pathInfo).toBe('/café/a b/');
    expect(request.GET.get('q')).toBe('2');
    expect(request.GET.getlist('q')).toEqual(['1', '2']);
    expect(request.GET.get('x')).toBe('✓');
  });

  it('keeps broken percent-encoding in the path instead of failing', () => {
    expect(make('/a%zz/').path).toBe('/a%zz/');
    expect(make('/bad%C3/').path).toBe('/bad%C3/');
    expect(make('/%E2%9C/%E2%9C%93').path).toBe('/%E2%9C/✓');
  });

  it('never throws on any path', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      const request = make(`/${s.replace(/[?#]/g, '')}`);
      expect(typeof request.path).toBe('string');
    }));
  });

  it('SCRIPT_NAME prefixes path but not pathInfo', () => {
    const request = new HttpRequest({ method: 'get', url: '/x/', headers: {}, scriptName: '/app/' });
    expect(request.method).toBe('GET');
    expect(request.path).toBe('/app/x/');
    expect(request.pathInfo).toBe('/x/');
  });

  it('getFullPath escapes the path and keeps the query', () => {
    expect(make('/a%20b/?x=1&y=%20').getFullPath()).toBe('/a%20b/?x=1&y=%20');
    expect(make('/a?x=1').getFullPath(true)).toBe('/a/?x=1');
  });

  it('more query fields than DATA_UPLOAD_MAX_NUMBER_FIELDS is TooManyFieldsSent', () => {
    overrideSettings({ DATA_UPLOAD_MAX_NUMBER_FIELDS: 3 }, () => {
      expect(() => make('/?a=1&b=2&c=3&d=4').GET).toThrow(TooManyFieldsSent);
      expect(make('/?a=1&b=2&c=3').GET.size).toBe(3);
    });
  });
});

describe('headers and META', () => {
  it('reads headers case-insensitively and builds META with HTTP_ names', () => {
    const request = make('/?a=1', { 'user-agent': 'UA', 'content-type': 'text/plain', 'x-custom-thing': 'v' });
    expect(request.headers.get('User-Agent')).toBe('UA');
    expect(request.META.HTTP_USER_AGENT).toBe('UA');
    expect(request.META.CONTENT_TYPE).toBe('text/plain');
    expect(request.META.HTTP_X_CUSTOM_THING).toBe('v');
    expect(request.META.QUERY_STRING).toBe('a=1');
    expect(request.META.REQUEST_METHOD).toBe('GET');
  });

  it('a change to META is what headers and getHost see afterwards', () => {
    const request = make('/');
    request.META.HTTP_HOST = 'sub.example.org';
    expect(request.headers.get('host')).toBe('sub.example.org');
    expect(request.getHost()).toBe('sub.example.org');
  });

  it('isAjax checks X-Requested-With', () => {
    expect(make('/', { 'x-requested-with': 'XMLHttpRequest' }).isAjax()).toBe(true);
    expect(make('/').isAjax()).toBe(false);
  });
});

describe('getHost and ALLOWED_HOSTS', () => {
  it('accepts listed hosts, subdomain patterns and ports', () => {
    expect(make('/', { host: 'example.com:8000' }).getHost()).toBe('example.com:8000');
    expect(make('/', { host: 'a.b.example.org' }).getHost()).toBe('a.b.example.org');
    expect(make('/', { host: 'example.org' }).getHost()).toBe('example.org');
    expect(make('/', { host: 'EXAMPLE.COM' }).getHost()).toBe('EXAMPLE.COM');
  });

  const hostile = [
    'evil.com', 'example.com.evil.com', 'example.com@evil.com', 'example.com:80@evil', 'exa mple.com',
    'example.com\r\nX: y', 'example.com/path', '', '[::1', 'example.com:abc', 'xexample.org',
  ];
  for (const host of hostile) {
    it(`refuses Host ${JSON.stringify(host)} with DisallowedHost`, () => {
      expect(() => make('/', { host }).getHost()).toThrow(DisallowedHost);
    });
  }

  it('names the domain to add to ALLOWED_HOSTS', () => {
    expect(() => make('/', { host: 'evil.com' }).getHost()).toThrow(/add "evil.com" to ALLOWED_HOSTS/);
  });

  it('with DEBUG and empty ALLOWED_HOSTS allows localhost only', () => {
    overrideSettings({ DEBUG: true, ALLOWED_HOSTS: [] }, () => {
      expect(make('/', { host: 'localhost:8000' }).getHost()).toBe('localhost:8000');
      expect(make('/', { host: '[::1]' }).getHost()).toBe('[::1]');
      expect(() => make('/', { host: 'example.com' }).getHost()).toThrow(DisallowedHost);
    });
  });

  it('X-Forwarded-Host is used only with USE_X_FORWARDED_HOST', () => {
    const request = () => make('/', { 'x-forwarded-host': 'sub.example.org' });
    expect(request().getHost()).toBe('example.com');
    overrideSettings({ USE_X_FORWARDED_HOST: true }, () => expect(request().getHost()).toBe('sub.example.org'));
  });

  it('a bad Host through the handler is a 400, not a crash', async () => {
    const { Handler } = await import('../core/handler.js');
    const { path } = await import('../urls/index.js');
    const handler = new Handler(defineSettings({
      SECRET_KEY: 'x', ALLOWED_HOSTS: ['example.com'],
      ROOT_URLCONF: { urlpatterns: [path('', (r: HttpRequest) => new HttpResponse(r.getHost()))] },
    }));
    const { configureLogging } = await import('../conf/log.js');
    configureLogging({ level: 'silent' });
    const response = await handler.handle(make('/', { host: 'evil.com' }));
    expect(response.statusCode).toBe(400);
  });
});

describe('scheme and absolute URIs', () => {
  it('is secure when the socket is TLS', () => {
    const request = new HttpRequest({ method: 'GET', url: '/', headers: { host: 'example.com' }, encrypted: true });
    expect(request.isSecure()).toBe(true);
    expect(request.buildAbsoluteUri('/x/?a=1')).toBe('https://example.com/x/?a=1');
  });

  it('trusts SECURE_PROXY_SSL_HEADER only when configured', () => {
    const request = () => make('/', { 'x-forwarded-proto': 'https' });
    expect(request().isSecure()).toBe(false);
    overrideSettings({ SECURE_PROXY_SSL_HEADER: ['HTTP_X_FORWARDED_PROTO', 'https'] }, () => {
      expect(request().isSecure()).toBe(true);
      expect(make('/', { 'x-forwarded-proto': 'http' }).isSecure()).toBe(false);
    });
  });

  it('buildAbsoluteUri resolves relative locations against the request', () => {
    const request = make('/a/b/?q=1');
    expect(request.buildAbsoluteUri()).toBe('http://example.com/a/b/?q=1');
    expect(request.buildAbsoluteUri('c/')).toBe('http://example.com/a/b/c/');
    expect(request.buildAbsoluteUri('../d')).toBe('http://example.com/a/d');
    expect(request.buildAbsoluteUri('https://other.com/x')).toBe('https://other.com/x');
  });
});

describe('the body', () => {
  it('parses a urlencoded body into POST after load()', async () => {
    const request = new RequestFactory().post('/', 'a=1&a=2&b=%E2%9C%93', 'application/x-www-form-urlencoded');
    await request.load();
    expect(request.POST.getlist('a')).toEqual(['1', '2']);
    expect(request.POST.get('b')).toBe('✓');
    expect(request.body.toString()).toBe('a=1&a=2&b=%E2%9C%93');
  });

  it('parses multipart fields and files, and refuses body access afterwards', async () => {
    const request = new RequestFactory().post('/', { name: 'x', doc: { name: 'a.txt', content: 'hello', contentType: 'text/plain' } });
    await request.load();
    expect(request.POST.get('name')).toBe('x');
    const file = request.FILES.get('doc');
    expect(file?.name).toBe('a.txt');
    expect((await file!.read()).toString()).toBe('hello');
    expect(() => request.body).toThrow(/cannot access body/);
    await request.cleanup();
  });

  it('a body over DATA_UPLOAD_MAX_MEMORY_SIZE is RequestDataTooBig when read, not before', async () => {
    await overrideSettings({ DATA_UPLOAD_MAX_MEMORY_SIZE: 10 }, async () => {
      const request = new RequestFactory().post('/', 'x'.repeat(11), 'application/x-www-form-urlencoded');
      await request.load();
      expect(request.method).toBe('POST');
      expect(() => request.POST).toThrow(RequestDataTooBig);
      expect(() => request.body).toThrow(RequestDataTooBig);
    });
  });

  it('a streamed body over the limit stops at the limit', async () => {
    await overrideSettings({ DATA_UPLOAD_MAX_MEMORY_SIZE: 100 }, async () => {
      const chunks = Array.from({ length: 50 }, () => Buffer.alloc(10, 'a'));
      const request = new HttpRequest({
        method: 'POST', url: '/', headers: { host: 'example.com', 'transfer-encoding': 'chunked' }, body: Readable.from(chunks),
      });
      await request.load();
      expect(() => request.body).toThrow(RequestDataTooBig);
    });
  });

  it('json() parses the body and turns invalid JSON into BadRequest', async () => {
    const ok = new RequestFactory().post('/', { a: [1, 2] }, 'application/json');
    await ok.load();
    expect(ok.json()).toEqual({ a: [1, 2] });
    const bad = new RequestFactory().post('/', '{"a":', 'application/json');
    await bad.load();
    expect(() => bad.json()).toThrow(BadRequest);
  });

  it('a body that is neither form nor multipart leaves POST empty', async () => {
    const request = new RequestFactory().post('/', '{"a":1}', 'application/json');
    await request.load();
    expect(request.POST.size).toBe(0);
  });

  it('multipart without a boundary is a 400-class error when POST is read', async () => {
    const request = new RequestFactory().post('/', 'garbage', 'multipart/form-data');
    await request.load();
    expect(() => request.POST).toThrow(expect.objectContaining({ status: 400 }));
  });
});

describe('cookies', () => {
  it('parses the Cookie header; malformed parts do not break the rest', () => {
    const request = make('/', { cookie: 'a=1; ;;b="x y"; =; c=%zz; broken' });
    expect(request.COOKIES.a).toBe('1');
    expect(request.COOKIES.b).toBe('x y');
    expect(request.COOKIES.c).toBe('%zz');
  });

  it('reads back a signed cookie the response set, with salt and max age', () => {
    const response = new HttpResponse();
    response.setSignedCookie('name', 'value', { salt: 'pepper' });
    const value = response.cookies.get('name')!.value;
    const request = make('/', { cookie: `name=${value}` });
    expect(request.getSignedCookie('name', { salt: 'pepper' })).toBe('value');
    expect(request.getSignedCookie('name', { salt: 'pepper', maxAge: 60 })).toBe('value');
    expect(() => request.getSignedCookie('name', { salt: 'other' })).toThrow(/Signature/);
    expect(request.getSignedCookie('name', { salt: 'other', default: null })).toBeNull();
    expect(request.getSignedCookie('missing', { default: 'd' })).toBe('d');
    expect(() => request.getSignedCookie('missing')).toThrow(/not in the request/);
  });

  it('a tampered signed cookie fails', () => {
    const response = new HttpResponse();
    response.setSignedCookie('n', 'v');
    const value = response.cookies.get('n')!.value;
    const tampered = value.replace(/^v/, 'w');
    expect(() => make('/', { cookie: `n=${tampered}` }).getSignedCookie('n')).toThrow(/Signature/);
  });
});
