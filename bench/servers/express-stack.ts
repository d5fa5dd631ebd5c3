/**
 * Express 5 with the middleware that does the work of Canter's default middleware list: helmet
 * (the security and clickjacking headers; `--helmet`), express-session (its default MemoryStore,
 * nothing saved for an untouched session, as Canter's defaults), cookie-parser and csrf-csrf
 * (double-submit cookie, named csrftoken; every unsafe request checked, as CsrfViewMiddleware
 * does), and LiquidJS as the view engine (autoescaping on, views and templates cached).
 *
 * GET /hello/ answers `ok`; GET /login/ renders the form with a fresh token (generateCsrfToken,
 * which sets the csrftoken cookie). ETag and X-Powered-By are off, as in `npm run bench`.
 */
import cookieParser from 'cookie-parser';
import { doubleCsrf } from 'csrf-csrf';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import session from 'express-session';
import helmet from 'helmet';
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

const port = portFromArgs();
const templates = writeLoginTemplates('liquid');
const app = express();
app.set('etag', false);
app.set('x-powered-by', false);
const liquid = new Liquid({ root: templates, extname: '', cache: true, outputEscape: 'escape' });
app.engine('html', liquid.express());
app.set('view engine', 'html');
app.set('views', templates);
app.set('view cache', true);

const { doubleCsrfProtection, generateCsrfToken } = doubleCsrf({
  getSecret: () => STACK_SECRET,
  // Canter's (Django's) CSRF secret is not tied to the session either. Tying the token to
  // req.session.id would not work here: with saveUninitialized false, GET /login/ saves no session,
  // so the next request has another id and the token never validates.
  getSessionIdentifier: () => '',
  cookieName: CSRF_COOKIE,
  // express's res.cookie takes maxAge in milliseconds. Django's csrftoken is readable by scripts.
  cookieOptions: { sameSite: 'lax', path: '/', secure: false, httpOnly: false, maxAge: CSRF_COOKIE_AGE_SECONDS * 1000 },
  ignoredMethods: ['GET', 'HEAD', 'OPTIONS', 'TRACE'],
  getCsrfTokenFromRequest: (req) => req.get('x-csrftoken'),
});

app.use(helmet(helmetOptions(helmetFromArgs())));
app.use(
  session({
    secret: STACK_SECRET,
    resave: false,
    saveUninitialized: false,
    rolling: false,
    cookie: { maxAge: SESSION_COOKIE_AGE_SECONDS * 1000, httpOnly: true, sameSite: 'lax', secure: false, path: '/' },
  }),
);
app.use(cookieParser());
app.use(doubleCsrfProtection);

app.get(HELLO_PATH, (_req: Request, res: Response) => {
  res.set('Content-Type', HELLO_CONTENT_TYPE).send(HELLO_BODY);
});

app.get(LOGIN_PATH, (req: Request, res: Response) => {
  res.render(LOGIN_TEMPLATE, { csrfToken: generateCsrfToken(req, res), loginUrl: LOGIN_PATH });
});

// Reached only with a valid token: the verification's proof that the CSRF check runs.
app.post(LOGIN_PATH, (_req: Request, res: Response) => {
  res.set('Content-Type', HELLO_CONTENT_TYPE).send(HELLO_BODY);
});

// csrf-csrf's refusal is an http-errors 403: answer it without Express's HTML error page.
app.use((error: { status?: number }, _req: Request, res: Response, _next: NextFunction) => {
  res.status(error.status ?? 500).set('Content-Type', HELLO_CONTENT_TYPE).send('refused');
});

// A clean exit on SIGTERM, so `node --cpu-prof` writes its profile when the runner stops the server.
process.once('SIGTERM', () => process.exit(0));

app.listen(port, '127.0.0.1', (error?: Error) => {
  if (error) throw error;
  announce(port);
});
