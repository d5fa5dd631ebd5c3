import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startDemo } from '../lib/demo-process.js';
import { expectSurvived, outageUnderLoad } from './lib/outage.js';
import { privateServerSkip, startMariadb, startPostgres } from './lib/private-server.js';
import type { PrivateServer, PrivateServerKind } from './lib/private-server.js';

/**
 * Issue 11 for the database cache backend: the demo keeps its sessions in the cache
 * (SESSION_ENGINE=cache) and the cache in a table (CACHE_URL=db://…) of a private server that is
 * killed and restarted, or frozen, under /counter/ load. CONNECT_TIMEOUT=2, QUERY_TIMEOUT=2.
 */

const LIMITS = 'CONNECT_TIMEOUT=2&QUERY_TIMEOUT=2';
const servers: ReadonlyArray<readonly [PrivateServerKind, () => Promise<PrivateServer>, readonly ('kill' | 'freeze')[]]> = [
  ['postgresql', startPostgres, ['kill', 'freeze']],
  // MariaDB's freeze is the same code path as PostgreSQL's (mysql-pool.ts's deadlines); kill only, to keep the file short.
  ['mariadb', startMariadb, ['kill']],
];

for (const [kind, start, faults] of servers) {
  const skip = privateServerSkip(kind);
  describe.skipIf(skip !== undefined)(`the db cache on ${kind} going away${skip === undefined ? '' : ` (skipped: ${skip})`}`, () => {
    let server: PrivateServer;
    let demo: { child: ChildProcess; base: string } | undefined;

    beforeAll(async () => {
      server = await start();
      demo = await startDemo({
        DATABASE_URL: `${server.url}?${LIMITS}`,
        CACHE_URL: 'db://canter_fault_cache',
        SESSION_ENGINE: 'cache',
        SECRET_KEY: `canter-faults-db-cache-${kind}`,
      });
    }, 60_000);
    afterAll(async () => {
      demo?.child.kill();
      await server?.destroy();
    });

    for (const fault of faults) {
      const bound = fault === 'kill' ? 2000 + 1000 : 2000 + 2000 + 1000;
      it(`${fault === 'kill' ? 'killed and restarted' : 'frozen (SIGSTOP) and thawed'} under load: answers within ${bound} ms, back within 2 s, no session lost`, async () => {
        const { child, base } = demo!;
        const outage = await outageUnderLoad(server, `${base}/counter/`, { fault, ...(fault === 'freeze' ? { downMs: 3000 } : {}) });
        // The cache session engine never replaces a session it could not read (a 500 instead):
        // every client keeps its one session across the outage.
        expectSurvived(child, outage, { boundMs: bound });
      }, 40_000);
    }
  });
}
