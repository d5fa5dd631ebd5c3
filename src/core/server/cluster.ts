import cluster from 'node:cluster';
import { getLogger } from '../../conf/log.js';

const log = getLogger('canter.server');

/**
 * Runs `start` in N worker processes (node:cluster); the primary restarts a worker that dies and
 * passes SIGTERM/SIGINT on so every worker shuts down gracefully. In a worker, just runs `start`.
 */
export async function runWorkers(workers: number, start: () => Promise<unknown>): Promise<void> {
  if (workers <= 1 || !cluster.isPrimary) {
    await start();
    return;
  }
  let stopping = false;
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    log.warning(`worker ${worker.process.pid} died (${signal ?? code}); starting another`);
    cluster.fork();
  });
  const stop = (signal: NodeJS.Signals): void => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

/** In a worker or a single process: closes the server gracefully on SIGTERM/SIGINT, then exits. */
export function exitOnSignal(close: () => Promise<void>): void {
  const onSignal = (): void => {
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
