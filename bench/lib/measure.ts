import { resolve } from 'node:path';
import { cpuSeconds } from './cpu-usage.js';
import type { LoadGenerator, LoadResult } from './load.js';
import { startServer } from './server-process.js';
import { verifyHello } from './verify.js';

export interface MeasureSettings {
  serverCpu: number | null;
  warmup: number;
  duration: number;
  connections: number;
}

/** Runs one measurement and sets its serverCpu: the CPU-seconds per second process `pid` used meanwhile (left unset without /proc). */
export async function withServerCpu<R extends LoadResult>(pid: number | undefined, measure: () => Promise<R>): Promise<R> {
  const cpuBefore = cpuSeconds(pid);
  const started = performance.now();
  const result = await measure();
  const cpuAfter = cpuSeconds(pid);
  if (cpuBefore !== undefined && cpuAfter !== undefined) result.serverCpu = (cpuAfter - cpuBefore) / ((performance.now() - started) / 1000);
  return result;
}

/** `node --cpu-prof` flags writing `<dir>/<name>.cpuprofile`; none when `dir` is undefined. */
export function cpuProfArgs(dir: string | undefined, name: string): string[] {
  return dir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', resolve(dir), '--cpu-prof-name', `${name}.cpuprofile`];
}

/**
 * One server, one round: start it pinned, check its answer (a wrong one throws and posts no
 * number), warm it up, measure, stop it. The server is always stopped, even on failure.
 */
export async function measureOnce(entry: string, loader: LoadGenerator, settings: MeasureSettings): Promise<LoadResult> {
  const server = await startServer(entry, settings.serverCpu);
  try {
    await verifyHello(server.url);
    if (settings.warmup > 0) await loader.measure(server.url, settings.warmup, settings.connections);
    return await withServerCpu(server.pid, () => loader.measure(server.url, settings.duration, settings.connections));
  } finally {
    await server.stop();
  }
}
