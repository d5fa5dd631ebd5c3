import type { ChildProcess } from 'node:child_process';
import { expect } from 'vitest';
import { between, counterProblems, describeSamples, runLoad } from './load.js';
import type { Sample } from './load.js';
import type { PrivateServer } from './private-server.js';

/**
 * One outage under load: clients run /counter/-style traffic while a private server is killed
 * (or frozen) and brought back. The times are Date.now() values, for between().
 */
export interface Outage {
  readonly samples: Sample[];
  /** When the fault began (kill or freeze sent). */
  readonly downAt: number;
  /** When the server was back: restarted and answering, or thawed. */
  readonly upAt: number;
}

export interface OutagePlan {
  /** 'kill': SIGKILL, then a restart on the same port and data; 'freeze': SIGSTOP, then SIGCONT. */
  readonly fault: 'kill' | 'freeze';
  /** Load before the fault, so every client has a stored session (default 1500 ms). */
  readonly warmMs?: number;
  /** How long the server stays down (default 2000 ms). */
  readonly downMs?: number;
  /** Load after the server is back (default 3000 ms). */
  readonly afterMs?: number;
  readonly clients?: number;
}

/** Runs the load across one fault of `server`; resolves when the load has ended. */
export async function outageUnderLoad(server: PrivateServer, url: string, plan: OutagePlan): Promise<Outage> {
  const { fault, warmMs = 1500, downMs = 2000, afterMs = 3000, clients = 4 } = plan;
  const started = Date.now();
  // Restarting takes a moment (crash recovery): the load runs on until afterMs past the restart.
  let upAt = Infinity;
  const load = runLoad({ url, clients, durationMs: 60_000, until: () => Date.now() > upAt + afterMs });
  await sleep(warmMs);
  const downAt = Date.now();
  if (fault === 'kill') await server.kill();
  else server.freeze();
  await sleep(Math.max(0, downAt + downMs - Date.now()));
  if (fault === 'kill') await server.start();
  else server.thaw();
  upAt = Date.now();
  const samples = await load;
  expect(samples.length, `the load made requests (${Date.now() - started} ms)`).toBeGreaterThan(0);
  return { samples, downAt, upAt };
}

export interface OutageExpectations {
  /** The longest any answer may take, in ms (the connect/query timeouts plus a margin). */
  readonly boundMs: number;
  /** How soon after the server is back every request succeeds again, in ms (default 2000). */
  readonly recoverMs?: number;
  /**
   * The session engine reads an unreachable store as "no session" and starts a new one (the
   * cache engine, as in Django): a client may get count 1 again from a request that overlapped
   * the outage. Such a request may also succeed late instead of failing.
   */
  readonly sessionsMayRestart?: boolean;
}

/**
 * The promises: the process stays up; every request gets an answer, within the bound;
 * the outage was real (some requests failed while the server was down) and answered 500, not a
 * hang; once the server is back, requests succeed again within recoverMs; no session is lost or
 * corrupted.
 */
export function expectSurvived(demo: ChildProcess, outage: Outage, expectations: OutageExpectations): void {
  const { samples, downAt, upAt } = outage;
  const { boundMs, recoverMs = 2000, sessionsMayRestart = false } = expectations;
  const summary = describeSamples(samples);
  expect(demo.exitCode, `the demo process exited: ${summary}`).toBeNull();
  expect(demo.signalCode).toBeNull();
  expect(samples.filter((s) => s.status === 0), `requests with no answer: ${summary}`).toEqual([]);
  const slow = samples.filter((s) => s.ms > boundMs);
  expect(slow.map((s) => `${s.ms} ms → ${s.status}`), `answers slower than ${boundMs} ms: ${summary}`).toEqual([]);
  // Requests that were still waiting for their answer once the fault had begun.
  const during = samples.filter((s) => s.startedAt + s.ms > downAt + 100 && s.startedAt < upAt);
  // The fault was felt: a request failed, or (for an engine that starts a new session) waited.
  const felt = during.some((s) => s.status === 500 || (sessionsMayRestart && s.ms > 1000));
  expect(felt, `no request failed while the server was down: ${describeSamples(during)}`).toBe(true);
  expect(during.filter((s) => s.status !== 500 && s.status !== 200).map((s) => s.status), 'failures are 500 pages').toEqual([]);
  const after = between(samples, upAt + recoverMs);
  expect(after.length, `requests after the recovery: ${summary}`).toBeGreaterThan(0);
  expect(after.filter((s) => s.status !== 200).map((s) => `${s.status} at +${s.startedAt - upAt} ms: ${s.body.slice(0, 120)}`), 'after the recovery').toEqual([]);
  const overlapped = (s: Sample): boolean => sessionsMayRestart && s.startedAt < upAt + recoverMs && s.startedAt + s.ms > downAt;
  expect(counterProblems(samples, { restartAllowed: overlapped })).toEqual([]);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
