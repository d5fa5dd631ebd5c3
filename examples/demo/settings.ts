import { randomBytes } from 'node:crypto';
import { authApp, AuthenticationMiddleware, contentTypesApp, PBKDF2PasswordHasher } from '../../src/auth/index.js';
import { cacheSettingsFromUrl } from '../../src/cache/index.js';
import { defineSettings, settingsFromEnvironment } from '../../src/core/index.js';
import { CsrfViewMiddleware } from '../../src/csrf/index.js';
import { CommonMiddleware, SecurityMiddleware, XFrameOptionsMiddleware } from '../../src/middleware/index.js';
import { SessionMiddleware, sessionsApp } from '../../src/sessions/index.js';
import { demoApp } from './app.js';
import { Md1, Md2 } from './middleware.js';
import { urlconf } from './urls.js';

/** The demo's SECRET_KEY: from the environment, or a fresh random one (printed, so it can be reused). */
function secretKey(): string {
  if (process.env.SECRET_KEY) return process.env.SECRET_KEY;
  const key = randomBytes(40).toString('base64url');
  console.warn(`SECRET_KEY is not set; using a random one for this run: ${key}`);
  return key;
}

/** BENCH_FAST_HASH=1: PBKDF2 at 1,000 iterations, for benchmarks only (a login then costs microseconds, not a second). */
class BenchFastPBKDF2PasswordHasher extends PBKDF2PasswordHasher {
  override iterations = 1_000;
}

export default defineSettings({
  DEBUG: false,
  ALLOWED_HOSTS: ['localhost', '127.0.0.1', '[::1]', 'testserver'],
  ROOT_URLCONF: urlconf,
  INSTALLED_APPS: [contentTypesApp, authApp, sessionsApp, demoApp],
  // DATABASE_URL picks PostgreSQL or MariaDB; without it, an SQLite file beside where it runs.
  DATABASES: { default: process.env.DATABASE_URL ? { URL: process.env.DATABASE_URL } : { ENGINE: 'sqlite', NAME: 'demo.sqlite3' } },
  // CACHE_URL picks Redis, memcached, a directory or a database table; without it, memory.
  CACHES: { default: process.env.CACHE_URL ? cacheSettingsFromUrl(process.env.CACHE_URL) : { BACKEND: 'locmem' } },
  // Messages joins this list (after authentication) with its issue; Md1 and Md2 are seed 002's
  // tracing middleware.
  MIDDLEWARE: [SecurityMiddleware, SessionMiddleware, CommonMiddleware, CsrfViewMiddleware, AuthenticationMiddleware, XFrameOptionsMiddleware, Md1, Md2],
  PASSWORD_HASHERS: process.env.BENCH_FAST_HASH === '1'
    ? [BenchFastPBKDF2PasswordHasher, 'pbkdf2_sha256', 'pbkdf2_sha1', 'argon2', 'bcrypt_sha256', 'scrypt']
    : ['pbkdf2_sha256', 'pbkdf2_sha1', 'argon2', 'bcrypt_sha256', 'scrypt'],
  // SESSION_ENGINE picks where sessions live: db (the default), cache, cached_db, file, signed_cookies.
  SESSION_ENGINE: process.env.SESSION_ENGINE ?? 'db',
  SESSION_FILE_PATH: process.env.SESSION_FILE_PATH ?? null,
  // Seed 000's pages are templates: examples/demo/templates (copied beside the compiled demo by `npm run build`).
  TEMPLATES: [{ BACKEND: 'liquid', DIRS: [new URL('./templates/', import.meta.url)], OPTIONS: { context_processors: ['request', 'debug', 'auth'] } }],
  LOGIN_URL: '/login/',
  LOGIN_REDIRECT_URL: '/backend/',
  ...settingsFromEnvironment(['DEBUG', 'ALLOWED_HOSTS', 'APPEND_SLASH']),
  SECRET_KEY: secretKey(),
});
