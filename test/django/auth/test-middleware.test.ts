/**
 * Django's tests/auth_tests/test_middleware.py (Django 5.x), ported: AuthenticationMiddleware's
 * lazy request.user against the session auth hash, and LoginRequiredMiddleware through the test
 * Client and on its own. See README.md for what differs and why.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AuthenticationMiddleware, loginNotRequired, loginRequired, LoginRequiredMiddleware, REDIRECT_FIELD_NAME, User,
} from '../../../src/auth/index.js';
import { getSettings, ImproperlyConfigured, overrideSettings } from '../../../src/core/index.js';
import { CsrfViewMiddleware } from '../../../src/csrf/index.js';
import { HttpResponse } from '../../../src/http/index.js';
import type { HttpRequest, HttpResponseBase } from '../../../src/http/index.js';
import { SessionMiddleware } from '../../../src/sessions/index.js';
import { Client, RequestFactory } from '../../../src/testing/index.js';
import { describeDatabases, flushTables } from '../../../src/testing/databases.js';
import { path } from '../../../src/urls/index.js';
import { BASE_SETTINGS, migrateAuth } from './login-suite.js';

const emptyResponse = async () => new HttpResponse();

// auth_tests/urls.py's views for LoginRequiredMiddleware. Canter has no class-based View, so
// PublicView, ProtectedView and ProtectedViewWithCustomLoginRequired are functions marked the
// same way as their method_decorator'd dispatch (see README.md).
const PublicView = loginNotRequired(async () => new HttpResponse());
const ProtectedView = async () => new HttpResponse();
const ProtectedViewWithCustomLoginRequired = loginRequired({ loginUrl: '/custom_login/', redirectFieldName: 'step' })(async () => new HttpResponse());
const publicView = loginNotRequired(async () => new HttpResponse());
const protectedView = async () => new HttpResponse();
const protectedViewWithLoginRequiredDecorator = loginRequired({ loginUrl: '/custom_login/', redirectFieldName: 'step' })(async () => new HttpResponse());

const AUTH_TESTS_URLS = {
  urlpatterns: [
    path('public_view/', PublicView),
    path('public_function_view/', publicView),
    path('protected_view/', ProtectedView),
    path('protected_function_view/', protectedView),
    path('login_required_decorator_view/', protectedViewWithLoginRequiredDecorator),
    path('login_required_cbv_view/', ProtectedViewWithCustomLoginRequired),
  ],
};

/** auth_tests.test_checks.LoginRequiredMiddlewareSubclass. */
class LoginRequiredMiddlewareSubclass extends LoginRequiredMiddleware {
  override redirectFieldName = 'redirect_to';
}

/** Django's HttpRequest(): a request no middleware has seen. */
const bareRequest = (): HttpRequest => new RequestFactory().get('/');

const MIDDLEWARE = [SessionMiddleware, CsrfViewMiddleware, AuthenticationMiddleware];

/** assertRedirects(response, url, fetch_redirect_response=False). */
function assertRedirects(response: HttpResponseBase, url: string): void {
  expect(response.statusCode).toBe(302);
  expect(response.headers.get('Location')).toBe(url);
}

await describeDatabases('auth_tests.test_middleware', () => {
  beforeAll(async () => {
    const restore = overrideSettings({ ...BASE_SETTINGS, MIDDLEWARE, DATABASES: getSettings().DATABASES });
    await migrateAuth();
    return () => restore();
  });
  beforeEach(() => flushTables([User]));

  describe('TestAuthenticationMiddleware', () => {
    let user: User;
    let middleware: AuthenticationMiddleware;
    let client: Client;
    let request: HttpRequest;

    beforeEach(async () => {
      user = await User.objects.createUser('test_user', 'test@example.com', 'test_password');
      middleware = new AuthenticationMiddleware(emptyResponse);
      client = new Client();
      await client.forceLogin(user);
      request = bareRequest();
      request.session = await client.session();
    });

    it('test_no_password_change_doesnt_invalidate_session', async () => {
      request.session = await client.session();
      await middleware.call(request);
      const loaded = await request.auser();
      expect(loaded).not.toBeNull();
      expect(loaded.isAnonymous).toBe(false);
    });

    it('test_changed_password_invalidates_session', async () => {
      // After password change, user should be anonymous
      await user.setPassword('new_password');
      await user.save();
      await middleware.call(request);
      const loaded = await request.auser();
      expect(loaded).not.toBeNull();
      expect(loaded.isAnonymous).toBe(true);
      // session should be flushed
      expect(request.session.sessionKey).toBeNull();
    });

    it('test_no_session', () => {
      // Django's message names its dotted paths; Canter's names its classes (docs/django-compatibility.md).
      const msg = 'AuthenticationMiddleware needs SessionMiddleware: edit MIDDLEWARE to put SessionMiddleware (canter/sessions) '
        + 'before AuthenticationMiddleware (canter/auth).';
      expect(() => middleware.call(bareRequest())).toThrow(ImproperlyConfigured);
      expect(() => middleware.call(bareRequest())).toThrow(msg);
    });

    it('test_auser', async () => {
      await middleware.call(request);
      const auser = await request.auser();
      expect((auser as User).equals(user)).toBe(true);
      const auserSecond = await request.auser();
      expect(auserSecond).toBe(auser);
    });
  });

  describe('TestLoginRequiredMiddleware', () => {
    let restore: () => void;
    let middleware: LoginRequiredMiddleware;

    beforeAll(() => {
      restore = overrideSettings({ ROOT_URLCONF: AUTH_TESTS_URLS, MIDDLEWARE: [...MIDDLEWARE, LoginRequiredMiddleware] });
      return () => restore();
    });
    beforeEach(async () => {
      await User.objects.createUser('test_user', 'test@example.com', 'test_password');
      middleware = new LoginRequiredMiddleware(emptyResponse);
    });

    it('test_public_paths', async () => {
      const client = new Client();
      for (const p of ['public_view', 'public_function_view']) {
        const response = await client.get(`/${p}/`);
        expect(response.statusCode).toBe(200);
      }
    });

    it('test_protected_paths', async () => {
      const client = new Client();
      for (const p of ['protected_view', 'protected_function_view']) {
        const response = await client.get(`/${p}/`);
        assertRedirects(response, `${getSettings().LOGIN_URL}?next=/${p}/`);
      }
    });

    it('test_login_required_paths', async () => {
      const client = new Client();
      for (const p of ['login_required_cbv_view', 'login_required_decorator_view']) {
        const response = await client.get(`/${p}/`);
        assertRedirects(response, `/custom_login/?step=/${p}/`);
      }
    });

    it('test_non_existent_path', async () => {
      const response = await new Client({ raiseRequestException: false }).get('/non_existent/');
      expect(response.statusCode).toBe(404);
    });

    it('test_paths_with_logged_in_user', async () => {
      const paths = [
        'public_view', 'public_function_view', 'protected_view', 'protected_function_view',
        'login_required_cbv_view', 'login_required_decorator_view',
      ];
      const client = new Client();
      expect(await client.login({ username: 'test_user', password: 'test_password' })).toBe(true);
      for (const p of paths) {
        const response = await client.get(`/${p}/`);
        expect(response.statusCode).toBe(200);
      }
    });

    it('test_get_login_url_from_view_func', () => {
      const viewFunc = Object.assign(async () => new HttpResponse(), { loginUrl: '/custom_login/' });
      const loginUrl = middleware.getLoginUrl(viewFunc);
      expect(loginUrl).toBe('/custom_login/');
    });

    it('test_get_login_url_from_settings', () => {
      // The middleware reads LOGIN_URL when it is made, so it is made under the override.
      overrideSettings({ LOGIN_URL: '/settings_login/' }, () => {
        const loginUrl = new LoginRequiredMiddleware(emptyResponse).getLoginUrl(() => undefined);
        expect(loginUrl).toBe('/settings_login/');
      });
    });

    it('test_get_login_url_no_login_url', () => {
      overrideSettings({ LOGIN_URL: '' }, () => {
        const made = new LoginRequiredMiddleware(emptyResponse);
        expect(() => made.getLoginUrl(() => undefined)).toThrow(ImproperlyConfigured);
        expect(() => made.getLoginUrl(() => undefined)).toThrow(
          'No login URL to redirect to. Define settings.LOGIN_URL or provide a login_url via the '
            + "'django.contrib.auth.decorators.login_required' decorator.",
        );
      });
    });

    it('test_get_redirect_field_name_from_view_func', () => {
      const viewFunc = Object.assign(async () => new HttpResponse(), { redirectFieldName: 'next_page' });
      const redirectFieldName = middleware.getRedirectFieldName(viewFunc);
      expect(redirectFieldName).toBe('next_page');
    });

    it('test_login_url_resolve_logic', async () => {
      await overrideSettings({
        MIDDLEWARE: [SessionMiddleware, AuthenticationMiddleware, LoginRequiredMiddlewareSubclass],
        LOGIN_URL: '/settings_login/',
      }, async () => {
        const client = new Client();
        for (const p of ['login_required_cbv_view', 'login_required_decorator_view']) {
          assertRedirects(await client.get(`/${p}/`), `/custom_login/?step=/${p}/`);
        }
        for (const p of ['protected_view', 'protected_function_view']) {
          assertRedirects(await client.get(`/${p}/`), `/settings_login/?redirect_to=/${p}/`);
        }
      });
    });

    it('test_get_redirect_field_name_default', () => {
      const redirectFieldName = middleware.getRedirectFieldName(() => undefined);
      expect(redirectFieldName).toBe(REDIRECT_FIELD_NAME);
    });
  });
}, { vendors: ['sqlite'] });
