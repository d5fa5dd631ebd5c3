/**
 * Fastify 5 with the plugins that do the work of Canter's default middleware list: @fastify/helmet
 * (the security and clickjacking headers; `--helmet`), @fastify/cookie and @fastify/session (its
 * default in-memory store, nothing saved for an untouched session, as Canter's defaults),
 * @fastify/csrf-protection (the secret in the csrftoken cookie, as Canter keeps it; every unsafe
 * request checked, as CsrfViewMiddleware does) and @fastify/view rendering the login form with
 * LiquidJS (autoescaping on, templates cached).
 *
 * GET /hello/ answers `ok`; GET /login/ renders the form with a fresh token (reply.generateCsrf(),
 * which sets the csrftoken cookie when the request has no secret yet).
 */
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyHelmet from '@fastify/helmet';
import fastifySession from '@fastify/session';
import fastifyView from '@fastify/view';
import Fastify from 'fastify';
import { Liquid } from 'liquidjs';
import { announce, HELLO_BODY, HELLO_CONTENT_TYPE, portFromArgs } from '../lib/server-args.js';
import {
  CSRF_COOKIE,
  CSRF_COOKIE_AGE_SECONDS,
  HELLO_PATH,
  helmetFromArgs,
  helmetOptions,
  LOGIN_PATH,
  LOGIN_TEMPLATE,
  SESSION_COOKIE_AGE_SECONDS,
  STACK_SECRET,
  writeLoginTemplates,
} from '../lib/stack-config.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

const port = portFromArgs();
const templates = writeLoginTemplates('liquid');
const app = Fastify({ logger: false });

await app.register(fastifyHelmet, { global: true, ...helmetOptions(helmetFromArgs()) });
await app.register(fastifyCookie);
await app.register(fastifySession, {
  secret: STACK_SECRET,
  saveUninitialized: false,
  rolling: false,
  cookie: { maxAge: SESSION_COOKIE_AGE_SECONDS * 1000, httpOnly: true, sameSite: 'lax', secure: false, path: '/' },
});
await app.register(fastifyCsrf, {
  sessionPlugin: '@fastify/cookie',
  cookieKey: CSRF_COOKIE,
  // @fastify/cookie's maxAge is in seconds. Django's csrftoken is readable by scripts (ajax reads it).
  cookieOpts: { path: '/', sameSite: 'lax', httpOnly: false, secure: false, maxAge: CSRF_COOKIE_AGE_SECONDS },
});
// CsrfViewMiddleware's place: every unsafe request must carry a token; safe methods pass.
app.addHook('preHandler', (request, reply, done) => {
  if (SAFE_METHODS.has(request.method)) return done();
  app.csrfProtection(request, reply, done);
});
await app.register(fastifyView, {
  engine: { liquid: new Liquid({ root: templates, extname: '', cache: true, outputEscape: 'escape' }) },
  root: templates,
  production: true,
});

app.get(HELLO_PATH, (_request, reply) => {
  reply.type(HELLO_CONTENT_TYPE).send(HELLO_BODY);
});

app.get(LOGIN_PATH, (_request, reply) => reply.view(LOGIN_TEMPLATE, { csrfToken: reply.generateCsrf(), loginUrl: LOGIN_PATH }));

// Reached only with a valid token: the verification's proof that the CSRF check runs.
app.post(LOGIN_PATH, (_request, reply) => {
  reply.type(HELLO_CONTENT_TYPE).send(HELLO_BODY);
});

// A clean exit on SIGTERM, so `node --cpu-prof` writes its profile when the runner stops the server.
process.once('SIGTERM', () => process.exit(0));

await app.listen({ host: '127.0.0.1', port });
announce(port);
