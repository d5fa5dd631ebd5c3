import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requireServer, startDemo } from './lib/demo-process.js';

/** The demo (`npm start`'s program) with CACHE_URL set to each backend: GET /cached/ is served from that cache. */

const scratch = mkdtempSync(join(tmpdir(), 'canter-demo-cache-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function demo(cacheUrl: string, name: string): ReturnType<typeof startDemo> {
  return startDemo({ SECRET_KEY: 'demo-cache-test', CACHE_URL: cacheUrl, DATABASE_URL: `sqlite:///${join(scratch, `${name}.sqlite3`)}` });
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
      await requireServer(label, port, context);
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
