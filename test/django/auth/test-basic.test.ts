/**
 * Django's tests/auth_tests/test_basic.py (Django 5.2), ported: users and superusers made and
 * checked, getUserModel() and AUTH_USER_MODEL, and getUser() from a session (with
 * SECRET_KEY_FALLBACKS). Each `a…` twin runs the same async calls as its sync original. See
 * README.md for what differs and why.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AnonymousUser, getUser, getUserModel, User } from '../../../src/auth/index.js';
import { getSettings, ImproperlyConfigured, overrideSettings } from '../../../src/core/index.js';
import { IntegrityError } from '../../../src/db/index.js';
import type { HttpRequest } from '../../../src/http/index.js';
import { Client, RequestFactory } from '../../../src/testing/index.js';
import { describeDatabases, flushTables } from '../../../src/testing/databases.js';
import { CustomUser } from './auth-tests-models.js';
import { BASE_SETTINGS, migrateAuth } from './login-suite.js';

/** Django's HttpRequest() with `request.session = self.client.session`. */
async function requestWithSession(client: Client): Promise<HttpRequest> {
  const request = new RequestFactory().get('/');
  request.session = await client.session();
  return request;
}

await describeDatabases('auth_tests.test_basic', () => {
  beforeAll(async () => {
    const restore = overrideSettings({ ...BASE_SETTINGS, DATABASES: getSettings().DATABASES });
    await migrateAuth();
    return () => restore();
  });
  beforeEach(() => flushTables([User]));

  describe('BasicTestCase', () => {
    it('test_user', async () => {
      // Users can be created and can set their password
      const u = await User.objects.createUser('testuser', 'test@example.com', 'testpw');
      expect(u.hasUsablePassword()).toBe(true);
      expect(await u.checkPassword('bad')).toBe(false);
      expect(await u.checkPassword('testpw')).toBe(true);

      // Check we can manually set an unusable password
      u.setUnusablePassword();
      await u.save();
      expect(await u.checkPassword('testpw')).toBe(false);
      expect(u.hasUsablePassword()).toBe(false);
      await u.setPassword('testpw');
      expect(await u.checkPassword('testpw')).toBe(true);
      await u.setPassword(null);
      expect(u.hasUsablePassword()).toBe(false);

      // Check username getter
      expect(u.getUsername()).toBe('testuser');

      // Check authentication/permissions
      expect(u.isAnonymous).toBe(false);
      expect(u.isAuthenticated).toBe(true);
      expect(u.is_staff).toBe(false);
      expect(u.is_active).toBe(true);
      expect(u.is_superuser).toBe(false);

      // Check API-based user creation with no password
      const u2 = await User.objects.createUser('testuser2', 'test2@example.com');
      expect(u2.hasUsablePassword()).toBe(false);
    });

    it('test_acreate', async () => {
      const u = await User.objects.createUser('testuser', 'test@example.com', 'testpw');
      expect(u.hasUsablePassword()).toBe(true);
      expect(await u.checkPassword('bad')).toBe(false);
      expect(await u.checkPassword('testpw')).toBe(true);
    });

    it('test_unicode_username', async () => {
      await User.objects.createUser('jörg');
      await User.objects.createUser('Григорий');
      // Two equivalent Unicode normalized usernames are duplicates.
      const omegaUsername = 'iamthe\u03A9'; // U+03A9 GREEK CAPITAL LETTER OMEGA
      const ohmUsername = 'iamthe\u2126'; // U+2126 OHM SIGN
      await User.objects.createUser(ohmUsername);
      await expect(User.objects.createUser(omegaUsername)).rejects.toBeInstanceOf(IntegrityError);
    });

    it('test_user_no_email', async () => {
      // Users can be created without an email
      const cases: Array<{ email?: string | null }> = [{}, { email: '' }, { email: null }];
      for (const [i, kwargs] of cases.entries()) {
        const u = await User.objects.createUser(`testuser${i}`, kwargs.email);
        expect(u.email, JSON.stringify(kwargs)).toBe('');
      }
    });

    for (const name of ['test_superuser', 'test_asuperuser']) {
      it(name, async () => {
        // Check the creation and properties of a superuser
        const superuser = await User.objects.createSuperuser('super', 'super@example.com', 'super');
        expect(superuser.is_superuser).toBe(true);
        expect(superuser.is_active).toBe(true);
        expect(superuser.is_staff).toBe(true);
      });
    }

    it('test_superuser_no_email_or_password', async () => {
      const cases: Array<{ email?: string | null; password?: string | null }> = [{}, { email: '' }, { email: null }, { password: null }];
      for (const [i, kwargs] of cases.entries()) {
        const superuser = await User.objects.createSuperuser(`super${i}`, kwargs.email, kwargs.password);
        expect(superuser.email, JSON.stringify(kwargs)).toBe('');
        expect(superuser.hasUsablePassword()).toBe(false);
      }
    });

    it('test_get_user_model', () => {
      // The current user model can be retrieved
      expect(getUserModel()).toBe(User);
    });

    // The second half (User.objects.all() raising AttributeError once auth.User is swapped out)
    // is a deliberate difference: Canter has no swappable models (docs/django-compatibility.md).
    it.skip('test_swappable_user', () => overrideSettings({ AUTH_USER_MODEL: 'auth_tests.CustomUser' }, () => {
      // The current user model can be swapped out for another
      expect(getUserModel()).toBe(CustomUser);
      expect(() => User.objects.all()).toThrow();
    }));

    it('test_swappable_user_bad_setting', () => overrideSettings({ AUTH_USER_MODEL: 'badsetting' }, () => {
      // The alternate user setting must point to something in the format app.model
      const msg = "AUTH_USER_MODEL must be of the form 'app_label.model_name'";
      expect(() => getUserModel()).toThrow(ImproperlyConfigured);
      expect(() => getUserModel()).toThrow(msg);
    }));

    it('test_swappable_user_nonexistent_model', () => overrideSettings({ AUTH_USER_MODEL: 'thismodel.doesntexist' }, () => {
      // The current user model must point to an installed model
      const msg = "AUTH_USER_MODEL refers to model 'thismodel.doesntexist' that has not been installed";
      expect(() => getUserModel()).toThrow(ImproperlyConfigured);
      expect(() => getUserModel()).toThrow(msg);
    }));
  });

  describe('TestGetUser', () => {
    for (const name of ['test_get_user_anonymous', 'test_aget_user_anonymous']) {
      it(name, async () => {
        const request = await requestWithSession(new Client());
        const user = await getUser(request);
        expect(user).toBeInstanceOf(AnonymousUser);
      });
    }

    it('test_get_user', async () => {
      const createdUser = await User.objects.createUser('testuser', 'test@example.com', 'testpw');
      const client = new Client();
      await client.login({ username: 'testuser', password: 'testpw' });
      const request = await requestWithSession(client);
      const user = await getUser(request);
      expect(user).toBeInstanceOf(User);
      expect((user as User).username).toBe(createdUser.username);
    });

    for (const name of ['test_get_user_fallback_secret', 'test_aget_user_fallback_secret']) {
      it(name, async () => {
        const createdUser = await User.objects.createUser('testuser', 'test@example.com', 'testpw');
        const client = new Client();
        await client.login({ username: 'testuser', password: 'testpw' });
        const request = await requestWithSession(client);
        const prevSessionKey = request.session.sessionKey;
        await overrideSettings({ SECRET_KEY: 'newsecret', SECRET_KEY_FALLBACKS: [getSettings().SECRET_KEY] }, async () => {
          const user = await getUser(request);
          expect(user).toBeInstanceOf(User);
          expect((user as User).username).toBe(createdUser.username);
          expect(request.session.sessionKey).not.toBe(prevSessionKey);
        });
        // Remove the fallback secret.
        // The session hash should be updated using the current secret.
        await overrideSettings({ SECRET_KEY: 'newsecret' }, async () => {
          const user = await getUser(request);
          expect(user).toBeInstanceOf(User);
          expect((user as User).username).toBe(createdUser.username);
        });
      });
    }
  });
}, { vendors: ['sqlite'] });
