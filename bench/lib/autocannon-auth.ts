/**
 * `node autocannon-auth.js JOB`: the autocannon side of auth-load.ts, run as its own (pinned)
 * process. JOB is JSON: { url, seconds, connections, request: FixedRequest }. Runs the load and
 * prints an AuthLoadResult as JSON, counting answers with another status than expected.
 */
import { createRequire } from 'node:module';
import { fromAutocannon, type AutocannonResult } from './load.js';
import type { AuthLoadResult, FixedRequest } from './auth-load.js';

interface Job {
  url: string;
  seconds: number;
  connections: number;
  request: FixedRequest;
}

type Autocannon = (
  options: { url: string; connections: number; duration: number; method: string; headers: Record<string, string>; body?: string },
  done: (error: Error | null, result: AutocannonResult & { statusCodeStats: Record<string, { count: number }> }) => void,
) => unknown;

const raw = process.argv[2];
if (!raw) {
  console.error('usage: node autocannon-auth.js JOB');
  process.exit(2);
}
const job = JSON.parse(raw) as Job;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
const result = await new Promise<Parameters<Parameters<Autocannon>[1]>[1]>((resolve, reject) => {
  autocannon(
    { url: job.url, connections: job.connections, duration: job.seconds, method: job.request.method, headers: { ...job.request.headers }, body: job.request.body },
    (error, r) => (error ? reject(error) : resolve(r)),
  );
});
const unexpected = Object.entries(result.statusCodeStats).reduce(
  (n, [status, { count }]) => (Number(status) === job.request.expectStatus ? n : n + count),
  0,
);
// autocannon's non2xx counts the expected 302s of a login: leave it out, count the unexpected instead.
const base = fromAutocannon({ ...result, non2xx: 0 });
const out: AuthLoadResult = { ...base, errors: base.errors + unexpected, unexpected };
process.stdout.write(`${JSON.stringify(out)}\n`);
