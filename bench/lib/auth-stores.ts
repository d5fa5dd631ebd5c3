/**
 * The login benchmark runner's side of the database and the stores: a fresh AUTH_PG_SCHEMA with
 * Django's tables made by the contenttypes, auth and sessions migrations, the bench user in
 * auth_user (pbkdf2_sha256$1000$…), no stale session keys in Redis; then counting the sessions each
 * store holds (a login must store one), and cleaning up afterwards.
 */
import type { createClient } from 'redis';
import { authApp, contentTypesApp, User } from '../../src/auth/index.js';
import { configureSettings, defineSettings, installedApps, loadInstalledModels } from '../../src/core/index.js';
import { connections, MigrationExecutor, MigrationLoader } from '../../src/db/index.js';
import { CACHE_KEY_PREFIX, sessionsApp } from '../../src/sessions/index.js';
import {
  AUTH_PG_OPTIONS,
  AUTH_PG_SCHEMA,
  AUTH_PG_URL,
  AUTH_REDIS_URL,
  AUTH_SECRET,
  BENCH_HASH_ITERATIONS,
  BENCH_PASSWORD,
  BENCH_USERNAME,
  CANTER_REDIS_KEY_PREFIX,
  CONNECT_PG_TABLE,
  CONNECT_REDIS_PREFIX,
  type SessionStoreKind,
} from './auth-config.js';
import { BenchFastPBKDF2PasswordHasher } from './auth-hasher.js';
import type { SessionOwner } from './session-stores.js';

type RedisClient = ReturnType<typeof createClient>;

export interface AuthStores {
  /** How many sessions the store of `owner` on `kind` holds now. */
  count(kind: SessionStoreKind, owner: SessionOwner): Promise<number>;
  /** Drops the schema and deletes the benchmark's session keys; closes the connections. */
  cleanup(): Promise<void>;
}

/** Canter's session keys: its KEY_PREFIX and version 1 around the cache engine's prefix. */
const CANTER_REDIS_PATTERN = `${CANTER_REDIS_KEY_PREFIX}:1:${CACHE_KEY_PREFIX}*`;
const CONNECT_REDIS_PATTERN = `${CONNECT_REDIS_PREFIX}*`;

async function redisKeys(client: RedisClient, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const batch of client.scanIterator({ MATCH: pattern, COUNT: 1000 })) keys.push(...batch);
  return keys;
}

async function deleteRedisKeys(client: RedisClient): Promise<void> {
  for (const pattern of [CANTER_REDIS_PATTERN, CONNECT_REDIS_PATTERN]) {
    const keys = await redisKeys(client, pattern);
    for (let i = 0; i < keys.length; i += 500) await client.unlink(keys.slice(i, i + 500));
  }
}

/**
 * Drops and recreates AUTH_PG_SCHEMA, migrates contenttypes, auth and sessions into it and creates
 * the bench user (PostgreSQL is always needed: auth_user lives there); with `redis`, removes earlier
 * runs' keys. Throws, naming the server, when one does not answer.
 */
export async function prepareAuthStores(kinds: readonly SessionStoreKind[]): Promise<AuthStores> {
  configureSettings(
    defineSettings({
      SECRET_KEY: AUTH_SECRET,
      INSTALLED_APPS: [contentTypesApp, authApp, sessionsApp],
      DATABASES: { default: { URL: AUTH_PG_URL, OPTIONS: { options: AUTH_PG_OPTIONS, connectionTimeoutMillis: 3000 } } },
      PASSWORD_HASHERS: [BenchFastPBKDF2PasswordHasher],
    }),
  );
  try {
    const connection = connections.get();
    await connection.execute(`DROP SCHEMA IF EXISTS ${AUTH_PG_SCHEMA} CASCADE`);
    await connection.execute(`CREATE SCHEMA ${AUTH_PG_SCHEMA}`);
    await loadInstalledModels();
    await new MigrationExecutor(connection, await MigrationLoader.load(installedApps())).migrate();
    const user = await User.objects.createUser(BENCH_USERNAME, `${BENCH_USERNAME}@example.com`, BENCH_PASSWORD);
    if (!user.password.startsWith(`pbkdf2_sha256$${BENCH_HASH_ITERATIONS}$`)) throw new Error(`the bench user's hash is ${user.password.split('$')[0]}…, not pbkdf2_sha256$${BENCH_HASH_ITERATIONS}$…`);
  } catch (error) {
    throw new Error(`PostgreSQL at ${AUTH_PG_URL}: ${(error as Error).message}`, { cause: error });
  }
  let redis: RedisClient | undefined;
  if (kinds.includes('redis')) {
    const { createClient } = await import('redis');
    redis = createClient({ url: AUTH_REDIS_URL, socket: { reconnectStrategy: false, connectTimeout: 3000 } });
    redis.on('error', () => undefined); // connect() rejects with the cause
    try {
      await redis.connect();
      await deleteRedisKeys(redis);
    } catch (error) {
      throw new Error(`Redis at ${AUTH_REDIS_URL}: ${(error as Error).message}`, { cause: error });
    }
  }

  return {
    async count(kind, owner) {
      if (kind === 'redis') {
        if (!redis) throw new Error('Redis was not prepared');
        return (await redisKeys(redis, owner === 'canter' ? CANTER_REDIS_PATTERN : CONNECT_REDIS_PATTERN)).length;
      }
      const table = owner === 'canter' ? 'django_session' : CONNECT_PG_TABLE;
      // connect-pg-simple makes its table on its first query: none yet means no session yet.
      const exists = await connections.get().execute('SELECT 1 AS x FROM pg_tables WHERE schemaname = ? AND tablename = ?', [AUTH_PG_SCHEMA, table]);
      if (exists.rows.length === 0) return 0;
      const { rows } = await connections.get().execute(`SELECT count(*) AS n FROM ${AUTH_PG_SCHEMA}."${table}"`);
      return Number((rows[0] as { n: unknown }).n);
    },
    async cleanup() {
      await connections.get().execute(`DROP SCHEMA IF EXISTS ${AUTH_PG_SCHEMA} CASCADE`);
      await connections.closeAll();
      if (redis) {
        await deleteRedisKeys(redis);
        await redis.quit();
      }
    },
  };
}
