/**
 * Logins shared with a live Django site: Django 3.2 (Debian's python3-django, `runserver`, started
 * here) and a Canter server on one PostgreSQL database with one SECRET_KEY and the db session
 * engine on both. A user signed up on one side logs in on the other; a session cookie made by
 * either is logged in on both; a password changed on either side logs the other sessions out on
 * both; a logout on either side ends the session on both; and after Canter's migrate, Django's
 * has nothing to do.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authApp, AuthenticationMiddleware, authenticate, contentTypesApp, login, logout, updateSessionAuthHash, User } from '../../src/auth/index.js';
import { configureSettings, Handler, overrideSettings, serve, settingsConfigured } from '../../src/core/index.js';
import type { RunningServer } from '../../src/core/index.js';
import { connections, MigrationExecutor, MigrationLoader } from '../../src/db/index.js';
import { BACKENDS } from '../../src/db/connections/backends/index.js';
import { resolveDatabase } from '../../src/db/connections/config.js';
import { Connection } from '../../src/db/connections/wrapper.js';
import { HttpResponse } from '../../src/http/index.js';
import type { HttpRequest } from '../../src/http/index.js';
import { SessionMiddleware, sessionsApp } from '../../src/sessions/index.js';
import { freePort } from '../lib/demo-process.js';
import { probeDatabase, TEST_DATABASE_URLS } from '../../src/testing/databases.js';
import { path } from '../../src/urls/index.js';

const PYTHON = '/usr/bin/python3';
const SECRET_KEY = 'shared-between-canter-and-django';
const APPS = [contentTypesApp, authApp, sessionsApp];

function djangoMissing(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import django, psycopg2; print(django.get_version())'], { encoding: 'utf8' });
  if (probe.status !== 0) return `Django with psycopg2 is not importable by ${PYTHON} (apt-get install python3-django python3-psycopg2)`;
  if (!probe.stdout.startsWith('3.2')) return `${PYTHON} has Django ${probe.stdout.trim()}, not 3.2`;
  return undefined;
}

const pg = await probeDatabase('postgresql', TEST_DATABASE_URLS.postgresql);
const missing = pg.skip ?? djangoMissing();
if (missing !== undefined && process.env.CI === 'true') throw new Error(`${missing}; under CI=true the live Django site test must run.`);

const serverUrl = new URL(TEST_DATABASE_URLS.postgresql);
const DB = `canter_live_${process.pid}_${Date.now().toString(36)}`;
const dbUrl = (): string => Object.assign(new URL(serverUrl.href), { pathname: `/${DB}` }).href;

const DJANGO_SETTINGS = (port: number) => `
import os
SECRET_KEY = ${JSON.stringify(SECRET_KEY)}
DEBUG = False
ALLOWED_HOSTS = ['127.0.0.1']
INSTALLED_APPS = ['django.contrib.contenttypes', 'django.contrib.auth', 'django.contrib.sessions']
MIDDLEWARE = ['django.contrib.sessions.middleware.SessionMiddleware', 'django.contrib.auth.middleware.AuthenticationMiddleware']
ROOT_URLCONF = 'live_urls'
DATABASES = {'default': {
    'ENGINE': 'django.db.backends.postgresql', 'NAME': ${JSON.stringify(DB)},
    'USER': ${JSON.stringify(decodeURIComponent(serverUrl.username || 'postgres'))}, 'PASSWORD': ${JSON.stringify(decodeURIComponent(serverUrl.password))},
    'HOST': ${JSON.stringify(serverUrl.hostname)}, 'PORT': ${JSON.stringify(serverUrl.port || '5432')},
}}
PASSWORD_HASHERS = ['django.contrib.auth.hashers.MD5PasswordHasher']
DEFAULT_AUTO_FIELD = 'django.db.models.AutoField'
USE_TZ = True
# port ${port}
`;

const DJANGO_URLS = `
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.urls import path

def whoami(request):
    return HttpResponse(request.user.username if request.user.is_authenticated else 'anonymous')

def do_login(request):
    user = authenticate(request, username=request.POST.get('username'), password=request.POST.get('password'))
    if user is None:
        return HttpResponse('bad credentials', status=401)
    login(request, user)
    return HttpResponse('ok')

def do_logout(request):
    logout(request)
    return HttpResponse('bye')

def signup(request):
    User.objects.create_user(request.POST['username'], '', request.POST['password'])
    return HttpResponse('created')

def set_password(request):
    if not request.user.is_authenticated:
        return HttpResponse('login first', status=403)
    request.user.set_password(request.POST['password'])
    request.user.save()
    update_session_auth_hash(request, request.user)
    return HttpResponse('changed')

urlpatterns = [path('whoami/', whoami), path('login/', do_login), path('logout/', do_logout),
               path('signup/', signup), path('set_password/', set_password)]
`;

// The same five views in Canter.
const whoami = async (request: HttpRequest) => {
  const user = await request.auser();
  return new HttpResponse(user.isAuthenticated ? (user as User).username : 'anonymous');
};
const doLogin = async (request: HttpRequest) => {
  const user = await authenticate(request, { username: request.POST.get('username'), password: request.POST.get('password') });
  if (user === null) return new HttpResponse('bad credentials', { status: 401 });
  await login(request, user);
  return new HttpResponse('ok');
};
const doLogout = async (request: HttpRequest) => {
  await logout(request);
  return new HttpResponse('bye');
};
const signup = async (request: HttpRequest) => {
  await User.objects.createUser(request.POST.get('username')!, '', request.POST.get('password'));
  return new HttpResponse('created');
};
const setPassword = async (request: HttpRequest) => {
  const user = await request.auser();
  if (!user.isAuthenticated) return new HttpResponse('login first', { status: 403 });
  await (user as User).setPassword(request.POST.get('password')!);
  await (user as User).save();
  await updateSessionAuthHash(request, user as User);
  return new HttpResponse('changed');
};

/** A browser of one of the two sites: it keeps the sessionid cookie it is given. */
class Visitor {
  cookie: string | undefined;

  constructor(public base: string) {}

  async get(path: string): Promise<string> {
    return (await this.#send(path, 'GET')).text();
  }

  async post(path: string, form: Record<string, string> = {}): Promise<{ status: number; text: string }> {
    const response = await this.#send(path, 'POST', new URLSearchParams(form).toString());
    return { status: response.status, text: await response.text() };
  }

  /** The same cookie, sent to the other site. */
  on(base: string): Visitor {
    const other = new Visitor(base);
    other.cookie = this.cookie;
    return other;
  }

  async #send(path: string, method: string, body?: string): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.cookie !== undefined) headers.cookie = `sessionid=${this.cookie}`;
    if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(`${this.base}${path}`, { method, headers, body, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const match = /^sessionid=("?)([^";]*)\1/.exec(line);
      if (match) this.cookie = match[2] === '' ? undefined : match[2];
    }
    return response;
  }
}

describe.skipIf(missing !== undefined)('logins shared with a live Django 3.2 site (PostgreSQL)', { timeout: 120_000 }, () => {
  let dir: string;
  let admin: Connection;
  let django: ChildProcess;
  let djangoBase: string;
  let canter: RunningServer;
  let canterBase: string;
  let restore: (() => void) | undefined;
  let djangoLog = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'canter-django-live-'));
    admin = new Connection(resolveDatabase('live_admin', { URL: TEST_DATABASE_URLS.postgresql }), BACKENDS.postgresql);
    await admin.execute(`CREATE DATABASE "${DB}"`);

    if (!settingsConfigured()) configureSettings({ SECRET_KEY });
    restore = overrideSettings({
      SECRET_KEY,
      DEBUG: false,
      ALLOWED_HOSTS: ['127.0.0.1'],
      INSTALLED_APPS: APPS,
      DATABASES: { default: { URL: dbUrl() } },
      MIDDLEWARE: [SessionMiddleware, AuthenticationMiddleware],
      SESSION_ENGINE: 'db',
      PASSWORD_HASHERS: ['md5'],
      LOGIN_THROTTLE: null,
      ROOT_URLCONF: {
        urlpatterns: [path('whoami/', whoami), path('login/', doLogin), path('logout/', doLogout), path('signup/', signup), path('set_password/', setPassword)],
      },
    });
    for (const app of APPS) await app.models!();
    await new MigrationExecutor(connections.get(), await MigrationLoader.load(APPS)).migrate();
    canter = await serve(new Handler(), { host: '127.0.0.1', port: 0 });
    canterBase = canter.url;

    const port = await freePort();
    writeFileSync(join(dir, 'live_settings.py'), DJANGO_SETTINGS(port));
    writeFileSync(join(dir, 'live_urls.py'), DJANGO_URLS);
    const env = { ...process.env, PYTHONPATH: dir, DJANGO_SETTINGS_MODULE: 'live_settings', PYTHONUNBUFFERED: '1' };
    django = spawn(PYTHON, ['-m', 'django', 'runserver', `127.0.0.1:${port}`, '--noreload', '--nothreading'], { cwd: dir, env });
    django.stdout?.on('data', (d: Buffer) => { djangoLog += d.toString(); });
    django.stderr?.on('data', (d: Buffer) => { djangoLog += d.toString(); });
    djangoBase = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      if (await fetch(`${djangoBase}/whoami/`).then((r) => r.ok, () => false)) break;
      if (i > 100) throw new Error(`Django's runserver did not answer:\n${djangoLog}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }, 120_000);

  afterAll(async () => {
    django?.kill('SIGTERM');
    await canter?.close();
    await connections.closeAll();
    restore?.();
    await admin?.execute(`DROP DATABASE IF EXISTS "${DB}" WITH (FORCE)`);
    await admin?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it("after Canter's migrate (contenttypes, auth, sessions), Django's migrate has nothing to do", () => {
    const plan = spawnSync(PYTHON, ['-m', 'django', 'migrate', '--plan'], {
      cwd: dir, encoding: 'utf8', env: { ...process.env, PYTHONPATH: dir, DJANGO_SETTINGS_MODULE: 'live_settings' },
    });
    expect(plan.stdout).toContain('No planned migration operations.');
  });

  it('sign up on Canter, log in on Django; sign up on Django, log in on Canter', async () => {
    expect((await new Visitor(canterBase).post('/signup/', { username: 'ann', password: 'ann-pass' })).text).toBe('created');
    const onDjango = new Visitor(djangoBase);
    expect((await onDjango.post('/login/', { username: 'ann', password: 'ann-pass' })).text).toBe('ok');
    expect(await onDjango.get('/whoami/')).toBe('ann');

    expect((await new Visitor(djangoBase).post('/signup/', { username: 'bob', password: 'bob-pass' })).text).toBe('created');
    const onCanter = new Visitor(canterBase);
    expect((await onCanter.post('/login/', { username: 'bob', password: 'bob-pass' })).text).toBe('ok');
    expect(await onCanter.get('/whoami/')).toBe('bob');
  });

  it("a session cookie made by either side is logged in on the other", async () => {
    const viaDjango = new Visitor(djangoBase);
    await viaDjango.post('/login/', { username: 'ann', password: 'ann-pass' });
    expect(await viaDjango.on(canterBase).get('/whoami/')).toBe('ann');
    const viaCanter = new Visitor(canterBase);
    await viaCanter.post('/login/', { username: 'bob', password: 'bob-pass' });
    expect(await viaCanter.on(djangoBase).get('/whoami/')).toBe('bob');
  });

  it('a password changed on Canter logs the other sessions out on both sides, and keeps its own', async () => {
    const here = new Visitor(canterBase);
    await here.post('/login/', { username: 'ann', password: 'ann-pass' });
    const elsewhere = new Visitor(djangoBase);
    await elsewhere.post('/login/', { username: 'ann', password: 'ann-pass' });
    expect((await here.post('/set_password/', { password: 'ann-pass-2' })).text).toBe('changed');
    expect(await here.get('/whoami/')).toBe('ann');
    expect(await here.on(djangoBase).get('/whoami/')).toBe('ann');
    expect(await elsewhere.on(canterBase).get('/whoami/')).toBe('anonymous');
    const stale = new Visitor(djangoBase);
    await stale.post('/login/', { username: 'ann', password: 'ann-pass' }).then((r) => expect(r.status).toBe(401));
    expect((await new Visitor(djangoBase).post('/login/', { username: 'ann', password: 'ann-pass-2' })).text).toBe('ok');
  });

  it('a password changed on Django logs the Canter sessions out, and keeps its own on both', async () => {
    const onCanter = new Visitor(canterBase);
    await onCanter.post('/login/', { username: 'bob', password: 'bob-pass' });
    const onDjango = new Visitor(djangoBase);
    await onDjango.post('/login/', { username: 'bob', password: 'bob-pass' });
    expect((await onDjango.post('/set_password/', { password: 'bob-pass-2' })).text).toBe('changed');
    expect(await onCanter.get('/whoami/')).toBe('anonymous');
    expect(await onDjango.get('/whoami/')).toBe('bob');
    expect(await onDjango.on(canterBase).get('/whoami/')).toBe('bob');
    expect((await new Visitor(canterBase).post('/login/', { username: 'bob', password: 'bob-pass-2' })).text).toBe('ok');
  });

  it('a logout on either side ends the session on both', async () => {
    const viaCanter = new Visitor(canterBase);
    await viaCanter.post('/login/', { username: 'bob', password: 'bob-pass-2' });
    const sameOnDjango = viaCanter.on(djangoBase);
    expect(await sameOnDjango.get('/whoami/')).toBe('bob');
    await sameOnDjango.post('/logout/');
    expect(await viaCanter.get('/whoami/')).toBe('anonymous');

    const viaDjango = new Visitor(djangoBase);
    await viaDjango.post('/login/', { username: 'ann', password: 'ann-pass-2' });
    const sameOnCanter = viaDjango.on(canterBase);
    expect(await sameOnCanter.get('/whoami/')).toBe('ann');
    await sameOnCanter.post('/logout/');
    expect(await viaDjango.get('/whoami/')).toBe('anonymous');
  });
});

if (missing !== undefined) {
  describe.skip(`logins shared with a live Django 3.2 site — skipped: ${missing}`, () => {
    it.skip(missing, () => undefined);
  });
}
