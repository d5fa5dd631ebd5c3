/** The session benchmark's table and report file: one block per store, ratios to Fastify on the same store. */
import { cpus } from 'node:os';
import type { BenchOptions } from './options.js';
import { cpuModel, median } from './report.js';
import type { SessionStoreKind } from './session-config.js';
import type { SessionLoadResult } from './session-load.js';

/** One measured run: the load's result and how many sessions the store gained while it ran. */
export interface SessionRun extends SessionLoadResult {
  newSessions: number;
}

export interface SessionServerRuns {
  name: string;
  label: string;
  store: SessionStoreKind;
  framework: 'canter' | 'fastify' | 'express';
  runs: SessionRun[];
  failure?: string;
}

const STORE_LABELS: Readonly<Record<SessionStoreKind, string>> = { pg: 'PostgreSQL', redis: 'Redis' };
const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const ms = (n: number): string => `${n.toFixed(2)} ms`;
const pct = (n: number | undefined): string => (n === undefined ? '—' : `${Math.round(n * 100)}%`);

/** One round's line on the console. */
export function formatSessionRun(run: SessionRun): string {
  return (
    `${Math.round(run.rps).toString().padStart(7)} req/s  p50 ${ms(run.p50)}  p99 ${ms(run.p99)}  server CPU ${pct(run.serverCpu)}  ` +
    `sessions made ${run.newSessions}, highest count ${run.maxCount}${run.errors ? `  ERRORS ${run.errors}` : ''}`
  );
}

export function medianRps(s: SessionServerRuns | undefined): number | undefined {
  return s && !s.failure && s.runs.length > 0 ? median(s.runs.map((r) => r.rps)) : undefined;
}

/** The Markdown table: medians over rounds; each server's ratio to Fastify on its store. */
export function sessionTable(servers: readonly SessionServerRuns[]): string {
  const rows = [
    '| store | server | req/s (median) | min–max req/s | p50 | p99 | server CPU | errors | sessions made per run | vs Fastify (same store) |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const s of servers) {
    const store = STORE_LABELS[s.store];
    const rps = medianRps(s);
    if (rps === undefined) {
      const why = (s.failure ?? 'no runs').replace(/\|/g, '\\|').replace(/\s+/g, ' ').slice(0, 160);
      rows.push(`| ${store} | ${s.label} | failed: ${why} | | | | | | | |`);
      continue;
    }
    const fastify = medianRps(servers.find((x) => x.store === s.store && x.framework === 'fastify'));
    const all = s.runs.map((r) => r.rps);
    const cpu = s.runs.flatMap((r) => (r.serverCpu === undefined ? [] : [r.serverCpu]));
    rows.push(
      `| ${store} | ${s.label} | ${int(rps)} | ${int(Math.min(...all))}–${int(Math.max(...all))} | ` +
        `${ms(median(s.runs.map((r) => r.p50)))} | ${ms(median(s.runs.map((r) => r.p99)))} | ` +
        `${pct(cpu.length ? median(cpu) : undefined)} | ${s.runs.reduce((n, r) => n + r.errors, 0)} | ` +
        `${int(median(s.runs.map((r) => r.newSessions)))} | ${fastify ? `${(rps / fastify).toFixed(2)}×` : '—'} |`,
    );
  }
  return rows.join('\n');
}

export interface SessionReportInput {
  results: readonly SessionServerRuns[];
  table: string;
  goals: readonly string[];
  options: BenchOptions;
  command: string;
  loader: string;
  pinning: string;
  loadBefore: number | undefined;
}

/** bench/results/sessions.md: the run's conditions, the table, the goals, every round. */
export function sessionReportMarkdown(input: SessionReportInput): string {
  const { options } = input;
  const perRound = input.results.map(
    (r) =>
      `- ${STORE_LABELS[r.store]}, ${r.label}: ${r.runs.map((x) => int(x.rps)).join(', ') || '—'}` +
      `${r.failure ? ` (failed: ${r.failure.split('\n')[0]})` : ''}`,
  );
  return [
    '# Sessions: GET /counter/ (read and write of a stored session on every request)',
    '',
    `- date: ${new Date().toISOString()}`,
    `- node: ${process.version}`,
    `- CPU: ${cpuModel()} (${cpus().length} cores); ${input.pinning}; PostgreSQL and Redis run unpinned on the same machine`,
    `- load: ${input.loader}, ${options.connections} keep-alive connections (one session each), ${options.warmup} s warm-up + ` +
      `${options.duration} s measured per run, ${options.rounds} round(s) interleaved, median shown`,
    `- load average before start: ${input.loadBefore ?? 'unknown'}`,
    `- command: \`${input.command}\``,
    '',
    input.table,
    '',
    ...input.goals,
    '',
    'Each connection is one visitor: its first request carries no cookie and makes a session, every',
    'later one sends the cookie back, so the server reads the stored session, counts up and writes it',
    'back. "Sessions made per run" is how many sessions the store gained while measured: about one per',
    'connection shows the cookies went back. Server CPU is the share of its core the server used',
    '(100% = all of it); the database and cache servers share the two cores, so it stays below 100%.',
    '',
    'req/s of each round, in order:',
    '',
    ...perRound,
    '',
  ].join('\n');
}
