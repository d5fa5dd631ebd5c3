/**
 * `node autocannon-sessions.js URL SECONDS CONNECTIONS`: the autocannon side of session-load.ts,
 * run as its own (pinned) process. Opens one session per connection with a cookie-less GET, gives
 * each autocannon connection one of those cookies, runs the load, and prints a SessionLoadResult
 * as JSON. maxCount comes from one more GET on the first session afterwards.
 */
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { fromAutocannon, type AutocannonResult } from './load.js';
import type { SessionLoadResult } from './session-load.js';

interface AutocannonClient {
  setHeaders(headers: Record<string, string>): void;
}

type Autocannon = (
  options: { url: string; connections: number; duration: number; setupClient(client: AutocannonClient): void },
  done: (error: Error | null, result: AutocannonResult) => void,
) => unknown;

function get(url: string, cookie?: string): Promise<{ body: string; cookie: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: cookie ? { Cookie: cookie } : {}, agent: false, timeout: 5_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ body, cookie: res.headers['set-cookie']?.[0]?.split(';')[0] }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 5 s')));
    req.on('error', reject);
    req.end();
  });
}

const [url, secondsText, connectionsText] = process.argv.slice(2);
if (!url || !secondsText || !connectionsText) {
  console.error('usage: node autocannon-sessions.js URL SECONDS CONNECTIONS');
  process.exit(2);
}
const connections = Number(connectionsText);
const cookies: string[] = [];
for (let i = 0; i < connections; i++) {
  const { cookie } = await get(url);
  if (!cookie) throw new Error(`GET ${url} set no cookie`);
  cookies.push(cookie);
}

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
let next = 0;
const result = await new Promise<AutocannonResult>((resolve, reject) => {
  autocannon(
    { url, connections, duration: Number(secondsText), setupClient: (client) => client.setHeaders({ cookie: cookies[next++ % cookies.length]! }) },
    (error, r) => (error ? reject(error) : resolve(r)),
  );
});
const probe = await get(url, cookies[0]);
const out: SessionLoadResult = {
  ...fromAutocannon(result),
  fresh: connections,
  maxCount: Number(probe.body) - 1,
};
process.stdout.write(`${JSON.stringify(out)}\n`);
