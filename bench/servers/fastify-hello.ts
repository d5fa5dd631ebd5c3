/**
 * Fastify 5 with seven pass-through layers. A layer sees the request on the way in and the response
 * on the way out, as a Canter (Django) middleware does: an in-hook (onRequest or preHandler,
 * alternating) plus an onSend hook, all in Fastify's fastest callback style.
 */
import Fastify from 'fastify';
import { announce, HELLO_BODY, HELLO_CONTENT_TYPE, LAYERS, portFromArgs } from '../lib/server-args.js';

const port = portFromArgs();
const app = Fastify({ logger: false });

for (let layer = 0; layer < LAYERS; layer++) {
  if (layer % 2 === 0) app.addHook('onRequest', (_request, _reply, done) => done());
  else app.addHook('preHandler', (_request, _reply, done) => done());
  app.addHook('onSend', (_request, _reply, payload, done) => done(null, payload));
}

app.get('/hello/', (_request, reply) => {
  reply.type(HELLO_CONTENT_TYPE).send(HELLO_BODY);
});

await app.listen({ host: '127.0.0.1', port });
announce(port);
