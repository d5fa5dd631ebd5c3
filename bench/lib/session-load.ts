/**
 * Load for the session benchmark: every keep-alive connection is one visitor with its own session.
 * Its first request carries no cookie (the server creates the session and sets the cookie); every
 * later one sends the cookie back, so each request reads and writes that visitor's stored session.
 *
 * wrk: one thread per connection (its Lua state is then that connection's), a script that keeps
 * the last Set-Cookie and sends it. autocannon (when wrk is missing): a child process that opens
 * each connection's session with one request first, then gives each connection its cookie.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chooseGenerator, runWrk, wrkScript, type LoadResult } from './load.js';
import { packageVersion } from './package-version.js';
import { pinned } from './pinning.js';

const run = promisify(execFile);

export interface SessionLoadResult extends LoadResult {
  /** Requests sent without a cookie: one per connection (plus one per reconnect), each making a session. */
  fresh: number;
  /** The highest counter any connection saw: about requests / connections when cookies went back. */
  maxCount: number;
}

export interface SessionLoadGenerator {
  readonly description: string;
  measure(url: string, seconds: number, connections: number): Promise<SessionLoadResult>;
}

// Globals, not locals: done() reads each thread's through thread:get().
const WRK_SESSION_SCRIPT = `
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  cookie = nil
  fresh = 0
  maxCount = 0
end

function request()
  if cookie then
    return wrk.format(nil, nil, { Cookie = cookie })
  end
  fresh = fresh + 1
  return wrk.format()
end

function response(status, headers, body)
  for name, value in pairs(headers) do
    if string.lower(name) == 'set-cookie' then
      cookie = string.match(value, '^[^;]+')
    end
  end
  local n = tonumber(body)
  if n and n > maxCount then maxCount = n end
end

function done(summary, latency, requests)
  local f, m = 0, 0
  for _, thread in ipairs(threads) do
    f = f + thread:get('fresh')
    local tm = thread:get('maxCount')
    if tm > m then m = tm end
  end
  local e = summary.errors
  io.write(string.format('BENCH_JSON {"requests":%d,"duration":%d,"p50":%d,"p99":%d,"errors":%d,"fresh":%d,"maxCount":%d}\\n',
    summary.requests, summary.duration, math.floor(latency:percentile(50)), math.floor(latency:percentile(99)),
    e.connect + e.read + e.write + e.status + e.timeout, f, m))
end
`;

function wrkSessionGenerator(cpu: number | null, version: string): SessionLoadGenerator {
  const script = wrkScript('sessions.lua', WRK_SESSION_SCRIPT);
  return {
    description: `wrk ${version} (one thread per connection, each its own session cookie)`,
    measure: (url, seconds, connections) => runWrk<'fresh' | 'maxCount'>(cpu, connections, script, url, seconds, connections),
  };
}

function autocannonSessionGenerator(cpu: number | null): SessionLoadGenerator {
  const entry = fileURLToPath(new URL('./autocannon-sessions.js', import.meta.url));
  return {
    description: `autocannon ${packageVersion('autocannon')} (Node, 1 worker; one session opened per connection before the load)`,
    async measure(url, seconds, connections) {
      const [command, args] = pinned(cpu, process.execPath, [entry, url, String(seconds), String(connections)]);
      const { stdout } = await run(command, args, { maxBuffer: 16 << 20 });
      return JSON.parse(stdout) as SessionLoadResult;
    },
  };
}

/** wrk when installed, else autocannon; `choice` forces one. */
export function chooseSessionLoadGenerator(choice: 'auto' | 'wrk' | 'autocannon', cpu: number | null): SessionLoadGenerator {
  return chooseGenerator(choice, cpu, wrkSessionGenerator, autocannonSessionGenerator);
}
