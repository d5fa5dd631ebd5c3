/**
 * What the three runners (`npm run bench`, `bench:sessions`, `bench:stack`) share around their
 * measurements: the command line they report, the rounds interleaving the servers, a failed run
 * recorded rather than thrown, the retries of a run whose server did not get its core, and the end
 * (table and goals printed, the report written, the exit code).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadResult } from './load.js';
import type { BenchOptions } from './options.js';
import { formatRun } from './report.js';
import type { ServerRuns } from './report.js';

/** A server's entry point, bench/servers/<file> beside the compiled runners. */
export const serverEntry = (file: string): string => fileURLToPath(new URL(`../servers/${file}`, import.meta.url));

/** How the run was started, as the report shows it: `npm run <script> -- …` or `node <file> …`. */
export function commandLine(npmScript: string, file: string, argv: readonly string[]): string {
  const viaNpm = process.env.npm_lifecycle_event === npmScript;
  return [viaNpm ? `npm run ${npmScript}` : `node ${file}`, ...(argv.length && viaNpm ? ['--'] : []), ...argv].join(' ');
}

/** The first console lines: the load generator and pinning (`extra` after them), then what will run. */
export function printPlan(generator: string, pinning: string, options: BenchOptions, count: string, extra = ''): void {
  console.log(`load generator: ${generator}; ${pinning}${extra}`);
  console.log(`${options.rounds} round(s) × ${count}: ${options.warmup} s warm-up + ${options.duration} s measured, ${options.connections} connections`);
}

/** Pause between runs: let the CPU and sockets settle. */
export const settle = (): Promise<void> => new Promise((done) => setTimeout(done, 500));

/**
 * `rounds` rounds over `items`, in order within each (interleaved, so drift hits every server
 * alike); an item `finished` says is done (failed) is skipped, the others are visited, then settle.
 */
export async function interleave<T>(
  rounds: number,
  items: readonly T[],
  finished: (item: T, index: number) => boolean,
  visit: (round: number, item: T, index: number) => Promise<void>,
): Promise<void> {
  for (let round = 1; round <= rounds; round++) {
    for (const [i, item] of items.entries()) {
      if (finished(item, i)) continue;
      await visit(round, item, i);
      await settle();
    }
  }
}

/** Runs `measure` and keeps its result in `result.runs`; a failure is kept as `result.failure` and printed. */
export async function recordRun<R extends LoadResult>(result: ServerRuns<R>, round: number, measure: () => Promise<R>): Promise<void> {
  try {
    result.runs.push(await measure());
  } catch (error) {
    result.failure = (error as Error).message;
    console.error(`round ${round} ${result.name}: FAILED ${result.failure}`);
  }
}

/** The server had (nearly) its whole core; unknown counts as clean (no /proc to ask). */
const clean = (run: LoadResult): boolean => run.serverCpu === undefined || run.serverCpu >= 0.9;

/**
 * A run whose server did not get its core was measuring the neighbours: measures up to
 * 1 + `retries` times until a run is clean, printing each, and returns the one with the most CPU.
 */
export async function cleanestRun(retries: number, prefix: string, measure: () => Promise<LoadResult>): Promise<LoadResult> {
  let best: LoadResult | undefined;
  for (let attempt = 0; attempt <= retries && !(best && clean(best)); attempt++) {
    const run = await measure();
    console.log(`${prefix} ${formatRun(run)}${clean(run) ? '' : '  (core shared: contended)'}`);
    if (!best || (run.serverCpu ?? 0) > (best.serverCpu ?? 0)) best = run;
  }
  return best!;
}

/** Prints the table and goals, writes the report to `out`, and fails the exit code when a server failed. */
export function finish(out: string, table: string, goals: readonly string[], report: string, results: readonly ServerRuns<LoadResult>[]): void {
  console.log(`\n${table}\n\n${goals.join('\n')}`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, report);
  console.log(`\nwritten to ${out}`);
  if (results.some((r) => r.failure)) process.exitCode = 1;
}

/** Runs a runner's main; an error is printed as its message and sets exit code 1. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
