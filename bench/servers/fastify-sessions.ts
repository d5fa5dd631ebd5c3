/**
 * Fastify 5 with @fastify/cookie and @fastify/session: GET /counter/ reads `count` from the session
 * (0 when absent), adds one, stores it and answers the number. The stores are the Express server's
 * (connect-pg-simple for `--store pg`, connect-redis for `--store redis`); the settings match
 * Canter's defaults: no rolling, nothing saved for an untouched session, a two-week cookie.
 */
import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';
import Fastify from 'fastify';
import { createConnectStore } from '../lib/connect-stores.js';
import { COUNTER_CONTENT_TYPE, COUNTER_PATH, SESSION_COOKIE_AGE_SECONDS, SESSION_SECRET, storeFromArgs } from '../lib/session-config.js';
import { announce, portFromArgs } from '../lib/server-args.js';

declare module 'fastify' {
  interface Session {
    count?: number;
  }
}

const port = portFromArgs();
const store = await createConnectStore(storeFromArgs());
const app = Fastify({ logger: false });

await app.register(fastifyCookie);
await app.register(fastifySession, {
  store: store as never,
  secret: SESSION_SECRET,
  saveUninitialized: false,
  rolling: false,
  cookie: { maxAge: SESSION_COOKIE_AGE_SECONDS * 1000, httpOnly: true, sameSite: 'lax', secure: false, path: '/' },
});

app.get(COUNTER_PATH, (request, reply) => {
  const count = (request.session.get('count') ?? 0) + 1;
  request.session.set('count', count);
  reply.type(COUNTER_CONTENT_TYPE).send(String(count));
});

// A clean exit on SIGTERM, so `node --cpu-prof` writes its profile when the runner stops the server.
process.once('SIGTERM', () => process.exit(0));

await app.listen({ host: '127.0.0.1', port });
announce(port);
