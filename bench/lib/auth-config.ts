/**
 * What the login servers of `npm run bench:auth` share: the bench user, the paths and answers, the
 * CSRF cookie, and where the stores are. Everything lives apart from `npm run bench:sessions`'s:
 * its own PostgreSQL schema and its own Redis key prefixes, so the two never meet.
 */
import { SESSION_PG_URL, SESSION_REDIS_URL, type SessionStoreKind } from './session-config.js';

export { SESSION_PG_URL as AUTH_PG_URL, SESSION_REDIS_URL as AUTH_REDIS_URL };

/** The user every stack logs in as; its password is stored as Django's pbkdf2_sha256$1000$… in auth_user. */
export const BENCH_USERNAME = 'bench';
export const BENCH_PASSWORD = 'bench-password';
/** The demo's BENCH_FAST_HASH cost: PBKDF2-SHA256 at 1,000 iterations (Django's default is 1,000,000+). */
export const BENCH_HASH_ITERATIONS = 1_000;

/** A schema of its own (first on every pool's search_path): auth_user, django_session, connect-pg-simple's table. */
export const AUTH_PG_SCHEMA = 'canter_bench_auth';
export const AUTH_PG_OPTIONS = `-c search_path=${AUTH_PG_SCHEMA}`;
/** connect-pg-simple's table in AUTH_PG_SCHEMA. */
export const CONNECT_PG_TABLE = 'session';
/** Canter's CACHES KEY_PREFIX on Redis (its session keys are `<prefix>:1:django.contrib.sessions.cache…`). */
export const CANTER_REDIS_KEY_PREFIX = 'canter-bench-auth';
/** connect-redis's key prefix. */
export const CONNECT_REDIS_PREFIX = 'canter-bench-auth-sess:';

/** Canter's SECRET_KEY, the session secret and csrf-csrf's HMAC key (≥ 32 characters for @fastify/session). */
export const AUTH_SECRET = 'canter-bench-auth-secret-0123456789abcdef';

export const LOGIN_PATH = '/login/';
export const BACKEND_PATH = '/backend/';
/** Every stack names its CSRF cookie as Django does. */
export const CSRF_COOKIE = 'csrftoken';
/** Django's CSRF_COOKIE_AGE (52 weeks) and SESSION_COOKIE_AGE (two weeks). */
export const CSRF_COOKIE_AGE_SECONDS = 31_449_600;
export const SESSION_COOKIE_AGE_SECONDS = 1_209_600;

export const TEXT_CONTENT_TYPE = 'text/plain; charset=utf-8';
/** What GET /backend/ answers the bench user. */
export const BACKEND_BODY = `hello ${BENCH_USERNAME}`;
/** What POST /login/ answers bad credentials (200, no session). */
export const INVALID_LOGIN_BODY = 'invalid login';

/** The two measured endpoints. */
export const AUTH_ROUTES = ['login', 'backend'] as const;
export type AuthRoute = (typeof AUTH_ROUTES)[number];

export type { SessionStoreKind };
