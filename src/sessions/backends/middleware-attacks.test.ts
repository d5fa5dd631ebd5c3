/** Hostile cookies and interrupted sessions through SessionMiddleware, for every engine. */
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { CacheKeyWarning } from '../../cache/errors.js';
import { caches } from '../../cache/registry.js';
import { overrideSettings } from '../../conf/settings/index.js';
import { dumps } from '../../signing/dumps.js';
import { Client } from '../../testing/client.js';
import { describeDatabases } from '../../testing/databases.js';
import type { SessionStoreClass } from '../base.js';
import { Session } from '../models.js';
import { SIGNED_COOKIES_SALT } from '../session-data.js';
import { CacheSessionStore } from './cache.js';
import { CachedDbSessionStore } from './cached-db.js';
import { DbSessionStore } from './db.js';
import { FileSessionStore } from './file.js';
import { SignedCookieSessionStore } from './signed-cookies.js';
import { KEY, deferred, saved, sessionCookie, slow, tempDir, useEngineTestKit } from './engine-test-kit.js';

useEngineTestKit();

await describeDatabases('SessionMiddleware', () => {
  const engines = ['db', 'cache', 'cached_db', 'file', 'signed_cookies'] as const;
  const STORES: Record<(typeof engines)[number], SessionStoreClass> = {
    db: DbSessionStore, cache: CacheSessionStore, cached_db: CachedDbSessionStore, file: FileSessionStore, signed_cookies: SignedCookieSessionStore,
  };

  for (const engine of engines) {
    describe(engine, () => {
      let restore: () => void;

      beforeEach(async () => {
        restore = overrideSettings({ SESSION_ENGINE: engine, SESSION_FILE_PATH: tempDir() });
        await caches.get().clear();
      });

      afterEach(() => restore());

      it('answers 200 with a new empty session for a forged, truncated, oversized, odd-charset or unknown cookie', async () => {
        const real = await saved(STORES[engine], { count: 41 });
        const signed = dumps({ count: 41 }, { salt: SIGNED_COOKIES_SALT, compress: true });
        const hostile = [
          real.slice(0, -1), `${real.slice(0, -1)}${real.endsWith('a') ? 'b' : 'a'}`, signed.slice(0, -3), `${signed}x`,
          'x'.repeat(8192), 'a'.repeat(8192), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345', 'abcdefghijklmnop-qrstuvwxyz.0123',
          '..%2F..%2F..%2Fetc%2Fpasswd', '../../../../etc/passwd', 'k\u00e9y\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9', 'nosuchsessionkey0000000000000000',
        ];
        // The cache engines look the long ones up too, and warn (once per key) that memcached would refuse them.
        const warnings: unknown[] = [];
        const spy = vi.spyOn(process, 'emitWarning').mockImplementation((warning: string | Error) => void warnings.push(warning));
        onTestFinished(() => spy.mockRestore());
        for (const value of hostile) {
          const client = new Client({ raiseRequestException: false });
          client.cookies.set('sessionid', value);
          const read = await client.get('/read/');
          expect([value.slice(0, 40), read.statusCode, read.text]).toStrictEqual([value.slice(0, 40), 200, 'none']);
          const write = await client.get('/counter/');
          expect([value.slice(0, 40), write.statusCode, write.text]).toStrictEqual([value.slice(0, 40), 200, '1']);
          const fresh = client.cookies.get('sessionid')!;
          expect(fresh).not.toBe(value);
          if (engine !== 'signed_cookies') expect(fresh).toMatch(KEY);
          expect((await client.get('/counter/')).text).toBe('2');
        }
        expect((await new (STORES[engine])(real).load()).get('count')).toBe(41); // the real one is untouched
        expect(warnings.filter((warning) => !(warning instanceof CacheKeyWarning))).toStrictEqual([]);
      });

      if (engine === 'signed_cookies') return; // no server state: nothing another request can delete

      it('answers 400 (SessionInterrupted) when another request deleted the session before this one saved it', async () => {
        const client = new Client({ raiseRequestException: false });
        await client.get('/counter/');
        const key = client.cookies.get('sessionid')!;
        const reached = deferred();
        const gate = deferred();
        Object.assign(slow, { reached: reached.resolve, gate: gate.promise });
        const pending = client.get('/slow/');
        await reached.promise;
        const other = new Client();
        other.cookies.set('sessionid', key);
        expect((await other.get('/flush/')).text).toBe('flushed');
        gate.resolve();
        const response = await pending;
        expect(response.statusCode).toBe(400);
        expect(sessionCookie(response)).toBeUndefined();
        expect(await new (STORES[engine])().exists(key)).toBe(false); // not resurrected
      });
    });
  }
}, { models: () => [Session], vendors: ['sqlite'], flush: true });
