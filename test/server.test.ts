import { request as httpRequest, Agent } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureLogging, configureSettings, defineSettings, Handler, overrideSettings, requestFinished, serve } from '../src/core/index.js';
import type { RunningServer } from '../src/core/index.js';
import { HttpResponse, StreamingHttpResponse } from '../src/http/index.js';
import type { HttpRequest } from '../src/http/index.js';
import { path } from '../src/urls/index.js';

let running: RunningServer;
let base: string;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  configureLogging({ level: 'silent' });
  configureSettings(defineSettings({
    SECRET_KEY: 'server-tests',
    ALLOWED_HOSTS: ['127.0.0.1'],
    DATA_UPLOAD_MAX_MEMORY_SIZE: 1000,
    DATA_UPLOAD_MAX_NUMBER_FIELDS: 10,
    ROOT_URLCONF: {
      urlpatterns: [
        path('hello/', () => new HttpResponse('ok', { contentType: 'text/plain' })),
        path('slow/', async () => { await sleep(300); return new HttpResponse('slow'); }),
        path('echo/', (request: HttpRequest) => new HttpResponse(request.body)),
        path('json/', (request: HttpRequest) => new HttpResponse(JSON.stringify(request.json()))),
        path('stream/', () => new StreamingHttpResponse((async function* () {
          for (let i = 0; i < 3; i++) yield `chunk${i};`;
        })())),
        path('host/', (request: HttpRequest) => new HttpResponse(request.getHost())),
        path('cookies/', (request: HttpRequest) => new HttpResponse(Object.keys(request.COOKIES).join(','))),
        path('form/', (request: HttpRequest) => new HttpResponse(String(request.POST.size))),
      ],
    },
  }));
  running = await serve(new Handler(), { port: 0, headersTimeout: 500, requestTimeout: 1000 });
  base = running.url;
});

afterAll(async () => {
  await running.close();
});

describe('runserver on node:http', () => {
  it('answers GET /hello/', async () => {
    const response = await fetch(`${base}/hello/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('ok');
    expect(response.headers.get('content-length')).toBe('2');
  });

  it('keeps connections alive across requests', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const ports: number[] = [];
    for (let i = 0; i < 3; i++) {
      await new Promise<void>((resolve, reject) => {
        httpRequest(`${base}/hello/`, { agent }, (res) => {
          ports.push(res.socket.localPort!);
          res.resume();
          res.on('end', resolve);
        }).on('error', reject).end();
      });
    }
    agent.destroy();
    expect(new Set(ports).size).toBe(1);
  });

  it('HEAD has the headers of GET but no body', async () => {
    const response = await fetch(`${base}/hello/`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe('2');
    expect(await response.text()).toBe('');
  });

  it('streams a StreamingHttpResponse', async () => {
    const response = await fetch(`${base}/stream/`);
    expect(await response.text()).toBe('chunk0;chunk1;chunk2;');
  });

  it('a body over DATA_UPLOAD_MAX_MEMORY_SIZE gets 413', async () => {
    const response = await fetch(`${base}/echo/`, { method: 'POST', body: 'x'.repeat(2000), headers: { 'content-type': 'text/plain' } });
    expect(response.status).toBe(413);
  });

  it('more form fields than DATA_UPLOAD_MAX_NUMBER_FIELDS get 400', async () => {
    const fields = Array.from({ length: 11 }, (_, i) => `f${i}=1`).join('&');
    const ok = await fetch(`${base}/form/`, { method: 'POST', body: 'a=1&b=2', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(await ok.text()).toBe('2');
    const tooMany = await fetch(`${base}/form/`, { method: 'POST', body: fields, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(tooMany.status).toBe(400);
  });

  it('a truncated multipart body, or one without a boundary, gets 400', async () => {
    const truncated = '--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue-without-end';
    const cut = await fetch(`${base}/form/`, { method: 'POST', body: truncated, headers: { 'content-type': 'multipart/form-data; boundary=XyZ' } });
    expect(cut.status).toBe(400);
    const noBoundary = await fetch(`${base}/form/`, { method: 'POST', body: 'x', headers: { 'content-type': 'multipart/form-data' } });
    expect(noBoundary.status).toBe(400);
    expect((await fetch(`${base}/hello/`)).status).toBe(200);
  });

  it('malformed cookies are read as far as they go, never a crash', async () => {
    const cookie = '=;;; a="\\x; b=%zz; c="unterminated; d=\xff\xfe; =x; e';
    expect(await rawStatus(`GET /cookies/ HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${cookie}\r\nConnection: close\r\n\r\n`)).toBe(200);
    // A control character is refused by the HTTP parser itself, before any view runs.
    expect(await rawStatus('GET /cookies/ HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: a=\x01\r\nConnection: close\r\n\r\n')).toBe(400);
    expect((await fetch(`${base}/hello/`)).status).toBe(200);
  });

  it('echoes a small body', async () => {
    const response = await fetch(`${base}/echo/`, { method: 'POST', body: 'hello', headers: { 'content-type': 'text/plain' } });
    expect(await response.text()).toBe('hello');
  });

  it('invalid JSON gets 400', async () => {
    const response = await fetch(`${base}/json/`, { method: 'POST', body: '{"a":', headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(400);
  });

  it('a hostile Host header gets 400', async () => {
    const status = await rawStatus('GET /host/ HTTP/1.1\r\nHost: evil.com\r\nConnection: close\r\n\r\n');
    expect(status).toBe(400);
  });

  it('requests read the settings the Handler was built with, not the ones in force later (settings read once)', async () => {
    const restore = overrideSettings({ ALLOWED_HOSTS: ['other.example'], DATA_UPLOAD_MAX_MEMORY_SIZE: 5 });
    try {
      const host = await fetch(`${base}/host/`);
      expect(host.status).toBe(200);
      expect(await host.text()).toBe(new URL(base).host);
      expect(await rawStatus('GET /host/ HTTP/1.1\r\nHost: other.example\r\nConnection: close\r\n\r\n')).toBe(400);
      const echo = await fetch(`${base}/echo/`, { method: 'POST', body: 'x'.repeat(600) });
      expect(echo.status).toBe(200);
      expect((await echo.text()).length).toBe(600);
    } finally {
      restore();
    }
  });

  it('a malformed request line gets 400 and does not crash the server', async () => {
    expect(await rawStatus('GARBAGE\r\n\r\n')).toBe(400);
    expect((await fetch(`${base}/hello/`)).status).toBe(200);
  });

  it('bad percent-encoding in path and query is answered, not crashed on', async () => {
    expect(await rawStatus('GET /%zz/?a=%E0%A4%A HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n')).toBe(404);
  });

  it('a slowloris client that never finishes its headers is disconnected', async () => {
    const started = Date.now();
    const socket = connect(Number(new URL(base).port), '127.0.0.1');
    socket.write('GET /hello/ HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const timer = setInterval(() => socket.writable && socket.write('X-Slow: 1\r\n'), 200);
    const answer = await new Promise<string>((resolve) => {
      let data = '';
      socket.on('data', (d) => { data += d.toString(); });
      socket.on('close', () => resolve(data));
    });
    clearInterval(timer);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(answer).toMatch(/^HTTP\/1.1 408/);
  });

  it('sends request_finished after the response', async () => {
    let finished = 0;
    const receiver = () => void (finished += 1);
    requestFinished.connect(receiver);
    await (await fetch(`${base}/hello/`)).text();
    await sleep(50);
    requestFinished.disconnect(receiver);
    expect(finished).toBe(1);
  });
});

describe('graceful shutdown', () => {
  it('lets a request in flight finish, then stops accepting', async () => {
    const server = await serve(new Handler(), { port: 0 });
    const inFlight = fetch(`${server.url}/slow/`).then(async (r) => [r.status, await r.text()]);
    await sleep(50);
    const closed = server.close();
    expect(await inFlight).toEqual([200, 'slow']);
    await closed;
    await expect(fetch(`${server.url}/hello/`)).rejects.toThrow();
  });
});

function rawStatus(payload: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(new URL(base).port), '127.0.0.1', () => socket.write(payload));
    let data = '';
    socket.on('data', (d) => { data += d.toString(); });
    socket.on('error', reject);
    socket.on('close', () => resolve(Number(/^HTTP\/1.1 (\d{3})/.exec(data)?.[1] ?? 0)));
    setTimeout(() => socket.end(), 1000);
  });
}
