/**
 * `npm run bench`: GET /hello/ through bare node:http, Canter, Fastify and Express (each with seven
 * pass-through layers), one server at a time pinned to CPU 0, load from CPU 1, rounds interleaved,
 * medians reported as a Markdown table (stdout and bench/results/core-hello.md).
 */
import { loadAverage } from './lib/cpu-usage.js';
import { chooseLoadGenerator } from './lib/load.js';
import { measureOnce } from './lib/measure.js';
import { parseOptions, USAGE } from './lib/options.js';
import { packageVersion } from './lib/package-version.js';
import { choosePinning } from './lib/pinning.js';
import { goalLines, medianRps, ratio, reportMarkdown, runsTable, SERVER_CPU_NOTE } from './lib/report.js';
import type { ServerRuns } from './lib/report.js';
import { cleanestRun, commandLine, finish, interleave, printPlan, recordRun, runMain, serverEntry } from './lib/runner.js';

const SERVERS = [
  { name: 'bare-node', label: 'node:http (bare)', file: 'bare-node.js' },
  { name: 'canter', label: 'Canter (7 middleware)', file: 'canter-hello.js' },
  { name: 'canter-cached', label: 'Canter, cachePage hit (7 middleware)', file: 'canter-cached.js' },
  { name: 'fastify', label: `Fastify ${packageVersion('fastify')} (7 layers)`, file: 'fastify-hello.js' },
  { name: 'express', label: `Express ${packageVersion('express')} (7 middleware)`, file: 'express-hello.js' },
];

/** The Markdown table: medians over rounds, ratios to bare node:http and to Fastify. */
function helloTable(results: readonly ServerRuns[]): string {
  const bare = medianRps(results.find((s) => s.name === 'bare-node'));
  const fastify = medianRps(results.find((s) => s.name === 'fastify'));
  return runsTable(results, {
    lead: ['server'],
    tail: ['vs node:http', 'vs Fastify'],
    leadCells: (s) => [s.label],
    tailCells: (_s, rps) => [ratio(rps, bare), ratio(rps, fastify)],
  });
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const options = parseOptions(argv);
  if (options === 'help') return console.log(USAGE);
  const chosen = SERVERS.filter((s) => options.only.length === 0 || options.only.includes(s.name));
  if (chosen.length === 0) throw new Error(`--only matched nothing; servers are ${SERVERS.map((s) => s.name).join(', ')}`);

  const pinning = choosePinning();
  const loader = chooseLoadGenerator(options.loader, pinning.load);
  const command = commandLine('bench', 'dist/bench/run.js', argv);
  const load = loadAverage();
  printPlan(loader.description, pinning.note, options, `${chosen.length} server(s)`);
  if (load !== undefined && load > 0.5) console.warn(`warning: load average ${load} before start: other work on this machine may skew the numbers (watch the server CPU column)`);

  const results: ServerRuns[] = chosen.map((s) => ({ name: s.name, label: s.label, runs: [] }));
  await interleave(options.rounds, chosen, (_spec, i) => Boolean(results[i]!.failure), (round, spec, i) =>
    recordRun(results[i]!, round, () =>
      cleanestRun(options.retries, `round ${round} ${spec.name.padEnd(9)}`, () =>
        measureOnce(serverEntry(spec.file), loader, { serverCpu: pinning.server, ...options }),
      ),
    ),
  );

  const table = helloTable(results);
  const goals = [
    ...goalLines(results, 'canter', [['bare-node', 0.8], ['fastify', 1.0]]),
    // A cache hit may cost at most 1.2× a pass-through request: req/s ≥ 1/1.2 of GET /hello/'s.
    ...goalLines(results, 'canter-cached', [['canter', 0.83]]),
  ];
  const report = reportMarkdown({
    title: 'Core request path: GET /hello/',
    options,
    command,
    loader: loader.description,
    pinning: pinning.note,
    loadAverage: `load average before start: ${load ?? 'unknown'}`,
    results,
    roundName: (r) => r.label,
    table,
    goals,
    closing: SERVER_CPU_NOTE,
  });
  finish(options.out, table, goals, report, results);
}

runMain(main);
