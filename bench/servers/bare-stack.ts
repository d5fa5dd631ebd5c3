/**
 * Bare node:http, the floor of `npm run bench:stack`. GET /hello/ is `servers/bare-node.ts`'s
 * answer (no security headers: the same floor `npm run bench` measures). GET /login/ is the login
 * page written by hand: a random 32-character secret, a token masking it (Django's format), the
 * page as one template literal, the csrftoken cookie, Vary: Cookie and the four security headers,
 * so it does the work of the frameworks' /login/ with no framework.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { announce, HELLO_BODY, HELLO_CONTENT_TYPE, portFromArgs } from '../lib/server-args.js';
import { CSRF_COOKIE, CSRF_COOKIE_AGE_SECONDS, HELLO_PATH, LOGIN_PATH, SECURITY_HEADERS } from '../lib/stack-config.js';

const CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** `length` characters of CHARS, uniformly (bytes above the last multiple of 62 are drawn again). */
function randomChars(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      const six = byte & 63;
      if (six < CHARS.length) out += CHARS[six];
      if (out.length === length) break;
    }
  }
  return out;
}

function maskedToken(secret: string): string {
  const mask = randomChars(secret.length);
  let cipher = '';
  for (let i = 0; i < secret.length; i++) cipher += CHARS[(CHARS.indexOf(secret[i]!) + CHARS.indexOf(mask[i]!)) % CHARS.length];
  return mask + cipher;
}

const loginPage = (token: string): string => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>log in</title></head>
<body>

<form action="${LOGIN_PATH}" method="POST">
  <input type="hidden" name="csrfmiddlewaretoken" value="${token}">
  <input type="text" name="username" value="" />
  <input type="password" name="password" />
  <label><input type="checkbox" name="rmb" value="1" /> remember me for 10 s</label>
  <input type="submit" value="log in" />
</form>

</body>
</html>
`;

const port = portFromArgs();
const hello = Buffer.from(HELLO_BODY);

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === HELLO_PATH) {
    res.writeHead(200, { 'Content-Type': HELLO_CONTENT_TYPE, 'Content-Length': hello.length });
    res.end(hello);
    return;
  }
  if (req.method === 'GET' && req.url === LOGIN_PATH) {
    const secret = randomChars(32);
    const body = Buffer.from(loginPage(maskedToken(secret)));
    const expires = new Date(Date.now() + CSRF_COOKIE_AGE_SECONDS * 1000).toUTCString();
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': body.length,
      'Set-Cookie': `${CSRF_COOKIE}=${secret}; expires=${expires}; Max-Age=${CSRF_COOKIE_AGE_SECONDS}; Path=/; SameSite=Lax`,
      Vary: 'Cookie',
      ...SECURITY_HEADERS,
    });
    res.end(body);
    return;
  }
  res.writeHead(404, { 'Content-Type': HELLO_CONTENT_TYPE, 'Content-Length': 9 });
  res.end('Not Found');
});

// A clean exit on SIGTERM, so `node --cpu-prof` writes its profile when the runner stops the server.
process.once('SIGTERM', () => process.exit(0));

server.listen(port, '127.0.0.1', () => announce(port));
