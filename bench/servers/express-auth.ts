/**
 * Express 5 logging in with passport and passport-local: express-session (connect-pg-simple for
 * `--store pg`, connect-redis for `--store redis`, as express-sessions.ts), cookie-parser,
 * express.urlencoded and csrf-csrf (double-submit cookie named csrftoken, the token in the form's
 * _csrf field; every unsafe request checked), passport.session().
 *
 * GET /login/ answers a CSRF token (generateCsrfToken, setting the cookie); POST /login/ runs the
 * local strategy (the user looked up in auth_user with pg, the Django PBKDF2 hash checked with
 * node:crypto's async pbkdf2), then req.login() (passport regenerates the session and stores the
 * serialized id) and redirects to /backend/; bad credentials answer `invalid login`. GET /backend/:
 * passport.session() deserializes the user (one query by id); no user: a redirect to /login/.
 */
import cookieParser from 'cookie-parser';
import { doubleCsrf } from 'csrf-csrf';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import session from 'express-session';
import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
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
import type { BenchUser } from '../lib/auth-users.js';
import { storeFromArgs } from '../lib/session-config.js';
import { announce, portFromArgs } from '../lib/server-args.js';

const port = portFromArgs();
const store = await createAuthConnectStore(storeFromArgs());
const pool = userPool();

passport.use(
  new LocalStrategy((username, password, done) => {
    findUser(pool, username)
      .then(async (user) => done(null, user !== undefined && (await checkDjangoPbkdf2(password, user.password)) ? user : false))
      .catch((error: unknown) => done(error));
  }),
);
passport.serializeUser((user, done) => done(null, (user as BenchUser).id));
passport.deserializeUser((id: number, done) => {
  findUserById(pool, id).then((user) => done(null, user ?? false), (error: unknown) => done(error));
});

const { doubleCsrfProtection, generateCsrfToken } = doubleCsrf({
  getSecret: () => AUTH_SECRET,
  // Not tied to the session, as Canter's (Django's) CSRF secret is not: login changes the session id.
  getSessionIdentifier: () => '',
  cookieName: CSRF_COOKIE,
  cookieOptions: { sameSite: 'lax', path: '/', secure: false, httpOnly: false, maxAge: CSRF_COOKIE_AGE_SECONDS * 1000 },
  ignoredMethods: ['GET', 'HEAD', 'OPTIONS', 'TRACE'],
  getCsrfTokenFromRequest: (req) => (req.body as Record<string, string | undefined> | undefined)?._csrf,
});

const app = express();
app.set('etag', false);
app.set('x-powered-by', false);
app.use(
  session({
    store,
    secret: AUTH_SECRET,
    resave: false,
    saveUninitialized: false,
    rolling: false,
    cookie: { maxAge: SESSION_COOKIE_AGE_SECONDS * 1000, httpOnly: true, sameSite: 'lax', secure: false, path: '/' },
  }),
);
app.use(cookieParser());
app.use(express.urlencoded({ extended: false }));
app.use(doubleCsrfProtection);
app.use(passport.session());

app.get(LOGIN_PATH, (req: Request, res: Response) => {
  res.set('Content-Type', TEXT_CONTENT_TYPE).send(generateCsrfToken(req, res));
});

app.post(LOGIN_PATH, (req: Request, res: Response, next: NextFunction) => {
  const authenticate = passport.authenticate('local', (error: unknown, user: BenchUser | false) => {
    if (error) return next(error);
    if (!user) return res.set('Content-Type', TEXT_CONTENT_TYPE).send(INVALID_LOGIN_BODY);
    req.login(user, (loginError: unknown) => (loginError ? next(loginError) : res.redirect(302, BACKEND_PATH)));
  }) as (req: Request, res: Response, next: NextFunction) => void;
  authenticate(req, res, next);
});

app.get(BACKEND_PATH, (req: Request, res: Response) => {
  const user = req.user as BenchUser | undefined;
  if (user === undefined) return res.redirect(302, `${LOGIN_PATH}?next=${encodeURIComponent(BACKEND_PATH)}`);
  res.set('Content-Type', TEXT_CONTENT_TYPE).send(`hello ${user.username}`);
});

// csrf-csrf's refusal is an http-errors 403: answer it without Express's HTML error page.
app.use((error: { status?: number }, _req: Request, res: Response, _next: NextFunction) => {
  res.status(error.status ?? 500).set('Content-Type', TEXT_CONTENT_TYPE).send('refused');
});

// A clean exit on SIGTERM, so `node --cpu-prof` writes its profile when the runner stops the server.
process.once('SIGTERM', () => process.exit(0));

app.listen(port, '127.0.0.1', (error?: Error) => {
  if (error) throw error;
  announce(port);
});
