/**
 * Canter logging in, as examples/demo/auth-views.ts does: SessionMiddleware, CsrfViewMiddleware and
 * AuthenticationMiddleware; INSTALLED_APPS contenttypes, auth and sessions (migrated beforehand by
 * the runner); PASSWORD_HASHERS the demo's BENCH_FAST_HASH hasher (PBKDF2-SHA256, 1,000 iterations).
 * `--store pg`: SESSION_ENGINE 'db' on PostgreSQL; `--store redis`: SESSION_ENGINE 'cache' on Redis.
 *
 * GET /login/ answers a CSRF token (and sets the csrftoken cookie); POST /login/ is CSRF-checked,
 * authenticate()s username and password (one user query, one PBKDF2), login()s (a new session key,
 * the user's id, backend and hash stored, last_login updated, the CSRF token rotated) and redirects
 * to /backend/; bad credentials answer `invalid login`. GET /backend/ is loginRequired: the session
 * read, one user query, `hello <username>`.
 */
import { AuthenticationMiddleware, authApp, authenticate, contentTypesApp, login, loginRequired } from '../../src/auth/index.js';
import type { User } from '../../src/auth/index.js';
import { caches } from '../../src/cache/index.js';
import { configureSettings, defineSettings, exitOnSignal, Handler, loadInstalledModels, serve } from '../../src/core/index.js';
import { CsrfViewMiddleware, getToken } from '../../src/csrf/index.js';
import { connections } from '../../src/db/index.js';
import { HttpResponse } from '../../src/http/index.js';
import type { HttpRequest } from '../../src/http/index.js';
import { SessionMiddleware, sessionsApp } from '../../src/sessions/index.js';
import { redirect } from '../../src/shortcuts/index.js';
import { path } from '../../src/urls/index.js';
import {
  AUTH_PG_OPTIONS,
  AUTH_PG_URL,
  AUTH_REDIS_URL,
  AUTH_SECRET,
  BACKEND_PATH,
  CANTER_REDIS_KEY_PREFIX,
  INVALID_LOGIN_BODY,
  LOGIN_PATH,
  TEXT_CONTENT_TYPE,
} from '../lib/auth-config.js';
import { BenchFastPBKDF2PasswordHasher } from '../lib/auth-hasher.js';
import { storeFromArgs } from '../lib/session-config.js';
import { announce, portFromArgs } from '../lib/server-args.js';

const port = portFromArgs();
const store = storeFromArgs();

const text = (body: string): HttpResponse => new HttpResponse(body, { contentType: TEXT_CONTENT_TYPE });

async function loginView(request: HttpRequest): Promise<HttpResponse> {
  if (request.method !== 'POST') return text(getToken(request));
  const user = await authenticate(request, { username: request.POST.get('username') ?? '', password: request.POST.get('password') ?? '' });
  if (user === null) return text(INVALID_LOGIN_BODY);
  await login(request, user);
  return redirect(BACKEND_PATH);
}

const backend = loginRequired(async (request: HttpRequest): Promise<HttpResponse> => text(`hello ${(request.user as User).username}`));

configureSettings(
  defineSettings({
    DEBUG: false,
    SECRET_KEY: AUTH_SECRET,
    ALLOWED_HOSTS: ['127.0.0.1', 'localhost'],
    INSTALLED_APPS: [contentTypesApp, authApp, sessionsApp],
    ROOT_URLCONF: { urlpatterns: [path(LOGIN_PATH.slice(1), loginView, { name: 'login' }), path(BACKEND_PATH.slice(1), backend, { name: 'backend' })] },
    MIDDLEWARE: [SessionMiddleware, CsrfViewMiddleware, AuthenticationMiddleware],
    SESSION_ENGINE: store === 'pg' ? 'db' : 'cache',
    DATABASES: { default: { URL: AUTH_PG_URL, OPTIONS: { options: AUTH_PG_OPTIONS } } },
    CACHES: { default: store === 'redis' ? { BACKEND: 'redis', LOCATION: AUTH_REDIS_URL, KEY_PREFIX: CANTER_REDIS_KEY_PREFIX } : { BACKEND: 'locmem' } },
    PASSWORD_HASHERS: [BenchFastPBKDF2PasswordHasher],
    // Canter's login throttle (beyond Django: three cache calls per login) is off: Django, Fastify
    // and Express have none, so every stack does the same work.
    LOGIN_THROTTLE: null,
    LOGIN_URL: LOGIN_PATH,
    LOGIN_REDIRECT_URL: BACKEND_PATH,
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
