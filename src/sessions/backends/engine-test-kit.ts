/**
 * What the engine-specific session tests share: the settings and URLconf they run under, the
 * captured log records, temporary directories, and helpers that save and inspect sessions.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { caches } from '../../cache/registry.js';
import { configureLogging, type LogRecord } from '../../conf/log.js';
import { configureSettings, defineSettings, overrideSettings, type SettingsInput } from '../../conf/settings/index.js';
import { HttpResponse } from '../../http/response.js';
import type { HttpRequest } from '../../http/request.js';
import { type ClientResponse } from '../../testing/client.js';
import { path } from '../../urls/index.js';
import type { SessionStoreClass } from '../base.js';
import { SessionMiddleware } from '../middleware.js';
import { type SessionData } from '../session-data.js';

export const SECRET = 'engine-tests-secret-key-0123456789';
export const KEY = /^[a-z0-9]{32}$/;
/** A CACHES entry nothing answers: Redis on port 1, failing fast. */
export const CACHE_DOWN = { default: { BACKEND: 'redis', LOCATION: 'redis://127.0.0.1:1/13', OPTIONS: { SOCKET_TIMEOUT: 0.2, SOCKET_CONNECT_TIMEOUT: 0.2 } } };
export const LOCMEM = { default: { BACKEND: 'locmem', LOCATION: 'engine-tests' } };

export const records: LogRecord[] = [];

export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** The /slow/ view's hooks: it says when it has changed the session, then waits for the gate. */
export const slow = { reached: (): void => undefined, gate: Promise.resolve() };

export const urlconf = {
  urlpatterns: [
    path('counter/', (request: HttpRequest) => {
      const count = Number(request.session.get('count') ?? 0) + 1;
      request.session.set('count', count);
      return new HttpResponse(String(count));
    }),
    path('read/', (request: HttpRequest) => new HttpResponse(String(request.session.get('count') ?? 'none'))),
    path('fill/<int:n>/', (request: HttpRequest, { n }: { n: number }) => {
      request.session.update(payload(n));
      return new HttpResponse('ok');
    }),
    path('big/<int:n>/', (request: HttpRequest, { n }: { n: number }) => {
      request.session.set('big', randomBytes(n).toString('base64'));
      return new HttpResponse('ok');
    }),
    path('flush/', async (request: HttpRequest) => {
      await request.session.flush();
      return new HttpResponse('flushed');
    }),
    path('slow/', async (request: HttpRequest) => {
      request.session.set('slow', true);
      slow.reached();
      await slow.gate;
      return new HttpResponse('ok');
    }),
  ],
};

/** A session value big enough that a half-written copy cannot pass for a whole one. */
export function payload(n: number): SessionData {
  const blocks = Array.from({ length: 400 }, (_, i) => createHash('sha256').update(`payload ${n} ${i}`).digest());
  return { n, body: Buffer.concat(blocks).toString('base64') }; // 17 kB that compression cannot shrink
}

export function isWhole(data: SessionData): boolean {
  return typeof data.n === 'number' && data.body === payload(data.n).body;
}

export const tempDirs: string[] = [];
export function tempDir(prefix = 'canter-engines-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

export function withSettings<T>(overrides: SettingsInput, fn: () => Promise<T>): Promise<T> {
  return overrideSettings(overrides, fn);
}

export function sessionCookie(response: ClientResponse): string | undefined {
  return response.setCookieHeaders().find((line) => line.startsWith('sessionid='));
}

/** A saved session of the current engine with data; its key. */
export async function saved(Store: SessionStoreClass, data: SessionData): Promise<string> {
  const store = new Store();
  await store.load();
  store.update(data);
  await store.save();
  return store.sessionKey!;
}

/** The settings, logging and clean-up every engine test file shares. */
export function useEngineTestKit(): void {
  beforeAll(() => {
    configureLogging({ level: 'warning', sink: (record) => records.push(record) });
    configureSettings(defineSettings({
      SECRET_KEY: SECRET,
      ROOT_URLCONF: urlconf,
      MIDDLEWARE: [SessionMiddleware],
      CACHES: LOCMEM,
      DATABASES: { default: { ENGINE: 'sqlite', NAME: ':memory:' } },
    }));
  });

  beforeEach(() => {
    records.length = 0;
  });

  afterAll(async () => {
    await caches.closeAll();
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  });

  // ---- file ------------------------------------------------------------------------------------
}
