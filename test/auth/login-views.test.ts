/**
 * LoginView and LogoutView, Django's class-based login pages: the form and its errors, the safe
 * `next`, redirectAuthenticatedUser, CSRF, never-cache headers; POST-only logout with its
 * redirects and its page.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AllowAllUsersModelBackend,
  AuthenticationMiddleware,
  ContentType,
  Group,
  LoginRequiredMiddleware,
  LoginView,
  LogoutView,
  PasswordChangeDoneView,
  PasswordChangeView,
  Permission,
  User,
} from '../../src/auth/index.js';
import { overrideSettings } from '../../src/core/index.js';
import { CsrfViewMiddleware } from '../../src/csrf/index.js';
import { SessionMiddleware } from '../../src/sessions/index.js';
import { Client } from '../../src/testing/index.js';
import { describeDatabases } from '../../src/testing/databases.js';
import { path } from '../../src/urls/index.js';
import { authSite, whoami } from './lib/site.js';

const templates = mkdtempSync(join(tmpdir(), 'canter-login-views-'));
mkdirSync(join(templates, 'registration'));
writeFileSync(join(templates, 'registration', 'login.html'), [
  '<form method="post">{% csrf_token %}',
  '<input name="username" value="{{ form.username.value }}">{% for e in form.username.errors %}<p class="field">{{ e }}</p>{% endfor %}',
  '<input name="password" type="password">{% for e in form.password.errors %}<p class="field">{{ e }}</p>{% endfor %}',
  '{% for e in form.nonFieldErrors %}<p class="form">{{ e }}</p>{% endfor %}',
  '<input type="hidden" name="next" value="{{ next }}"></form>',
].join('\n'));
writeFileSync(join(templates, 'registration', 'logged_out.html'), '<p>{{ title }}</p>');
writeFileSync(join(templates, 'registration', 'password_change_form.html'),
  ['old_password', 'new_password1', 'new_password2'].map((f) => `{% for e in form.errors.${f} %}<p>${f}: {{ e }}</p>{% endfor %}`).join('') +
  '<form method="post">{% csrf_token %}</form>');
writeFileSync(join(templates, 'registration', 'password_change_done.html'), '<p>{{ title }}</p>');
afterAll(() => rmSync(templates, { recursive: true, force: true }));

await describeDatabases('LoginView and LogoutView', () => {
  beforeAll(async () => {
    const restore = overrideSettings(authSite('login-view-tests', {
      TEMPLATES: [{ BACKEND: 'liquid', DIRS: [templates], OPTIONS: { context_processors: ['auth'] } }],
      LOGIN_REDIRECT_URL: '/home/',
      LOGIN_URL: '/login/',
      AUTH_PASSWORD_VALIDATORS: [{ NAME: 'MinimumLengthValidator', OPTIONS: { min_length: 8 } }],
      LOGOUT_REDIRECT_URL: null,
      ROOT_URLCONF: {
        urlpatterns: [
          path('login/', LoginView.asView()),
          path('login-again/', LoginView.asView({ redirectAuthenticatedUser: true, nextPage: '/welcome/' })),
          path('login-loop/', LoginView.asView({ redirectAuthenticatedUser: true, nextPage: '/login-loop/' })),
          path('logout/', LogoutView.asView()),
          path('logout-then/', LogoutView.asView({ nextPage: '/bye/' })),
          path('whoami/', whoami),
          path('password_change/', PasswordChangeView.asView(), { name: 'password_change' }),
          path('password_change/done/', PasswordChangeDoneView.asView(), { name: 'password_change_done' }),
        ],
      },
    }));
    await User.objects.createUser('ann', '', 'ann-pass');
    await User.objects.createUser('idle', '', 'idle-pass', { is_active: false });
    return () => restore();
  });

  describe('LoginView', () => {
    it('GET shows the form with next, never cached, and sets the CSRF cookie', async () => {
      const response = await new Client().get('/login/?next=/inbox/');
      expect(response.statusCode).toBe(200);
      expect(response.text).toContain('name="next" value="/inbox/"');
      expect(response.text).toMatch(/name="csrfmiddlewaretoken" value="[A-Za-z0-9]{64}"/);
      expect(response.headers.get('Cache-Control')).toContain('no-cache');
      expect(response.setCookieHeaders().some((line) => line.startsWith('csrftoken='))).toBe(true);
    });

    it('POST logs in and goes to the safe next, else LOGIN_REDIRECT_URL', async () => {
      const client = new Client();
      const response = await client.post('/login/?next=/inbox/', { username: 'ann', password: 'ann-pass' });
      expect(response.statusCode).toBe(302);
      expect(response.headers.get('Location')).toBe('/inbox/');
      expect((await client.get('/whoami/')).text).toBe('ann');
      const posted = await new Client().post('/login/?next=/ignored/', { username: 'ann', password: 'ann-pass', next: '/from-form/' });
      expect(posted.headers.get('Location')).toBe('/from-form/');
      expect((await new Client().post('/login/', { username: 'ann', password: 'ann-pass' })).headers.get('Location')).toBe('/home/');
    });

    it('a hostile next is replaced by LOGIN_REDIRECT_URL', async () => {
      for (const next of ['//evil.com/', 'https://evil.com/', '/\\evil.com', 'javascript:alert(1)', 'http://testserver@evil.com/', '\t//evil.com']) {
        const response = await new Client().post('/login/', { username: 'ann', password: 'ann-pass', next });
        expect(response.headers.get('Location')).toBe('/home/');
        const shown = await new Client().get(`/login/?next=${encodeURIComponent(next)}`);
        expect(shown.text).toContain('name="next" value=""');
      }
    });

    it("wrong credentials, missing fields and an inactive user show the form with Django's messages", async () => {
      const wrong = await new Client().post('/login/', { username: 'ann', password: 'nope' });
      expect(wrong.statusCode).toBe(200);
      expect(wrong.text).toContain('<p class="form">Please enter a correct username and password. Note that both fields may be case-sensitive.</p>');
      expect(wrong.text).toContain('name="username" value="ann"');
      const empty = await new Client().post('/login/', { username: '', password: '' });
      expect(empty.text.match(/<p class="field">This field is required.<\/p>/g)).toHaveLength(2);
      const inactive = await new Client().post('/login/', { username: 'idle', password: 'idle-pass' });
      expect(inactive.text).toContain('Please enter a correct username and password.');
      const allowAll = overrideSettings({ AUTHENTICATION_BACKENDS: [AllowAllUsersModelBackend] });
      try {
        expect((await new Client().post('/login/', { username: 'idle', password: 'idle-pass' })).text).toContain('<p class="form">This account is inactive.</p>');
      } finally {
        allowAll();
      }
      const long = await new Client().post('/login/', { username: 'x'.repeat(151), password: 'p' });
      expect(long.text).toContain('Ensure this value has at most 150 characters (it has 151).');
    });

    it('is open to anonymous users under LoginRequiredMiddleware (no redirect loop)', async () => {
      const restore = overrideSettings({ MIDDLEWARE: [SessionMiddleware, CsrfViewMiddleware, AuthenticationMiddleware, LoginRequiredMiddleware] });
      try {
        expect((await new Client().get('/login/')).statusCode).toBe(200);
        expect((await new Client().get('/whoami/')).headers.get('Location')).toBe('/login/?next=/whoami/');
      } finally {
        restore();
      }
    });

    it('is CSRF-protected: a POST without the token is 403', async () => {
      const client = new Client({ enforceCsrfChecks: true, raiseRequestException: false });
      expect((await client.post('/login/', { username: 'ann', password: 'ann-pass' })).statusCode).toBe(403);
      expect((await client.get('/whoami/')).text).toBe('anonymous');
    });

    it('redirectAuthenticatedUser sends a logged-in user on, and refuses a loop', async () => {
      const client = new Client();
      expect((await client.get('/login-again/')).statusCode).toBe(200);
      await client.login({ username: 'ann', password: 'ann-pass' });
      const again = await client.get('/login-again/');
      expect(again.statusCode).toBe(302);
      expect(again.headers.get('Location')).toBe('/welcome/');
      await expect(client.get('/login-loop/')).rejects.toThrow("Redirection loop for authenticated user detected. Check that your LOGIN_REDIRECT_URL doesn't point to a login page.");
    });
  });

  describe('PasswordChangeView', () => {
    it('needs a login', async () => {
      const response = await new Client().get('/password_change/');
      expect(response.statusCode).toBe(302);
      expect(response.headers.get('Location')).toBe('/login/?next=/password_change/');
    });

    it("refuses a wrong old password, passwords that differ and ones the validators refuse, with Django's messages", async () => {
      await User.objects.createUser('cat', '', 'cat-pass-1');
      const client = new Client();
      await client.login({ username: 'cat', password: 'cat-pass-1' });
      const change = (form: Record<string, string>) => client.post('/password_change/', form);
      expect((await change({ old_password: 'nope', new_password1: 'cat-pass-2', new_password2: 'cat-pass-2' })).text)
        .toContain('old_password: Your old password was entered incorrectly. Please enter it again.');
      expect((await change({ old_password: 'cat-pass-1', new_password1: 'cat-pass-2', new_password2: 'cat-pass-3' })).text)
        .toContain('new_password2: The two password fields didn’t match.');
      expect((await change({ old_password: 'cat-pass-1', new_password1: 'short', new_password2: 'short' })).text)
        .toContain('new_password2: This password is too short. It must contain at least 8 characters.');
      expect((await change({})).text.match(/This field is required\./g)).toHaveLength(3);
      expect(await (await User.objects.get({ username: 'cat' })).checkPassword('cat-pass-1')).toBe(true);
    });

    it('changes it, keeps this session, logs the others out, and goes to password_change_done', async () => {
      await User.objects.createUser('dot', '', 'dot-pass-1');
      const here = new Client();
      const elsewhere = new Client();
      for (const client of [here, elsewhere]) await client.login({ username: 'dot', password: 'dot-pass-1' });
      const done = await here.post('/password_change/', { old_password: 'dot-pass-1', new_password1: 'dot-pass-2', new_password2: 'dot-pass-2' });
      expect(done.statusCode).toBe(302);
      expect(done.headers.get('Location')).toBe('/password_change/done/');
      expect((await here.get('/password_change/done/')).text).toBe('<p>Password change successful</p>');
      expect((await here.get('/whoami/')).text).toBe('dot');
      expect((await elsewhere.get('/whoami/')).text).toBe('anonymous');
      expect(await new Client().login({ username: 'dot', password: 'dot-pass-2' })).toBe(true);
    });
  });

  describe('LogoutView', () => {
    it('GET is 405 (POST, OPTIONS) and logs nobody out', async () => {
      const client = new Client();
      await client.login({ username: 'ann', password: 'ann-pass' });
      const response = await client.get('/logout/');
      expect(response.statusCode).toBe(405);
      expect(response.headers.get('Allow')).toBe('POST, OPTIONS');
      expect((await client.get('/whoami/')).text).toBe('ann');
    });

    it('POST logs out and shows logged_out.html when there is nowhere to go; nextPage and a safe next redirect', async () => {
      const client = new Client();
      await client.login({ username: 'ann', password: 'ann-pass' });
      const page = await client.post('/logout/');
      expect(page.statusCode).toBe(200);
      expect(page.text).toBe('<p>Logged out</p>');
      expect((await client.get('/whoami/')).text).toBe('anonymous');
      await client.login({ username: 'ann', password: 'ann-pass' });
      expect((await client.post('/logout-then/')).headers.get('Location')).toBe('/bye/');
      await client.login({ username: 'ann', password: 'ann-pass' });
      expect((await client.post('/logout/', { next: '/see-you/' })).headers.get('Location')).toBe('/see-you/');
      await client.login({ username: 'ann', password: 'ann-pass' });
      expect((await client.post('/logout/', { next: 'https://evil.com/' })).statusCode).toBe(200);
    });

    it('LOGOUT_REDIRECT_URL is where it goes when set', async () => {
      const restore = overrideSettings({ LOGOUT_REDIRECT_URL: '/goodbye/' });
      try {
        const client = new Client();
        await client.login({ username: 'ann', password: 'ann-pass' });
        expect((await client.post('/logout/')).headers.get('Location')).toBe('/goodbye/');
      } finally {
        restore();
      }
    });
  });
}, { models: () => [ContentType, Permission, Group, User], vendors: ['sqlite'] });
