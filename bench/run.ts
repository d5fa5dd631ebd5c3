/**
 * `npm run bench`: GET /hello/ through bare node:http, Canter, Fastify and Express (each with seven
 * pass-through layers), one server at a time pinned to CPU 0, load from CPU 1, rounds interleaved,
 * medians reported as a Markdown table (stdout and bench/results/core-hello.md).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAverage } from './lib/cpu-usage.js';
import { chooseLoadGenerator } from './lib/load.js';
import type { LoadResult } from './lib/load.js';
import { measureOnce } from './lib/measure.js';
import { parseOptions, USAGE } from './lib/options.js';
import { choosePinning } from './lib/pinning.js';
import { formatRun, reportMarkdown, resultsTable, goalLines } from './lib/report.js';
import type { ServerRuns } from './lib/report.js';

const require = createRequire(import.meta.url);
const version = (pkg: string): string => (require(`${pkg}/package.json`) as { version: string }).version;
const entry = (file: string): string => fileURLToPath(new URL(`./servers/${file}`, import.meta.url));

const SERVERS = [
  { name: 'bare-node', label: 'node:http (bare)', file: 'bare-node.js' },
  { name: 'canter', label: 'Canter (7 middleware)', file: 'canter-hello.js' },
  { name: 'canter-cached', label: 'Canter, cachePage hit (7 middleware)', file: 'canter-cached.js' },
  { name: 'fastify', label: `Fastify ${version('fastify')} (7 layers)`, file: 'fastify-hello.js' },
  { name: 'express', label: `Express ${version('express')} (7 middleware)`, file: 'express-hello.js' },
];

/** The server had (nearly) its whole core; unknown counts as clean (no /proc to ask). */
const clean = (run: LoadResult): boolean => run.serverCpu === undefined || run.serverCpu >= 0.9;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const options = parseOptions(argv);
  if (options === 'help') return console.log(USAGE);
  const chosen = SERVERS.filter((s) => options.only.length === 0 || options.only.includes(s.name));
  if (chosen.length === 0) throw new Error(`--only matched nothing; servers are ${SERVERS.map((s) => s.name).join(', ')}`);

  const pinning = choosePinning();
  const loader = chooseLoadGenerator(options.loader, pinning.load);
  const viaNpm = process.env.npm_lifecycle_event === 'bench';
  const command = [viaNpm ? 'npm run bench' : 'node dist/bench/run.js', ...(argv.length && viaNpm ? ['--'] : []), ...argv].join(' ');
  const load = loadAverage();
  console.log(`load generator: ${loader.description}; ${pinning.note}`);
  console.log(`${options.rounds} round(s) × ${chosen.length} server(s): ${options.warmup} s warm-up + ${options.duration} s measured, ${options.connections} connections`);
  if (load !== undefined && load > 0.5) console.warn(`warning: load average ${load} before start: other work on this machine may skew the numbers (watch the server CPU column)`);

  const results: ServerRuns[] = chosen.map((s) => ({ name: s.name, label: s.label, runs: [] }));
  for (let round = 1; round <= options.rounds; round++) {
    for (const [i, spec] of chosen.entries()) {
      const result = results[i]!;
      if (result.failure) continue;
      try {
        // A run whose server did not get its core was measuring the neighbours: retry it, keep the cleanest.
        let best: LoadResult | undefined;
        for (let attempt = 0; attempt <= options.retries && !(best && clean(best)); attempt++) {
          const run = await measureOnce(entry(spec.file), loader, { serverCpu: pinning.server, ...options });
          console.log(`round ${round} ${spec.name.padEnd(9)} ${formatRun(run)}${clean(run) ? '' : '  (core shared: contended)'}`);
          if (!best || (run.serverCpu ?? 0) > (best.serverCpu ?? 0)) best = run;
        }
        result.runs.push(best!);
      } catch (error) {
        result.failure = (error as Error).message;
        console.error(`round ${round} ${spec.name}: FAILED ${result.failure}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 500)); // let the CPU and sockets settle
    }
  }

  const table = resultsTable(results, 'bare-node', 'fastify');
  const goals = [
    ...goalLines(results, 'canter', [['bare-node', 0.8], ['fastify', 1.0]]),
    // A cache hit may cost at most 1.2× a pass-through request: req/s ≥ 1/1.2 of GET /hello/'s.
    ...goalLines(results, 'canter-cached', [['canter', 0.83]]),
  ];
  console.log(`\n${table}\n\n${goals.join('\n')}`);
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, reportMarkdown({ results, table, goals, options, command, loader: loader.description, pinning: pinning.note, loadBefore: load }));
  console.log(`\nwritten to ${options.out}`);
  if (results.some((r) => r.failure)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
