import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requireServer, startDemo } from './lib/demo-process.js';

/** The demo (`npm start`'s program) with SESSION_ENGINE set to each engine: GET /counter/ counts 1, 2, 3 per visitor. */

const scratch = mkdtempSync(join(tmpdir(), 'canter-demo-sessions-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const engines: Array<[string, Record<string, string>, number | undefined]> = [
  ['db', { SESSION_ENGINE: 'db' }, undefined],
  ['cache on Redis', { SESSION_ENGINE: 'cache', CACHE_URL: 'redis://127.0.0.1:6379/12' }, 6379],
  ['cache on memcached', { SESSION_ENGINE: 'cache', CACHE_URL: 'memcached://127.0.0.1:11211' }, 11211],
  ['cached_db on Redis', { SESSION_ENGINE: 'cached_db', CACHE_URL: 'redis://127.0.0.1:6379/12' }, 6379],
  ['file', { SESSION_ENGINE: 'file', SESSION_FILE_PATH: join(scratch, 'sessions') }, undefined],
  ['signed_cookies', { SESSION_ENGINE: 'signed_cookies' }, undefined],
];

/** Sends GET /counter/ with the cookie a previous answer set; returns the body and the new cookie. */
async function count(base: string, cookie: string | undefined): Promise<[string, string | undefined]> {
  const response = await fetch(`${base}/counter/`, { headers: cookie === undefined ? {} : { cookie } });
  expect(response.status).toBe(200);
  const set = response.headers.getSetCookie().find((line) => line.startsWith('sessionid='));
  return [await response.text(), set === undefined ? cookie : set.split(';')[0]];
}

describe('the demo on each session engine', { timeout: 60_000 }, () => {
  for (const [label, env, port] of engines) {
    it(`GET /counter/ counts 1, 2, 3 for one visitor and 1 for another with SESSION_ENGINE ${label}`, async (context) => {
      await requireServer(label, port, context);
      if (env.SESSION_FILE_PATH !== undefined) mkdirSync(env.SESSION_FILE_PATH, { recursive: true });
      const name = label.replace(/\W+/g, '-');
      const { child, base } = await startDemo({ SECRET_KEY: 'demo-session-test', DATABASE_URL: `sqlite:///${join(scratch, `${name}.sqlite3`)}`, ...env });
      try {
        let cookie: string | undefined;
        const bodies: string[] = [];
        for (let i = 0; i < 3; i++) {
          let body: string;
          [body, cookie] = await count(base, cookie);
          bodies.push(body);
        }
        expect(bodies).toEqual(['1', '2', '3']);
        expect((await count(base, undefined))[0]).toBe('1');
        if (env.SESSION_FILE_PATH !== undefined) expect(readdirSync(env.SESSION_FILE_PATH)).toHaveLength(2);
      } finally {
        child.kill('SIGTERM');
      }
    });
  }
});
