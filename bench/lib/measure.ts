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

/**
 * One server, one round: start it pinned, check its answer (a wrong one throws and posts no
 * number), warm it up, measure, stop it. The server is always stopped, even on failure.
 */
export async function measureOnce(entry: string, loader: LoadGenerator, settings: MeasureSettings): Promise<LoadResult> {
  const server = await startServer(entry, settings.serverCpu);
  try {
    await verifyHello(server.url);
    if (settings.warmup > 0) await loader.measure(server.url, settings.warmup, settings.connections);
    const cpuBefore = cpuSeconds(server.pid);
    const started = performance.now();
    const result = await loader.measure(server.url, settings.duration, settings.connections);
    const cpuAfter = cpuSeconds(server.pid);
    if (cpuBefore !== undefined && cpuAfter !== undefined) {
      result.serverCpu = (cpuAfter - cpuBefore) / ((performance.now() - started) / 1000);
    }
    return result;
  } finally {
    await server.stop();
  }
}
