import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../src/db/connections/backends/index.js';
import { resolveDatabase } from '../../../src/db/connections/config.js';
import { Connection } from '../../../src/db/connections/wrapper.js';
import { startDemo } from '../../lib/demo-process.js';
import { request } from './load.js';
import { expectSurvived, outageUnderLoad, sleep } from './outage.js';
import { privateServerSkip } from './private-server.js';
import type { PrivateServer } from './private-server.js';

/** How one database server is put through issue 11's faults. */
export interface DatabaseFaults {
  /** The heading, e.g. 'PostgreSQL'. */
  readonly label: string;
  readonly kind: 'postgresql' | 'mariadb';
  readonly vendor: 'postgresql' | 'mysql';
  start(): Promise<PrivateServer>;
  /** How the server ends other sessions' connections, for the test title ("pg_terminate_backend"). */
  readonly terminateName: string;
  /** Ends every connection to the database `test` but the admin's own; resolves to how many. */
  terminateOthers(admin: Connection): Promise<number>;
}

/** The timeouts are short so the tests are: CONNECT_TIMEOUT=2, QUERY_TIMEOUT=2 (seconds). */
const LIMITS = 'CONNECT_TIMEOUT=2&QUERY_TIMEOUT=2';
const CONNECT_MS = 2000;
const QUERY_MS = 2000;
/** What a loaded 2-core machine adds to a bound before an answer counts as late. */
const SLACK_MS = 1000;

/**
 * The demo on a private database server whose connections are terminated, which is killed and
 * restarted, and frozen, while clients keep their sessions busy (db and cached_db engines).
 */
export function describeDatabaseFaults(faults: DatabaseFaults): void {
  const skip = privateServerSkip(faults.kind);
  describe.skipIf(skip !== undefined)(`${faults.label} going away under the demo${skip === undefined ? '' : ` (skipped: ${skip})`}`, () => {
    let server: PrivateServer;
    const demos: ChildProcess[] = [];

    beforeAll(async () => {
      server = await faults.start();
    }, 60_000);
    afterAll(async () => {
      for (const child of demos) child.kill();
      await server?.destroy();
    });

    async function demo(env: Record<string, string>): Promise<{ child: ChildProcess; base: string }> {
      const started = await startDemo({ DATABASE_URL: `${server.url}?${LIMITS}`, SECRET_KEY: `canter-faults-${faults.kind}`, ...env });
      demos.push(started.child);
      return started;
    }

    // One demo with db sessions serves the first three tests (starting one takes seconds).
    let dbDemo: Promise<{ child: ChildProcess; base: string }> | undefined;
    const withDbSessions = () => (dbDemo ??= demo({ SESSION_ENGINE: 'db' }));

    it(`survives ${faults.terminateName} of its connections (issue 11's crash) and the next request gets a fresh one`, async () => {
      const { child, base } = await withDbSessions();
      const jar = new Map<string, string>();
      expect((await request(0, `${base}/counter/`, jar)).body).toBe('1');
      const admin = new Connection(resolveDatabase('admin', { URL: server.url }), BACKENDS[faults.vendor]);
      try {
        expect(await faults.terminateOthers(admin)).toBeGreaterThan(0);
      } finally {
        await admin.close();
      }
      // The idle pooled connection's 'error' event arrives now; unhandled, it ended the process.
      await sleep(500);
      expect(child.exitCode).toBeNull();
      const next = await request(0, `${base}/counter/`, jar);
      expect([next.status, next.body]).toEqual([200, '2']);
    }, 40_000);

    it('db sessions: killed and restarted under load — answers within CONNECT_TIMEOUT, back within 2 s, no session lost', async () => {
      const { child, base } = await withDbSessions();
      const outage = await outageUnderLoad(server, `${base}/counter/`, { fault: 'kill' });
      expectSurvived(child, outage, { boundMs: CONNECT_MS + SLACK_MS });
    }, 40_000);

    it('db sessions: frozen (SIGSTOP) under load — answers within CONNECT_TIMEOUT + QUERY_TIMEOUT, back within 2 s of SIGCONT', async () => {
      const { child, base } = await withDbSessions();
      const outage = await outageUnderLoad(server, `${base}/counter/`, { fault: 'freeze', downMs: 3000 });
      expectSurvived(child, outage, { boundMs: CONNECT_MS + QUERY_MS + SLACK_MS });
    }, 40_000);

    it('cached_db sessions (the database side): killed and restarted under load — the cache never hides a failed write', async () => {
      const { child, base } = await demo({ SESSION_ENGINE: 'cached_db' });
      const outage = await outageUnderLoad(server, `${base}/counter/`, { fault: 'kill' });
      expectSurvived(child, outage, { boundMs: CONNECT_MS + SLACK_MS });
    }, 40_000);
  });
}
