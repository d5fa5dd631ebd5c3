import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { configureSettings, defineSettings } from '../conf/settings/index.js';
import { absoluteUri } from './absolute-uri.js';
import { HttpRequest } from './request.js';

beforeAll(() => {
  configureSettings(defineSettings({ SECRET_KEY: 'absolute-uri', ALLOWED_HOSTS: ['testserver'] }));
});

function request(url: string, scriptName?: string): HttpRequest {
  return new HttpRequest({ method: 'GET', url, headers: { host: 'testserver' }, scriptName });
}

/** What a browser makes of it: the host it would go to. */
function hostOf(url: string): string {
  return new URL(url).host;
}

// Pieces hostile paths are made of: slashes of every spelling, controls parsers drop, hosts.
const PIECES = ['/', '/', '//', '\\', '%2F', '%2f', '%5C', '\t', '\n', '\r', ' ', '\x00', '\x08', '%09', '%0A', '%00',
  'evil.com', 'evil.com:80', '@', ':', '.', '..', '?', '#', 'é', '%', 'http:', 'javascript:'];
const hostile = fc.array(fc.constantFrom(...PIECES), { maxLength: 8 }).map((parts) => parts.join(''));

describe('buildAbsoluteUri() of the request itself', () => {
  it.each([
    ['////absolute-uri', 'http://testserver////absolute-uri'],
    ['//evil.com', 'http://testserver//evil.com'],
    ['///evil.com', 'http://testserver///evil.com'],
    ['/%2F%2Fevil.com', 'http://testserver///evil.com'],
    ['/\\evil.com', 'http://testserver/%5Cevil.com'],
    ['/%5C%5Cevil.com', 'http://testserver/%5C%5Cevil.com'],
    ['/\tevil.com', 'http://testserver/%09evil.com'],
    ['/%09/evil.com', 'http://testserver/%09/evil.com'],
    ['/%0A/evil.com', 'http://testserver/%0A/evil.com'],
    ['//evil.com/?next=//evil.com', 'http://testserver//evil.com/?next=//evil.com'],
  ])('keeps %j on this host: %s', (url, expected) => {
    // Django 3.2's HttpRequest with this path gives the same (its test client's urlparse would
    // first collapse `////absolute-uri` to `//absolute-uri`; Canter's keeps the path as sent).
    expect(request(url).buildAbsoluteUri()).toBe(expected);
  });

  it('never points at another host, whatever the path', () => {
    fc.assert(fc.property(hostile, hostile, (path, query) => {
      const built = request(`/${path}?${query}`).buildAbsoluteUri();
      expect(built.startsWith('http://testserver/')).toBe(true);
      expect(hostOf(built)).toBe('testserver');
    }), { numRuns: 2000 });
  });

  it('stays on this host under a SCRIPT_NAME too', () => {
    expect(request('//evil.com', '/app').buildAbsoluteUri()).toBe('http://testserver/app//evil.com');
  });
});

describe('buildAbsoluteUri(location)', () => {
  // Django 3.2's answers for a request to http://testserver/a/b/.
  it.each([
    ['///foo/bar/', 'http://testserver/foo/bar/'],
    ['////evil.com', 'http://testserver//evil.com'],
    ['//evil.com/x', 'http://evil.com/x'],
    ['http://other/', 'http://other/'],
    ['mailto:a@b', 'mailto:a@b'],
    ['/\\evil.com', 'http://testserver/%5Cevil.com'],
    ['\\/evil.com', 'http://testserver/a/b/%5C/evil.com'],
    ['\\\\evil.com', 'http://testserver/a/b/%5C%5Cevil.com'],
    ['/\tevil', 'http://testserver/%09evil'],
    ['?q=1', 'http://testserver/a/b/?q=1'],
    ['#f', 'http://testserver/a/b/#f'],
    ['', 'http://testserver/a/b/'],
    ['c/', 'http://testserver/a/b/c/'],
    ['../d', 'http://testserver/a/d'],
    ['/x/../y', 'http://testserver/y'],
    ['é/', 'http://testserver/a/b/%C3%A9/'],
  ])('%j gives %s, as in Django', (location, expected) => {
    expect(request('/a/b/').buildAbsoluteUri(location)).toBe(expected);
  });

  // Django's urlsplit drops the tab or space and then reads `//evil.com` as a host; browsers would
  // never have done so with the tab percent-encoded, and neither does Canter.
  it.each([
    ['/\t/evil.com', 'http://testserver/%09/evil.com'],
    ['/\n/evil.com', 'http://testserver/%0A/evil.com'],
    ['\t//evil.com', 'http://testserver/a/b/%09//evil.com'],
    [' //evil.com', 'http://testserver/a/b/%20//evil.com'],
  ])('%j stays on this host (Django 3.2 goes to evil.com)', (location, expected) => {
    expect(request('/a/b/').buildAbsoluteUri(location)).toBe(expected);
  });

  it('keeps dot segments inside the path, never letting `//x/..` become a host', () => {
    expect(request('/').buildAbsoluteUri('////x/../y')).toBe('http://testserver//y');
    expect(request('//evil.com/a/').buildAbsoluteUri('b')).toBe('http://testserver//evil.com/a/b');
    expect(request('//evil.com').buildAbsoluteUri('b')).toBe('http://testserver//b');
  });

  it('leaves this host only for a location that names a host itself', () => {
    fc.assert(fc.property(hostile, hostile, (path, location) => {
      const built = request(`/${path}`).buildAbsoluteUri(location);
      const namesHost = /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(location) || /^\/\/[^/?#]/.test(location);
      if (!namesHost) {
        expect(built.startsWith('http://testserver/')).toBe(true);
        expect(hostOf(built)).toBe('testserver');
      }
    }), { numRuns: 3000 });
  });

  it('absoluteUri takes the scheme of the base for a scheme-relative location', () => {
    expect(absoluteUri('//cdn.example/x.js', 'https://testserver', '/')).toBe('https://cdn.example/x.js');
  });
});
