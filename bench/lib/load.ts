import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { packageVersion } from './package-version.js';
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

/** Writes a wrk Lua script to a fresh temporary directory; returns its path. */
export function wrkScript(fileName: string, source: string): string {
  const script = join(mkdtempSync(join(tmpdir(), 'canter-bench-')), fileName);
  writeFileSync(script, source);
  return script;
}

/** The numbers every wrk report script writes on its `BENCH_JSON {…}` line. */
type WrkNumbers = Record<'requests' | 'duration' | 'p50' | 'p99' | 'errors', number>;

/**
 * Runs wrk pinned to `cpu` with `script` and returns its `BENCH_JSON` report: the LoadResult
 * (durations in µs turned to seconds and ms) with every further number the script wrote.
 */
export async function runWrk<K extends string = never>(
  cpu: number | null,
  threads: number,
  script: string,
  url: string,
  seconds: number,
  connections: number,
): Promise<LoadResult & Record<K, number>> {
  const [command, args] = pinned(cpu, 'wrk', [`-t${threads}`, `-c${connections}`, `-d${seconds}s`, '-s', script, url]);
  const { stdout } = await run(command, args, { maxBuffer: 1 << 20 });
  const line = stdout.split('\n').find((l) => l.startsWith('BENCH_JSON '));
  if (!line) throw new Error(`wrk printed no report:\n${stdout}`);
  const { requests, duration, p50, p99, errors, ...rest } = JSON.parse(line.slice('BENCH_JSON '.length)) as WrkNumbers & Record<K, number>;
  return { rps: requests / (duration / 1e6), p50: p50 / 1000, p99: p99 / 1000, requests, errors, ...rest } as LoadResult & Record<K, number>;
}

/** What autocannon's JSON result holds of what a LoadResult needs. */
export interface AutocannonResult {
  requests: { total: number };
  duration: number;
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}

export function fromAutocannon(r: AutocannonResult): LoadResult {
  return { rps: r.requests.total / r.duration, p50: r.latency.p50, p99: r.latency.p99, requests: r.requests.total, errors: r.errors + r.timeouts + r.non2xx };
}

function wrkGenerator(cpu: number | null, version: string): LoadGenerator {
  const script = wrkScript('report.lua', WRK_REPORT);
  return {
    description: `wrk ${version} (1 thread)`,
    measure: (url, seconds, connections) => runWrk(cpu, 1, script, url, seconds, connections),
  };
}

function autocannonGenerator(cpu: number | null): LoadGenerator {
  const entry = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
  return {
    description: `autocannon ${packageVersion('autocannon')} (Node, 1 worker)`,
    async measure(url, seconds, connections) {
      const [command, args] = pinned(cpu, process.execPath, [entry, '--json', '-c', String(connections), '-d', String(seconds), url]);
      const { stdout } = await run(command, args, { maxBuffer: 16 << 20 });
      return fromAutocannon(JSON.parse(stdout) as AutocannonResult);
    },
  };
}

/** wrk when installed (fast C, little overhead), else autocannon; `choice` forces one. */
export function chooseGenerator<G>(
  choice: 'auto' | 'wrk' | 'autocannon',
  cpu: number | null,
  wrk: (cpu: number | null, version: string) => G,
  autocannon: (cpu: number | null) => G,
): G {
  if (choice === 'autocannon') return autocannon(cpu);
  const version = wrkVersion();
  if (version !== null) return wrk(cpu, version);
  if (choice === 'wrk') throw new Error('wrk is not installed (apt-get install -y wrk)');
  return autocannon(cpu);
}

export function chooseLoadGenerator(choice: 'auto' | 'wrk' | 'autocannon', cpu: number | null): LoadGenerator {
  return chooseGenerator(choice, cpu, wrkGenerator, autocannonGenerator);
}
