/** The full-stack benchmark's table and report file: one block per route, ratios to bare node:http and to Fastify on the same route. */
import { cpus } from 'node:os';
import type { BenchOptions } from './options.js';
import { cpuModel, median } from './report.js';
import type { ServerRuns } from './report.js';
import type { StackRoute } from './stack-config.js';
import { ROUTE_PATHS } from './stack-config.js';

export type StackServerName = 'bare' | 'canter' | 'fastify' | 'express';

/** Every round of one server on one route (name `<server>-<route>`), or why it posted no number. */
export interface StackRuns extends ServerRuns {
  server: StackServerName;
  route: StackRoute;
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const ms = (n: number): string => `${n.toFixed(2)} ms`;
const pct = (n: number | undefined): string => (n === undefined ? '—' : `${Math.round(n * 100)}%`);

function medianRps(s: ServerRuns | undefined): number | undefined {
  return s && !s.failure && s.runs.length > 0 ? median(s.runs.map((r) => r.rps)) : undefined;
}

const ratio = (a: number, b: number | undefined): string => (b === undefined || b === 0 ? '—' : `${(a / b).toFixed(2)}×`);

/** The Markdown table: medians over rounds; each row's ratio to bare node:http and to Fastify on its route. */
export function stackTable(results: readonly StackRuns[]): string {
  const rows = [
    '| route | server | req/s (median) | min–max req/s | p50 | p99 | server CPU | errors | vs node:http | vs Fastify |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const s of results) {
    const route = `GET ${ROUTE_PATHS[s.route]}`;
    const rps = medianRps(s);
    if (rps === undefined) {
      const why = (s.failure ?? 'no runs').replace(/\|/g, '\\|').replace(/\s+/g, ' ').slice(0, 160);
      rows.push(`| ${route} | ${s.label} | failed: ${why} | | | | | | | |`);
      continue;
    }
    const bare = medianRps(results.find((x) => x.route === s.route && x.server === 'bare'));
    const fastify = medianRps(results.find((x) => x.route === s.route && x.server === 'fastify'));
    const all = s.runs.map((r) => r.rps);
    const cpu = s.runs.flatMap((r) => (r.serverCpu === undefined ? [] : [r.serverCpu]));
    rows.push(
      `| ${route} | ${s.label} | ${int(rps)} | ${int(Math.min(...all))}–${int(Math.max(...all))} | ` +
        `${ms(median(s.runs.map((r) => r.p50)))} | ${ms(median(s.runs.map((r) => r.p99)))} | ` +
        `${pct(cpu.length ? median(cpu) : undefined)} | ${s.runs.reduce((n, r) => n + r.errors, 0)} | ` +
        `${ratio(rps, bare)} | ${ratio(rps, fastify)} |`,
    );
  }
  return rows.join('\n');
}

export interface StackReportInput {
  results: readonly StackRuns[];
  table: string;
  goals: readonly string[];
  options: BenchOptions;
  command: string;
  loader: string;
  pinning: string;
  loadBefore: number | undefined;
  loadAtStart: number | undefined;
  /** What each stack runs, one Markdown bullet each. */
  stacks: readonly string[];
  /** Further notes (header counts, helmet mode, …), one Markdown bullet each. */
  notes: readonly string[];
}

/** bench/results/full-stack.md: the run's conditions, the table, the goals, the stacks, every round. */
export function stackReportMarkdown(input: StackReportInput): string {
  const { options } = input;
  const perRound = input.results.map(
    (r) =>
      `- GET ${ROUTE_PATHS[r.route]}, ${r.label}: ${r.runs.map((x) => int(x.rps)).join(', ') || '—'}` +
      `${r.failure ? ` (failed: ${r.failure.split('\n')[0]})` : ''}`,
  );
  return [
    '# Full stack: GET /hello/ through the default middleware list, GET /login/ rendering the form',
    '',
    `- date: ${new Date().toISOString()}`,
    `- node: ${process.version}`,
    `- CPU: ${cpuModel()} (${cpus().length} cores); ${input.pinning}`,
    `- load: ${input.loader}, ${options.connections} keep-alive connections (no cookies sent: every request is a first visit), ` +
      `${options.warmup} s warm-up + ${options.duration} s measured per run, ${options.rounds} round(s) interleaved, median shown`,
    `- load average: ${input.loadBefore ?? 'unknown'} when started, ${input.loadAtStart ?? 'unknown'} when the first run began`,
    `- command: \`${input.command}\``,
    '',
    input.table,
    '',
    ...input.goals,
    '',
    '## What runs',
    '',
    ...input.stacks,
    '',
    ...input.notes,
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
