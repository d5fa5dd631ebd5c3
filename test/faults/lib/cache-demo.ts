import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemo } from '../../lib/demo-process.js';
import type { PrivateServer } from './private-server.js';

/** The demo with its sessions on a private cache server, and an SQLite file of its own for the rest. */
export interface CacheDemo {
  readonly child: ChildProcess;
  readonly base: string;
  /** Everything the demo printed so far (its logged 500s, say). */
  output(): string;
  /** Stops the demo and removes its SQLite file. */
  stop(): void;
}

/**
 * Starts the demo with SESSION_ENGINE `engine` on the cache `server` (CACHE_URL), its database an
 * SQLite file in a scratch directory.
 *
 * @example
 * const demo = await startCacheDemo(await startRedis(), 'cache');
 */
export async function startCacheDemo(server: PrivateServer, engine: 'cache' | 'cached_db'): Promise<CacheDemo> {
  const scratch = mkdtempSync(join(tmpdir(), `canter-faults-${server.kind}-`));
  const { child, base } = await startDemo({
    SESSION_ENGINE: engine,
    CACHE_URL: server.url,
    DATABASE_URL: `sqlite:///${join(scratch, 'demo.sqlite3')}`,
    SECRET_KEY: `canter-faults-${server.kind}-${engine}`,
  });
  let printed = '';
  child.stderr?.on('data', (data: Buffer) => (printed += data.toString()));
  child.stdout?.on('data', (data: Buffer) => (printed += data.toString()));
  return {
    child,
    base,
    output: () => printed,
    stop() {
      child.kill();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
