import { authApp, AuthenticationMiddleware, contentTypesApp } from '../../../src/auth/index.js';
import type { User } from '../../../src/auth/index.js';
import type { SettingsInput } from '../../../src/core/index.js';
import { CsrfViewMiddleware } from '../../../src/csrf/index.js';
import { HttpResponse } from '../../../src/http/index.js';
import type { HttpRequest } from '../../../src/http/index.js';
import { SessionMiddleware, sessionsApp } from '../../../src/sessions/index.js';

/**
 * The site the auth tests run: contenttypes, auth and sessions installed, cache sessions in
 * locmem, the session → CSRF → authentication middleware, MD5 hashing (fast), the test Client's
 * host allowed; `extra` adds or replaces settings.
 */
export function authSite(secretKey: string, extra: SettingsInput = {}): SettingsInput {
  return {
    SECRET_KEY: secretKey,
    ALLOWED_HOSTS: ['testserver'],
    INSTALLED_APPS: [contentTypesApp, authApp, sessionsApp],
    PASSWORD_HASHERS: ['md5'],
    SESSION_ENGINE: 'cache',
    CACHES: { default: { BACKEND: 'locmem' } },
    MIDDLEWARE: [SessionMiddleware, CsrfViewMiddleware, AuthenticationMiddleware],
    ...extra,
  };
}

/** A view answering with the username of the request's user, or `anonymous`. */
export async function whoami(request: HttpRequest): Promise<HttpResponse> {
  const user = await request.auser();
  return new HttpResponse(user.isAuthenticated ? (user as User).username : 'anonymous');
}
