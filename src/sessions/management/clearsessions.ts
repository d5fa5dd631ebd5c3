import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { getSettings } from '../../conf/settings/index.js';
import { setUp, tearDown } from '../../db/management/setup.js';
import { caches } from '../../cache/registry.js';
import { sessionEngine } from '../engines.js';

/** `canter clearsessions`: Django's clearsessions, with a progress bar on large stores. */
export function register(program: Command): void {
  program
    .command('clearsessions')
    .description('Remove expired sessions from the SESSION_ENGINE store (run it from cron)')
    .option('--batch-size <n>', 'sessions deleted per statement', (v) => Number.parseInt(v, 10), 1000)
    .action(async (options: { batchSize: number }) => {
      await setUp(program);
      try {
        const engine = sessionEngine(getSettings().SESSION_ENGINE);
        const bar = process.stdout.isTTY
          ? new SingleBar({ format: '  {bar} {value}/{total} sessions', hideCursor: true, clearOnComplete: true })
          : undefined;
        let started = false;
        const removed = await engine.clearExpired({
          batchSize: options.batchSize,
          onProgress: (done, total) => {
            if (bar === undefined || total < options.batchSize) return;
            if (!started) bar.start(total, 0);
            started = true;
            bar.update(done);
          },
        });
        if (started) bar?.stop();
        console.log(removed === null
          ? `The ${engine.name} store expires sessions itself: nothing to clear.`
          : `Removed ${removed} expired session(s).`);
      } finally {
        await caches.closeAll();
        await tearDown();
      }
    });
}
