/**
 * Checks a login server before any load (a server that fails posts no number), and hands back
 * what the load sends. GET /login/ gives a token and the csrftoken cookie; POST /login/ with a
 * wrong token is refused with 403; with the right token and a wrong password it answers `invalid
 * login` and stores no session; with the right password it answers 302 to /backend/, sets a session
 * cookie and stores exactly one session; GET /backend/ with that cookie says `hello bench`, and
 * without it redirects to /login/.
 */
import { request } from 'node:http';
import {
  BACKEND_BODY,
  BACKEND_PATH,
  BENCH_PASSWORD,
  BENCH_USERNAME,
  CSRF_COOKIE,
  INVALID_LOGIN_BODY,
  LOGIN_PATH,
  TEXT_CONTENT_TYPE,
} from './auth-config.js';

interface Answer {
  status: number;
  location: string | undefined;
  contentType: string;
  /** Each Set-Cookie's `name=value`. */
  cookies: string[];
  body: string;
}

function send(url: string, method: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    const req = request(url, { method, agent: false, timeout: 5_000, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          location: res.headers.location,
          contentType: res.headers['content-type'] ?? '',
          cookies: (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]!),
          body: text,
        }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 5 s')));
    req.on('error', reject);
    req.end(body);
  });
}

const show = (a: Answer): string => `${a.status}${a.location ? ` → ${a.location}` : ''} ${JSON.stringify(a.body.slice(0, 200))}`;
const cookieName = (cookie: string): string => cookie.slice(0, cookie.indexOf('='));

/** What a server is told and what the load sends it. */
export interface LoginMaterial {
  /** `csrftoken=…`, sent with every POST /login/. */
  csrfCookie: string;
  /** The form body of a good login: the token in the framework's field, the bench user's name and password. */
  loginBody: string;
  /** `<name>=<value>` of a logged-in session, sent with every GET /backend/. */
  sessionCookie: string;
}

const FORM = 'application/x-www-form-urlencoded';

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/**
 * Runs the checks against `base` (http://127.0.0.1:PORT); `tokenField` is the form field the
 * framework reads its CSRF token from; `countSessions` counts the server's stored sessions.
 */
export async function verifyLogin(base: string, tokenField: string, countSessions: () => Promise<number>): Promise<LoginMaterial> {
  const loginUrl = `${base}${LOGIN_PATH}`;
  const backendUrl = `${base}${BACKEND_PATH}`;

  const page = await send(loginUrl, 'GET', {});
  const csrfCookie = page.cookies.find((c) => cookieName(c) === CSRF_COOKIE);
  if (page.status !== 200 || page.body.length < 16 || csrfCookie === undefined) {
    throw new Error(`GET ${LOGIN_PATH}: expected 200, a token and the ${CSRF_COOKIE} cookie, got ${show(page)}, cookies ${page.cookies.map(cookieName).join(', ') || 'none'}`);
  }
  const token = page.body;
  const post = (fields: Record<string, string>): Promise<Answer> =>
    send(loginUrl, 'POST', { Cookie: csrfCookie, 'Content-Type': FORM }, form(fields));
  const user = { username: BENCH_USERNAME, password: BENCH_PASSWORD };

  const before = await countSessions();
  const refused = await post({ [tokenField]: `${token.slice(0, -4)}AAAA`, ...user });
  if (refused.status !== 403) throw new Error(`POST ${LOGIN_PATH} with a wrong CSRF token: expected 403, got ${show(refused)}`);
  const wrong = await post({ [tokenField]: token, username: BENCH_USERNAME, password: 'not-the-password' });
  if (wrong.status !== 200 || wrong.body !== INVALID_LOGIN_BODY) {
    throw new Error(`POST ${LOGIN_PATH} with a wrong password: expected 200 ${JSON.stringify(INVALID_LOGIN_BODY)}, got ${show(wrong)}`);
  }
  if ((await countSessions()) !== before) throw new Error(`POST ${LOGIN_PATH} with a wrong password stored a session`);

  const loginBody = form({ [tokenField]: token, ...user });
  const good = await post({ [tokenField]: token, ...user });
  const sessionCookies = good.cookies.filter((c) => cookieName(c) !== CSRF_COOKIE);
  if (good.status !== 302 || good.location !== BACKEND_PATH || sessionCookies.length !== 1) {
    throw new Error(`POST ${LOGIN_PATH}: expected 302 → ${BACKEND_PATH} and one session cookie, got ${show(good)}, cookies ${good.cookies.map(cookieName).join(', ') || 'none'}`);
  }
  const after = await countSessions();
  if (after !== before + 1) throw new Error(`POST ${LOGIN_PATH}: the store held ${before} session(s) before and ${after} after: expected one more`);
  const sessionCookie = sessionCookies[0]!;

  const hello = await send(backendUrl, 'GET', { Cookie: sessionCookie });
  const contentType = hello.contentType.toLowerCase().replace(/\s+/g, '');
  if (hello.status !== 200 || hello.body !== BACKEND_BODY || contentType !== TEXT_CONTENT_TYPE.replace(/\s+/g, '')) {
    throw new Error(`GET ${BACKEND_PATH} logged in: expected 200 ${JSON.stringify(BACKEND_BODY)} as ${TEXT_CONTENT_TYPE}, got ${show(hello)} as ${hello.contentType}`);
  }
  const anonymous = await send(backendUrl, 'GET', {});
  if (anonymous.status !== 302 || !anonymous.location?.startsWith(LOGIN_PATH)) {
    throw new Error(`GET ${BACKEND_PATH} without a session: expected 302 → ${LOGIN_PATH}…, got ${show(anonymous)}`);
  }
  return { csrfCookie, loginBody, sessionCookie };
}
