/**
 * What every runner's report shares: medians, the console line of one run, the Markdown table
 * (the runner's leading columns, the six measured ones, its ratio columns), the goal lines, and the
 * report file (title, the run's conditions, table, goals, notes, every round).
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { LoadResult } from './load.js';
import type { BenchOptions } from './options.js';

/** Every round of one server, or why it could not post a number. */
export interface ServerRuns<R extends LoadResult = LoadResult> {
  name: string;
  label: string;
  runs: R[];
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

export const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const ms = (n: number): string => `${n.toFixed(2)} ms`;
const pct = (n: number | undefined): string => (n === undefined ? '—' : `${Math.round(n * 100)}%`);
/** "1.23×", or "—" when there is nothing to compare with. */
export const ratio = (a: number, b: number | undefined): string => (b === undefined || b === 0 ? '—' : `${(a / b).toFixed(2)}×`);

/** One round's line on the console; `extra` (e.g. the session counts) goes after the server CPU. */
export function formatRun(run: LoadResult, extra?: string): string {
  return (
    `${Math.round(run.rps).toString().padStart(7)} req/s  p50 ${ms(run.p50)}  p99 ${ms(run.p99)}  ` +
    `server CPU ${pct(run.serverCpu)}${extra === undefined ? '' : `  ${extra}`}${run.errors ? `  ERRORS ${run.errors}` : ''}`
  );
}

/** The median req/s over a server's rounds; undefined when it failed or has none. */
export function medianRps(s: ServerRuns<LoadResult> | undefined): number | undefined {
  return s && !s.failure && s.runs.length > 0 ? median(s.runs.map((r) => r.rps)) : undefined;
}

const MEASURED_COLUMNS = ['req/s (median)', 'min–max req/s', 'p50', 'p99', 'server CPU', 'errors'];

export interface TableColumns<S extends ServerRuns<LoadResult>> {
  /** The headers of the columns before the measured ones (e.g. `server`, or `store`, `server`). */
  lead: readonly string[];
  /** The headers of the columns after them (ratios and the like). */
  tail: readonly string[];
  leadCells(s: S): readonly string[];
  /** The tail cells of a server that has a median `rps`. */
  tailCells(s: S, rps: number): readonly string[];
}

/** The Markdown table: a row per server, medians over rounds; a failed server's row says why. */
export function runsTable<S extends ServerRuns<LoadResult>>(servers: readonly S[], columns: TableColumns<S>): string {
  const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  const width = columns.lead.length + MEASURED_COLUMNS.length + columns.tail.length;
  const rows = [
    row([...columns.lead, ...MEASURED_COLUMNS, ...columns.tail]),
    `|${[...columns.lead.map(() => '---'), ...Array<string>(width - columns.lead.length).fill('---:')].join('|')}|`,
  ];
  for (const s of servers) {
    const rps = medianRps(s);
    if (rps === undefined) {
      const why = (s.failure ?? 'no runs').replace(/\|/g, '\\|').replace(/\s+/g, ' ').slice(0, 160);
      rows.push(row([...columns.leadCells(s), `failed: ${why}`]) + ' |'.repeat(width - columns.lead.length - 1));
      continue;
    }
    const all = s.runs.map((r) => r.rps);
    const cpu = s.runs.flatMap((r) => (r.serverCpu === undefined ? [] : [r.serverCpu]));
    rows.push(
      row([
        ...columns.leadCells(s),
        int(rps),
        `${int(Math.min(...all))}–${int(Math.max(...all))}`,
        ms(median(s.runs.map((r) => r.p50))),
        ms(median(s.runs.map((r) => r.p99))),
        pct(cpu.length ? median(cpu) : undefined),
        String(s.runs.reduce((n, r) => n + r.errors, 0)),
        ...columns.tailCells(s, rps),
      ]),
    );
  }
  return rows.join('\n');
}

/** One line per goal: "canter / bare-node = 0.83× (goal ≥ 0.8×): met". */
export function goalLines(servers: readonly ServerRuns<LoadResult>[], subject: string, goals: ReadonlyArray<[string, number]>): string[] {
  const mine = medianRps(servers.find((s) => s.name === subject));
  return goals.map(([peer, goal]) => {
    const theirs = medianRps(servers.find((s) => s.name === peer));
    if (mine === undefined || theirs === undefined) return `- ${subject} / ${peer}: not measured (goal ≥ ${goal}×)`;
    const r = mine / theirs;
    return `- ${subject} / ${peer} = ${r.toFixed(2)}× (goal ≥ ${goal}×): ${r >= goal ? 'met' : 'NOT met'}`;
  });
}

/** What every report states about how it was run. */
export interface RunConditions {
  options: BenchOptions;
  command: string;
  loader: string;
  pinning: string;
}

/** The closing note of the runners whose servers have their core alone. */
export const SERVER_CPU_NOTE = [
  'Server CPU is the CPU-seconds per second the server process used while measured (100% = its',
  'whole core); well below 100% means the core was shared or the load generator fell short.',
];

export interface ReportPage<S extends ServerRuns<LoadResult>> extends RunConditions {
  /** The heading, without the `# `. */
  title: string;
  /** Said after the pinning on the CPU line. */
  cpuNote?: string;
  /** Said after "keep-alive connections" on the load line. */
  connectionsNote?: string;
  /** The load-average line, without the `- `. */
  loadAverage: string;
  results: readonly S[];
  /** How a server is named in the list of rounds. */
  roundName(s: S): string;
  table: string;
  goals: readonly string[];
  /** Lines between the goals and the closing notes (each block ending with ''). */
  sections?: readonly string[];
  closing: readonly string[];
}

/** The file written to bench/results/: the run's conditions, the table, the goals, every round. */
export function reportMarkdown<S extends ServerRuns<LoadResult>>(page: ReportPage<S>): string {
  const { options } = page;
  const perRound = page.results.map(
    (r) => `- ${page.roundName(r)}: ${r.runs.map((x) => int(x.rps)).join(', ') || '—'}${r.failure ? ` (failed: ${r.failure.split('\n')[0]})` : ''}`,
  );
  return [
    `# ${page.title}`,
    '',
    `- date: ${new Date().toISOString()}`,
    `- node: ${process.version}`,
    `- CPU: ${cpuModel()} (${cpus().length} cores); ${page.pinning}${page.cpuNote ? `; ${page.cpuNote}` : ''}`,
    `- load: ${page.loader}, ${options.connections} keep-alive connections${page.connectionsNote ? ` ${page.connectionsNote}` : ''}, ` +
      `${options.warmup} s warm-up + ${options.duration} s measured per run, ${options.rounds} round(s) interleaved, median shown`,
    `- ${page.loadAverage}`,
    `- command: \`${page.command}\``,
    '',
    page.table,
    '',
    ...page.goals,
    '',
    ...(page.sections ?? []),
    ...page.closing,
    '',
    'req/s of each round, in order:',
    '',
    ...perRound,
    '',
  ].join('\n');
}
