import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pinned } from './pinning.js';

const run = promisify(execFile);

/** One measurement: throughput and latency percentiles (ms), plus anything that went wrong. */
export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  /** Socket errors, timeouts and non-2xx answers, summed. */
  errors: number;
  /** CPU-seconds per second the server used while measured (1.0 = its whole core); set by the runner. */
  serverCpu?: number;
}

export interface LoadGenerator {
  /** e.g. `wrk 4.1.0 (1 thread)`: printed and written to the report. */
  readonly description: string;
  measure(url: string, seconds: number, connections: number): Promise<LoadResult>;
}

// wrk reports from Lua at the end: exact counts and microsecond percentiles, no text scraping.
const WRK_REPORT = `
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('BENCH_JSON {"requests":%d,"duration":%d,"p50":%d,"p99":%d,"errors":%d}\\n',
    summary.requests, summary.duration, math.floor(latency:percentile(50)), math.floor(latency:percentile(99)),
    e.connect + e.read + e.write + e.status + e.timeout))
end
`;

export function wrkVersion(): string | null {
  try {
    execFileSync('wrk', ['-v'], { stdio: 'pipe' });
  } catch (error) {
    // `wrk -v` prints its version and exits 1; ENOENT means it isn't installed.
    if ((error as { code?: string }).code === 'ENOENT') return null;
    const out = String((error as { stdout?: Buffer }).stdout ?? '');
    return /wrk\s+(\S+)/.exec(out)?.[1] ?? 'unknown';
  }
  return 'unknown';
}

function wrkGenerator(cpu: number | null, version: string): LoadGenerator {
  const script = join(mkdtempSync(join(tmpdir(), 'canter-bench-')), 'report.lua');
  writeFileSync(script, WRK_REPORT);
  return {
    description: `wrk ${version} (1 thread)`,
    async measure(url, seconds, connections) {
      const [command, args] = pinned(cpu, 'wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '-s', script, url]);
      const { stdout } = await run(command, args, { maxBuffer: 1 << 20 });
      const line = stdout.split('\n').find((l) => l.startsWith('BENCH_JSON '));
      if (!line) throw new Error(`wrk printed no report:\n${stdout}`);
      const r = JSON.parse(line.slice('BENCH_JSON '.length)) as Record<'requests' | 'duration' | 'p50' | 'p99' | 'errors', number>;
      return { rps: r.requests / (r.duration / 1e6), p50: r.p50 / 1000, p99: r.p99 / 1000, requests: r.requests, errors: r.errors };
    },
  };
}

function autocannonGenerator(cpu: number | null): LoadGenerator {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('autocannon/autocannon.js');
  const version = (require('autocannon/package.json') as { version: string }).version;
  return {
    description: `autocannon ${version} (Node, 1 worker)`,
    async measure(url, seconds, connections) {
      const [command, args] = pinned(cpu, process.execPath, [entry, '--json', '-c', String(connections), '-d', String(seconds), url]);
      const { stdout } = await run(command, args, { maxBuffer: 16 << 20 });
      const r = JSON.parse(stdout) as {
        requests: { total: number };
        duration: number;
        latency: { p50: number; p99: number };
        errors: number;
        timeouts: number;
        non2xx: number;
      };
      return {
        rps: r.requests.total / r.duration,
        p50: r.latency.p50,
        p99: r.latency.p99,
        requests: r.requests.total,
        errors: r.errors + r.timeouts + r.non2xx,
      };
    },
  };
}

/** wrk when installed (fast C, little overhead), else autocannon; `choice` forces one. */
export function chooseLoadGenerator(choice: 'auto' | 'wrk' | 'autocannon', cpu: number | null): LoadGenerator {
  if (choice === 'autocannon') return autocannonGenerator(cpu);
  const version = wrkVersion();
  if (version !== null) return wrkGenerator(cpu, version);
  if (choice === 'wrk') throw new Error('wrk is not installed (apt-get install -y wrk)');
  return autocannonGenerator(cpu);
}
