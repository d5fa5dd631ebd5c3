/**
 * What the session servers of `npm run bench:sessions` share: where the stores are, the secret and
 * cookie lifetime every framework is given, and the `--store pg|redis` flag.
 */
import { flagValue } from './server-args.js';

/** PostgreSQL: the project's test database. Everything lives in SESSION_PG_SCHEMA, dropped after the run. */
export const SESSION_PG_URL = process.env.CANTER_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A schema of its own, first on every connection's search_path, so the benchmark's django_session,
 * django_migrations and connect-pg-simple tables never meet the test suites' tables in `public`.
 */
export const SESSION_PG_SCHEMA = 'canter_bench';

/** The `pg` Pool option that puts SESSION_PG_SCHEMA first on the search_path. */
export const SESSION_PG_OPTIONS = `-c search_path=${SESSION_PG_SCHEMA}`;

/** connect-pg-simple's table (in SESSION_PG_SCHEMA), shared by the Express and Fastify servers. */
export const CONNECT_PG_TABLE = 'session';

/** Redis: the benchmarks' database, 14 (never flushed: keys are removed by prefix). */
export const SESSION_REDIS_URL = process.env.CANTER_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/14';

/** connect-redis's key prefix (its default). */
export const CONNECT_REDIS_PREFIX = 'sess:';

/** Canter's SECRET_KEY and the express-session / @fastify/session secret (≥ 32 characters for the latter). */
export const SESSION_SECRET = 'canter-bench-sessions-secret-0123456789abcdef';

/** Django's SESSION_COOKIE_AGE default, two weeks, given to every framework. */
export const SESSION_COOKIE_AGE_SECONDS = 1_209_600;

/** The path every session server answers. */
export const COUNTER_PATH = '/counter/';

export const COUNTER_CONTENT_TYPE = 'text/plain; charset=utf-8';

export type SessionStoreKind = 'pg' | 'redis';

export const STORE_KINDS: readonly SessionStoreKind[] = ['pg', 'redis'];

/** Reads `--store pg|redis` (or `--store=…`) from argv; exits with a message when it is missing or bad. */
export function storeFromArgs(argv: readonly string[] = process.argv.slice(2)): SessionStoreKind {
  const raw = flagValue(argv, 'store');
  if (raw !== 'pg' && raw !== 'redis') {
    console.error(`usage: node <server>.js --port N --store pg|redis (got --store ${raw ?? 'nothing'})`);
    process.exit(2);
  }
  return raw;
}
