/**
 * The password reset views end to end: the form mails a one-time link (locmem outbox) only to
 * active users with that address and a usable password, and redirects the same way whatever the
 * address; the link is swapped for `set-password` in the URL (the token waits in the session);
 * the new password is validated and set; a used, forged or mangled link is refused.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import {
  authApp,
  AuthenticationMiddleware,
  ContentType,
  contentTypesApp,
  Group,
  LoginView,
  PasswordResetCompleteView,
  PasswordResetConfirmView,
  PasswordResetDoneView,
  PasswordResetView,
  Permission,
  uidOf,
  User,
} from '../../src/auth/index.js';
import { overrideSettings } from '../../src/core/index.js';
import { CsrfViewMiddleware } from '../../src/csrf/index.js';
import { outbox, resetOutbox } from '../../src/mail/index.js';
import { SessionMiddleware, sessionsApp } from '../../src/sessions/index.js';
import { Client } from '../../src/testing/index.js';
import { describeDatabases } from '../../src/testing/databases.js';
import { path } from '../../src/urls/index.js';

const templates = mkdtempSync(join(tmpdir(), 'canter-reset-views-'));
mkdirSync(join(templates, 'registration'));
const write = (name: string, text: string) => writeFileSync(join(templates, 'registration', name), text);
write('password_reset_form.html', '{% for e in form.errors.email %}<p>{{ e }}</p>{% endfor %}form');
write('password_reset_subject.txt', 'Password reset on\n{{ site_name }}\n');
write('password_reset_email.html', 'Hello {{ user.username }}: {{ protocol }}://{{ domain }}/reset/{{ uid }}/{{ token }}/');
write('password_reset_done.html', 'sent');
write('password_reset_confirm.html', '{% if validlink %}valid{% for e in form.errors.new_password2 %}<p>{{ e }}</p>{% endfor %}{% else %}invalid{% endif %}');
write('password_reset_complete.html', 'complete {{ login_url }}');
write('login.html', 'login');
afterAll(() => rmSync(templates, { recursive: true, force: true }));

await describeDatabases('password reset views', () => {
  beforeAll(async () => {
    const restore = overrideSettings({
      SECRET_KEY: 'reset-view-tests',
      ALLOWED_HOSTS: ['testserver'],
      INSTALLED_APPS: [contentTypesApp, authApp, sessionsApp],
      PASSWORD_HASHERS: ['md5'],
      SESSION_ENGINE: 'cache',
      CACHES: { default: { BACKEND: 'locmem' } },
      EMAIL_BACKEND: 'locmem',
      MIDDLEWARE: [SessionMiddleware, CsrfViewMiddleware, AuthenticationMiddleware],
      TEMPLATES: [{ BACKEND: 'liquid', DIRS: [templates], OPTIONS: { context_processors: [] } }],
      AUTH_PASSWORD_VALIDATORS: [{ NAME: 'MinimumLengthValidator', OPTIONS: { min_length: 8 } }],
      ROOT_URLCONF: {
        urlpatterns: [
          path('login/', LoginView.asView(), { name: 'login' }),
          path('password_reset/', PasswordResetView.asView(), { name: 'password_reset' }),
          path('password_reset/done/', PasswordResetDoneView.asView(), { name: 'password_reset_done' }),
          path('reset/<uidb64>/<token>/', PasswordResetConfirmView.asView(), { name: 'password_reset_confirm' }),
          path('reset/done/', PasswordResetCompleteView.asView(), { name: 'password_reset_complete' }),
        ],
      },
    });
    await User.objects.createUser('ann', 'Ann@Example.com', 'old-password');
    await User.objects.createUser('idle', 'idle@example.com', 'old-password', { is_active: false });
    await User.objects.createUser('nopass', 'nopass@example.com', null);
    return () => restore();
  });

  beforeEach(() => resetOutbox());

  const linkIn = (body: string) => /http:\/\/testserver(\/reset\/[^/]+\/[^/]+\/)/.exec(body)![1]!;

  it('mails the link to an active user with that address (any case), and redirects the same for an unknown one', async () => {
    const known = await new Client().post('/password_reset/', { email: 'ann@example.COM' });
    expect(known.statusCode).toBe(302);
    expect(known.headers.get('Location')).toBe('/password_reset/done/');
    expect(outbox).toHaveLength(1);
    expect(outbox[0]!.to).toEqual(['Ann@example.com']);
    expect(outbox[0]!.subject).toBe('Password reset ontestserver');
    const ann = await User.objects.get({ username: 'ann' });
    expect(outbox[0]!.body).toContain(`Hello ann: http://testserver/reset/${uidOf(ann.pk)}/`);
    const unknown = await new Client().post('/password_reset/', { email: 'nobody@example.com' });
    expect(unknown.headers.get('Location')).toBe('/password_reset/done/');
    for (const email of ['idle@example.com', 'nopass@example.com']) await new Client().post('/password_reset/', { email });
    expect(outbox).toHaveLength(1);
    expect((await new Client().post('/password_reset/', { email: '' })).text).toContain('This field is required.');
    expect((await new Client().post('/password_reset/', { email: 'not an address' })).text).toContain('Enter a valid email address.');
  });

  it('the link is swapped for set-password, the new password is validated and set, and the link dies', async () => {
    await new Client().post('/password_reset/', { email: 'ann@example.com' });
    const link = linkIn(outbox[0]!.body);
    const client = new Client();
    const opened = await client.get(link);
    expect(opened.statusCode).toBe(302);
    const setPasswordUrl = opened.headers.get('Location')!;
    expect(setPasswordUrl).toMatch(/^\/reset\/[^/]+\/set-password\/$/);
    expect((await client.get(setPasswordUrl)).text).toBe('valid');
    expect((await client.post(setPasswordUrl, { new_password1: 'new-password', new_password2: 'other-password' })).text)
      .toContain('The two password fields didn’t match.');
    expect((await client.post(setPasswordUrl, { new_password1: 'short', new_password2: 'short' })).text)
      .toContain('This password is too short. It must contain at least 8 characters.');
    const done = await client.post(setPasswordUrl, { new_password1: 'new-password', new_password2: 'new-password' });
    expect(done.headers.get('Location')).toBe('/reset/done/');
    expect((await client.get('/reset/done/')).text).toBe('complete /login/');
    expect(await new Client().login({ username: 'ann', password: 'new-password' })).toBe(true);
    // The same link again: the token was made from the old password hash.
    expect((await new Client().get(link)).text).toBe('invalid');
    expect((await client.get(setPasswordUrl)).text).toBe('invalid');
  });

  it('refuses forged tokens, mangled or unknown uids, and set-password without a stored token', async () => {
    const ann = await User.objects.get({ username: 'ann' });
    const uid = uidOf(ann.pk);
    for (const url of [
      `/reset/${uid}/abc-123/`, `/reset/${uid}/${'x'.repeat(30)}/`, '/reset/!!!/abc/', `/reset/${uidOf(999_999)}/abc-def/`,
      `/reset/${uidOf('not-a-number')}/abc-def/`, `/reset/${uid}/set-password/`,
    ]) {
      const response = await new Client().get(url);
      expect(response.statusCode).toBe(200);
      expect(response.text).toBe('invalid');
    }
  });
}, { models: () => [ContentType, Permission, Group, User], vendors: ['sqlite'] });
