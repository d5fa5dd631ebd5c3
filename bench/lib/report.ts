import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { LoadResult } from './load.js';
import type { BenchOptions } from './options.js';

/** Every round of one server, or why it could not post a number. */
export interface ServerRuns {
  name: string;
  label: string;
  runs: LoadResult[];
  failure?: string;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    if (line) return line.split(':').slice(1).join(':').trim();
  } catch {
    // not Linux: fall through
  }
  return cpus()[0]?.model ?? 'unknown';
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const ms = (n: number): string => `${n.toFixed(2)} ms`;
const pct = (n: number | undefined): string => (n === undefined ? '—' : `${Math.round(n * 100)}%`);
const ratio = (a: number, b: number | undefined): string => (b === undefined || b === 0 ? '—' : `${(a / b).toFixed(2)}×`);

/** One round's line on the console. */
export function formatRun(run: LoadResult): string {
  return (
    `${Math.round(run.rps).toString().padStart(7)} req/s  p50 ${ms(run.p50)}  p99 ${ms(run.p99)}  ` +
    `server CPU ${pct(run.serverCpu)}${run.errors ? `  ERRORS ${run.errors}` : ''}`
  );
}

function medianRps(s: ServerRuns | undefined): number | undefined {
  return s && !s.failure && s.runs.length > 0 ? median(s.runs.map((r) => r.rps)) : undefined;
}

/** The Markdown table: medians over rounds, ratios to bare node:http and to Fastify. */
export function resultsTable(servers: readonly ServerRuns[], bareName: string, fastifyName: string): string {
  const bare = medianRps(servers.find((s) => s.name === bareName));
  const fastify = medianRps(servers.find((s) => s.name === fastifyName));
  const rows = [
    '| server | req/s (median) | min–max req/s | p50 | p99 | server CPU | errors | vs node:http | vs Fastify |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const s of servers) {
    const rps = medianRps(s);
    if (rps === undefined) {
      const why = (s.failure ?? 'no runs').replace(/\|/g, '\\|').replace(/\s+/g, ' ').slice(0, 160);
      rows.push(`| ${s.label} | failed: ${why} | | | | | | | |`);
      continue;
    }
    const all = s.runs.map((r) => r.rps);
    const cpu = s.runs.flatMap((r) => (r.serverCpu === undefined ? [] : [r.serverCpu]));
    rows.push(
      `| ${s.label} | ${int(rps)} | ${int(Math.min(...all))}–${int(Math.max(...all))} | ` +
        `${ms(median(s.runs.map((r) => r.p50)))} | ${ms(median(s.runs.map((r) => r.p99)))} | ` +
        `${pct(cpu.length ? median(cpu) : undefined)} | ${s.runs.reduce((n, r) => n + r.errors, 0)} | ` +
        `${ratio(rps, bare)} | ${ratio(rps, fastify)} |`,
    );
  }
  return rows.join('\n');
}

/** One line per goal: "canter / bare-node = 0.83× (goal ≥ 0.8×): met". */
export function goalLines(servers: readonly ServerRuns[], subject: string, goals: ReadonlyArray<[string, number]>): string[] {
  const mine = medianRps(servers.find((s) => s.name === subject));
  return goals.map(([peer, goal]) => {
    const theirs = medianRps(servers.find((s) => s.name === peer));
    if (mine === undefined || theirs === undefined) return `- ${subject} / ${peer}: not measured (goal ≥ ${goal}×)`;
    const r = mine / theirs;
    return `- ${subject} / ${peer} = ${r.toFixed(2)}× (goal ≥ ${goal}×): ${r >= goal ? 'met' : 'NOT met'}`;
  });
}

export interface ReportInput {
  results: readonly ServerRuns[];
  table: string;
  goals: readonly string[];
  options: BenchOptions;
  command: string;
  loader: string;
  pinning: string;
  loadBefore: number | undefined;
}

/** The file written to bench/results/: the run's conditions, the table, the goals, every round. */
export function reportMarkdown(input: ReportInput): string {
  const { options } = input;
  const perRound = input.results.map(
    (r) => `- ${r.label}: ${r.runs.map((x) => int(x.rps)).join(', ') || '—'}${r.failure ? ` (failed: ${r.failure.split('\n')[0]})` : ''}`,
  );
  return [
    '# Core request path: GET /hello/',
    '',
    `- date: ${new Date().toISOString()}`,
    `- node: ${process.version}`,
    `- CPU: ${cpuModel()} (${cpus().length} cores); ${input.pinning}`,
    `- load: ${input.loader}, ${options.connections} keep-alive connections, ${options.warmup} s warm-up + ` +
      `${options.duration} s measured per run, ${options.rounds} round(s) interleaved, median shown`,
    `- load average before start: ${input.loadBefore ?? 'unknown'}`,
    `- command: \`${input.command}\``,
    '',
    input.table,
    '',
    ...input.goals,
    '',
    'Server CPU is the CPU-seconds per second the server process used while measured (100% = its',
    'whole core); well below 100% means the core was shared or the load generator fell short.',
    '',
    'req/s of each round, in order:',
    '',
    ...perRound,
    '',
  ].join('\n');
}
