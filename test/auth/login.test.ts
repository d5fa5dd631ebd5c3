/**
 * Logging in and out through the request machinery: authenticate() over the backends, login()
 * and its session keys, getUser() and the session auth hash, AuthenticationMiddleware's lazy
 * request.user, the decorators and LoginRequiredMiddleware, the test Client's login helpers, and
 * the attacks the issue lists (forged hash, unknown backend, inactive user, session fixation).
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AnonymousUser,
  authenticate,
  AuthenticationMiddleware,
  BACKEND_SESSION_KEY,
  ContentType,
  getUser,
  Group,
  HASH_SESSION_KEY,
  login,
  loginNotRequired,
  loginRequired,
  LoginRequiredMiddleware,
  logout,
  ModelBackend,
  Permission,
  SESSION_KEY,
  User,
  userLoggedIn,
  userLoggedOut,
  userLoginFailed,
  UserNotLoaded,
  userPassesTest,
} from '../../src/auth/index.js';
import { ImproperlyConfigured, overrideSettings } from '../../src/core/index.js';
import { captureQueries } from '../../src/db/index.js';
import { HttpResponse, RequestSlotMissing } from '../../src/http/index.js';
import type { HttpRequest } from '../../src/http/index.js';
import { Client, RequestFactory } from '../../src/testing/index.js';
import { describeDatabases } from '../../src/testing/databases.js';
import { engines } from '../../src/templates/index.js';
import { path } from '../../src/urls/index.js';
import { authSite } from './lib/site.js';

const whoami = async (request: HttpRequest) => {
  const user = await request.auser();
  return new HttpResponse(user.isAuthenticated ? `user:${(user as User).username}` : 'anonymous');
};
const secret = loginRequired(async (request: HttpRequest) => new HttpResponse(`secret for ${(request.user as User).username}`));
const staffOnly = userPassesTest((user: User | AnonymousUser) => user.is_staff)(async () => new HttpResponse('staff'));
const open = loginNotRequired(async () => new HttpResponse('open'));
const plain = async () => new HttpResponse('plain');
const doLogin = async (request: HttpRequest) => {
  const user = await authenticate(request, { username: request.POST.get('username'), password: request.POST.get('password') });
  if (user === null) return new HttpResponse('bad credentials', { status: 401 });
  await login(request, user);
  return new HttpResponse('ok');
};
const PAGE = '{% if user.isAuthenticated %}hello {{ user.username }}{% else %}who?{% endif %}|{% if perms.auth.add_user %}can add{% else %}cannot add{% endif %}';
const page = async (request: HttpRequest) => new HttpResponse(await engines.get('liquid').fromString(PAGE).render({}, request));
const noUserPage = async (request: HttpRequest) => new HttpResponse(await engines.get('liquid').fromString('static').render({}, request));
const doLogout = async (request: HttpRequest) => {
  await logout(request);
  return new HttpResponse('bye');
};

const SETTINGS = authSite('login-tests-secret', {
  LOGIN_URL: '/accounts/login/',
  TEMPLATES: [{ BACKEND: 'liquid', OPTIONS: { context_processors: ['auth'] } }],
  ROOT_URLCONF: {
    urlpatterns: [
      path('whoami/', whoami),
      path('secret/', secret),
      path('staff/', staffOnly),
      path('open/', open),
      path('plain/', plain),
      path('page/', page),
      path('static-page/', noUserPage),
      path('members/sign-in/', plain, { name: 'sign-in' }),
      path('login/', doLogin),
      path('logout/', doLogout),
    ],
  },
});

await describeDatabases('login and logout', () => {
  let restore: () => void;
  let ann: User;

  beforeAll(async () => {
    restore = overrideSettings(SETTINGS);
    return () => restore();
  });

  beforeEach(async () => {
    ContentType.objects.clearCache();
    ann = await User.objects.createUser('ann', 'ann@example.com', 'right-password');
  });

  describe('authenticate()', () => {
    it('returns the user for right credentials, with the backend path Django stores', async () => {
      const user = await authenticate(null, { username: 'ann', password: 'right-password' });
      expect(user?.pk).toBe(ann.pk);
      expect(user?.backend).toBe('django.contrib.auth.backends.ModelBackend');
    });

    it('returns null for a wrong password, an unknown user, an inactive user, or missing credentials', async () => {
      expect(await authenticate(null, { username: 'ann', password: 'wrong' })).toBeNull();
      expect(await authenticate(null, { username: 'nobody', password: 'right-password' })).toBeNull();
      expect(await authenticate(null, { username: 'ann' })).toBeNull();
      expect(await authenticate(null, { password: 'right-password' })).toBeNull();
      ann.is_active = false;
      await ann.save();
      expect(await authenticate(null, { username: 'ann', password: 'right-password' })).toBeNull();
    });

    it('sends userLoginFailed with the password cleansed when nothing accepts the credentials', async () => {
      const seen: Array<Record<string, unknown>> = [];
      const receiver = ({ credentials }: { credentials: Record<string, unknown> }) => { seen.push(credentials); };
      userLoginFailed.connect(receiver);
      try {
        await authenticate(null, { username: 'ann', password: 'wrong', apiToken: 't', note: 'kept' });
      } finally {
        userLoginFailed.disconnect(receiver);
      }
      expect(seen).toEqual([{ username: 'ann', password: '********************', apiToken: '********************', note: 'kept' }]);
    });

    it('an unknown username still runs the password hasher once (no shortcut that times usernames)', async () => {
      const calls: string[] = [];
      const original = User.prototype.setPassword;
      User.prototype.setPassword = async function (this: User, raw: string | null) {
        calls.push(String(raw));
        return original.call(this, raw);
      };
      try {
        await authenticate(null, { username: 'nobody', password: 'guess' });
      } finally {
        User.prototype.setPassword = original;
      }
      expect(calls).toEqual(['guess']);
    });
  });

  describe('login() through a view', () => {
    it('cycles the session key, stores Django\'s three keys and rotates the CSRF token', async () => {
      const client = new Client();
      const before = await client.session();
      before.set('cart', 3);
      await before.save();
      const oldKey = before.sessionKey;
      await client.get('/whoami/');
      const csrfBefore = client.cookies.get('csrftoken');
      const response = await client.post('/login/', { username: 'ann', password: 'right-password' });
      expect(response.text).toBe('ok');
      const session = await client.session();
      expect(session.sessionKey).not.toBe(oldKey);
      expect(session.get('cart')).toBe(3);
      expect(session.get(SESSION_KEY)).toBe(String(ann.pk));
      expect(session.get(BACKEND_SESSION_KEY)).toBe('django.contrib.auth.backends.ModelBackend');
      expect(session.get(HASH_SESSION_KEY)).toBe(ann.getSessionAuthHash());
      expect(client.cookies.get('csrftoken')).not.toBe(csrfBefore);
      expect((await client.get('/whoami/')).text).toBe('user:ann');
    });

    it('session fixation: a session key planted before login is not the one logged in', async () => {
      const attacker = new Client();
      const planted = (await attacker.session()).sessionKey!;
      const victim = new Client();
      victim.cookies.set('sessionid', planted);
      await victim.post('/login/', { username: 'ann', password: 'right-password' });
      expect(victim.cookies.get('sessionid')).not.toBe(planted);
      expect((await attacker.get('/whoami/')).text).toBe('anonymous');
      expect((await victim.get('/whoami/')).text).toBe('user:ann');
    });

    it('logging in as another user empties the session first', async () => {
      const bob = await User.objects.createUser('bob', '', 'bob-password');
      const client = new Client();
      await client.forceLogin(ann);
      const session = await client.session();
      session.set('ann-secret', 'x');
      await session.save();
      await client.post('/login/', { username: 'bob', password: 'bob-password' });
      const after = await client.session();
      expect(after.get(SESSION_KEY)).toBe(String(bob.pk));
      expect(after.has('ann-secret')).toBe(false);
    });

    it('sends userLoggedIn with the request and user', async () => {
      const seen: unknown[] = [];
      const receiver = ({ user }: { user: unknown }) => { seen.push(user); };
      userLoggedIn.connect(receiver);
      try {
        await new Client().post('/login/', { username: 'ann', password: 'right-password' });
      } finally {
        userLoggedIn.disconnect(receiver);
      }
      expect(seen.map((u) => (u as User).username)).toEqual(['ann']);
    });

    it('a wrong password does not log in', async () => {
      const client = new Client();
      const response = await client.post('/login/', { username: 'ann', password: 'nope' });
      expect(response.statusCode).toBe(401);
      expect((await client.get('/whoami/')).text).toBe('anonymous');
    });

    it('login CSRF: a login POST without the token is refused with 403 when checks are on', async () => {
      const client = new Client({ enforceCsrfChecks: true, raiseRequestException: false });
      const response = await client.post('/login/', { username: 'ann', password: 'right-password' });
      expect(response.statusCode).toBe(403);
      expect((await client.get('/whoami/')).text).toBe('anonymous');
    });
  });

  describe('getUser() and the session auth hash', () => {
    it('changing the password logs out every other session; updating the hash is what keeps one', async () => {
      const other = new Client();
      await other.forceLogin(ann);
      expect((await other.get('/whoami/')).text).toBe('user:ann');
      await ann.setPassword('new-password');
      await ann.save();
      expect((await other.get('/whoami/')).text).toBe('anonymous');
      expect(other.cookies.get('sessionid') ?? '').toBe('');
    });

    it('a forged or stale _auth_user_hash gives an anonymous user and empties the session', async () => {
      const client = new Client();
      await client.forceLogin(ann);
      const session = await client.session();
      session.set(HASH_SESSION_KEY, 'f'.repeat(64));
      await session.save();
      expect((await client.get('/whoami/')).text).toBe('anonymous');
      for (const forged of ['', 42, null]) {
        await client.forceLogin(ann);
        const s = await client.session();
        s.set(HASH_SESSION_KEY, forged);
        await s.save();
        expect((await client.get('/whoami/')).text).toBe('anonymous');
      }
    });

    it('a session naming a backend not in AUTHENTICATION_BACKENDS gives an anonymous user', async () => {
      const client = new Client();
      await client.forceLogin(ann);
      const session = await client.session();
      session.set(BACKEND_SESSION_KEY, 'evil.backends.AllowEveryone');
      await session.save();
      expect((await client.get('/whoami/')).text).toBe('anonymous');
    });

    it('a session whose user id is garbage, or names no user, gives an anonymous user', async () => {
      const client = new Client();
      await client.forceLogin(ann);
      for (const id of ['not-a-number', '999999', '', '1 OR 1=1']) {
        const session = await client.session();
        session.set(SESSION_KEY, id);
        await session.save();
        expect((await client.get('/whoami/')).text).toBe('anonymous');
      }
    });

    it('an inactive user is logged out', async () => {
      const client = new Client();
      await client.forceLogin(ann);
      ann.is_active = false;
      await ann.save();
      expect((await client.get('/whoami/')).text).toBe('anonymous');
    });

    it('a session hash made under a SECRET_KEY_FALLBACKS key is accepted once and replaced by the current one', async () => {
      const client = new Client();
      await client.forceLogin(ann);
      const session = await client.session();
      session.set(HASH_SESSION_KEY, ann.getSessionAuthHash('the-old-key'));
      await session.save();
      const rotated = overrideSettings({ SECRET_KEY_FALLBACKS: ['the-old-key'] });
      try {
        expect((await client.get('/whoami/')).text).toBe('user:ann');
        expect((await client.session()).get(HASH_SESSION_KEY)).toBe(ann.getSessionAuthHash());
      } finally {
        rotated();
      }
      expect((await client.get('/whoami/')).text).toBe('user:ann');
    });

    it('a Django-made session for the same user is logged in (Django\'s backend path and hash)', async () => {
      const client = new Client();
      const session = await client.session();
      session.update({
        [SESSION_KEY]: String(ann.pk),
        [BACKEND_SESSION_KEY]: 'django.contrib.auth.backends.ModelBackend',
        [HASH_SESSION_KEY]: ann.getSessionAuthHash(),
      });
      await session.save();
      expect((await client.get('/whoami/')).text).toBe('user:ann');
    });
  });

  describe('AuthenticationMiddleware and request.user', () => {
    it('a request without a session cookie costs no query; a logged-in one, one user query', async () => {
      const client = new Client();
      const anonymous = await captureQueries(() => client.get('/whoami/'));
      expect(anonymous.result.text).toBe('anonymous');
      expect(anonymous.queries).toEqual([]);
      await client.forceLogin(ann);
      const logged = await captureQueries(() => client.get('/whoami/'));
      expect(logged.result.text).toBe('user:ann');
      expect(logged.queries).toHaveLength(1);
      const untouched = await captureQueries(() => client.get('/plain/'));
      expect(untouched.queries).toEqual([]);
    });

    it('request.user before auser() names the await; without the middleware, the middleware', async () => {
      const client = new Client();
      let early: unknown;
      const view = (request: HttpRequest) => {
        try {
          void request.user;
        } catch (error) {
          early = error;
        }
        return new HttpResponse('x');
      };
      const restoreUrls = overrideSettings({ ROOT_URLCONF: { urlpatterns: [path('x/', view)] } });
      try {
        await client.get('/x/');
      } finally {
        restoreUrls();
      }
      expect(early).toBeInstanceOf(UserNotLoaded);
      const bare = new RequestFactory().get('/');
      expect(() => bare.user).toThrow(RequestSlotMissing);
      expect(() => bare.user).toThrow(/AuthenticationMiddleware/);
      await expect(bare.auser()).rejects.toThrow(/AuthenticationMiddleware/);
      bare.user = new AnonymousUser();
      expect(await bare.auser()).toBeInstanceOf(AnonymousUser);
    });

    it('without SessionMiddleware before it, ImproperlyConfigured naming both', async () => {
      const middleware = new AuthenticationMiddleware(() => new HttpResponse());
      expect(() => middleware.processRequest(new RequestFactory().get('/'))).toThrow(ImproperlyConfigured);
      expect(() => middleware.processRequest(new RequestFactory().get('/'))).toThrow(/SessionMiddleware.*before AuthenticationMiddleware/);
    });
  });

  describe('loginRequired, userPassesTest and LoginRequiredMiddleware', () => {
    it('an anonymous request is sent to LOGIN_URL with next = the full path; a logged-in one passes', async () => {
      const client = new Client();
      const response = await client.get('/secret/?tab=2&q=a b');
      expect(response.statusCode).toBe(302);
      expect(response.headers.get('Location')).toBe('/accounts/login/?next=/secret/%3Ftab%3D2%26q%3Da%2520b');
      await client.forceLogin(ann);
      expect((await client.get('/secret/')).text).toBe('secret for ann');
    });

    it('a LOGIN_URL on another host gets the absolute URL in next; a named URL pattern is reversed', async () => {
      const client = new Client();
      const other = overrideSettings({ LOGIN_URL: 'https://login.example.com/sso/?app=1' });
      try {
        expect((await client.get('/secret/')).headers.get('Location'))
          .toBe('https://login.example.com/sso/?app=1&next=http%3A//testserver/secret/');
      } finally {
        other();
      }
      const named = overrideSettings({ LOGIN_URL: 'sign-in' });
      try {
        expect((await client.get('/secret/')).headers.get('Location')).toBe('/members/sign-in/?next=/secret/');
      } finally {
        named();
      }
    });

    it('userPassesTest: the test decides', async () => {
      const client = new Client();
      await client.forceLogin(ann);
      expect((await client.get('/staff/')).statusCode).toBe(302);
      ann.is_staff = true;
      await ann.save();
      expect((await client.get('/staff/')).text).toBe('staff');
    });

    it('LoginRequiredMiddleware: every view needs a login unless marked loginNotRequired', async () => {
      const restoreMw = overrideSettings({ MIDDLEWARE: [...SETTINGS.MIDDLEWARE!, LoginRequiredMiddleware] });
      try {
        const client = new Client();
        expect((await client.get('/plain/')).headers.get('Location')).toBe('/accounts/login/?next=/plain/');
        expect((await client.get('/open/')).text).toBe('open');
        await client.forceLogin(ann);
        expect((await client.get('/plain/')).text).toBe('plain');
      } finally {
        restoreMw();
      }
    });
  });

  describe('the auth context processor', () => {
    it('templates see user and perms, loaded only when a template reads them', async () => {
      const client = new Client();
      expect((await client.get('/page/')).text).toBe('who?|cannot add');
      await client.forceLogin(ann);
      expect((await client.get('/page/')).text).toBe('hello ann|cannot add');
      const { queries } = await captureQueries(() => client.get('/static-page/'));
      expect(queries).toEqual([]);
      ann.is_superuser = true;
      await ann.save();
      expect((await client.get('/page/')).text).toBe('hello ann|can add');
    });
  });

  describe('logout()', () => {
    it('sends userLoggedOut, flushes the session and leaves an anonymous user', async () => {
      const client = new Client();
      await client.forceLogin(ann);
      const key = (await client.session()).sessionKey;
      const seen: unknown[] = [];
      const receiver = ({ user }: { user: unknown }) => { seen.push(user); };
      userLoggedOut.connect(receiver);
      try {
        expect((await client.get('/logout/')).text).toBe('bye');
      } finally {
        userLoggedOut.disconnect(receiver);
      }
      expect(seen.map((u) => (u as User).username)).toEqual(['ann']);
      expect((await client.get('/whoami/')).text).toBe('anonymous');
      const reused = new Client();
      reused.cookies.set('sessionid', key!);
      expect((await reused.get('/whoami/')).text).toBe('anonymous');
    });

    it('an anonymous logout sends userLoggedOut with null', async () => {
      const seen: unknown[] = [];
      const receiver = ({ user }: { user: unknown }) => { seen.push(user); };
      userLoggedOut.connect(receiver);
      try {
        await new Client().get('/logout/');
      } finally {
        userLoggedOut.disconnect(receiver);
      }
      expect(seen).toEqual([null]);
    });

    it('client.logout() ends the login and forgets the cookies', async () => {
      const client = new Client();
      expect(await client.login({ username: 'ann', password: 'right-password' })).toBe(true);
      expect(await client.login({ username: 'ann', password: 'wrong' })).toBe(false);
      expect((await client.get('/whoami/')).text).toBe('user:ann');
      await client.logout();
      expect(client.cookies.toObject()).toEqual({});
      expect((await client.get('/whoami/')).text).toBe('anonymous');
    });
  });

  describe('getUser() directly', () => {
    it('reads the session a RequestFactory request carries', async () => {
      const client = new Client();
      await client.forceLogin(ann, ModelBackend);
      const request = new RequestFactory().get('/');
      request.session = await client.session();
      const user = await getUser(request);
      expect(user.pk).toBe(ann.pk);
    });
  });
}, { models: () => [ContentType, Permission, Group, User], flush: true, vendors: ['sqlite', 'postgresql'] });
