/**
 * Django's tests/auth_tests/test_decorators.py (Django 5.x), ported: loginRequired,
 * loginNotRequired, permissionRequired and userPassesTest. Canter's decorated views are always
 * async, and read the user with `await request.auser()`; Django's `request.user = u` and
 * `request.auser = f` both work on a RequestFactory request. See README.md for what differs.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AnonymousUser, AuthenticationMiddleware, Group, loginNotRequired, LoginView, SESSION_KEY, loginRequired, Permission, permissionRequired, User,
  userPassesTest,
} from '../../../src/auth/index.js';
import { getSettings, overrideSettings, PermissionDenied } from '../../../src/core/index.js';
import { CsrfViewMiddleware } from '../../../src/csrf/index.js';
import { HttpResponse } from '../../../src/http/index.js';
import type { HttpRequest, HttpResponseRedirect } from '../../../src/http/index.js';
import { SessionMiddleware } from '../../../src/sessions/index.js';
import { Client, RequestFactory } from '../../../src/testing/index.js';
import { describeDatabases, flushTables } from '../../../src/testing/databases.js';
import { path } from '../../../src/urls/index.js';
import { BASE_SETTINGS, migrateAuth } from './login-suite.js';

/** Stands in for auth_tests.urls's login_required(PasswordResetView.as_view()), not built yet (README.md). */
const passwordResetStandIn = async () => new HttpResponse('password reset');

const SETTINGS = {
  ...BASE_SETTINGS,
  MIDDLEWARE: [SessionMiddleware, CsrfViewMiddleware, AuthenticationMiddleware],
  ROOT_URLCONF: {
    urlpatterns: [
      path('login/', LoginView.asView(), { name: 'login' }),
      path('login_required/', loginRequired(passwordResetStandIn)),
      path('login_required_login_url/', loginRequired({ loginUrl: '/somewhere/' })(passwordResetStandIn)),
    ],
  },
};

const factory = new RequestFactory();
const asRedirect = (response: unknown) => response as HttpResponseRedirect;

await describeDatabases('auth_tests.test_decorators', () => {
  beforeAll(async () => {
    const restore = overrideSettings({ ...SETTINGS, DATABASES: getSettings().DATABASES });
    await migrateAuth();
    return () => restore();
  });
  beforeEach(() => flushTables([User, Group]));

  describe('LoginRequiredTestCase', () => {
    let u1: User;
    let client: Client;
    beforeEach(async () => {
      // AuthViewsTestCase's fixture user.
      u1 = await User.objects.createUser('testclient', 'testclient@example.com', 'password');
      client = new Client();
    });

    it('test_view', () => {
      // login_required is assignable to normal views.
      const normalView = (_request: HttpRequest) => new HttpResponse();
      loginRequired(normalView);
    });

    async function testLoginRequired(viewUrl = '/login_required/', loginUrl?: string): Promise<void> {
      loginUrl ??= getSettings().LOGIN_URL;
      let response = await client.get(viewUrl);
      expect(response.statusCode).toBe(302);
      expect(asRedirect(response).url).toContain(loginUrl);
      // AuthViewsTestCase.login(): a POST to LoginView, after which the session holds the user.
      await client.post('/login/', { username: 'testclient', password: 'password' });
      expect((await client.session()).has(SESSION_KEY)).toBe(true);
      response = await client.get(viewUrl);
      expect(response.statusCode).toBe(200);
    }

    it('test_login_required', () => testLoginRequired());

    it('test_login_required_next_url', () => testLoginRequired('/login_required_login_url/', '/somewhere/'));

    async function testLoginRequiredAsyncView(loginUrl?: string): Promise<void> {
      let asyncView = async (_request: HttpRequest) => new HttpResponse();
      const auserAnonymous = async () => new AnonymousUser();
      const auser = async () => u1;
      if (loginUrl === undefined) {
        asyncView = loginRequired(asyncView);
        loginUrl = getSettings().LOGIN_URL;
      } else {
        asyncView = loginRequired({ loginUrl })(asyncView);
      }
      const request = factory.get('/rand');
      request.auser = auserAnonymous;
      let response = await asyncView(request);
      expect(response.statusCode).toBe(302);
      expect(asRedirect(response).url).toContain(loginUrl);

      request.auser = auser;
      response = await asyncView(request);
      expect(response.statusCode).toBe(200);
    }

    it('test_login_required_async_view', () => testLoginRequiredAsyncView());

    it('test_login_required_next_url_async_view', () => testLoginRequiredAsyncView('/somewhere/'));
  });

  describe('LoginNotRequiredTestCase', () => {
    it('test_view', () => {
      // login_not_required is assignable to normal views.
      const normalView = (_request: HttpRequest) => new HttpResponse();
      loginNotRequired(normalView);
    });

    it('test_decorator_marks_view_as_login_not_required', () => {
      const view = loginNotRequired((_request: HttpRequest) => new HttpResponse());
      expect((view as unknown as { loginRequired: boolean }).loginRequired).toBe(false);
    });
  });

  describe('PermissionsRequiredDecoratorTest', () => {
    let user: User;
    const auser = async () => user;

    beforeEach(async () => {
      user = await User.objects.create({ username: 'joe', password: 'qwerty' });
      // Add permissions auth.add_customuser and auth.change_customuser
      const perms = await Permission.objects.filter({ codename__in: ['add_customuser', 'change_customuser'] } as never).all();
      await user.user_permissions.add(...perms);
    });

    const requestAs = (who: 'user' | 'auser'): HttpRequest => {
      const request = factory.get('/rand');
      if (who === 'user') request.user = user;
      else request.auser = auser;
      return request;
    };

    for (const [suffix, who] of [['', 'user'], ['_async_view', 'auser']] as const) {
      it(`test_many_permissions_pass${suffix}`, async () => {
        const aView = permissionRequired(['auth_tests.add_customuser', 'auth_tests.change_customuser'])(async (_request: HttpRequest) => new HttpResponse());
        const resp = await aView(requestAs(who));
        expect(resp.statusCode).toBe(200);
      });

      it(`test_many_permissions_in_set_pass${suffix}`, async () => {
        const aView = permissionRequired([...new Set(['auth_tests.add_customuser', 'auth_tests.change_customuser'])])(async (_request: HttpRequest) => new HttpResponse());
        const resp = await aView(requestAs(who));
        expect(resp.statusCode).toBe(200);
      });

      it(`test_single_permission_pass${suffix}`, async () => {
        const aView = permissionRequired('auth_tests.add_customuser')(async (_request: HttpRequest) => new HttpResponse());
        const resp = await aView(requestAs(who));
        expect(resp.statusCode).toBe(200);
      });

      it(`test_permissioned_denied_redirect${suffix}`, async () => {
        const aView = permissionRequired([
          'auth_tests.add_customuser', 'auth_tests.change_customuser', 'nonexistent-permission',
        ])(async (_request: HttpRequest) => new HttpResponse());
        const resp = await aView(requestAs(who));
        expect(resp.statusCode).toBe(302);
      });

      it(`test_permissioned_denied_exception_raised${suffix}`, async () => {
        const aView = permissionRequired([
          'auth_tests.add_customuser', 'auth_tests.change_customuser', 'nonexistent-permission',
        ], { raiseException: true })(async (_request: HttpRequest) => new HttpResponse());
        await expect(aView(requestAs(who))).rejects.toBeInstanceOf(PermissionDenied);
      });
    }
  });

  describe('UserPassesTestDecoratorTest', () => {
    let userPass: User;
    let userDeny: User;
    const auserPass = async () => userPass;
    const auserDeny = async () => userDeny;

    beforeEach(async () => {
      userPass = await User.objects.create({ username: 'joe', password: 'qwerty' });
      userDeny = await User.objects.create({ username: 'jim', password: 'qwerty' });
      await Group.objects.create({ name: 'Joe group' });
      // Add permissions auth.add_customuser and auth.change_customuser
      const perms = await Permission.objects.filter({ codename__in: ['add_customuser', 'change_customuser'] } as never).all();
      await userPass.user_permissions.add(...perms);
    });

    const syncTestFunc = (user: User) => Group.objects.filter({ name__istartswith: user.username } as never).exists();
    const asyncTestFunc = (user: User) => user.hasPerms(['auth_tests.add_customuser']);

    it('test_decorator', async () => {
      const syncView = userPassesTest(syncTestFunc)((_request: HttpRequest) => new HttpResponse());
      const request = factory.get('/rand');
      request.user = userPass;
      let response = await syncView(request);
      expect(response.statusCode).toBe(200);

      request.user = userDeny;
      response = await syncView(request);
      expect(response.statusCode).toBe(302);
    });

    it('test_decorator_async_test_func', async () => {
      const syncView = userPassesTest(asyncTestFunc)((_request: HttpRequest) => new HttpResponse());
      const request = factory.get('/rand');
      request.user = userPass;
      let response = await syncView(request);
      expect(response.statusCode).toBe(200);

      request.user = userDeny;
      response = await syncView(request);
      expect(response.statusCode).toBe(302);
    });

    it('test_decorator_async_view', async () => {
      const asyncView = userPassesTest(syncTestFunc)(async (_request: HttpRequest) => new HttpResponse());
      const request = factory.get('/rand');
      request.auser = auserPass;
      let response = await asyncView(request);
      expect(response.statusCode).toBe(200);

      request.auser = auserDeny;
      response = await asyncView(request);
      expect(response.statusCode).toBe(302);
    });

    it('test_decorator_async_view_async_test_func', async () => {
      const asyncView = userPassesTest(asyncTestFunc)(async (_request: HttpRequest) => new HttpResponse());
      const request = factory.get('/rand');
      request.auser = auserPass;
      let response = await asyncView(request);
      expect(response.statusCode).toBe(200);

      request.auser = auserDeny;
      response = await asyncView(request);
      expect(response.statusCode).toBe(302);
    });
  });
}, { vendors: ['sqlite'] });
