/**
 * Checks a full-stack server before any load (a server that fails posts no number): /hello/ is
 * `ok` with the security headers and sets no cookie; /login/ is the HTML form with a token field,
 * a fresh token each time and the csrftoken cookie, and no session cookie (the page uses no
 * session); a POST without a token is refused with 403 and one with the cookie and the token in
 * the framework's header goes through.
 */
import { request } from 'node:http';
import { HELLO_BODY, HELLO_CONTENT_TYPE } from './server-args.js';
import { CSRF_COOKIE, HELLO_PATH, LOGIN_PATH, SECURITY_HEADERS } from './stack-config.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Header names as sent, in order. */
  names: string[];
  setCookie: string[];
  body: string;
}

function send(url: string, method: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    const req = request(url, { method, agent: false, timeout: 5_000, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          names: res.rawHeaders.filter((_, i) => i % 2 === 0),
          setCookie: res.headers['set-cookie'] ?? [],
          body: text,
        }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 5 s')));
    req.on('error', reject);
    req.end();
  });
}

const cookieNames = (answer: Answer): string[] => answer.setCookie.map((c) => c.slice(0, c.indexOf('=')));
const TOKEN_FIELD = /<input type="hidden" name="(?:csrfmiddlewaretoken|_csrf)" value="([^"]+)">/;

/** What a server is checked for. */
export interface StackExpectations {
  /** 'exact': Canter's four headers with Canter's values; 'present': the four names (helmet's defaults); 'none': the bare floor. */
  securityHeaders: 'exact' | 'present' | 'none';
  /** The request header a POST carries its token in; undefined: no POST check (bare). */
  tokenHeader: string | undefined;
}

function checkSecurityHeaders(answer: Answer, step: string, mode: StackExpectations['securityHeaders']): void {
  if (mode === 'none') return;
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    const got = answer.headers[name];
    if (got === undefined || (mode === 'exact' && String(got).toUpperCase() !== value.toUpperCase())) {
      throw new Error(`${step}: expected ${name}: ${value}, got ${got === undefined ? 'no such header' : JSON.stringify(got)}`);
    }
  }
}

/** GET /hello/; resolves to the response's header names (for the report). */
export async function verifyStackHello(base: string, expect: StackExpectations): Promise<string[]> {
  const answer = await send(`${base}${HELLO_PATH}`, 'GET');
  const contentType = String(answer.headers['content-type'] ?? '').toLowerCase().replace(/\s+/g, '');
  if (answer.status !== 200 || answer.body !== HELLO_BODY || contentType !== HELLO_CONTENT_TYPE.replace(/\s+/g, '')) {
    throw new Error(`GET ${HELLO_PATH}: expected 200 ${JSON.stringify(HELLO_BODY)}, got ${answer.status} ${JSON.stringify(answer.body.slice(0, 200))} as ${contentType}`);
  }
  checkSecurityHeaders(answer, `GET ${HELLO_PATH}`, expect.securityHeaders);
  if (answer.setCookie.length > 0) throw new Error(`GET ${HELLO_PATH} uses no session and no token, but set cookies: ${cookieNames(answer).join(', ')}`);
  return answer.names;
}

async function getLogin(base: string, expect: StackExpectations): Promise<{ token: string; cookie: string }> {
  const step = `GET ${LOGIN_PATH}`;
  const answer = await send(`${base}${LOGIN_PATH}`, 'GET');
  const contentType = String(answer.headers['content-type'] ?? '');
  if (answer.status !== 200 || !contentType.startsWith('text/html') || !answer.body.includes('<form action="/login/" method="POST">')) {
    throw new Error(`${step}: expected 200 text/html with the form, got ${answer.status} ${contentType} ${JSON.stringify(answer.body.slice(0, 300))}`);
  }
  const token = TOKEN_FIELD.exec(answer.body)?.[1];
  if (token === undefined || token.length < 16) throw new Error(`${step}: no token field in the form:\n${answer.body.slice(0, 600)}`);
  const names = cookieNames(answer);
  if (names.length !== 1 || names[0] !== CSRF_COOKIE) {
    throw new Error(`${step}: expected exactly the ${CSRF_COOKIE} cookie (the page uses no session), got ${names.join(', ') || 'none'}`);
  }
  checkSecurityHeaders(answer, step, expect.securityHeaders);
  return { token, cookie: answer.setCookie[0]!.split(';')[0]! };
}

/** GET /login/ twice (a fresh token each time) and, for a framework, POST /login/ without and with the token. */
export async function verifyStackLogin(base: string, expect: StackExpectations): Promise<void> {
  const first = await getLogin(base, expect);
  const second = await getLogin(base, expect);
  if (first.token === second.token) throw new Error(`GET ${LOGIN_PATH} twice gave the same token: tokens must be fresh per request`);
  if (expect.tokenHeader === undefined) return;
  const url = `${base}${LOGIN_PATH}`;
  const refused = await send(url, 'POST', { Cookie: first.cookie, 'Content-Length': '0' });
  if (refused.status !== 403) throw new Error(`POST ${LOGIN_PATH} without a token: expected 403, got ${refused.status}`);
  const accepted = await send(url, 'POST', { Cookie: first.cookie, [expect.tokenHeader]: first.token, 'Content-Length': '0' });
  if (accepted.status !== 200) {
    throw new Error(`POST ${LOGIN_PATH} with the cookie and ${expect.tokenHeader}: expected 200, got ${accepted.status} ${JSON.stringify(accepted.body.slice(0, 200))}`);
  }
}
