import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { configureLogging } from '../conf/log.js';
import { configureSettings, defineSettings, overrideSettings } from '../conf/settings/index.js';
import type { SettingsInput } from '../conf/settings/index.js';
import type { HttpRequest } from '../http/request.js';
import { HttpResponse } from '../http/response.js';
import type { HttpResponseBase } from '../http/response-base.js';
import { Client } from '../testing/client.js';
import { RequestFactory } from '../testing/request-factory.js';
import type { RequestOptions } from '../testing/request-factory.js';
import { path, rePath } from '../urls/index.js';
import { SecurityMiddleware } from './security.js';

const ok = (): HttpResponse => new HttpResponse('ok', { contentType: 'text/plain' });

beforeAll(() => {
  configureLogging({ level: 'silent' });
  configureSettings(defineSettings({
    SECRET_KEY: 'security-middleware-tests',
    ALLOWED_HOSTS: ['testserver', 'example.com'],
    MIDDLEWARE: [SecurityMiddleware],
    ROOT_URLCONF: { urlpatterns: [path('', ok), rePath('^.*$', ok)] },
  }));
});

const factory = new RequestFactory();

/** Builds the middleware under the settings (it reads them once, as Django's) and runs one request. */
function run(
  overrides: SettingsInput,
  options: RequestOptions & { url?: string } = {},
  view: (request: HttpRequest) => HttpResponseBase = ok,
): Promise<HttpResponseBase> {
  const { url = '/', ...rest } = options;
  return overrideSettings(overrides, async () => {
    const middleware = new SecurityMiddleware(view);
    return middleware.call(factory.get(url, undefined, rest));
  });
}

describe('SecurityMiddleware: Strict-Transport-Security', () => {
  it('is sent on HTTPS answers only', async () => {
    expect((await run({ SECURE_HSTS_SECONDS: 3600 }, { secure: true })).headers.get('Strict-Transport-Security')).toBe('max-age=3600');
    expect((await run({ SECURE_HSTS_SECONDS: 3600 }, { secure: false })).headers.has('Strict-Transport-Security')).toBe(false);
  });

  it('is not sent with SECURE_HSTS_SECONDS = 0', async () => {
    expect((await run({ SECURE_HSTS_SECONDS: 0, SECURE_HSTS_PRELOAD: true }, { secure: true })).headers.has('Strict-Transport-Security')).toBe(false);
  });

  it('adds includeSubDomains and preload when asked', async () => {
    const both = await run({ SECURE_HSTS_SECONDS: 600, SECURE_HSTS_INCLUDE_SUBDOMAINS: true, SECURE_HSTS_PRELOAD: true }, { secure: true });
    expect(both.headers.get('Strict-Transport-Security')).toBe('max-age=600; includeSubDomains; preload');
    const sub = await run({ SECURE_HSTS_SECONDS: 600, SECURE_HSTS_INCLUDE_SUBDOMAINS: true }, { secure: true });
    expect(sub.headers.get('Strict-Transport-Security')).toBe('max-age=600; includeSubDomains');
    const preload = await run({ SECURE_HSTS_SECONDS: 600, SECURE_HSTS_PRELOAD: true }, { secure: true });
    expect(preload.headers.get('Strict-Transport-Security')).toBe('max-age=600; preload');
  });

  it("keeps the view's own header", async () => {
    const view = () => new HttpResponse('', { headers: { 'Strict-Transport-Security': 'max-age=1' } });
    expect((await run({ SECURE_HSTS_SECONDS: 3600 }, { secure: true }, view)).headers.get('Strict-Transport-Security')).toBe('max-age=1');
  });

  it('trusts SECURE_PROXY_SSL_HEADER to say the request was HTTPS', async () => {
    const settings = { SECURE_HSTS_SECONDS: 60, SECURE_PROXY_SSL_HEADER: ['X-Forwarded-Proto', 'https'] as const };
    expect((await run(settings, { headers: { 'X-Forwarded-Proto': 'https' } })).headers.get('Strict-Transport-Security')).toBe('max-age=60');
    expect((await run(settings, { headers: { 'X-Forwarded-Proto': 'http' } })).headers.has('Strict-Transport-Security')).toBe(false);
  });
});

describe('SecurityMiddleware: SECURE_SSL_REDIRECT', () => {
  it('answers plain HTTP with 301 to the same URL on https, query string kept', async () => {
    const response = await run({ SECURE_SSL_REDIRECT: true }, { url: '/some/caf%C3%A9?q=a%20b&x=1' });
    expect(response.statusCode).toBe(301);
    expect(response.headers.get('Location')).toBe('https://testserver/some/caf%C3%A9?q=a%20b&x=1');
  });

  it('lets HTTPS requests through, and does nothing when off', async () => {
    expect((await run({ SECURE_SSL_REDIRECT: true }, { secure: true })).statusCode).toBe(200);
    expect((await run({ SECURE_SSL_REDIRECT: false })).statusCode).toBe(200);
  });

  it('redirects to SECURE_SSL_HOST when set', async () => {
    const response = await run({ SECURE_SSL_REDIRECT: true, SECURE_SSL_HOST: 'secure.example.com' }, { url: '/a/?b=1' });
    expect(response.headers.get('Location')).toBe('https://secure.example.com/a/?b=1');
  });

  it('keeps the port of the Host', async () => {
    const response = await run({ SECURE_SSL_REDIRECT: true }, { url: '/x/', headers: { host: 'example.com:8443' } });
    expect(response.headers.get('Location')).toBe('https://example.com:8443/x/');
  });

  it('leaves paths matching SECURE_REDIRECT_EXEMPT alone, matched without the leading slash', async () => {
    const settings = { SECURE_SSL_REDIRECT: true, SECURE_REDIRECT_EXEMPT: ['^insecure/', /^health$/i] };
    expect((await run(settings, { url: '/insecure/page' })).statusCode).toBe(200);
    expect((await run(settings, { url: '/HEALTH' })).statusCode).toBe(200);
    expect((await run(settings, { url: '/other/insecure/' })).statusCode).toBe(301);
    expect((await run(settings, { url: '/health/more' })).statusCode).toBe(301);
    // A pattern written with the slash never matches, as in Django.
    expect((await run({ SECURE_SSL_REDIRECT: true, SECURE_REDIRECT_EXEMPT: ['^/insecure/'] }, { url: '/insecure/page' })).statusCode).toBe(301);
  });

  it('searches anywhere in the path, as re.search, and takes Python syntax', async () => {
    const settings = { SECURE_SSL_REDIRECT: true, SECURE_REDIRECT_EXEMPT: ['(?P<name>webhook)\\Z'] };
    expect((await run(settings, { url: '/api/v1/webhook' })).statusCode).toBe(200);
    expect((await run(settings, { url: '/api/v1/webhook/x' })).statusCode).toBe(301);
  });

  it('tests a global RegExp the same way every time', async () => {
    const settings = { SECURE_SSL_REDIRECT: true, SECURE_REDIRECT_EXEMPT: [/open/g] };
    for (let i = 0; i < 3; i++) expect((await run(settings, { url: '/open/' })).statusCode).toBe(200);
  });

  it('answers a Host outside ALLOWED_HOSTS with 400 through the handler, never a redirect to it', async () => {
    await overrideSettings({ SECURE_SSL_REDIRECT: true }, async () => {
      const client = new Client();
      const response = await client.get('/x/', undefined, { headers: { host: 'evil.example' } });
      expect(response.statusCode).toBe(400);
      expect(response.headers.has('Location')).toBe(false);
    });
  });
});

describe('SecurityMiddleware: the other headers', () => {
  it('sends nosniff, same-origin Referrer-Policy and COOP by default', async () => {
    const response = await run({});
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(response.headers.get('Referrer-Policy')).toBe('same-origin');
    expect(response.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
  });

  it('sends none of them when the settings turn them off', async () => {
    const response = await run({ SECURE_CONTENT_TYPE_NOSNIFF: false, SECURE_REFERRER_POLICY: null, SECURE_CROSS_ORIGIN_OPENER_POLICY: null });
    expect(response.headers.has('X-Content-Type-Options')).toBe(false);
    expect(response.headers.has('Referrer-Policy')).toBe(false);
    expect(response.headers.has('Cross-Origin-Opener-Policy')).toBe(false);
  });

  it('joins a Referrer-Policy list or comma-separated string with commas', async () => {
    const list = await run({ SECURE_REFERRER_POLICY: ['no-referrer', 'strict-origin-when-cross-origin'] });
    expect(list.headers.get('Referrer-Policy')).toBe('no-referrer,strict-origin-when-cross-origin');
    const text = await run({ SECURE_REFERRER_POLICY: ' origin ,  unsafe-url' });
    expect(text.headers.get('Referrer-Policy')).toBe('origin,unsafe-url');
  });

  it('sends the configured Cross-Origin-Opener-Policy', async () => {
    const response = await run({ SECURE_CROSS_ORIGIN_OPENER_POLICY: 'same-origin-allow-popups' });
    expect(response.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin-allow-popups');
  });

  it('never replaces a value the view set', async () => {
    const view = () => new HttpResponse('', {
      headers: { 'X-Content-Type-Options': 'custom', 'Referrer-Policy': 'no-referrer', 'Cross-Origin-Opener-Policy': 'unsafe-none' },
    });
    const response = await run({}, {}, view);
    expect(response.headers.get('X-Content-Type-Options')).toBe('custom');
    expect(response.headers.get('Referrer-Policy')).toBe('no-referrer');
    expect(response.headers.get('Cross-Origin-Opener-Policy')).toBe('unsafe-none');
  });

  it('adds them to answers from the full handler, errors included', async () => {
    const client = new Client();
    for (const url of ['/', '/anything']) {
      const response = await client.get(url);
      expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    }
  });
});

describe('SecurityMiddleware settings are checked at start-up', () => {
  it('refuses an unknown Referrer-Policy, naming the setting', () => {
    expect(() => defineSettings({ SECRET_KEY: 'k', SECURE_REFERRER_POLICY: 'same-origin, nonsense' })).toThrow(/SECURE_REFERRER_POLICY is "same-origin, nonsense"; it must be null, or one or more/);
    expect(() => defineSettings({ SECRET_KEY: 'k', SECURE_REFERRER_POLICY: ['origin', 'bad'] })).toThrow(/SECURE_REFERRER_POLICY/);
    expect(() => defineSettings({ SECRET_KEY: 'k', SECURE_REFERRER_POLICY: '' })).toThrow(/SECURE_REFERRER_POLICY/);
    expect(defineSettings({ SECRET_KEY: 'k', SECURE_REFERRER_POLICY: ['origin', 'no-referrer'] }).SECURE_REFERRER_POLICY).toEqual(['origin', 'no-referrer']);
  });

  it('refuses SECURE_REDIRECT_EXEMPT entries that do not compile', () => {
    expect(() => defineSettings({ SECRET_KEY: 'k', SECURE_REDIRECT_EXEMPT: ['^ok/', '(unclosed'] })).toThrow(/SECURE_REDIRECT_EXEMPT .*"\(unclosed" does not/);
    expect(() => defineSettings({ SECRET_KEY: 'k', SECURE_REDIRECT_EXEMPT: [42] as never })).toThrow(/SECURE_REDIRECT_EXEMPT/);
  });

  it('refuses an unknown Cross-Origin-Opener-Policy', () => {
    expect(() => defineSettings({ SECRET_KEY: 'k', SECURE_CROSS_ORIGIN_OPENER_POLICY: 'same-site' })).toThrow(/SECURE_CROSS_ORIGIN_OPENER_POLICY/);
  });
});

describe('SecurityMiddleware and hostile input', () => {
  it('answers any Host and X-Forwarded-Proto with a redirect or a 400, never a crash', async () => {
    await overrideSettings({ SECURE_SSL_REDIRECT: true, SECURE_HSTS_SECONDS: 60, SECURE_PROXY_SSL_HEADER: ['X-Forwarded-Proto', 'https'] }, async () => {
      const client = new Client();
      await fc.assert(fc.asyncProperty(
        fc.string({ unit: 'binary', maxLength: 300 }).filter((s) => !/[\r\n]/.test(s)),
        fc.string({ maxLength: 20 }).filter((s) => !/[\r\n]/.test(s)),
        async (host, proto) => {
          const response = await client.get('/x/', undefined, { headers: { host, 'x-forwarded-proto': proto } });
          expect([200, 301, 400]).toContain(response.statusCode);
          if (response.statusCode === 301) expect(response.headers.get('Location')).toMatch(/^https:\/\/(testserver|example\.com)(:\d+)?\/x\/$/);
        },
      ), { numRuns: 200 });
    });
  });
});
