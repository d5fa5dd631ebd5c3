/**
 * Every place that turns the request's path into a URL or a redirect keeps it on this site,
 * whatever the path: `//evil.com`, `/\evil.com`, `/%2F%2Fevil.com`, `///evil.com`, tabs and
 * newlines. APPEND_SLASH and PREPEND_WWW (CommonMiddleware), SECURE_SSL_REDIRECT
 * (SecurityMiddleware) and the page cache's keys, checked with fixed cases and with fast-check.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { absoluteUrlDigest, urlDigestOf } from '../src/cache/page-keys.js';
import { configureLogging } from '../src/conf/log.js';
import { configureSettings, defineSettings, overrideSettings } from '../src/conf/settings/index.js';
import { HttpRequest } from '../src/http/request.js';
import { HttpResponse } from '../src/http/response.js';
import { CommonMiddleware } from '../src/middleware/common.js';
import { SecurityMiddleware } from '../src/middleware/security.js';
import { Client } from '../src/testing/client.js';
import { rePath } from '../src/urls/index.js';

const HOSTILE_PATHS = [
  '//evil.com', '/\\evil.com', '/%2F%2Fevil.com', '///evil.com', '/%5Cevil.com', '/%5C%5Cevil.com',
  '/\tevil.com', '/\t/evil.com', '/%09/evil.com', '/\n/evil.com', '/%0A/evil.com', '/%0D%0A/evil.com',
  '//evil.com/%2E%2E', '/%2F/evil.com', '/\\/evil.com', '//\\evil.com', '/%20//evil.com', '//evil.com:443',
];
const PIECES = ['/', '//', '\\', '%2F', '%2f', '%5C', '\t', '\n', '%09', '%0A', '%0D', ' ', '%20', '\x08', 'evil.com',
  'evil.com:80', '@', ':', '.', '..', '%2E', 'é', 'x'];
// Raw request targets as a lenient server might pass them on: always starting with '/', no '?' or '#'.
const hostilePath = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 8 }).map((parts) => `/${parts.join('')}`);

beforeAll(() => {
  configureLogging({ level: 'silent' });
  configureSettings(defineSettings({
    SECRET_KEY: 'hostile-paths',
    ALLOWED_HOSTS: ['testserver', 'www.testserver', 'other.example'],
    // Anything ending in a slash resolves, so APPEND_SLASH redirects every path without one.
    ROOT_URLCONF: { urlpatterns: [rePath('^[\\s\\S]*/$', () => new HttpResponse('page'))] },
    MIDDLEWARE: [SecurityMiddleware, CommonMiddleware],
  }));
});

function request(url: string, host = 'testserver'): HttpRequest {
  return new HttpRequest({ method: 'GET', url, headers: { host } });
}

async function locationFor(url: string): Promise<string | undefined> {
  const response = await new Client({ raiseRequestException: false }).request(request(url));
  return response.headers.get('Location');
}

/** Where a browser on http://testserver/here/ goes with this Location. */
function browserTarget(location: string): URL {
  return new URL(location, 'http://testserver/here/');
}

describe('APPEND_SLASH', () => {
  it.each(HOSTILE_PATHS)('redirects %j to a path on this host', async (path) => {
    const location = await locationFor(path);
    expect(location).toBeDefined();
    expect(location!.startsWith('/')).toBe(true);
    expect(location!.startsWith('//')).toBe(false);
    expect(browserTarget(location!).host).toBe('testserver');
  });

  it('never redirects to another host, whatever the path', async () => {
    await fc.assert(fc.asyncProperty(hostilePath, async (path) => {
      const location = await locationFor(path);
      if (location !== undefined) expect(browserTarget(location).host).toBe('testserver');
    }), { numRuns: 300 });
  });
});

describe('PREPEND_WWW', () => {
  it('redirects to www. of this host, whatever the path', async () => {
    const restore = overrideSettings({ PREPEND_WWW: true });
    try {
      for (const path of HOSTILE_PATHS) {
        const location = await locationFor(path);
        expect(browserTarget(location!).host).toBe('www.testserver');
      }
      await fc.assert(fc.asyncProperty(hostilePath, async (path) => {
        expect(browserTarget((await locationFor(path))!).host).toBe('www.testserver');
      }), { numRuns: 200 });
    } finally {
      restore();
    }
  });
});

describe('SECURE_SSL_REDIRECT', () => {
  it('redirects to https on this host (or SECURE_SSL_HOST), whatever the path', async () => {
    for (const sslHost of ['', 'secure.example']) {
      const restore = overrideSettings({ SECURE_SSL_REDIRECT: true, SECURE_SSL_HOST: sslHost || null });
      try {
        const expected = sslHost || 'testserver';
        for (const path of HOSTILE_PATHS) {
          const target = browserTarget((await locationFor(path))!);
          expect([target.protocol, target.host]).toEqual(['https:', expected]);
        }
        await fc.assert(fc.asyncProperty(hostilePath, async (path) => {
          expect(browserTarget((await locationFor(path))!).host).toBe(expected);
        }), { numRuns: 200 });
      } finally {
        restore();
      }
    }
  });
});

describe('page cache keys', () => {
  it('a path naming another host does not share that host\'s key (no cache poisoning)', () => {
    for (const path of ['//other.example/page', '/%2F%2Fother.example/page', '///other.example/page']) {
      const hostile = request(path, 'testserver');
      expect(hostile.buildAbsoluteUri().startsWith('http://testserver/')).toBe(true);
      expect(absoluteUrlDigest(hostile)).not.toBe(absoluteUrlDigest(request('/page', 'other.example')));
      expect(absoluteUrlDigest(hostile)).not.toBe(urlDigestOf('http://other.example/page'));
    }
  });

  it('every key is built from a URL on the request\'s own host', () => {
    fc.assert(fc.property(hostilePath, (path) => {
      const url = request(path).buildAbsoluteUri();
      expect(url.startsWith('http://testserver/')).toBe(true);
      expect(new URL(url).host).toBe('testserver');
    }), { numRuns: 2000 });
  });
});
