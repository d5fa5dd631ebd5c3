import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import type { GetResponse, MiddlewareFactory } from '../middleware/mixin.js';
import { configureSettings, defineSettings } from '../conf/settings/index.js';
import type { SettingsInput } from '../conf/settings/index.js';
import { HttpRequest } from '../http/request.js';
import type { RawHeaders } from '../http/request-headers.js';
import { technical404Response, technical500Response } from './debug.js';

const THIS_FILE = fileURLToPath(import.meta.url);
const THROW_LINE = readFileSync(THIS_FILE, 'utf8').split('\n').findIndex((l) => l.endsWith('// THROW-LINE')) + 1;
const SECRET = 'sk-live-5up3r-s3cr3t';
const MASK = '********************';
// Secrets live up here, far from every throw: the page shows the source lines around a throw,
// and must not be caught "leaking" a literal that merely sits next to it in this file.
const SESSION_VALUE = 'sess-cookie-value-123';
const BEARER = 'bearer-token-456';
const API_KEY = 'api-key-789';
const STRIPE = 'pk_stripe_abc';
const PASSWORD_FIELD = 'pw-hunter3';
const DB_PASSWORD = 'hunter2';

class AuditMiddleware {
  constructor(readonly getResponse: GetResponse) {}
  call(request: HttpRequest) {
    return this.getResponse(request);
  }
}
const timingMiddleware: MiddlewareFactory = (getResponse) => (request) => getResponse(request);

function configure(extra: SettingsInput = {}): void {
  configureSettings(defineSettings({
    DEBUG: true,
    SECRET_KEY: SECRET,
    ALLOWED_HOSTS: ['testserver'],
    DATABASES: { default: { ENGINE: 'sqlite', NAME: 'db.sqlite3', PASSWORD: DB_PASSWORD } },
    ...extra,
  }));
}

beforeEach(() => configure());

function request(url: string, headers: RawHeaders = {}, method = 'GET', body?: string): HttpRequest {
  return new HttpRequest({ method, url, headers: { host: 'testserver', accept: 'text/html', ...headers }, body });
}

function body(response: { content: Buffer }): string {
  return response.content.toString('utf8');
}

/** Thrown here so the page must show this file's own lines around the throw. */
function failInThisFile(): never {
  throw new TypeError('boom from the test file'); // THROW-LINE
}

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('technical404Response', () => {
  const tried = [
    [{ pattern: { toString: () => 'blog/' } }, { route: '<int:year>/', name: 'archive' }],
    ['about/'],
    [{ pattern: { route: 'shop/' } }, 'cart/'],
  ];

  it('answers 404 with the patterns tried, in order, and the path that missed', () => {
    const response = technical404Response(request('/nope/'), { message: "No URL pattern matches 'nope/'", tried, path: 'nope/' });
    const html = body(response);
    expect(response.statusCode).toBe(404);
    expect(response.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expect(html).toContain('Canter tried these URL patterns, in this order:');
    const order = ['<code>blog/</code><code>&lt;int:year&gt;/ [name=&#39;archive&#39;]</code>', '<code>about/</code>', '<code>shop/</code><code>cart/</code>'];
    const positions = order.map((item) => html.indexOf(item));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(html).toContain("The current path, <code>nope/</code>, didn&#39;t match any of these.".replace('didn&#39;t', "didn't"));
    expect(html).toContain('GET');
    expect(html).toContain('http://testserver/nope/');
    expect(html).toContain('DEBUG = true');
  });

  it('reads tried through a getter, as Resolver404 computes it lazily', () => {
    const error = new (class Resolver404 extends Error {
      readonly path = 'x/';
      get tried(): string[][] {
        return [['admin/'], ['api/', 'v1/']];
      }
    })("No URL pattern matches 'x/'");
    const html = body(technical404Response(request('/x/'), error));
    expect(html).toContain('<li><code>admin/</code></li>');
    expect(html).toContain('<li><code>api/</code><code>v1/</code></li>');
  });

  it('shows the message alone when the error carries no patterns (a view raised Http404)', () => {
    const html = body(technical404Response(request('/post/9/'), new Error('No Post matches the given query.')));
    expect(html).toContain('No Post matches the given query.');
    expect(html).toContain('No URL patterns were reported');
  });

  it('says so when the URLconf is empty', () => {
    const html = body(technical404Response(request('/'), { message: 'nothing', tried: [], path: '' }));
    expect(html).toContain('has no URL patterns');
  });

  it('escapes the path, the query, the patterns and the message', () => {
    const response = technical404Response(
      request('/<script>alert(1)</script>/?q=<script>x</script>'),
      { message: '<script>msg</script>', tried: [['<script>pat</script>']], path: '<script>alert(1)</script>/' },
    );
    const html = body(response);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;pat&lt;/script&gt;');
    expect(html).toContain('&lt;script&gt;msg&lt;/script&gt;');
  });

  it('survives odd tried shapes', () => {
    const odd = { message: 'm', tried: ['flat/', [null, 42, { name: 'n' }], [{ toString: () => { throw new Error('no'); } }]] };
    const response = technical404Response(request('/odd/'), odd);
    expect(response.statusCode).toBe(404);
    expect(body(response)).toContain('<code>flat/</code>');
    expect(body(response)).toContain('(unprintable pattern)');
  });

  it('answers plain text to a client that does not accept HTML', () => {
    const response = technical404Response(request('/nope/', { accept: 'application/json' }), { message: 'm', tried, path: 'nope/' });
    const text = body(response);
    expect(response.headers.get('Content-Type')).toBe('text/plain; charset=utf-8');
    expect(text).toContain('  1. blog/ <int:year>/ [name=\'archive\']\n  2. about/\n  3. shop/ cart/');
    expect(text).toContain("The current path, nope/, didn't match any of these.");
    expect(text).not.toContain('<html');
  });
});

describe('technical500Response', () => {
  it('answers with the status given, the error class and the message', () => {
    for (const status of [500, 400, 413]) {
      const response = technical500Response(request('/x/'), new RangeError('out of range'), status);
      expect(response.statusCode).toBe(status);
      expect(body(response)).toContain('RangeError');
      expect(body(response)).toContain('out of range');
    }
  });

  it('shows the stack as frames, with source lines around the line in project files', () => {
    const html = body(technical500Response(request('/x/'), caught(failInThisFile), 500));
    expect(html).toContain(`<span class="fn">failInThisFile</span> ${THIS_FILE}:`);
    expect(html).toMatch(/<li class="current"><span class="n">\d+<\/span>.*THROW-LINE<\/li>/);
    expect(html).toContain('Exception Location:');
    expect(html).toContain('Plain-text traceback');
  });

  it('de-emphasises node_modules and node: frames and reads file:// URLs', () => {
    const error = new Error('parsed');
    error.stack = [
      'Error: parsed',
      '    at Runner.run (/work/main/node_modules/vitest/dist/runner.js:10:5)',
      '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
      `    at async failInThisFile (file://${THIS_FILE}:${THROW_LINE}:9)`,
      '    at Array.map (<anonymous>)',
    ].join('\n');
    const html = body(technical500Response(request('/x/'), error, 500));
    expect(html).toContain('<li class="frame library">');
    expect(html).toContain('<li class="frame internal">');
    expect(html).toContain(`<span class="fn">async failInThisFile</span> ${THIS_FILE}:${THROW_LINE}:9`);
    expect(html).toContain('THROW-LINE');
  });

  it('follows the cause chain, and stops at a loop', () => {
    const root = new TypeError('inner problem', { cause: 'a plain string cause' });
    const html = body(technical500Response(request('/x/'), new Error('outer problem', { cause: root }), 500));
    expect(html).toContain('Caused by: TypeError');
    expect(html).toContain('inner problem');
    expect(html).toContain('a plain string cause');
    const loop = new Error('loops');
    (loop as { cause?: unknown }).cause = loop;
    expect(technical500Response(request('/x/'), loop, 500).statusCode).toBe(500);
  });

  it('shows something useful for a thrown non-Error', () => {
    const html = body(technical500Response(request('/x/'), { reason: 'not an error' }, 500));
    expect(html).toContain('not an error');
    expect(html).toContain('No stack trace.');
  });

  it('masks secret settings, secret headers and the session cookie', () => {
    configure({ STRIPE_API_KEY: STRIPE, MIDDLEWARE: [AuditMiddleware, timingMiddleware] });
    const html = body(technical500Response(request('/x/', {
      cookie: `sessionid=${SESSION_VALUE}; theme=dark`,
      authorization: `Bearer ${BEARER}`,
      'x-api-key': API_KEY,
    }), new Error('e'), 500));
    for (const secret of [DB_PASSWORD, SECRET, STRIPE, SESSION_VALUE, BEARER, API_KEY]) {
      expect(html).not.toContain(secret);
    }
    expect(html).toContain(MASK);
    expect(html).toContain('dark');
    expect(html).toContain('db.sqlite3');
    expect(html).toContain('class AuditMiddleware');
    expect(html).toContain('timingMiddleware');
  });

  it('escapes the path, a query value, a header, the error message and a setting', () => {
    configure({ GREETING: '<script>setting</script>' });
    const response = technical500Response(
      request('/<script>p</script>/?q=<script>q</script>', { 'x-note': '<script>header</script>' }),
      new Error('<script>message</script>'),
      500,
    );
    const html = body(response);
    expect(html).not.toMatch(/<script/i);
    for (const part of ['header', 'message', 'setting', 'q']) expect(html).toContain(`&lt;script&gt;${part}&lt;/script&gt;`);
  });

  it('shows GET and POST, masks password fields, and notes a POST that cannot be read', async () => {
    const form = request('/login/?next=/home/', { 'content-type': 'application/x-www-form-urlencoded' }, 'POST', `username=ann&password=${PASSWORD_FIELD}`);
    await form.load();
    const html = body(technical500Response(form, new Error('e'), 500));
    expect(html).toContain('&#39;/home/&#39;');
    expect(html).toContain('&#39;ann&#39;');
    expect(html).not.toContain(PASSWORD_FIELD);

    configure({ DATA_UPLOAD_MAX_MEMORY_SIZE: 5 });
    const big = request('/up/', { 'content-type': 'application/x-www-form-urlencoded' }, 'POST', 'a=0123456789');
    await big.load();
    const response = technical500Response(big, new Error('too big'), 413);
    expect(response.statusCode).toBe(413);
    expect(body(response)).toContain('POST could not be read');
  });

  it('still renders when the Host header is not allowed', () => {
    const response = technical500Response(request('/x/', { host: 'evil.example' }), new Error('DisallowedHost'), 400);
    expect(response.statusCode).toBe(400);
    expect(body(response)).toContain('/x/');
  });

  it('answers plain text to API clients and curl, HTML to browsers', () => {
    const error = caught(failInThisFile);
    for (const accept of ['application/json', '*/*']) {
      const response = technical500Response(request('/api/', { accept, cookie: `sessionid=${SESSION_VALUE}` }), error, 500);
      const text = body(response);
      expect(response.headers.get('Content-Type')).toBe('text/plain; charset=utf-8');
      expect(text).toContain('TypeError at /api/ (500)');
      expect(text).toContain('Traceback (most recent call first):');
      expect(text).toMatch(/> +\d+ \| .*THROW-LINE/);
      expect(text).not.toContain(DB_PASSWORD);
      expect(text).not.toContain(SESSION_VALUE);
    }
    for (const accept of ['text/html,application/xhtml+xml;q=0.9,*/*;q=0.8', undefined]) {
      const req = new HttpRequest({ method: 'GET', url: '/', headers: accept === undefined ? { host: 'testserver' } : { host: 'testserver', accept } });
      expect(technical500Response(req, error, 500).headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    }
  });
});
