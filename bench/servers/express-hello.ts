/**
 * Express 5 with seven pass-through `(req, res, next) => next()` middleware. ETag and X-Powered-By
 * are off so the answer is the same bytes the other servers send.
 */
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import { announce, HELLO_BODY, HELLO_CONTENT_TYPE, LAYERS, portFromArgs } from '../lib/server-args.js';

const port = portFromArgs();
const app = express();
app.set('etag', false);
app.set('x-powered-by', false);

for (let layer = 0; layer < LAYERS; layer++) {
  app.use((_req: Request, _res: Response, next: NextFunction) => next());
}

app.get('/hello/', (_req: Request, res: Response) => {
  res.set('Content-Type', HELLO_CONTENT_TYPE).send(HELLO_BODY);
});

app.listen(port, '127.0.0.1', (error?: Error) => {
  if (error) throw error;
  announce(port);
});
