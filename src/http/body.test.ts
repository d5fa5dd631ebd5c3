import { Agent, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { RequestDataTooBig } from '../conf/errors.js';
import { readBody } from './body.js';
import { ClientDisconnected } from './errors.js';

describe('readBody', () => {
  it('collects every chunk', async () => {
    const body = await readBody(Readable.from([Buffer.from('ab'), Buffer.from('cd'), 'ef']), { limit: 100 });
    expect(body.toString()).toBe('abcdef');
  });

  it('allows a body exactly at the limit, and any size with limit null', async () => {
    expect((await readBody(Readable.from([Buffer.alloc(10)]), { limit: 10, contentLength: 10 })).length).toBe(10);
    expect((await readBody(Readable.from([Buffer.alloc(5000)]), { limit: null })).length).toBe(5000);
  });

  it('refuses a declared Content-Length over the limit without reading', async () => {
    const source = new PassThrough();
    const error = await readBody(source, { limit: 10, contentLength: 11 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestDataTooBig);
    expect((error as RequestDataTooBig).status).toBe(413);
    expect((error as Error).message).toMatch(/DATA_UPLOAD_MAX_MEMORY_SIZE \(10 bytes\)/);
  });

  it('refuses as soon as the bytes received pass the limit, then drains the rest', async () => {
    const source = new PassThrough();
    const run = readBody(source, { limit: 10 });
    source.write(Buffer.alloc(8));
    source.write(Buffer.alloc(8));
    await expect(run).rejects.toBeInstanceOf(RequestDataTooBig);
    // The rest is still read (and dropped), so the writer is never blocked.
    for (let i = 0; i < 100; i++) {
      if (!source.write(Buffer.alloc(65536))) await new Promise((resolve) => source.once('drain', resolve));
    }
    source.end();
    await new Promise((resolve) => source.on('end', resolve));
  });

  it('answers ClientDisconnected when the stream errors, and a late error does not crash', async () => {
    const source = new PassThrough();
    const run = readBody(source, { limit: 100 });
    source.destroy(new Error('socket hang up'));
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientDisconnected);
    expect((error as ClientDisconnected).status).toBe(400);
  });

  it('answers ClientDisconnected when the stream closes before its end', async () => {
    const source = new PassThrough();
    const run = readBody(source, { limit: 100 });
    source.write('part');
    source.destroy();
    await expect(run).rejects.toBeInstanceOf(ClientDisconnected);
  });

  it('answers ClientDisconnected for a stream already destroyed', async () => {
    const source = new PassThrough();
    source.destroy();
    await expect(readBody(source, { limit: 100 })).rejects.toBeInstanceOf(ClientDisconnected);
  });

  it('reads a stream that was paused', async () => {
    const source = new PassThrough();
    source.pause();
    const run = readBody(source, { limit: 100 });
    source.end('hello');
    expect((await run).toString()).toBe('hello');
  });

  it('sees a real client that hangs up mid-body', async () => {
    let outcome: Promise<unknown> = Promise.resolve();
    const server = createServer((req) => {
      outcome = readBody(req, { limit: 1000, contentLength: 100 }).catch((e: unknown) => e);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const socket = connect(port, '127.0.0.1');
    socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly part of it');
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await outcome).toBeInstanceOf(ClientDisconnected);
    await new Promise((resolve) => server.close(resolve));
  });

  it('keeps a keep-alive connection usable after refusing an oversize body', async () => {
    const server = createServer((req, res) => {
      readBody(req, { limit: 10 }).then(
        (body) => res.end(`ok ${body.length}`),
        (error: unknown) => {
          res.statusCode = (error as RequestDataTooBig).status;
          res.end('too big');
        },
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const send = (data: string, agent: Agent) =>
      new Promise<[number, string]>((resolve, reject) => {
        const req = httpRequest({ port, host: '127.0.0.1', method: 'POST', agent, headers: { 'transfer-encoding': 'chunked' } }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve([res.statusCode ?? 0, text]));
        });
        req.on('error', reject);
        req.end(data);
      });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    expect(await send('x'.repeat(5000), agent)).toEqual([413, 'too big']);
    expect(await send('small', agent)).toEqual([200, 'ok 5']);
    agent.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
});
