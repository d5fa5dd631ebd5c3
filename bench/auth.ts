/**
 * `npm run bench:auth`: logging in (POST /login/: CSRF check, authenticate with PBKDF2-SHA256 at
 * 1,000 iterations, login, session write) and a logged-in page (GET /backend/: session read, one
 * user query, `hello bench`) through Canter (SESSION_ENGINE 'db' on PostgreSQL, 'cache' on Redis),
 * Fastify (@fastify/session + @fastify/csrf-protection + a passport-style check by hand) and
 * Express (express-session + csrf-csrf + passport-local) on the same user table, in one run: one
 * server at a time pinned to CPU 0, both endpoints measured in each start, load from CPU 1, rounds
 * interleaved, medians reported (stdout and bench/results/auth.md).
 */
import { AUTH_ROUTES, BACKEND_PATH, LOGIN_PATH, type AuthRoute, type SessionStoreKind } from './lib/auth-config.js';
import { chooseAuthLoadGenerator, type AuthLoadGenerator, type FixedRequest } from './lib/auth-load.js';
import { authReportMarkdown, authTable, formatAuthRun } from './lib/auth-report.js';
import type { AuthFramework, AuthRun, AuthServerRuns } from './lib/auth-report.js';
import { prepareAuthStores, type AuthStores } from './lib/auth-stores.js';
import { verifyLogin, type LoginMaterial } from './lib/auth-verify.js';
import { loadAverage } from './lib/cpu-usage.js';
import { cpuProfArgs, withServerCpu } from './lib/measure.js';
import { parseOptions } from './lib/options.js';
import type { BenchOptions } from './lib/options.js';
import { packageVersion as version } from './lib/package-version.js';
import { choosePinning } from './lib/pinning.js';
import { goalLines } from './lib/report.js';
import { commandLine, finish, interleave, printPlan, recordRun, runMain, serverEntry as entry } from './lib/runner.js';
import { startServer, type RunningBenchServer } from './lib/server-process.js';

const USAGE = `usage: npm run bench:auth -- [--duration S] [--warmup S] [--rounds N] [--connections N]
                               [--only name,name] [--loader auto|wrk|autocannon] [--out FILE] [--cpu-prof DIR]
servers: canter-pg, fastify-pg, express-pg, canter-redis, fastify-redis, express-redis;
         --only also takes a framework (canter, fastify, express), a store (pg, redis),
         an endpoint (login, backend) or <server>-<endpoint> (canter-pg-login)
--cpu-prof DIR: run the servers under node --cpu-prof; DIR/<server>.<round>.cpuprofile (both endpoints)
defaults: --duration 8 --warmup 2 --rounds 3 --connections 50 --loader auto --out bench/results/auth.md`;

const DEFAULT_ARGS = ['--duration', '8', '--warmup', '2', '--out', 'bench/results/auth.md'];

interface Spec {
  name: string;
  label: string;
  framework: AuthFramework;
  store: SessionStoreKind;
  file: string;
  /** The form field the framework reads its CSRF token from. */
  tokenField: string;
}

function specs(): Spec[] {
  const connect: Record<SessionStoreKind, string> = {
    pg: `connect-pg-simple ${version('connect-pg-simple')}`,
    redis: `connect-redis ${version('connect-redis')}`,
  };
  const canter: Record<SessionStoreKind, string> = { pg: "Canter, SESSION_ENGINE 'db'", redis: "Canter, SESSION_ENGINE 'cache'" };
  return (['pg', 'redis'] as const).flatMap((store) => [
    { name: `canter-${store}`, label: canter[store], framework: 'canter' as const, store, file: 'canter-auth.js', tokenField: 'csrfmiddlewaretoken' },
    {
      name: `fastify-${store}`,
      label: `Fastify ${version('fastify')} + @fastify/session + @fastify/csrf-protection + ${connect[store]}`,
      framework: 'fastify' as const,
      store,
      file: 'fastify-auth.js',
      tokenField: '_csrf',
    },
    {
      name: `express-${store}`,
      label: `Express ${version('express')} + express-session + csrf-csrf + passport-local + ${connect[store]}`,
      framework: 'express' as const,
      store,
      file: 'express-auth.js',
      tokenField: '_csrf',
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
      throw new Error('--retries is not used by bench:auth: PostgreSQL and Redis share the cores, so no run has its core alone');
    } else {
      rest.push(arg);
    }
  }
  return { options: parseOptions([...DEFAULT_ARGS, ...rest]), cpuProf };
}

/** The request the load repeats on `route`, from what the verification obtained. */
function fixedRequest(route: AuthRoute, material: LoginMaterial): FixedRequest {
  return route === 'login'
    ? {
        method: 'POST',
        headers: { Cookie: material.csrfCookie, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: material.loginBody,
        expectStatus: 302,
      }
    : { method: 'GET', headers: { Cookie: material.sessionCookie }, expectStatus: 200 };
}

interface RunContext {
  loader: AuthLoadGenerator;
  stores: AuthStores;
  options: BenchOptions;
}

/** One endpoint of a started server: warm up, measure (with the store's session count before and after), check what the answers were. */
async function measureRoute(server: RunningBenchServer, spec: Spec, route: AuthRoute, material: LoginMaterial, context: RunContext): Promise<AuthRun> {
  const { options, loader, stores } = context;
  const url = `http://127.0.0.1:${server.port}${route === 'login' ? LOGIN_PATH : BACKEND_PATH}`;
  const request = fixedRequest(route, material);
  const count = (): Promise<number> => stores.count(spec.store, spec.framework === 'canter' ? 'canter' : 'connect');
  if (options.warmup > 0) await loader.measure(url, options.warmup, options.connections, request);
  const before = await count();
  const result = await withServerCpu(server.pid, () => loader.measure(url, options.duration, options.connections, request));
  const run: AuthRun = { ...result, newSessions: (await count()) - before };
  // Wrong answers measure something else (a refused token, a lost session): no number then.
  if (run.unexpected > run.requests * 0.01) {
    throw new Error(`${run.unexpected} of ${run.requests} answers were not ${request.expectStatus}`);
  }
  if (route === 'login' && run.newSessions < run.requests * 0.9) {
    throw new Error(`${run.requests} logins stored ${run.newSessions} sessions: expected one each`);
  }
  return run;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const { options, cpuProf } = parseArgs(argv);
  if (options === 'help') return console.log(USAGE);
  const wanted = (s: Spec, route: AuthRoute): boolean =>
    options.only.length === 0 ||
    options.only.some((o) => [s.name, s.framework, s.store, route, `${s.name}-${route}`].includes(o));
  const chosen = specs()
    .map((s) => ({ ...s, routes: AUTH_ROUTES.filter((route) => wanted(s, route)) }))
    .filter((s) => s.routes.length > 0);
  if (chosen.length === 0) throw new Error(`--only matched nothing; servers are ${specs().map((s) => s.name).join(', ')}; endpoints login, backend`);

  const pinning = choosePinning();
  const loader = chooseAuthLoadGenerator(options.loader, pinning.load);
  const command = commandLine('bench:auth', 'dist/bench/auth.js', argv);
  const loadBefore = loadAverage();
  const stores = await prepareAuthStores([...new Set(chosen.map((s) => s.store))]);
  printPlan(loader.description, pinning.note, options, `${chosen.reduce((n, s) => n + s.routes.length, 0)} run(s)`);
  if (loadBefore !== undefined && loadBefore > 0.5) {
    console.warn(`warning: load average ${loadBefore} before start: other work on this machine will skew the numbers`);
  }

  const context: RunContext = { loader, stores, options };
  const results: AuthServerRuns[] = chosen.flatMap((s) =>
    s.routes.map((route) => ({ name: `${s.name}-${route}`, label: s.label, framework: s.framework, store: s.store, route, runs: [] as AuthRun[] })),
  );
  const pending = (spec: Spec): AuthServerRuns[] => results.filter((r) => r.name.startsWith(`${spec.name}-`) && !r.failure);
  try {
    await interleave(options.rounds, chosen, (spec) => pending(spec).length === 0, async (round, spec) => {
      const mine = pending(spec);
      let server: RunningBenchServer | undefined;
      try {
        server = await startServer(entry(spec.file), pinning.server, 15_000, {
          args: ['--store', spec.store],
          nodeArgs: cpuProfArgs(cpuProf, `${spec.name}.${round}`),
        });
        const owner = spec.framework === 'canter' ? 'canter' : 'connect';
        const material = await verifyLogin(`http://127.0.0.1:${server.port}`, spec.tokenField, () => stores.count(spec.store, owner));
        for (const result of mine) {
          const running = server;
          await recordRun(result, round, async () => {
            const run = await measureRoute(running, spec, result.route, material, context);
            console.log(`round ${round} ${result.name.padEnd(21)} ${formatAuthRun(run)}`);
            return run;
          });
        }
      } catch (error) {
        for (const result of mine) result.failure = (error as Error).message;
        console.error(`round ${round} ${spec.name}: FAILED ${(error as Error).message}`);
      } finally {
        await server?.stop();
      }
    });
  } finally {
    await stores.cleanup();
  }

  const table = authTable(results);
  const goals = (['pg', 'redis'] as const).flatMap((store) =>
    AUTH_ROUTES.flatMap((route) => goalLines(results, `canter-${store}-${route}`, [[`fastify-${store}-${route}`, 1.5]])),
  );
  const v = version;
  const stacks = [
    '- **Everyone**: the same PostgreSQL database (`auth_user` made by Canter\'s contenttypes, auth and sessions migrations, in a schema ' +
      `of its own) and the same Redis; one user, \`bench\` / \`bench-password\`, stored as Django's \`pbkdf2_sha256$1000$…\` (the demo's ` +
      'BENCH_FAST_HASH cost); a two-week HttpOnly SameSite=Lax session cookie; nothing saved for a session nobody wrote; GET /login/ ' +
      'answers a CSRF token and sets the `csrftoken` cookie (not measured); answers are text/plain.',
    "- **Canter**: MIDDLEWARE SessionMiddleware, CsrfViewMiddleware, AuthenticationMiddleware; INSTALLED_APPS contenttypes, auth, sessions; " +
      "SESSION_ENGINE 'db' (PostgreSQL) or 'cache' (CACHES redis); PASSWORD_HASHERS the demo's BenchFastPBKDF2PasswordHasher; LOGIN_THROTTLE " +
      'off (beyond Django; none of the others throttles). POST /login/ is the demo\'s view: `authenticate()` (ModelBackend: one user query, ' +
      'PBKDF2 off the event loop), `login()` (a new session key, `_auth_user_id`/`_backend`/`_hash` stored, the CSRF token rotated, and ' +
      "Django's `last_login` UPDATE: one query more than the others do), redirect. GET /backend/ is `loginRequired`: the session read, " +
      '`getUser()` (one user query, the session hash checked), `hello bench`.',
    `- **Fastify ${v('fastify')}**: @fastify/cookie ${v('@fastify/cookie')}, @fastify/session ${v('@fastify/session')}, ` +
      `@fastify/csrf-protection ${v('@fastify/csrf-protection')} (secret in the csrftoken cookie, token in the form's \`_csrf\`; a preHandler ` +
      'checks every unsafe request), a URLSearchParams form parser. POST /login/: the user looked up in `auth_user` with pg ' +
      `${v('pg')}, the hash checked with node:crypto's async pbkdf2, \`session.regenerate()\`, the id stored, redirect. GET /backend/: the ` +
      'session read, the user queried by id.',
    `- **Express ${v('express')}**: express-session ${v('express-session')}, cookie-parser ${v('cookie-parser')}, \`express.urlencoded\`, ` +
      `csrf-csrf ${v('csrf-csrf')} (double-submit cookie named csrftoken, token in \`_csrf\`), passport ${v('passport')} + passport-local ` +
      `${v('passport-local')} (verify: the same pg lookup and pbkdf2 check; \`req.login()\` regenerates the session and saves it), ` +
      '`passport.session()` (GET /backend/: the session read, deserializeUser queries the user by id). express-session touches the ' +
      "stored session on every request that does not change it (its default: an UPDATE of connect-pg-simple's expiry, an EXPIRE in Redis).",
    `- Stores: connect-pg-simple ${v('connect-pg-simple')} (pruning timer off) and connect-redis ${v('connect-redis')} (node-redis ` +
      "per-command timeout off, as Canter's cache runs it), as in `npm run bench:sessions`.",
  ];
  const report = authReportMarkdown({
    results,
    table,
    goals,
    options,
    command,
    loader: loader.description,
    pinning: pinning.note,
    loadBefore,
    loadAfter: loadAverage(),
    stacks,
  });
  finish(options.out, table, goals, report, results);
}

// A run that ends with its event loop empty and main() unfinished (a promise nobody settles) would
// otherwise exit 0 without a word: say so and fail.
let finished = false;
process.once('beforeExit', () => {
  if (finished) return;
  console.error('bench:auth stopped before the run finished: nothing was left to wait for (a promise was never settled)');
  process.exitCode = 1;
});
runMain(async () => {
  try {
    await main();
  } finally {
    finished = true;
  }
});
