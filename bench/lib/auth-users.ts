/**
 * The Fastify and Express login servers' side of the user table and the sessions: a `pg` pool on
 * the auth_user table Canter's migration made (the same rows Canter reads), a Django PBKDF2 hash
 * checked with node:crypto's async pbkdf2 (what a passport-local verify callback would do), and
 * the express-session stores (connect-pg-simple, connect-redis) in the login benchmark's own
 * schema and key prefix.
 */
import { pbkdf2, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import connectPgSimple from 'connect-pg-simple';
import { RedisStore } from 'connect-redis';
import session from 'express-session';
import type { Store } from 'express-session';
import pg from 'pg';
import {
  AUTH_PG_OPTIONS,
  AUTH_PG_SCHEMA,
  AUTH_PG_URL,
  AUTH_REDIS_URL,
  CONNECT_PG_TABLE,
  CONNECT_REDIS_PREFIX,
  type SessionStoreKind,
} from './auth-config.js';

const pbkdf2Async = promisify(pbkdf2);

/** The columns a login needs of an auth_user row. */
export interface BenchUser {
  id: number;
  username: string;
  password: string;
}

/** A pool on the benchmark's schema (pg's default size, 10, as Canter's and connect-pg-simple's). */
export function userPool(): pg.Pool {
  return new pg.Pool({ connectionString: AUTH_PG_URL, options: AUTH_PG_OPTIONS });
}

/** The active user named `username`, or undefined (Django's ModelBackend refuses inactive users too). */
export async function findUser(pool: pg.Pool, username: string): Promise<BenchUser | undefined> {
  const { rows } = await pool.query<BenchUser>('SELECT id, username, password FROM auth_user WHERE username = $1 AND is_active', [username]);
  return rows[0];
}

/** The active user with primary key `id`, or undefined. */
export async function findUserById(pool: pg.Pool, id: number): Promise<BenchUser | undefined> {
  const { rows } = await pool.query<BenchUser>('SELECT id, username, password FROM auth_user WHERE id = $1 AND is_active', [id]);
  return rows[0];
}

/**
 * Whether `password` matches Django's `pbkdf2_sha256$<iterations>$<salt>$<base64 hash>`: PBKDF2-
 * HMAC-SHA256 over the salt's UTF-8 bytes, 32 bytes out, compared in constant time. Anything else
 * (another algorithm, a malformed hash) is false.
 */
export async function checkDjangoPbkdf2(password: string, encoded: string): Promise<boolean> {
  const [algorithm, iterations, salt, hash] = encoded.split('$');
  if (algorithm !== 'pbkdf2_sha256' || !iterations || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const derived = await pbkdf2Async(password, salt, Number(iterations), expected.length, 'sha256');
  return expected.length === 32 && timingSafeEqual(derived, expected);
}

/** The express-session store for `kind`: as bench/lib/connect-stores.ts, in this benchmark's schema and key prefix. */
export async function createAuthConnectStore(kind: SessionStoreKind): Promise<Store> {
  if (kind === 'pg') {
    const PgStore = connectPgSimple(session);
    return new PgStore({
      conString: AUTH_PG_URL,
      schemaName: AUTH_PG_SCHEMA,
      tableName: CONNECT_PG_TABLE,
      createTableIfMissing: true,
      pruneSessionInterval: false,
    });
  }
  const { createClient } = await import('redis');
  // As in connect-stores.ts: node-redis's per-command timeout off, as Canter's cache runs it.
  const client = createClient({ url: AUTH_REDIS_URL, commandOptions: { timeout: 0 } });
  client.on('error', (error: Error) => console.error(`redis: ${error.message}`));
  await client.connect();
  return new RedisStore({ client, prefix: CONNECT_REDIS_PREFIX });
}
