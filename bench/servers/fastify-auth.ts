/**
 * Fastify 5 logging in the way a passport-local setup does, by hand: @fastify/cookie,
 * @fastify/session (connect-pg-simple for `--store pg`, connect-redis for `--store redis`, as
 * fastify-sessions.ts), @fastify/csrf-protection (its secret in the csrftoken cookie; a preHandler
 * checks every unsafe request) and a form-body parser.
 *
 * GET /login/ answers a CSRF token (reply.generateCsrf(), setting the cookie); POST /login/ looks
 * the user up in auth_user with pg, checks the Django PBKDF2 hash with node:crypto's async pbkdf2,
 * regenerates the session, stores the user's id and redirects to /backend/; bad credentials answer
 * `invalid login`. GET /backend/ reads the session, queries the user by id and says hello (no
 * user: a redirect to /login/).
 */
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifySession from '@fastify/session';
import Fastify from 'fastify';
import {
  AUTH_SECRET,
  BACKEND_PATH,
  CSRF_COOKIE,
  CSRF_COOKIE_AGE_SECONDS,
  INVALID_LOGIN_BODY,
  LOGIN_PATH,
  SESSION_COOKIE_AGE_SECONDS,
  TEXT_CONTENT_TYPE,
} from '../lib/auth-config.js';
import { checkDjangoPbkdf2, createAuthConnectStore, findUser, findUserById, userPool } from '../lib/auth-users.js';
import { storeFromArgs } from '../lib/session-config.js';
import { announce, portFromArgs } from '../lib/server-args.js';

declare module 'fastify' {
  interface Session {
    userId?: number;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

const port = portFromArgs();
const store = await createAuthConnectStore(storeFromArgs());
const pool = userPool();
const app = Fastify({ logger: false });

await app.register(fastifyCookie);
await app.register(fastifySession, {
  store: store as never,
  secret: AUTH_SECRET,
  saveUninitialized: false,
  rolling: false,
  cookie: { maxAge: SESSION_COOKIE_AGE_SECONDS * 1000, httpOnly: true, sameSite: 'lax', secure: false, path: '/' },
});
await app.register(fastifyCsrf, {
  sessionPlugin: '@fastify/cookie',
  cookieKey: CSRF_COOKIE,
  cookieOpts: { path: '/', sameSite: 'lax', httpOnly: false, secure: false, maxAge: CSRF_COOKIE_AGE_SECONDS },
});
// Fastify parses no form bodies by itself (@fastify/formbody does this much).
app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
  done(null, Object.fromEntries(new URLSearchParams(body as string)));
});
// CsrfViewMiddleware's place: every unsafe request must carry a token (here the form's _csrf field).
app.addHook('preHandler', (request, reply, done) => {
  if (SAFE_METHODS.has(request.method)) return done();
  app.csrfProtection(request, reply, done);
});

app.get(LOGIN_PATH, (_request, reply) => {
  reply.type(TEXT_CONTENT_TYPE).send(reply.generateCsrf());
});

app.post(LOGIN_PATH, async (request, reply) => {
  const form = (request.body ?? {}) as Record<string, string | undefined>;
  const user = await findUser(pool, form.username ?? '');
  if (user === undefined || !(await checkDjangoPbkdf2(form.password ?? '', user.password))) {
    return reply.type(TEXT_CONTENT_TYPE).send(INVALID_LOGIN_BODY);
  }
  // Against session fixation, as passport's req.login() and Django's login() do.
  await request.session.regenerate();
  request.session.set('userId', user.id);
  return reply.redirect(BACKEND_PATH, 302);
});

app.get(BACKEND_PATH, async (request, reply) => {
  const id = request.session.get('userId');
  const user = id === undefined ? undefined : await findUserById(pool, id);
  if (user === undefined) return reply.redirect(`${LOGIN_PATH}?next=${encodeURIComponent(BACKEND_PATH)}`, 302);
  return reply.type(TEXT_CONTENT_TYPE).send(`hello ${user.username}`);
});

// A clean exit on SIGTERM, so `node --cpu-prof` writes its profile when the runner stops the server.
process.once('SIGTERM', () => process.exit(0));

await app.listen({ host: '127.0.0.1', port });
announce(port);
