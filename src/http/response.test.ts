import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DisallowedRedirect } from '../conf/errors.js';
import { configureSettings, defineSettings } from '../conf/settings/index.js';
import { parseCookieHeader } from './cookies.js';
import { BadHeaderError, ContentNotRenderedError } from './errors.js';
import {
  HttpResponse,
  HttpResponseNotAllowed,
  HttpResponseNotFound,
  HttpResponsePermanentRedirect,
  HttpResponseRedirect,
  JsonResponse,
} from './response.js';
import { FileResponse, StreamingHttpResponse } from './streaming.js';
import { TemplateResponse } from './template-response.js';

beforeAll(() => {
  configureSettings(defineSettings({ SECRET_KEY: 'response-tests' }));
});

describe('HttpResponse', () => {
  it('holds content as bytes in its charset, with Django defaults', () => {
    const response = new HttpResponse('héllo');
    expect(response.statusCode).toBe(200);
    expect(response.reasonPhrase).toBe('OK');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.content.equals(Buffer.from('héllo'))).toBe(true);
    expect(response.text).toBe('héllo');
  });

  it('write() appends like a file (seed 003)', () => {
    const response = new HttpResponse();
    response.write('a');
    response.write(Buffer.from('b'));
    response.writelines(['c', 'd']);
    expect(response.text).toBe('abcd');
    expect(response.tell()).toBe(4);
    response.content = ['x', 'y'];
    expect(response.text).toBe('xy');
  });

  it('encodes in the charset named by the content type', () => {
    const response = new HttpResponse('é', { contentType: 'text/plain; charset=latin1' });
    expect(response.charset).toBe('latin1');
    expect([...response.content]).toEqual([0xe9]);
  });

  it('refuses headers that would split the response', () => {
    const response = new HttpResponse();
    expect(() => response.headers.set('X-A', 'a\r\nSet-Cookie: x=1')).toThrow(BadHeaderError);
    expect(() => response.headers.set('X-A\n', 'a')).toThrow(BadHeaderError);
    expect(response.headers.has('X-A')).toBe(false);
  });

  it('refuses a status outside 100–599', () => {
    expect(() => new HttpResponse('', { status: 99 })).toThrow(/100 to 599/);
    expect(() => new HttpResponse('', { status: 600 })).toThrow(/100 to 599/);
  });

  it('headers are case-insensitive and keep their spelling', () => {
    const response = new HttpResponse();
    response.headers.set('X-Frame-Options', 'DENY');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect([...response.headers].map(([n]) => n)).toContain('X-Frame-Options');
    response.headers.setDefault('x-frame-options', 'SAMEORIGIN');
    expect(response.headers.get('X-Frame-Options')).toBe('DENY');
  });
});

describe('cookies on the response', () => {
  it('setCookie writes every parameter of seed 002 plus samesite', () => {
    const response = new HttpResponse();
    response.setCookie('k', 'v', { maxAge: 10, path: '/p/', domain: 'example.com', secure: true, httpOnly: true, sameSite: 'Strict' });
    const [line] = response.setCookieHeaders();
    expect(line).toMatch(/^k=v; /);
    expect(line).toContain('Max-Age=10');
    expect(line).toContain('Path=/p/');
    expect(line).toContain('Domain=example.com');
    expect(line).toContain('Secure');
    expect(line).toContain('HttpOnly');
    expect(line).toContain('SameSite=Strict');
    expect(line).toMatch(/expires=\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT/);
  });

  it('deleteCookie expires the cookie at once', () => {
    const response = new HttpResponse();
    response.deleteCookie('sessionid', { path: '/' });
    const [line] = response.setCookieHeaders();
    expect(line).toContain('Max-Age=0');
    expect(line).toContain('expires=Thu, 01 Jan 1970 00:00:00 GMT');
    expect(line).toMatch(/^sessionid=""/);
  });

  it('CR/LF in a cookie value cannot inject a header', () => {
    const response = new HttpResponse();
    response.setCookie('k', 'a\r\nSet-Cookie: evil=1');
    const [line] = response.setCookieHeaders();
    expect(line).not.toMatch(/[\r\n]/);
    expect(parseCookieHeader(line!.split(';')[0]!).k).toBe('a\r\nSet-Cookie: evil=1');
  });

  it('an illegal cookie name or path is a typed error', () => {
    const response = new HttpResponse();
    expect(() => response.setCookie('a b', 'v')).toThrow(expect.objectContaining({ code: expect.stringMatching(/COOKIE/) }));
    expect(() => response.setCookie('k', 'v', { path: '/;x' })).toThrow(expect.objectContaining({ code: expect.stringMatching(/COOKIE/) }));
    expect(() => response.setCookie('k', 'v', { sameSite: 'bogus' as never })).toThrow(/samesite/i);
  });

  it('any value survives setCookie → Cookie header → parse', () => {
    fc.assert(fc.property(fc.string(), (value) => {
      const response = new HttpResponse();
      response.setCookie('k', value);
      const pair = response.setCookieHeaders()[0]!.split('; ')[0]!;
      expect(parseCookieHeader(pair).k).toBe(value);
    }));
  });
});

describe('response classes', () => {
  it('redirects set Location and refuse unsafe schemes', () => {
    expect(new HttpResponseRedirect('/next/').headers.get('Location')).toBe('/next/');
    expect(new HttpResponseRedirect('/next/').statusCode).toBe(302);
    expect(new HttpResponsePermanentRedirect('https://x.com/').statusCode).toBe(301);
    expect(() => new HttpResponseRedirect('javascript:alert(1)')).toThrow(DisallowedRedirect);
    expect(() => new HttpResponseRedirect('data:text/html,x')).toThrow(DisallowedRedirect);
    expect(new HttpResponseRedirect('/caf\u00e9/').headers.get('Location')).toBe('/caf%C3%A9/');
  });

  it("redirects keep escapes already in the URL, as Django's iri_to_uri does", () => {
    expect(new HttpResponseRedirect('/a/?next=%26').headers.get('Location')).toBe('/a/?next=%26');
    expect(new HttpResponsePermanentRedirect('/%2Fx/').headers.get('Location')).toBe('/%2Fx/');
    expect(new HttpResponseRedirect('/a b/?q=x y').headers.get('Location')).toBe('/a%20b/?q=x%20y');
  });

  it('JsonResponse is compact and refuses non-objects unless safe is false', () => {
    const response = new JsonResponse({ a: 1, b: [1, 2] });
    expect(response.text).toBe('{"a":1,"b":[1,2]}');
    expect(response.headers.get('Content-Type')).toBe('application/json');
    expect(() => new JsonResponse([1])).toThrow(/safe/);
    expect(new JsonResponse([1], { safe: false }).text).toBe('[1]');
  });

  it('status classes and 405 with Allow', () => {
    expect(new HttpResponseNotFound().statusCode).toBe(404);
    const notAllowed = new HttpResponseNotAllowed(['get', 'post']);
    expect(notAllowed.statusCode).toBe(405);
    expect(notAllowed.headers.get('Allow')).toBe('GET, POST');
  });

  it('StreamingHttpResponse streams sync and async iterables', async () => {
    const sync = new StreamingHttpResponse(['a', 'b']);
    expect(sync.streaming).toBe(true);
    expect((await sync.readAll()).toString()).toBe('ab');
    const asyncOne = new StreamingHttpResponse((async function* () { yield 'x'; yield Buffer.from('y'); })());
    expect((await asyncOne.readAll()).toString()).toBe('xy');
  });

  it('FileResponse sets type, length and disposition', async () => {
    const response = await FileResponse.fromPath(new URL(import.meta.url).pathname, { asAttachment: true, filename: 'résumé.txt' });
    expect(response.headers.get('Content-Type')).toBe('text/plain; charset=utf-8');
    expect(Number(response.headers.get('Content-Length'))).toBeGreaterThan(100);
    expect(response.headers.get('Content-Disposition')).toBe("attachment; filename*=utf-8''r%C3%A9sum%C3%A9.txt");
    expect((await response.readAll()).toString()).toContain('FileResponse sets type');
  });

  it('TemplateResponse renders once, and its content is unreadable before', async () => {
    let renders = 0;
    const template = { render: (ctx: Record<string, unknown>) => { renders += 1; return `n=${String(ctx.n)}`; } };
    const response = new TemplateResponse(undefined, template, { n: 1 });
    expect(() => response.content).toThrow(ContentNotRenderedError);
    await response.render();
    await response.render();
    expect(response.text).toBe('n=1');
    expect(renders).toBe(1);
  });

  it('TemplateResponse by name without a template engine is a clear configuration error', async () => {
    await expect(new TemplateResponse(undefined, 'x.html').render()).rejects.toThrow(/TEMPLATES/);
  });
});
