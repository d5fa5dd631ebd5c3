/** Bare node:http: the floor every other server is measured against. No routing beyond one check. */
import { createServer } from 'node:http';
import { announce, HELLO_BODY, HELLO_CONTENT_TYPE, portFromArgs } from '../lib/server-args.js';

const port = portFromArgs();
const body = Buffer.from(HELLO_BODY);

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/hello/') {
    res.writeHead(200, { 'Content-Type': HELLO_CONTENT_TYPE, 'Content-Length': body.length });
    res.end(body);
    return;
  }
  res.writeHead(404, { 'Content-Type': HELLO_CONTENT_TYPE, 'Content-Length': 9 });
  res.end('Not Found');
});

server.listen(port, '127.0.0.1', () => announce(port));
