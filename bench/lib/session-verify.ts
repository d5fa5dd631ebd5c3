import { request } from 'node:http';
import { COUNTER_CONTENT_TYPE } from './session-config.js';

interface Answer {
  status: number;
  contentType: string;
  setCookie: string[];
  body: string;
}

function get(url: string, cookie: string | undefined): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    const headers = cookie === undefined ? {} : { Cookie: cookie };
    const req = request(url, { method: 'GET', agent: false, timeout: 5_000, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? '', setCookie: res.headers['set-cookie'] ?? [], body: text }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 5 s')));
    req.on('error', reject);
    req.end();
  });
}

function expectCount(answer: Answer, count: number, step: string): void {
  const contentType = answer.contentType.toLowerCase().replace(/\s+/g, '');
  if (answer.status !== 200 || answer.body !== String(count) || contentType !== COUNTER_CONTENT_TYPE.replace(/\s+/g, '')) {
    throw new Error(
      `${step}: expected 200 ${JSON.stringify(String(count))} as ${COUNTER_CONTENT_TYPE}, got ${answer.status} ` +
        `${JSON.stringify(answer.body.slice(0, 200))} as ${JSON.stringify(answer.contentType)}`,
    );
  }
}

/**
 * Before any load: a first GET without a cookie answers 1 and sets a session cookie, a second GET
 * sending that cookie answers 2, and the store holds exactly one session more than before (so the
 * counter lives in the store, not in the process). A server that fails any of it posts no number.
 */
export async function verifySessionCounter(url: string, countSessions: () => Promise<number>): Promise<void> {
  const before = await countSessions();
  const first = await get(url, undefined);
  expectCount(first, 1, 'first request (no cookie)');
  const cookie = first.setCookie[0]?.split(';')[0];
  if (!cookie) throw new Error('first request: no Set-Cookie in the answer');
  const second = await get(url, cookie);
  expectCount(second, 2, `second request (Cookie: ${cookie.slice(0, 24)}…)`);
  const after = await countSessions();
  if (after !== before + 1) throw new Error(`the store held ${before} session(s) before and ${after} after: expected one more`);
}
