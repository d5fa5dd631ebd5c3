/**
 * The express-session stores the Express and Fastify session servers share (@fastify/session takes
 * express-session-compatible stores): connect-pg-simple on PostgreSQL, connect-redis on Redis db 14,
 * each configured as its README shows.
 */
import connectPgSimple from 'connect-pg-simple';
import { RedisStore } from 'connect-redis';
import session from 'express-session';
import type { Store } from 'express-session';
import {
  CONNECT_PG_TABLE,
  CONNECT_REDIS_PREFIX,
  SESSION_PG_SCHEMA,
  SESSION_PG_URL,
  SESSION_REDIS_URL,
  type SessionStoreKind,
} from './session-config.js';

/** The store for `kind`, connected (Redis) or ready to connect on first use (PostgreSQL's pool). */
export async function createConnectStore(kind: SessionStoreKind): Promise<Store> {
  if (kind === 'pg') {
    const PgStore = connectPgSimple(session);
    return new PgStore({
      conString: SESSION_PG_URL,
      schemaName: SESSION_PG_SCHEMA,
      tableName: CONNECT_PG_TABLE,
      createTableIfMissing: true,
      // Canter and Django never prune on their own (clearsessions does): no timer here either.
      pruneSessionInterval: false,
    });
  }
  const { createClient } = await import('redis');
  // node-redis arms a 5 s AbortSignal per command by default; Canter's cache bounds its calls itself
  // and turns that off, so this client runs without it too (the stricter comparison, as in bench:cache).
  const client = createClient({ url: SESSION_REDIS_URL, commandOptions: { timeout: 0 } });
  client.on('error', (error: Error) => console.error(`redis: ${error.message}`));
  await client.connect();
  return new RedisStore({ client, prefix: CONNECT_REDIS_PREFIX });
}
