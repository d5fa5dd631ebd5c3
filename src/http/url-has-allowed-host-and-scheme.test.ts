import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { urlHasAllowedHostAndScheme } from './url-has-allowed-host-and-scheme.js';

// Django's URLHasAllowedHostAndSchemeTests (tests/utils_tests/test_http.py), case for case.
describe('urlHasAllowedHostAndScheme: Django\'s cases', () => {
  it.each([
    'http://example.com',
    'http:///example.com',
    'https://example.com',
    'ftp://example.com',
    '\\\\example.com',
    '\\\\\\example.com',
    '/\\\\/example.com',
    '\\\\//example.com',
    '/\\/example.com',
    '\\/example.com',
    '/\\example.com',
    'http:/\\//example.com',
    'http:\\/example.com',
    'http:/\\example.com',
    'javascript:alert("XSS")',
    '\njavascript:alert(x)',
    'java\nscript:alert(x)',
    '\x08//example.com',
    'http://otherserver\\@example.com',
    'http:\\\\testserver\\@example.com',
    'http://testserver\\me:pass@example.com',
    'http://testserver\\@example.com',
    'http:\\\\testserver\\confirm\\me@example.com',
    'http:999999999',
    'ftp:9999999999',
    '\n',
    'http://[2001:cdba:0000:0000:0000:0000:3257:9652/',
    'http://2001:cdba:0000:0000:0000:0000:3257:9652]/',
  ])('refuses %j', (url) => {
    expect(urlHasAllowedHostAndScheme(url, new Set(['testserver', 'testserver2']))).toBe(false);
  });

  it.each([
    '/view/?param=http://example.com',
    '/view/?param=https://example.com',
    '/view?param=ftp://example.com',
    'view/?param=//example.com',
    'https://testserver/',
    'HTTPS://testserver/',
    '//testserver/',
    'http://testserver/confirm?email=me@example.com',
    '/url%20with%20spaces/',
    'path/http:2222222222',
  ])('accepts %j', (url) => {
    expect(urlHasAllowedHostAndScheme(url, ['otherserver', 'testserver'])).toBe(true);
  });

  it('accepts basic-auth credentials when the whole authority is allowed', () => {
    expect(urlHasAllowedHostAndScheme('http://user:pass@testserver/', ['user:pass@testserver'])).toBe(true);
  });

  it('accepts a bare path with no allowed hosts, but not a host hidden behind a backslash', () => {
    expect(urlHasAllowedHostAndScheme('/confirm/me@example.com', null)).toBe(true);
    expect(urlHasAllowedHostAndScheme('http://testserver\\@example.com', null)).toBe(false);
  });

  it('takes one host as a string', () => {
    expect(urlHasAllowedHostAndScheme('http://good.com/good', 'good.com')).toBe(true);
    expect(urlHasAllowedHostAndScheme('http://good.co/evil', 'good.com')).toBe(false);
  });

  it('with requireHttps, accepts https and paths only', () => {
    for (const url of ['https://example.com/p', 'HTTPS://example.com/p', '/view/?param=http://example.com']) {
      expect(urlHasAllowedHostAndScheme(url, ['example.com'], true)).toBe(true);
    }
    for (const url of ['http://example.com/p', 'ftp://example.com/p', '//example.com/p']) {
      expect(urlHasAllowedHostAndScheme(url, ['example.com'], true)).toBe(false);
    }
  });

  it('refuses an empty or blank URL', () => {
    for (const url of ['', '   ', null, undefined]) expect(urlHasAllowedHostAndScheme(url, ['testserver'])).toBe(false);
  });
});

describe('urlHasAllowedHostAndScheme: stricter than Django 3.2 where browsers are', () => {
  it.each([
    '/\t/evil.com', // the tab is dropped: //evil.com
    '/\n/evil.com',
    '/\r\n/evil.com',
    '/\t\\evil.com',
    '\t//evil.com',
    '//testserver\u3000', // browsers keep U+3000 in the host; Python's strip() would drop it
  ])('refuses %j', (url) => {
    expect(urlHasAllowedHostAndScheme(url, ['testserver'])).toBe(false);
  });

  const PIECES = ['/', '//', '\\', '\t', '\n', '\r', ' ', '\x00', '\x08', '\u3000', '\uff0f', '%2F', '%5C', '@', ':', '.',
    '?', '#', 'evil.com', 'testserver', 'http:', 'https:', 'javascript:', 'HTTP://', 'user:pw@'];
  const hostile = fc.array(fc.constantFrom(...PIECES), { maxLength: 8 }).map((parts) => parts.join(''));

  it('never accepts a URL a browser would take to another host or scheme', () => {
    fc.assert(fc.property(hostile, (url) => {
      if (!urlHasAllowedHostAndScheme(url, ['testserver'])) return;
      // What a browser does with a Location on a page of http://testserver/a/.
      const resolved = new URL(url, 'http://testserver/a/');
      expect(resolved.host).toBe('testserver');
      expect(['http:', 'https:']).toContain(resolved.protocol);
    }), { numRuns: 5000 });
  });
});
