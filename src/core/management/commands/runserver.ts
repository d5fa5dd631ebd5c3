import type { Command } from 'commander';
import { ImproperlyConfigured } from '../../../conf/errors.js';
import { runChecks } from '../../../conf/checks.js';
import { Handler } from '../../handler.js';
import { serve, runWorkers, exitOnSignal } from '../../server/index.js';
import { loadSettings } from '../../../conf/load-settings.js';

/** `[addr:]port`, `addr`, `[::1]:8000` → host and port. */
export function parseAddrPort(value: string | undefined): { host: string; port: number } {
  const fallback = { host: '127.0.0.1', port: Number(process.env.PORT ?? 8000) };
  if (value === undefined || value === '') return fallback;
  const match = /^(?:(\[[0-9a-fA-F:.]+\]|[^:[\]]+):)?(\d+)$/.exec(value) ?? /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)()$/.exec(value);
  const port = match?.[2] === '' ? fallback.port : Number(match?.[2]);
  if (match === null || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ImproperlyConfigured(
      `"${value}" is not a valid port number or address:port pair (e.g. 8000, 0.0.0.0:8000, [::1]:8000).`,
    );
  }
  const host = (match[1] ?? fallback.host).replace(/^\[|\]$/g, '');
  return { host, port };
}

export function register(program: Command): void {
  program
    .command('runserver')
    .description('Serve the project on node:http (keep-alive, timeouts, graceful shutdown on SIGTERM)')
    .argument('[addrport]', 'port or address:port to listen on', undefined)
    .option('--workers <n>', 'worker processes (node:cluster); one core each', '1')
    .action(async (addrport: string | undefined, options: { workers: string }) => {
      const { host, port } = parseAddrPort(addrport);
      const workers = Number(options.workers);
      if (!Number.isInteger(workers) || workers < 1) {
        throw new ImproperlyConfigured(`--workers must be a whole number ≥ 1, not ${options.workers}.`);
      }
      const settingsPath = program.opts<{ settings?: string }>().settings;
      await runWorkers(workers, async () => {
        await loadSettings(settingsPath);
        await runChecks();
        const running = await serve(new Handler(), { host, port });
        console.log(`Canter serving on ${running.url} (pid ${process.pid}); Ctrl-C to stop.`);
        exitOnSignal(running.close);
      });
    });
}
