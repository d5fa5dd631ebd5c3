/** The full-stack benchmark's table and report file: one block per route, ratios to bare node:http and to Fastify on the same route. */
import { medianRps, ratio, reportMarkdown, runsTable, SERVER_CPU_NOTE } from './report.js';
import type { RunConditions, ServerRuns } from './report.js';
import type { StackRoute } from './stack-config.js';
import { ROUTE_PATHS } from './stack-config.js';

export type StackServerName = 'bare' | 'canter' | 'fastify' | 'express';

/** Every round of one server on one route (name `<server>-<route>`), or why it posted no number. */
export interface StackRuns extends ServerRuns {
  server: StackServerName;
  route: StackRoute;
}

/** The Markdown table: medians over rounds; each row's ratio to bare node:http and to Fastify on its route. */
export function stackTable(results: readonly StackRuns[]): string {
  const peer = (s: StackRuns, server: StackServerName): number | undefined =>
    medianRps(results.find((x) => x.route === s.route && x.server === server));
  return runsTable(results, {
    lead: ['route', 'server'],
    tail: ['vs node:http', 'vs Fastify'],
    leadCells: (s) => [`GET ${ROUTE_PATHS[s.route]}`, s.label],
    tailCells: (s, rps) => [ratio(rps, peer(s, 'bare')), ratio(rps, peer(s, 'fastify'))],
  });
}

export interface StackReportInput extends RunConditions {
  results: readonly StackRuns[];
  table: string;
  goals: readonly string[];
  loadBefore: number | undefined;
  loadAtStart: number | undefined;
  /** What each stack runs, one Markdown bullet each. */
  stacks: readonly string[];
  /** Further notes (header counts, helmet mode, …), one Markdown bullet each. */
  notes: readonly string[];
}

/** bench/results/full-stack.md: the run's conditions, the table, the goals, the stacks, every round. */
export function stackReportMarkdown(input: StackReportInput): string {
  return reportMarkdown({
    ...input,
    title: 'Full stack: GET /hello/ through the default middleware list, GET /login/ rendering the form',
    connectionsNote: '(no cookies sent: every request is a first visit)',
    loadAverage: `load average: ${input.loadBefore ?? 'unknown'} when started, ${input.loadAtStart ?? 'unknown'} when the first run began`,
    roundName: (r) => `GET ${ROUTE_PATHS[r.route]}, ${r.label}`,
    sections: ['## What runs', '', ...input.stacks, '', ...input.notes, ''],
    closing: SERVER_CPU_NOTE,
  });
}
