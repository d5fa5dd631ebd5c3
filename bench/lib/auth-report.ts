/** The login benchmark's table and report file: one row per endpoint, store and server; ratios to Fastify on the same endpoint and store. */
import type { AuthRoute, SessionStoreKind } from './auth-config.js';
import type { AuthLoadResult } from './auth-load.js';
import { formatRun, int, median, medianRps, ratio, reportMarkdown, runsTable } from './report.js';
import type { RunConditions, ServerRuns } from './report.js';

/** One measured run: the load's result and how many sessions the store gained while it ran. */
export interface AuthRun extends AuthLoadResult {
  newSessions: number;
}

export type AuthFramework = 'canter' | 'fastify' | 'express';

/** Every round of one server on one endpoint (name `<framework>-<store>-<route>`), or why it posted no number. */
export interface AuthServerRuns extends ServerRuns<AuthRun> {
  framework: AuthFramework;
  store: SessionStoreKind;
  route: AuthRoute;
}

export const STORE_LABELS: Readonly<Record<SessionStoreKind, string>> = { pg: 'PostgreSQL', redis: 'Redis' };
export const ROUTE_LABELS: Readonly<Record<AuthRoute, string>> = { login: 'POST /login/', backend: 'GET /backend/' };

/** One round's line on the console. */
export function formatAuthRun(run: AuthRun): string {
  return formatRun(run, `sessions made ${run.newSessions}${run.unexpected ? `, unexpected answers ${run.unexpected}` : ''}`);
}

/** The Markdown table: medians over rounds; each row's ratio to Fastify on its endpoint and store. */
export function authTable(results: readonly AuthServerRuns[]): string {
  return runsTable(results, {
    lead: ['endpoint', 'store', 'server'],
    tail: ['sessions made per run', 'vs Fastify (same endpoint and store)'],
    leadCells: (s) => [ROUTE_LABELS[s.route], STORE_LABELS[s.store], s.label],
    tailCells: (s, rps) => [
      int(median(s.runs.map((r) => r.newSessions))),
      ratio(rps, medianRps(results.find((x) => x.route === s.route && x.store === s.store && x.framework === 'fastify'))),
    ],
  });
}

export interface AuthReportInput extends RunConditions {
  results: readonly AuthServerRuns[];
  table: string;
  goals: readonly string[];
  loadBefore: number | undefined;
  loadAfter: number | undefined;
  /** What each stack runs, one Markdown bullet each. */
  stacks: readonly string[];
}

/** bench/results/auth.md: the run's conditions, the table, the goals, the stacks, the notes, every round. */
export function authReportMarkdown(input: AuthReportInput): string {
  return reportMarkdown({
    ...input,
    title: 'Login: POST /login/ (CSRF check, authenticate, login, session write) and GET /backend/ logged in',
    cpuNote: 'PostgreSQL and Redis run unpinned on the same machine',
    connectionsNote: '(POST /login/: a CSRF cookie and token, no session cookie; GET /backend/: one logged-in session cookie)',
    loadAverage: `load average: ${input.loadBefore ?? 'unknown'} before the run, ${input.loadAfter ?? 'unknown'} after it`,
    roundName: (r) => `${ROUTE_LABELS[r.route]}, ${STORE_LABELS[r.store]}, ${r.label}`,
    sections: ['## What runs', '', ...input.stacks, ''],
    closing: [
      '**Noise.** This machine is shared and was busy (see the load averages above): other work took',
      'turns on both cores, and the database and cache servers run unpinned beside the server and the',
      'load generator, so the server CPU column stays below 100% and the figures move from run to run.',
      'Compare servers within one run (rounds are interleaved, so drift hits all alike), not across runs.',
      '',
      'POST /login/ logs in afresh on every request: the store gains one session per login ("sessions',
      'made per run" ≈ the requests of the run). GET /backend/ reads one session and makes none. Server',
      'CPU is the share of its core the server process used while measured (100% = all of it).',
    ],
  });
}
