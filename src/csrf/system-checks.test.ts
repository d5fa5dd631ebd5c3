import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configureSettings, defineSettings, overrideSettings } from '../conf/settings/index.js';
import { SessionMiddleware } from '../sessions/middleware.js';
import { CsrfViewMiddleware } from './middleware.js';
import { checkCsrf } from './system-checks.js';

let restore: (() => void) | undefined;

beforeAll(() => configureSettings(defineSettings({ SECRET_KEY: 'csrf-checks' })));
afterEach(() => restore?.());

describe('checkCsrf', () => {
  it('refuses CSRF_TRUSTED_ORIGINS entries without a scheme, naming them', () => {
    restore = overrideSettings({ CSRF_TRUSTED_ORIGINS: ['https://ok.example', 'example.com', '.example.org'] });
    expect(() => checkCsrf()).toThrow(`these do not: "example.com", ".example.org".`);
  });

  it('with CSRF_USE_SESSIONS, wants SessionMiddleware before CsrfViewMiddleware', () => {
    restore = overrideSettings({ CSRF_USE_SESSIONS: true, MIDDLEWARE: [CsrfViewMiddleware, SessionMiddleware] });
    expect(() => checkCsrf()).toThrow('SessionMiddleware must come before CsrfViewMiddleware');
    restore();
    restore = overrideSettings({ CSRF_USE_SESSIONS: true, MIDDLEWARE: [SessionMiddleware, CsrfViewMiddleware] });
    expect(() => checkCsrf()).not.toThrow();
  });
});
