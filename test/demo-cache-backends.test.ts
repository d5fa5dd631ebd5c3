import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** The demo (`npm start`'s program) with CACHE_URL set to each backend: GET /cached/ is served from that cache. */

const root = new URL('..', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'canter-demo-cache-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

async function demo(cacheUrl: string, name: string): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'examples/demo/main.ts'], {
    cwd: root,
    env: { ...process.env, QUIET: '1', PORT: String(port), SECRET_KEY: 'demo-cache-test', CACHE_URL: cacheUrl, DATABASE_URL: `sqlite:///${join(scratch, `${name}.sqlite3`)}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (data: Buffer): void => {
      output += data.toString();
      if (output.includes('Canter demo on')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`the demo exited with ${code}: ${output}`)));
    setTimeout(() => reject(new Error(`the demo did not start: ${output}`)), 30_000);
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

const backends: Array<[string, string, number | undefined]> = [
  ['memory (locmem://)', 'locmem://demo', undefined],
  ['a database table', 'db://demo_cache', undefined],
  ['a directory', `file://${join(scratch, 'files')}`, undefined],
  ['Redis', 'redis://127.0.0.1:6379/12', 6379],
  ['memcached', 'memcached://127.0.0.1:11211', 11211],
];

describe('the demo on each cache backend', { timeout: 60_000 }, () => {
  for (const [label, url, port] of backends) {
    it(`GET /cached/ answers the same body twice from ${label}`, async (context) => {
      if (port !== undefined && !(await reachable(port))) {
        if (process.env.CI === 'true') throw new Error(`${label} on 127.0.0.1:${port} is unreachable; under CI=true it is required`);
        context.skip(`${label} on 127.0.0.1:${port} is unreachable`);
      }
      const { child, base } = await demo(url, label.replace(/\W+/g, '-'));
      try {
        const path = `/cached/?run=${Date.now()}`; // a fresh entry, whatever earlier runs left in a shared server
        const first = await fetch(base + path);
        expect(first.status).toBe(200);
        const body = await first.text();
        await new Promise((resolve) => setTimeout(resolve, 10));
        const second = await fetch(base + path);
        expect(await second.text()).toBe(body);
        expect(second.headers.get('age')).not.toBeNull();
        expect(second.headers.get('cache-control')).toBe('max-age=900');
      } finally {
        child.kill('SIGTERM');
      }
    });
  }
});
