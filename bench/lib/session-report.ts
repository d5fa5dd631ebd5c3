/** The session benchmark's table and report file: one block per store, ratios to Fastify on the same store. */
import { formatRun, int, median, medianRps, ratio, reportMarkdown, runsTable } from './report.js';
import type { RunConditions, ServerRuns } from './report.js';
import type { SessionStoreKind } from './session-config.js';
import type { SessionLoadResult } from './session-load.js';

/** One measured run: the load's result and how many sessions the store gained while it ran. */
export interface SessionRun extends SessionLoadResult {
  newSessions: number;
}

export interface SessionServerRuns extends ServerRuns<SessionRun> {
  store: SessionStoreKind;
  framework: 'canter' | 'fastify' | 'express';
}

const STORE_LABELS: Readonly<Record<SessionStoreKind, string>> = { pg: 'PostgreSQL', redis: 'Redis' };

/** One round's line on the console. */
export function formatSessionRun(run: SessionRun): string {
  return formatRun(run, `sessions made ${run.newSessions}, highest count ${run.maxCount}`);
}

/** The Markdown table: medians over rounds; each server's ratio to Fastify on its store. */
export function sessionTable(servers: readonly SessionServerRuns[]): string {
  return runsTable(servers, {
    lead: ['store', 'server'],
    tail: ['sessions made per run', 'vs Fastify (same store)'],
    leadCells: (s) => [STORE_LABELS[s.store], s.label],
    tailCells: (s, rps) => [
      int(median(s.runs.map((r) => r.newSessions))),
      ratio(rps, medianRps(servers.find((x) => x.store === s.store && x.framework === 'fastify'))),
    ],
  });
}

export interface SessionReportInput extends RunConditions {
  results: readonly SessionServerRuns[];
  table: string;
  goals: readonly string[];
  loadBefore: number | undefined;
}

/** bench/results/sessions.md: the run's conditions, the table, the goals, every round. */
export function sessionReportMarkdown(input: SessionReportInput): string {
  return reportMarkdown({
    ...input,
    title: 'Sessions: GET /counter/ (read and write of a stored session on every request)',
    cpuNote: 'PostgreSQL and Redis run unpinned on the same machine',
    connectionsNote: '(one session each)',
    loadAverage: `load average before start: ${input.loadBefore ?? 'unknown'}`,
    roundName: (r) => `${STORE_LABELS[r.store]}, ${r.label}`,
    closing: [
      'Each connection is one visitor: its first request carries no cookie and makes a session, every',
      'later one sends the cookie back, so the server reads the stored session, counts up and writes it',
      'back. "Sessions made per run" is how many sessions the store gained while measured: about one per',
      'connection shows the cookies went back. Server CPU is the share of its core the server used',
      '(100% = all of it); the database and cache servers share the two cores, so it stays below 100%.',
    ],
  });
}
