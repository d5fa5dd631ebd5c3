import { randomBytes } from 'node:crypto';
import { constants, gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { configureLogging } from '../conf/log.js';
import { configureSettings, defineSettings } from '../conf/settings/index.js';
import { HttpResponse } from '../http/response.js';
import type { HttpResponseBase } from '../http/response-base.js';
import { StreamingHttpResponse } from '../http/streaming.js';
import { Client } from '../testing/client.js';
import { RequestFactory } from '../testing/request-factory.js';
import { path } from '../urls/index.js';
import { isThenable } from '../utils/maybe-promise.js';
import { CommonMiddleware } from './common.js';
import { acceptsGzip, compressSequence, compressString, GZipMiddleware } from './gzip.js';

const PAGE = `<html><body>${'<p>Hello, compressible world!</p>\n'.repeat(40)}</body></html>`;

beforeAll(() => {
  configureLogging({ level: 'silent' });
  configureSettings(defineSettings({
    SECRET_KEY: 'gzip-tests',
    ALLOWED_HOSTS: ['testserver'],
    MIDDLEWARE: [GZipMiddleware, CommonMiddleware],
    ROOT_URLCONF: {
      urlpatterns: [
        path('page/', () => new HttpResponse(PAGE)),
        path('stream/', () => new StreamingHttpResponse((async function* () {
          for (let i = 0; i < 50; i++) yield `line ${i} of a streamed page\n`;
        })())),
      ],
    },
  }));
});

const factory = new RequestFactory();

/** One response through GZipMiddleware (the given class) for a request with these headers. */
async function gzipped(
  response: HttpResponseBase,
  headers: Record<string, string> = { 'Accept-Encoding': 'gzip, deflate, br' },
  Middleware: typeof GZipMiddleware = GZipMiddleware,
): Promise<HttpResponseBase> {
  return new Middleware(() => response).call(factory.get('/', undefined, { headers }));
}

async function bodyOf(response: HttpResponseBase): Promise<Buffer> {
  return response instanceof StreamingHttpResponse ? response.readAll() : (response as HttpResponse).content;
}

describe('GZipMiddleware: what it compresses', () => {
  it('compresses for a client that accepts gzip, with the headers that go with it', async () => {
    const response = await gzipped(new HttpResponse(PAGE));
    const body = await bodyOf(response);
    expect(response.headers.get('Content-Encoding')).toBe('gzip');
    expect(response.headers.get('Vary')).toBe('Accept-Encoding');
    expect(response.headers.get('Content-Length')).toBe(String(body.length));
    expect(body.length).toBeLessThan(Buffer.byteLength(PAGE));
    expect(gunzipSync(body).toString()).toBe(PAGE);
  });

  it('adds Accept-Encoding to an existing Vary', async () => {
    const response = await gzipped(new HttpResponse(PAGE, { headers: { Vary: 'Cookie' } }));
    expect(response.headers.get('Vary')).toBe('Cookie, Accept-Encoding');
  });

  it('leaves the body alone for a client that does not accept gzip, but says it varies', async () => {
    const cases: Array<Record<string, string>> = [{}, { 'Accept-Encoding': 'deflate, br' }, { 'Accept-Encoding': 'identity' }];
    for (const headers of cases) {
      const response = await gzipped(new HttpResponse(PAGE), headers);
      expect(response.headers.has('Content-Encoding')).toBe(false);
      expect(response.headers.get('Vary')).toBe('Accept-Encoding');
      expect((await bodyOf(response)).toString()).toBe(PAGE);
    }
  });

  it('makes a strong ETag weak and leaves a weak one as it is', async () => {
    expect((await gzipped(new HttpResponse(PAGE, { headers: { ETag: '"abc"' } }))).headers.get('ETag')).toBe('W/"abc"');
    expect((await gzipped(new HttpResponse(PAGE, { headers: { ETag: 'W/"abc"' } }))).headers.get('ETag')).toBe('W/"abc"');
  });

  it('skips bodies under 200 bytes, adding nothing', async () => {
    const short = 'x'.repeat(199);
    const response = await gzipped(new HttpResponse(short));
    expect(response.headers.has('Content-Encoding')).toBe(false);
    expect(response.headers.has('Vary')).toBe(false);
    expect((await gzipped(new HttpResponse('x'.repeat(200)))).headers.get('Content-Encoding')).toBe('gzip');
    // The length is in bytes, not characters: 100 two-byte characters are worth it.
    expect((await gzipped(new HttpResponse('é'.repeat(100)))).headers.get('Content-Encoding')).toBe('gzip');
  });

  it('skips a response that already has a Content-Encoding, adding no Vary', async () => {
    const response = await gzipped(new HttpResponse(PAGE, { headers: { 'Content-Encoding': 'br' } }));
    expect(response.headers.get('Content-Encoding')).toBe('br');
    expect(response.headers.has('Vary')).toBe(false);
    expect((await bodyOf(response)).toString()).toBe(PAGE);
  });

  it('sends the body as it is when compression would not make it shorter', async () => {
    const noise = randomBytes(1000);
    const response = await gzipped(new HttpResponse(noise, { headers: { ETag: '"n"' } }));
    expect(response.headers.has('Content-Encoding')).toBe(false);
    expect(response.headers.get('Vary')).toBe('Accept-Encoding');
    expect(response.headers.get('ETag')).toBe('"n"');
    expect((await bodyOf(response)).equals(noise)).toBe(true);
  });

  it('compresses large bodies off the event loop, with the same result', async () => {
    const large = PAGE.repeat(100); // > 64 KiB
    const pending = new GZipMiddleware(() => new HttpResponse(large)).processResponse(
      factory.get('/', undefined, { headers: { 'Accept-Encoding': 'gzip' } }),
      new HttpResponse(large),
    );
    expect(isThenable(pending)).toBe(true);
    const response = await pending;
    expect(gunzipSync(await bodyOf(response)).toString()).toBe(large);
    expect(response.headers.get('Content-Length')).toBe(String((await bodyOf(response)).length));
  });
});

describe('GZipMiddleware: Accept-Encoding', () => {
  it('matches the gzip coding as a token, honouring q=0', () => {
    const yes = ['gzip', 'GZIP', 'deflate, gzip', ' gzip ; q=0.5', 'br;q=1.0, gzip;q=0.001', 'x-gzip', '*', 'identity, *;q=0.5', 'gzip;q=abc', 'gzip;level=1'];
    const no = ['', 'deflate', 'gzipped', 'notgzip', 'x-gzip-2', 'gzip;q=0', 'gzip; q=0.000', '*;q=0', 'gzip;q=0, *', 'identity', ',,,;;;', 'q=1'];
    for (const header of yes) expect(acceptsGzip(header), header).toBe(true);
    for (const header of no) expect(acceptsGzip(header), header).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });

  it('never throws on a hostile header, and the middleware answers it', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 400 }), async (header) => {
      expect(typeof acceptsGzip(header)).toBe('boolean');
      const response = await gzipped(new HttpResponse(PAGE), { 'Accept-Encoding': header });
      const body = await bodyOf(response);
      expect(response.headers.get('Content-Encoding') === 'gzip' ? gunzipSync(body).toString() : body.toString()).toBe(PAGE);
    }), { numRuns: 300 });
  });
});

describe('GZipMiddleware: streaming responses', () => {
  it('compresses the stream as one gzip member and drops Content-Length', async () => {
    const chunks = Array.from({ length: 30 }, (_, i) => `chunk ${i} `.repeat(20));
    const source = new StreamingHttpResponse(chunks, { headers: { 'Content-Length': '99', ETag: '"s"' } });
    const response = await gzipped(source);
    expect(response).toBe(source);
    expect(response.headers.get('Content-Encoding')).toBe('gzip');
    expect(response.headers.has('Content-Length')).toBe(false);
    expect(response.headers.get('Vary')).toBe('Accept-Encoding');
    expect(response.headers.get('ETag')).toBe('W/"s"');
    const body = await bodyOf(response);
    expect(body[3]).toBe(0x08); // FNAME: the random-length name is there
    expect(gunzipSync(body).toString()).toBe(chunks.join(''));
  });

  it('compresses even a short stream (its length is not known in advance)', async () => {
    const response = await gzipped(new StreamingHttpResponse(['a']));
    expect(gunzipSync(await bodyOf(response)).toString()).toBe('a');
  });

  it('leaves a stream alone for a client without gzip', async () => {
    const response = await gzipped(new StreamingHttpResponse(['abc']), {});
    expect(response.headers.has('Content-Encoding')).toBe(false);
    expect((await bodyOf(response)).toString()).toBe('abc');
  });

  it('flushes after every event of a text/event-stream, so none waits in a buffer', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const events = new StreamingHttpResponse((async function* () {
      yield 'data: first\n\n';
      await gate;
      yield 'data: second\n\n';
    })(), { contentType: 'text/event-stream' });
    const response = (await gzipped(events)) as StreamingHttpResponse;
    const reader = response.streamingContent[Symbol.asyncIterator]();
    const received: Buffer[] = [];
    // Without a flush the first event would sit in zlib until the gate opens, and this would hang.
    while (!gunzipSync(Buffer.concat(received), { finishFlush: constants.Z_SYNC_FLUSH }).toString().includes('first')) {
      const next = await reader.next();
      expect(next.done).toBe(false);
      received.push(next.value as Buffer);
    }
    release();
    for (let next = await reader.next(); !next.done; next = await reader.next()) received.push(next.value);
    expect(gunzipSync(Buffer.concat(received)).toString()).toBe('data: first\n\ndata: second\n\n');
  }, 3000);

  it("passes the source's error on to the reader", async () => {
    const failing = new StreamingHttpResponse((async function* () {
      yield 'x'.repeat(300);
      throw new Error('source broke');
    })());
    const response = await gzipped(failing);
    await expect(bodyOf(response)).rejects.toThrow('source broke');
  });

  it('stops reading the source when the reader stops early', async () => {
    let finished = false;
    let produced = 0;
    const endless = (async function* () {
      try {
        for (;;) {
          produced++;
          yield randomBytes(4096);
        }
      } finally {
        finished = true;
      }
    })();
    const reader = compressSequence(endless, { maxRandomBytes: 100 });
    await reader.next();
    await reader.return(undefined);
    for (let i = 0; i < 50 && !finished; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(finished).toBe(true);
    expect(produced).toBeLessThan(1000);
  });

  it('round-trips any sequence of chunks', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.uint8Array({ maxLength: 3000 }), { maxLength: 20 }),
      fc.integer({ min: 0, max: 300 }),
      async (chunks, maxRandomBytes) => {
        const out: Buffer[] = [];
        for await (const piece of compressSequence(chunks, { maxRandomBytes })) out.push(piece);
        expect(gunzipSync(Buffer.concat(out)).equals(Buffer.concat(chunks))).toBe(true);
      },
    ), { numRuns: 100 });
  });
});

describe('GZipMiddleware: BREACH mitigation', () => {
  it('gives the same body a different compressed form each time, all decompressing to it', async () => {
    const forms = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const body = await bodyOf(await gzipped(new HttpResponse(PAGE)));
      forms.add(body.toString('hex'));
      expect(gunzipSync(body).toString()).toBe(PAGE);
    }
    expect(forms.size).toBeGreaterThan(1);
  });

  it("puts 0 to max − 1 bytes of name in the gzip header", () => {
    const lengths = new Set<number>();
    const plain = compressString(Buffer.from(PAGE));
    expect(plain[3]).toBe(0); // no FNAME without the option
    for (let i = 0; i < 200; i++) {
      const body = compressString(Buffer.from(PAGE), { maxRandomBytes: 5 });
      expect(body[3]).toBe(0x08);
      const nameLength = body.indexOf(0, 10) - 10;
      expect(body.subarray(10, 10 + nameLength).toString()).toBe('a'.repeat(nameLength));
      expect(body.length).toBe(plain.length + nameLength + 1);
      lengths.add(nameLength);
    }
    expect([...lengths].sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('can be turned off in a subclass (maxRandomBytes = 0): the same body then compresses the same', async () => {
    class Deterministic extends GZipMiddleware {
      override maxRandomBytes = 0;
    }
    const a = await bodyOf(await gzipped(new HttpResponse(PAGE), undefined, Deterministic));
    const b = await bodyOf(await gzipped(new HttpResponse(PAGE), undefined, Deterministic));
    expect(a.equals(b)).toBe(true);
    expect(a[3]).toBe(0);
  });

  it('round-trips any body through gunzip', async () => {
    await fc.assert(fc.asyncProperty(
      fc.oneof(fc.uint8Array({ maxLength: 5000 }), fc.string({ unit: 'binary', maxLength: 3000 }).map((s) => Buffer.from(s))),
      async (bytes) => {
        const response = await gzipped(new HttpResponse(bytes));
        const body = await bodyOf(response);
        const decoded = response.headers.get('Content-Encoding') === 'gzip' ? gunzipSync(body) : body;
        expect(decoded.equals(Buffer.from(bytes))).toBe(true);
        if (bytes.length < 200) expect(response.headers.has('Content-Encoding')).toBe(false);
      },
    ), { numRuns: 300 });
  });
});

describe('GZipMiddleware in the handler', () => {
  it('serves compressed pages and streams through the whole chain, Content-Length included', async () => {
    const client = new Client();
    const page = await client.get('/page/', undefined, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(page.headers.get('Content-Encoding')).toBe('gzip');
    expect(page.headers.get('Content-Length')).toBe(String(page.content.length));
    expect(gunzipSync(page.content).toString()).toBe(PAGE);
    const stream = await client.get('/stream/', undefined, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gunzipSync(stream.content).toString()).toContain('line 49 of a streamed page');
    const identity = await client.get('/page/');
    expect(identity.text).toBe(PAGE);
    expect(identity.headers.get('Content-Length')).toBe(String(Buffer.byteLength(PAGE)));
  });
});
