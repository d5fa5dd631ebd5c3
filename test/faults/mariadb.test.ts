import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../src/db/connections/backends/index.js';
import { resolveDatabase } from '../../src/db/connections/config.js';
import { Connection } from '../../src/db/connections/wrapper.js';
import { startDemo } from '../lib/demo-process.js';
import { request } from './lib/load.js';
import { expectSurvived, outageUnderLoad, sleep } from './lib/outage.js';
import { privateServerSkip, startMariadb } from './lib/private-server.js';
import type { PrivateServer } from './lib/private-server.js';

/**
 * Issue 11 on MariaDB: the demo on a private server whose connections are KILLed, which is
 * killed and restarted, and frozen, while clients keep their sessions busy. The timeouts are
 * short so the test is: CONNECT_TIMEOUT=2, QUERY_TIMEOUT=2 (seconds).
 */

const skip = privateServerSkip('mariadb');
const LIMITS = 'CONNECT_TIMEOUT=2&QUERY_TIMEOUT=2';

describe.skipIf(skip !== undefined)(`MariaDB going away under the demo${skip === undefined ? '' : ` (skipped: ${skip})`}`, () => {
  let server: PrivateServer;
  const demos: ChildProcess[] = [];

  beforeAll(async () => {
    server = await startMariadb();
  }, 60_000);
  afterAll(async () => {
    for (const child of demos) child.kill();
    await server?.destroy();
  });

  async function demo(env: Record<string, string>): Promise<{ child: ChildProcess; base: string }> {
    const started = await startDemo({ DATABASE_URL: `${server.url}?${LIMITS}`, SECRET_KEY: 'canter-faults-mariadb', ...env });
    demos.push(started.child);
    return started;
  }

  // One demo with db sessions serves the first three tests (starting one takes seconds).
  let dbDemo: Promise<{ child: ChildProcess; base: string }> | undefined;
  const withDbSessions = () => (dbDemo ??= demo({ SESSION_ENGINE: 'db' }));

  it('survives KILL of its connections (as pg_terminate_backend on PostgreSQL) and the next request gets a fresh one', async () => {
    const { child, base } = await withDbSessions();
    const jar = new Map<string, string>();
    expect((await request(0, `${base}/counter/`, jar)).body).toBe('1');
    const admin = new Connection(resolveDatabase('admin', { URL: server.url }), BACKENDS.mysql);
    try {
      const { rows } = await admin.execute("SELECT id FROM information_schema.processlist WHERE db = 'test' AND id <> CONNECTION_ID()");
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) await admin.execute(`KILL ${Number(row.id)}`);
    } finally {
      await admin.close();
    }
    await sleep(500);
    expect(child.exitCode).toBeNull();
    const next = await request(0, `${base}/counter/`, jar);
    expect([next.status, next.body]).toEqual([200, '2']);
  }, 40_000);

  it('db sessions: killed and restarted under load — answers within CONNECT_TIMEOUT, back within 2 s, no session lost', async () => {
    const { child, base } = await withDbSessions();
    const outage = await outageUnderLoad(server, `${base}/counter/`, { fault: 'kill' });
    expectSurvived(child, outage, { boundMs: 2000 + 1000 });
  }, 40_000);

  it('db sessions: frozen (SIGSTOP) under load — answers within CONNECT_TIMEOUT + QUERY_TIMEOUT, back within 2 s of SIGCONT', async () => {
    const { child, base } = await withDbSessions();
    const outage = await outageUnderLoad(server, `${base}/counter/`, { fault: 'freeze', downMs: 3000 });
    expectSurvived(child, outage, { boundMs: 2000 + 2000 + 1000 });
  }, 40_000);

  it("cached_db sessions (the database side): killed and restarted under load — the cache never hides a failed write", async () => {
    const { child, base } = await demo({ SESSION_ENGINE: 'cached_db' });
    const outage = await outageUnderLoad(server, `${base}/counter/`, { fault: 'kill' });
    expectSurvived(child, outage, { boundMs: 2000 + 1000 });
  }, 40_000);
});
