/**
 * `npm run bench:sessions`: GET /counter/ (read `count` from the session, add one, store it) through
 * Canter (SESSION_ENGINE 'db' on PostgreSQL, 'cache' on Redis), Express with express-session and
 * Fastify with @fastify/session (connect-pg-simple, connect-redis), in one run: one server at a time
 * pinned to CPU 0, load from CPU 1 with one session per connection, rounds interleaved, medians
 * reported (stdout and bench/results/sessions.md).
 */
import { loadAverage } from './lib/cpu-usage.js';
import { cpuProfArgs, withServerCpu } from './lib/measure.js';
import { parseOptions } from './lib/options.js';
import type { BenchOptions } from './lib/options.js';
import { packageVersion as version } from './lib/package-version.js';
import { choosePinning } from './lib/pinning.js';
import { goalLines } from './lib/report.js';
import { commandLine, finish, interleave, printPlan, recordRun, runMain, serverEntry as entry } from './lib/runner.js';
import { startServer } from './lib/server-process.js';
import { COUNTER_PATH, type SessionStoreKind } from './lib/session-config.js';
import { chooseSessionLoadGenerator, type SessionLoadGenerator } from './lib/session-load.js';
import { formatSessionRun, sessionReportMarkdown, sessionTable } from './lib/session-report.js';
import type { SessionRun, SessionServerRuns } from './lib/session-report.js';
import { prepareSessionStores, type SessionStores } from './lib/session-stores.js';
import { verifySessionCounter } from './lib/session-verify.js';

const USAGE = `usage: npm run bench:sessions -- [--duration S] [--warmup S] [--rounds N] [--connections N]
                                   [--only name,name] [--loader auto|wrk|autocannon] [--out FILE] [--cpu-prof DIR]
servers: canter-pg, fastify-pg, express-pg, canter-redis, fastify-redis, express-redis;
         --only also takes a framework (canter, fastify, express) or a store (pg, redis)
--cpu-prof DIR: run the servers under node --cpu-prof; DIR/<server>.<round>.cpuprofile
defaults: --duration 8 --warmup 2 --rounds 3 --connections 50 --loader auto --out bench/results/sessions.md`;

const DEFAULT_ARGS = ['--duration', '8', '--warmup', '2', '--out', 'bench/results/sessions.md'];

type Framework = SessionServerRuns['framework'];

interface Spec {
  name: string;
  label: string;
  framework: Framework;
  store: SessionStoreKind;
  file: string;
}

function specs(): Spec[] {
  const connect: Record<SessionStoreKind, string> = {
    pg: `connect-pg-simple ${version('connect-pg-simple')}`,
    redis: `connect-redis ${version('connect-redis')}`,
  };
  const canter: Record<SessionStoreKind, string> = { pg: "Canter, SESSION_ENGINE 'db'", redis: "Canter, SESSION_ENGINE 'cache'" };
  return (['pg', 'redis'] as const).flatMap((store) => [
    { name: `canter-${store}`, label: canter[store], framework: 'canter' as const, store, file: 'canter-sessions.js' },
    {
      name: `fastify-${store}`,
      label: `Fastify ${version('fastify')} + @fastify/session ${version('@fastify/session')} + ${connect[store]}`,
      framework: 'fastify' as const,
      store,
      file: 'fastify-sessions.js',
    },
    {
      name: `express-${store}`,
      label: `Express ${version('express')} + express-session ${version('express-session')} + ${connect[store]}`,
      framework: 'express' as const,
      store,
      file: 'express-sessions.js',
    },
  ]);
}

/** Splits off --cpu-prof DIR; refuses --retries (a server here never has its core alone: the stores share it). */
function parseArgs(argv: readonly string[]): { options: BenchOptions | 'help'; cpuProf: string | undefined } {
  const rest: string[] = [];
  let cpuProf: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--cpu-prof' || arg.startsWith('--cpu-prof=')) {
      cpuProf = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (!cpuProf) throw new Error('--cpu-prof needs a directory');
    } else if (arg === '--retries' || arg.startsWith('--retries=')) {
      throw new Error('--retries is not used by bench:sessions: PostgreSQL and Redis share the cores, so no run has its core alone');
    } else {
      rest.push(arg);
    }
  }
  return { options: parseOptions([...DEFAULT_ARGS, ...rest]), cpuProf };
}

interface RunContext {
  loader: SessionLoadGenerator;
  stores: SessionStores;
  serverCpu: number | null;
  options: BenchOptions;
  cpuProf: string | undefined;
}

/**
 * One server, one round: start it pinned, check that it counts in its store, warm it up, measure
 * (with the store's session count before and after), stop it, even on failure.
 */
async function measureOnce(spec: Spec, round: number, context: RunContext): Promise<SessionRun> {
  const { options, stores } = context;
  const owner = spec.framework === 'canter' ? 'canter' : 'connect';
  const count = (): Promise<number> => stores.count(spec.store, owner);
  const server = await startServer(entry(spec.file), context.serverCpu, 15_000, {
    args: ['--store', spec.store],
    path: COUNTER_PATH,
    nodeArgs: cpuProfArgs(context.cpuProf, `${spec.name}.${round}`),
  });
  try {
    await verifySessionCounter(server.url, count);
    if (options.warmup > 0) await context.loader.measure(server.url, options.warmup, options.connections);
    const sessionsBefore = await count();
    const result = await withServerCpu(server.pid, () => context.loader.measure(server.url, options.duration, options.connections));
    const run: SessionRun = { ...result, newSessions: (await count()) - sessionsBefore };
    // A load whose cookies did not come back makes a session per request: that measured something else.
    if (run.newSessions > 2 * options.connections) {
      throw new Error(`${run.newSessions} sessions made by ${options.connections} connections: the cookies were not sent back`);
    }
    return run;
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const { options, cpuProf } = parseArgs(argv);
  if (options === 'help') return console.log(USAGE);
  const chosen = specs().filter(
    (s) => options.only.length === 0 || options.only.some((o) => o === s.name || o === s.framework || o === s.store),
  );
  if (chosen.length === 0) throw new Error(`--only matched nothing; servers are ${specs().map((s) => s.name).join(', ')}`);

  const pinning = choosePinning();
  const loader = chooseSessionLoadGenerator(options.loader, pinning.load);
  const command = commandLine('bench:sessions', 'dist/bench/sessions.js', argv);
  const load = loadAverage();
  const stores = await prepareSessionStores([...new Set(chosen.map((s) => s.store))]);
  printPlan(loader.description, pinning.note, options, `${chosen.length} server(s)`);
  if (load !== undefined && load > 0.5) console.warn(`warning: load average ${load} before start: other work on this machine may skew the numbers`);

  const context: RunContext = { loader, stores, serverCpu: pinning.server, options, cpuProf };
  const results: SessionServerRuns[] = chosen.map((s) => ({ name: s.name, label: s.label, store: s.store, framework: s.framework, runs: [] }));
  try {
    await interleave(options.rounds, chosen, (_spec, i) => Boolean(results[i]!.failure), (round, spec, i) =>
      recordRun(results[i]!, round, async () => {
        const run = await measureOnce(spec, round, context);
        console.log(`round ${round} ${spec.name.padEnd(13)} ${formatSessionRun(run)}`);
        return run;
      }),
    );
  } finally {
    await stores.cleanup();
  }

  const table = sessionTable(results);
  const goals = (['pg', 'redis'] as const).flatMap((store) =>
    goalLines(results, `canter-${store}`, [[`fastify-${store}`, 1.5], [`express-${store}`, 1.0]]),
  );
  const report = sessionReportMarkdown({ results, table, goals, options, command, loader: loader.description, pinning: pinning.note, loadBefore: load });
  finish(options.out, table, goals, report, results);
}

runMain(main);
