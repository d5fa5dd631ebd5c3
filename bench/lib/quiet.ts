import { loadAverage } from './cpu-usage.js';

/** What waitForQuiet saw: the load average it started from, the one it ended at, and how long it waited. */
export interface QuietWait {
  before: number | undefined;
  after: number | undefined;
  waitedSeconds: number;
}

/**
 * Waits until the 1-minute load average is below `threshold`, checking every 5 s, for at most
 * `maxSeconds` (0: do not wait). On a shared 2-core machine other work steals the server's or the
 * load generator's core; starting in a quiet moment makes the numbers steadier. Off Linux (no load
 * average) it returns at once.
 */
export async function waitForQuiet(threshold: number, maxSeconds: number, log: (line: string) => void): Promise<QuietWait> {
  const before = loadAverage();
  let now = before;
  const started = performance.now();
  const waited = (): number => (performance.now() - started) / 1000;
  if (now !== undefined && now >= threshold && maxSeconds > 0) {
    log(`load average ${now} ≥ ${threshold}: waiting up to ${maxSeconds} s for a quiet moment`);
    while (now !== undefined && now >= threshold && waited() < maxSeconds) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, Math.max(0, maxSeconds - waited()) * 1000)));
      now = loadAverage();
    }
    log(now !== undefined && now < threshold ? `load average ${now} after ${Math.round(waited())} s: starting` : `load average still ${now} after ${Math.round(waited())} s: starting anyway (watch the server CPU column)`);
  }
  return { before, after: now, waitedSeconds: Math.round(waited()) };
}
