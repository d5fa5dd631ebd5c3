/**
 * Canter with SessionMiddleware: GET /counter/ reads `count` from request.session (0 when absent),
 * adds one, stores it and answers the number. `--store pg`: SESSION_ENGINE 'db' on PostgreSQL
 * (django_session, made beforehand by the runner with the sessions app's migration); `--store
 * redis`: SESSION_ENGINE 'cache' on a Redis cache. Everything else is Django's default.
 */
import { caches } from '../../src/cache/index.js';
import { configureSettings, defineSettings, exitOnSignal, Handler, loadInstalledModels, serve } from '../../src/core/index.js';
import { connections } from '../../src/db/index.js';
import { HttpResponse } from '../../src/http/index.js';
import type { HttpRequest } from '../../src/http/index.js';
import { SessionMiddleware, sessionsApp } from '../../src/sessions/index.js';
import { path } from '../../src/urls/index.js';
import {
  COUNTER_CONTENT_TYPE,
  COUNTER_PATH,
  SESSION_PG_OPTIONS,
  SESSION_PG_URL,
  SESSION_REDIS_URL,
  SESSION_SECRET,
  storeFromArgs,
} from '../lib/session-config.js';
import { announce, portFromArgs } from '../lib/server-args.js';

const port = portFromArgs();
const store = storeFromArgs();

function counter(request: HttpRequest): HttpResponse {
  const count = Number(request.session.get('count') ?? 0) + 1;
  request.session.set('count', count);
  return new HttpResponse(String(count), { contentType: COUNTER_CONTENT_TYPE });
}

configureSettings(
  defineSettings({
    SECRET_KEY: SESSION_SECRET,
    ALLOWED_HOSTS: ['*'],
    INSTALLED_APPS: [sessionsApp],
    ROOT_URLCONF: { urlpatterns: [path(COUNTER_PATH.slice(1), counter)] },
    MIDDLEWARE: [SessionMiddleware],
    SESSION_ENGINE: store === 'pg' ? 'db' : 'cache',
    DATABASES: { default: { URL: SESSION_PG_URL, OPTIONS: { options: SESSION_PG_OPTIONS } } },
    CACHES: { default: store === 'redis' ? { BACKEND: 'redis', LOCATION: SESSION_REDIS_URL } : { BACKEND: 'locmem' } },
  }),
);
await loadInstalledModels();
const running = await serve(new Handler(), { host: '127.0.0.1', port });
// A clean exit on SIGTERM, so `node --cpu-prof` writes its profile when the runner stops the server.
exitOnSignal(async () => {
  await running.close();
  await caches.closeAll();
  await connections.closeAll();
});
announce(port);
