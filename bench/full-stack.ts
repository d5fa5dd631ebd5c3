/**
 * `npm run bench:stack`: GET /hello/ through the full default middleware list and GET /login/
 * rendering the login form with a fresh CSRF token, through Canter, Fastify (@fastify/helmet,
 * @fastify/session, @fastify/csrf-protection, @fastify/view) and Express (helmet, express-session,
 * csrf-csrf, LiquidJS), with bare node:http as the floor, in one run: one server at a time pinned
 * to CPU 0, both routes measured in each start, load from CPU 1, rounds interleaved, medians
 * reported (stdout and bench/results/full-stack.md).
 */
import { chooseLoadGenerator } from './lib/load.js';
import type { LoadResult } from './lib/load.js';
import { cpuProfArgs, withServerCpu } from './lib/measure.js';
import { parseOptions } from './lib/options.js';
import type { BenchOptions } from './lib/options.js';
import { packageVersion } from './lib/package-version.js';
import { choosePinning } from './lib/pinning.js';
import { goalLines } from './lib/report.js';
import { cleanestRun, commandLine, finish, interleave, printPlan, recordRun, runMain, serverEntry as entry } from './lib/runner.js';
import { startServer } from './lib/server-process.js';
import type { RunningBenchServer } from './lib/server-process.js';
import { waitForQuiet } from './lib/quiet.js';
import { ROUTE_PATHS, STACK_ROUTES } from './lib/stack-config.js';
import type { HelmetMode, StackRoute } from './lib/stack-config.js';
import { stackReportMarkdown, stackTable } from './lib/stack-report.js';
import type { StackRuns, StackServerName } from './lib/stack-report.js';
import { verifyStackHello, verifyStackLogin } from './lib/stack-verify.js';
import type { StackExpectations } from './lib/stack-verify.js';

const USAGE = `usage: npm run bench:stack -- [--duration S] [--warmup S] [--rounds N] [--connections N] [--retries N]
                                [--only name,name] [--loader auto|wrk|autocannon] [--out FILE]
                                [--helmet matched|defaults] [--quiet-wait S] [--cpu-prof DIR]
servers: bare, canter, fastify, express; routes: hello, login; --only takes either, or <server>-<route>
--helmet matched: helmet sends Canter's four security headers with Canter's values, no others (default);
         defaults: helmet as installed
--quiet-wait S: before starting, wait up to S seconds for the 1-minute load average to drop below 1.0
--cpu-prof DIR: run the servers under node --cpu-prof; DIR/<server>.<round>.cpuprofile (both routes)
defaults: --duration 5 --warmup 2 --rounds 3 --connections 50 --retries 1 --quiet-wait 30 --helmet matched
          --out bench/results/full-stack.md`;

const DEFAULT_ARGS = ['--duration', '5', '--warmup', '2', '--retries', '1', '--out', 'bench/results/full-stack.md'];
const QUIET_LOAD = 1.0;

interface ServerSpec {
  server: StackServerName;
  label: string;
  file: string;
  routes: readonly StackRoute[];
  args: readonly string[];
  expect: StackExpectations;
}

function specs(helmet: HelmetMode): ServerSpec[] {
  const headers = helmet === 'matched' ? 'exact' : 'present';
  return [
    { server: 'bare', label: 'node:http (bare)', file: 'bare-stack.js', routes: STACK_ROUTES, args: [], expect: { securityHeaders: 'none', tokenHeader: undefined } },
    { server: 'canter', label: 'Canter (7 middleware)', file: 'canter-stack.js', routes: STACK_ROUTES, args: [], expect: { securityHeaders: 'exact', tokenHeader: 'X-CSRFToken' } },
    {
      server: 'fastify',
      label: `Fastify ${packageVersion('fastify')} + plugins`,
      file: 'fastify-stack.js',
      routes: STACK_ROUTES,
      args: ['--helmet', helmet],
      expect: { securityHeaders: headers, tokenHeader: 'x-csrf-token' },
    },
    {
      server: 'express',
      label: `Express ${packageVersion('express')} + middleware`,
      file: 'express-stack.js',
      routes: STACK_ROUTES,
      args: ['--helmet', helmet],
      expect: { securityHeaders: headers, tokenHeader: 'X-CSRFToken' },
    },
  ];
}

interface Flags {
  options: BenchOptions | 'help';
  cpuProf: string | undefined;
  helmet: HelmetMode;
  quietWait: number;
}

/** Splits off the flags of this runner (--cpu-prof, --helmet, --quiet-wait); the rest are bench/lib/options.ts's. */
function parseArgs(argv: readonly string[]): Flags {
  const rest: string[] = [];
  let cpuProf: string | undefined;
  let helmet: HelmetMode = 'matched';
  let quietWait = 30;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const name = arg.startsWith('--') ? arg.slice(2).split('=')[0] : '';
    const value = (): string | undefined => (arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i]);
    if (name === 'cpu-prof') {
      cpuProf = value();
      if (!cpuProf) throw new Error('--cpu-prof needs a directory');
    } else if (name === 'helmet') {
      const mode = value();
      if (mode !== 'matched' && mode !== 'defaults') throw new Error(`--helmet is matched or defaults (got ${mode ?? 'nothing'})`);
      helmet = mode;
    } else if (name === 'quiet-wait') {
      const raw = value();
      quietWait = Number(raw);
      if (raw === undefined || !Number.isFinite(quietWait) || quietWait < 0) throw new Error(`--quiet-wait needs a number of seconds ≥ 0 (got ${raw ?? 'nothing'})`);
    } else if (arg === '--help' || arg === '-h') {
      return { options: 'help', cpuProf, helmet, quietWait };
    } else {
      rest.push(arg);
    }
  }
  return { options: parseOptions([...DEFAULT_ARGS, ...rest]), cpuProf, helmet, quietWait };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const { options, cpuProf, helmet, quietWait } = parseArgs(argv);
  if (options === 'help') return console.log(USAGE);
  const wanted = (server: StackServerName, route: StackRoute): boolean =>
    options.only.length === 0 || options.only.some((o) => o === server || o === route || o === `${server}-${route}`);
  const chosen = specs(helmet)
    .map((s) => ({ ...s, routes: s.routes.filter((route) => wanted(s.server, route)) }))
    .filter((s) => s.routes.length > 0);
  if (chosen.length === 0) throw new Error('--only matched nothing; servers are bare, canter, fastify, express; routes hello, login');

  const pinning = choosePinning();
  const loader = chooseLoadGenerator(options.loader, pinning.load);
  const command = commandLine('bench:stack', 'dist/bench/full-stack.js', argv);
  const runs = chosen.reduce((n, s) => n + s.routes.length, 0);
  printPlan(loader.description, pinning.note, options, `${runs} run(s)`, `; helmet ${helmet}`);
  const quiet = await waitForQuiet(QUIET_LOAD, quietWait, (line) => console.log(line));

  const results: StackRuns[] = chosen.flatMap((s) =>
    s.routes.map((route) => ({ name: `${s.server}-${route}`, label: s.label, server: s.server, route, runs: [] as LoadResult[] })),
  );
  const headerNames = new Map<StackServerName, string[]>();
  const pending = (spec: ServerSpec): StackRuns[] => results.filter((r) => r.server === spec.server && !r.failure);
  await interleave(options.rounds, chosen, (spec) => pending(spec).length === 0, async (round, spec) => {
    const mine = pending(spec);
    let server: RunningBenchServer | undefined;
    try {
      server = await startServer(entry(spec.file), pinning.server, 15_000, { args: spec.args, nodeArgs: cpuProfArgs(cpuProf, `${spec.server}.${round}`) });
      const base = `http://127.0.0.1:${server.port}`;
      const pid = server.pid;
      headerNames.set(spec.server, await verifyStackHello(base, spec.expect));
      await verifyStackLogin(base, spec.expect);
      for (const result of mine) {
        const url = `${base}${ROUTE_PATHS[result.route]}`;
        await recordRun(result, round, async () => {
          if (options.warmup > 0) await loader.measure(url, options.warmup, options.connections);
          return cleanestRun(options.retries, `round ${round} ${result.name.padEnd(14)}`, () =>
            withServerCpu(pid, () => loader.measure(url, options.duration, options.connections)),
          );
        });
      }
    } catch (error) {
      for (const result of mine) result.failure = (error as Error).message;
      console.error(`round ${round} ${spec.server}: FAILED ${(error as Error).message}`);
    } finally {
      await server?.stop();
    }
  });

  const table = stackTable(results);
  const goals = [
    ...goalLines(results, 'canter-hello', [['bare-hello', 0.5]]),
    ...goalLines(results, 'canter-login', [['fastify-login', 1.5]]),
  ];
  const v = packageVersion;
  const stacks = [
    '- **node:http (bare)**: the floor. `/hello/` is `npm run bench`\'s bare answer (no security headers); `/login/` is the page ' +
      'written by hand: a random secret, a masked token, one template literal, the csrftoken cookie, Vary: Cookie and the four security headers.',
    "- **Canter**: MIDDLEWARE SecurityMiddleware, SessionMiddleware (SESSION_ENGINE 'cache', CACHES locmem), CommonMiddleware, " +
      'CsrfViewMiddleware, an authentication placeholder and a messages placeholder (pass-through MiddlewareMixin classes: those ' +
      'issues are not done yet), XFrameOptionsMiddleware; TEMPLATES liquid with the debug, request, auth and messages context processors; ' +
      "`/login/` is render() of the demo's login.html (extends base.html, `{% csrf_token %}`, `{% url 'login' %}`).",
    `- **Fastify ${v('fastify')}**: @fastify/helmet ${v('@fastify/helmet')} (helmet ${v('helmet')}), @fastify/cookie ${v('@fastify/cookie')}, ` +
      `@fastify/session ${v('@fastify/session')} (its default in-memory store, saveUninitialized false), @fastify/csrf-protection ` +
      `${v('@fastify/csrf-protection')} (secret in the csrftoken cookie; a preHandler hook checks every unsafe request), @fastify/view ` +
      `${v('@fastify/view')} with liquidjs ${v('liquidjs')} (outputEscape 'escape', cache on); \`/login/\` is reply.view() with reply.generateCsrf().`,
    `- **Express ${v('express')}**: helmet ${v('helmet')}, express-session ${v('express-session')} (MemoryStore, saveUninitialized false), ` +
      `cookie-parser ${v('cookie-parser')}, csrf-csrf ${v('csrf-csrf')} (double-submit cookie named csrftoken, not tied to the session id, ` +
      `as Canter's is not), liquidjs ${v('liquidjs')} as the view engine (outputEscape 'escape', view cache on); \`/login/\` is res.render() ` +
      'with generateCsrfToken().',
  ];
  const notes = [
    `- helmet: \`--helmet ${helmet}\`${helmet === 'matched' ? ": Canter's four headers (X-Frame-Options DENY, X-Content-Type-Options nosniff, Referrer-Policy same-origin, Cross-Origin-Opener-Policy same-origin) and none of helmet's others" : ': helmet as installed'}.`,
    ...[...headerNames].map(([server, names]) => `- response headers of GET /hello/, ${server}: ${names.length} (${names.join(', ')})`),
    '- No load sends cookies, so no request loads a session: each stack pays only for what it does for a visitor without one ' +
      '(@fastify/session and express-session make a session object per request; Canter makes an unloaded store object). ' +
      'Every /login/ mints a new secret and sets the csrftoken cookie.',
  ];
  const report = stackReportMarkdown({
    results,
    table,
    goals,
    options,
    command,
    loader: loader.description,
    pinning: pinning.note,
    loadBefore: quiet.before,
    loadAtStart: quiet.after,
    stacks,
    notes,
  });
  finish(options.out, table, goals, report, results);
}

runMain(main);
