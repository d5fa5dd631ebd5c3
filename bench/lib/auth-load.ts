/**
 * Load for the login benchmark: every request is the same bytes (a method, a few headers, a body),
 * so plain keep-alive load fits; what is new is the request and the check of its answer. POST
 * /login/ carries the CSRF cookie and the token in the form (obtained once per server beforehand)
 * and no session cookie, so each request logs in afresh; GET /backend/ carries one logged-in
 * session's cookie. Answers with another status than expected (302, 200) are counted apart.
 *
 * wrk: one thread, a Lua script setting the request and counting unexpected statuses. autocannon
 * (when wrk is missing): a child process (bench/lib/autocannon-auth.ts) running autocannon with
 * the request and reading its per-status counts.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chooseGenerator, runWrk, wrkScript, type LoadResult } from './load.js';
import { packageVersion } from './package-version.js';
import { pinned } from './pinning.js';

const run = promisify(execFile);

/** The one request the load repeats, and the status every answer must have. */
export interface FixedRequest {
  method: 'GET' | 'POST';
  headers: Readonly<Record<string, string>>;
  body?: string;
  expectStatus: number;
}

export interface AuthLoadResult extends LoadResult {
  /** Answers with another status than expected (also counted in errors). */
  unexpected: number;
}

export interface AuthLoadGenerator {
  readonly description: string;
  measure(url: string, seconds: number, connections: number, request: FixedRequest): Promise<AuthLoadResult>;
}

/** A Lua string literal for `value` (printable ASCII only: tokens, cookies and form bodies are). */
function luaString(value: string): string {
  if (!/^[\x20-\x7e]*$/.test(value)) throw new Error(`not printable ASCII: ${JSON.stringify(value)}`);
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The wrk script for `request`: set once, then every answer's status checked. */
function wrkAuthScript(request: FixedRequest): string {
  const headers = Object.entries(request.headers).map(([name, value]) => `wrk.headers[${luaString(name)}] = ${luaString(value)}`);
  return `
wrk.method = ${luaString(request.method)}
${request.body === undefined ? '' : `wrk.body = ${luaString(request.body)}`}
${headers.join('\n')}

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  unexpected = 0
end

function response(status, headers, body)
  if status ~= ${request.expectStatus} then unexpected = unexpected + 1 end
end

function done(summary, latency, requests)
  local u = 0
  for _, thread in ipairs(threads) do u = u + thread:get('unexpected') end
  local e = summary.errors
  io.write(string.format('BENCH_JSON {"requests":%d,"duration":%d,"p50":%d,"p99":%d,"errors":%d,"unexpected":%d}\\n',
    summary.requests, summary.duration, math.floor(latency:percentile(50)), math.floor(latency:percentile(99)),
    e.connect + e.read + e.write + e.timeout + u, u))
end
`;
}

function wrkAuthGenerator(cpu: number | null, version: string): AuthLoadGenerator {
  return {
    description: `wrk ${version} (1 thread)`,
    measure: (url, seconds, connections, request) =>
      runWrk<'unexpected'>(cpu, 1, wrkScript('auth.lua', wrkAuthScript(request)), url, seconds, connections),
  };
}

function autocannonAuthGenerator(cpu: number | null): AuthLoadGenerator {
  const entry = fileURLToPath(new URL('./autocannon-auth.js', import.meta.url));
  return {
    description: `autocannon ${packageVersion('autocannon')} (Node, 1 worker)`,
    async measure(url, seconds, connections, request) {
      const job = JSON.stringify({ url, seconds, connections, request });
      const [command, args] = pinned(cpu, process.execPath, [entry, job]);
      const { stdout } = await run(command, args, { maxBuffer: 16 << 20 });
      return JSON.parse(stdout) as AuthLoadResult;
    },
  };
}

/** wrk when installed, else autocannon; `choice` forces one. */
export function chooseAuthLoadGenerator(choice: 'auto' | 'wrk' | 'autocannon', cpu: number | null): AuthLoadGenerator {
  return chooseGenerator(choice, cpu, wrkAuthGenerator, autocannonAuthGenerator);
}
