/**
 * The password-reset flow's two halves together: a token from defaultTokenGenerator goes out in
 * an email (locmem backend), the link read back from the outbox checks for its user, and stops
 * checking once the password changed.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultTokenGenerator, type TokenUser } from '../../src/auth/index.js';
import { configureSettings, defineSettings } from '../../src/conf/index.js';
import { outbox, resetOutbox, sendMail } from '../../src/mail/index.js';

beforeAll(() => {
  configureSettings(defineSettings({ SECRET_KEY: 'reset-flow', EMAIL_BACKEND: 'locmem', DEFAULT_FROM_EMAIL: 'noreply@example.com' }));
});
afterEach(() => resetOutbox());

const uidb64 = (pk: number): string => Buffer.from(String(pk)).toString('base64url');

describe('a password-reset email', () => {
  it('carries a link whose token checks for its user until the password changes', async () => {
    const user: TokenUser & { email: string } = { pk: 42, password: 'pbkdf2_sha256$1$s$old=', last_login: new Date('2026-01-01T10:00:00Z'), email: 'ann@example.com' };
    const link = `https://example.com/reset/${uidb64(42)}/${defaultTokenGenerator.makeToken(user)}/`;
    await sendMail('Password reset on example.com', `Go to ${link} to choose a new password.`, null, [user.email], {
      htmlMessage: `<a href="${link}">Choose a new password</a>`,
    });

    expect(outbox).toHaveLength(1);
    const [message] = outbox;
    expect(message!.fromEmail).toBe('noreply@example.com');
    expect(message!.to).toEqual(['ann@example.com']);
    const match = /\/reset\/([\w-]+)\/([0-9a-z]+-[0-9a-f]+)\//.exec(message!.body);
    expect(match).not.toBeNull();
    const [, uid, token] = match!;
    expect(Buffer.from(uid!, 'base64url').toString()).toBe('42');
    expect(defaultTokenGenerator.checkToken(user, token!)).toBe(true);
    expect(defaultTokenGenerator.checkToken({ ...user, pk: 43 }, token!)).toBe(false);
    expect(defaultTokenGenerator.checkToken({ ...user, password: 'pbkdf2_sha256$1$s$new=' }, token!)).toBe(false);
    expect(message!.message().asString()).toContain('Content-Type: multipart/alternative');
  });
});
