/**
 * The runner's side of the session stores: make them ready before the servers start (a fresh
 * SESSION_PG_SCHEMA with django_session made by the sessions app's migration; no stale keys in
 * Redis db 14), count the sessions each server's store holds (the check that a session really is
 * stored, and that the load re-sends its cookies), and clean up afterwards.
 */
import type { createClient } from 'redis';
import { configureSettings, defineSettings, installedApps, loadInstalledModels } from '../../src/core/index.js';
import { connections, MigrationExecutor, MigrationLoader } from '../../src/db/index.js';
import { CACHE_KEY_PREFIX, sessionsApp } from '../../src/sessions/index.js';
import {
  CONNECT_PG_TABLE,
  CONNECT_REDIS_PREFIX,
  SESSION_PG_OPTIONS,
  SESSION_PG_SCHEMA,
  SESSION_PG_URL,
  SESSION_REDIS_URL,
  SESSION_SECRET,
  type SessionStoreKind,
} from './session-config.js';

/** Whose sessions to count: Canter's (django_session / its cache keys) or connect-pg-simple's / connect-redis's. */
export type SessionOwner = 'canter' | 'connect';

type RedisClient = ReturnType<typeof createClient>;

export interface SessionStores {
  /** How many sessions the store of `owner` on `kind` holds now. */
  count(kind: SessionStoreKind, owner: SessionOwner): Promise<number>;
  /** Drops the schema and deletes the benchmark's session keys; closes the connections. */
  cleanup(): Promise<void>;
}

/** Canter's session keys in Redis: KEY_PREFIX '' and version 1 around the cache engine's prefix. */
const CANTER_REDIS_PATTERN = `:1:${CACHE_KEY_PREFIX}*`;
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
 * Prepares the stores `kinds` names and returns their counters. PostgreSQL: drops and recreates
 * SESSION_PG_SCHEMA, then migrates the sessions app into it (connect-pg-simple makes its own table
 * there on first use). Redis: removes earlier runs' session keys from db 14 (no FLUSHDB).
 * Throws, naming the server, when one does not answer.
 */
export async function prepareSessionStores(kinds: readonly SessionStoreKind[]): Promise<SessionStores> {
  configureSettings(
    defineSettings({
      SECRET_KEY: SESSION_SECRET,
      INSTALLED_APPS: [sessionsApp],
      DATABASES: { default: { URL: SESSION_PG_URL, OPTIONS: { options: SESSION_PG_OPTIONS, connectionTimeoutMillis: 3000 } } },
    }),
  );
  let redis: RedisClient | undefined;
  const usesPg = kinds.includes('pg');
  if (usesPg) {
    try {
      const connection = connections.get();
      await connection.execute(`DROP SCHEMA IF EXISTS ${SESSION_PG_SCHEMA} CASCADE`);
      await connection.execute(`CREATE SCHEMA ${SESSION_PG_SCHEMA}`);
      await loadInstalledModels();
      const executor = new MigrationExecutor(connection, await MigrationLoader.load(installedApps()));
      await executor.migrate();
    } catch (error) {
      throw new Error(`PostgreSQL at ${SESSION_PG_URL}: ${(error as Error).message}`, { cause: error });
    }
  }
  if (kinds.includes('redis')) {
    const { createClient } = await import('redis');
    redis = createClient({ url: SESSION_REDIS_URL, socket: { reconnectStrategy: false, connectTimeout: 3000 } });
    redis.on('error', () => undefined); // connect() rejects with the cause
    try {
      await redis.connect();
      await deleteRedisKeys(redis);
    } catch (error) {
      throw new Error(`Redis at ${SESSION_REDIS_URL}: ${(error as Error).message}`, { cause: error });
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
      const exists = await connections.get().execute('SELECT 1 AS x FROM pg_tables WHERE schemaname = ? AND tablename = ?', [SESSION_PG_SCHEMA, table]);
      if (exists.rows.length === 0) return 0;
      const { rows } = await connections.get().execute(`SELECT count(*) AS n FROM ${SESSION_PG_SCHEMA}."${table}"`);
      return Number((rows[0] as { n: unknown }).n);
    },
    async cleanup() {
      if (usesPg) {
        await connections.get().execute(`DROP SCHEMA IF EXISTS ${SESSION_PG_SCHEMA} CASCADE`);
        await connections.closeAll();
      }
      if (redis) {
        await deleteRedisKeys(redis);
        await redis.quit();
      }
    },
  };
}
