/**
 * Express 5 with express-session: GET /counter/ reads `count` from the session (0 when absent),
 * adds one, stores it and answers the number. `--store pg` keeps sessions in PostgreSQL through
 * connect-pg-simple, `--store redis` in Redis through connect-redis. Settings match Canter's
 * defaults: no resave, no rolling, nothing saved for an untouched session, a two-week cookie.
 */
import express from 'express';
import type { Request, Response } from 'express';
import session from 'express-session';
import { createConnectStore } from '../lib/connect-stores.js';
import { COUNTER_CONTENT_TYPE, COUNTER_PATH, SESSION_COOKIE_AGE_SECONDS, SESSION_SECRET, storeFromArgs } from '../lib/session-config.js';
import { announce, portFromArgs } from '../lib/server-args.js';

declare module 'express-session' {
  interface SessionData {
    count: number;
  }
}

const port = portFromArgs();
const store = await createConnectStore(storeFromArgs());
const app = express();
app.set('etag', false);
app.set('x-powered-by', false);

app.use(
  session({
    store,
    secret: SESSION_SECRET,
    resave: false,
    saveUninitialized: false,
    rolling: false,
    cookie: { maxAge: SESSION_COOKIE_AGE_SECONDS * 1000, httpOnly: true, sameSite: 'lax', secure: false, path: '/' },
  }),
);

app.get(COUNTER_PATH, (req: Request, res: Response) => {
  const count = (req.session.count ?? 0) + 1;
  req.session.count = count;
  res.set('Content-Type', COUNTER_CONTENT_TYPE).send(String(count));
});

// A clean exit on SIGTERM, so `node --cpu-prof` writes its profile when the runner stops the server.
process.once('SIGTERM', () => process.exit(0));

app.listen(port, '127.0.0.1', (error?: Error) => {
  if (error) throw error;
  announce(port);
});
