import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { afterAll, expect, it } from 'vitest';
import { describeDatabases } from '../../testing/databases.js';
import { OperationalError } from '../errors.js';
import { atomic, onCommit } from '../transaction.js';
import { BACKENDS } from './backends/index.js';
import { resolveDatabase } from './config.js';
import { connections } from './registry.js';
import { Connection } from './wrapper.js';

/**
 * What happens when the server drops, refuses or ignores a connection, against the real servers
 * (the shared ones: only connections this file opened are terminated).
 */

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long a promise takes to settle, and how. */
async function timed(work: Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const started = Date.now();
  const error = await work.then(() => undefined, (failure: unknown) => failure);
  return { ms: Date.now() - started, error };
}

/** A server that accepts connections and never says a word, like one that is frozen. */
async function silentServer(): Promise<{ server: Server; port: number }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  server.on('close', () => sockets.forEach((s) => s.destroy()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server: Object.assign(server, { closeAll: () => sockets.forEach((s) => s.destroy()) }), port: (server.address() as { port: number }).port };
}

await describeDatabases(
  'connection loss',
  ({ vendor, connection }) => {
    const opened: Connection[] = [];
    afterAll(() => Promise.all(opened.map((c) => c.close())));

    /** A connection of its own on the suite's database, with these OPTIONS added. */
    function open(options: Record<string, unknown> = {}): Connection {
      const settings = connection().settings;
      const c = new Connection(resolveDatabase('loss', { ...settings, OPTIONS: { ...(settings.OPTIONS ?? {}), ...options } }), BACKENDS[vendor]);
      opened.push(c);
      return c;
    }

    const pidSql = vendor === 'postgresql' ? 'SELECT pg_backend_pid() AS pid' : 'SELECT CONNECTION_ID() AS pid';
    const sleepSql = vendor === 'postgresql' ? 'SELECT pg_sleep(?) AS slept' : 'SELECT SLEEP(?) AS slept';
    const pidOf = async (c: Connection) => Number((await c.execute(pidSql)).rows[0]?.pid);
    const killer = () => open();
    /** pg_terminate_backend / KILL from another connection: what an admin, a failover or a reaper does. */
    async function terminate(pid: number): Promise<void> {
      const admin = killer();
      if (vendor === 'postgresql') await admin.execute('SELECT pg_terminate_backend(?)', [pid]);
      else await admin.execute(`KILL ${pid}`);
    }

    it('a pooled connection killed while idle leaves the pool; the process lives and the next query gets a fresh one', async () => {
      const c = open();
      const before = await pidOf(c);
      await terminate(before);
      // The driver sees the socket close and emits 'error' on the idle connection: with no
      // listener that event would end the process (issue 11's crash).
      await pause(300);
      const after = await pidOf(c);
      expect(after).not.toBe(before);
    });

    it("an idle connection closed by the server's reaper (idle_session_timeout, wait_timeout) is replaced unnoticed", async () => {
      const existing = String(connection().settings.OPTIONS?.options ?? '');
      // PostgreSQL ≥ 14 ends sessions idle longer than idle_session_timeout; MariaDB after wait_timeout seconds.
      const c = open(vendor === 'postgresql' ? { options: `${existing} -c idle_session_timeout=300` } : {});
      if (vendor === 'mysql') await c.execute('SET SESSION wait_timeout = 1');
      const before = await pidOf(c);
      await pause(vendor === 'postgresql' ? 700 : 1600);
      expect(await pidOf(c)).not.toBe(before);
    });

    it('a statement in flight on a killed connection fails with OperationalError; the pool recovers', async () => {
      const c = open();
      const pid = await pidOf(c);
      const sleeping = timed(c.execute(sleepSql, [5]));
      await pause(200);
      await terminate(pid);
      const { ms, error } = await sleeping;
      expect(error).toBeInstanceOf(OperationalError);
      expect(ms).toBeLessThan(3000);
      expect(await pidOf(c)).not.toBe(pid);
    });

    it('a transaction cut by the drop: atomic() rethrows OperationalError, onCommit callbacks never run, the next one works', async () => {
      const c = connection();
      const committed: string[] = [];
      const failed = atomic(async () => {
        const pid = await pidOf(c);
        await onCommit(() => committed.push('first'));
        await terminate(pid);
        await pause(300);
        await c.execute('SELECT 1 AS one');
      });
      await expect(failed).rejects.toBeInstanceOf(OperationalError);
      expect(committed).toEqual([]);
      await atomic(async () => {
        await c.execute('SELECT 1 AS one');
        await onCommit(() => committed.push('second'));
      });
      expect(committed).toEqual(['second']);
      expect(connections.get()).toBe(c);
    });

    it('QUERY_TIMEOUT ends a statement the server does not answer in time and closes its connection', async () => {
      const c = open({ QUERY_TIMEOUT: 0.3 });
      const pid = await pidOf(c);
      const { ms, error } = await timed(c.execute(sleepSql, [3]));
      expect(error).toBeInstanceOf(OperationalError);
      expect((error as Error).message).toContain('QUERY_TIMEOUT (0.3 s)');
      expect(ms).toBeGreaterThanOrEqual(250);
      expect(ms).toBeLessThan(1500);
      expect(await pidOf(c)).not.toBe(pid);
    });

    it('waiting for a connection of a busy pool is bounded by CONNECT_TIMEOUT; the late connection is not lost', async () => {
      const c = open({ CONNECT_TIMEOUT: 0.2, ...(vendor === 'postgresql' ? { max: 1 } : { connectionLimit: 1 }) });
      await pidOf(c);
      const busy = timed(c.execute(sleepSql, [1]));
      const { ms, error } = await timed(c.execute('SELECT 1 AS one'));
      expect(error).toBeInstanceOf(OperationalError);
      expect((error as Error).message).toContain('within CONNECT_TIMEOUT (0.2 s)');
      expect(ms).toBeLessThan(900);
      expect((await busy).error).toBeUndefined();
      // The pool's only connection came back after the waiter gave up; it still serves.
      expect((await c.execute('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    });

    it('a server that refuses connections fails the query at once with OperationalError', async () => {
      const { server, port } = await silentServer();
      await new Promise((resolve) => server.close(resolve));
      const c = open({ CONNECT_TIMEOUT: 3 });
      const refused = new Connection(resolveDatabase('refused', { ...c.settings, HOST: '127.0.0.1', PORT: port }), BACKENDS[vendor]);
      opened.push(refused);
      const { ms, error } = await timed(refused.execute('SELECT 1 AS one'));
      expect(error).toBeInstanceOf(OperationalError);
      expect(ms).toBeLessThan(1000);
    });

    it('a server that accepts but never answers fails the query within CONNECT_TIMEOUT', async () => {
      const { server, port } = await silentServer();
      try {
        const base = connection().settings;
        const silent = new Connection(
          resolveDatabase('silent', { ...base, HOST: '127.0.0.1', PORT: port, OPTIONS: { ...(base.OPTIONS ?? {}), CONNECT_TIMEOUT: 0.3 } }),
          BACKENDS[vendor],
        );
        opened.push(silent);
        const { ms, error } = await timed(silent.execute('SELECT 1 AS one'));
        expect(error).toBeInstanceOf(OperationalError);
        expect(ms).toBeGreaterThanOrEqual(250);
        expect(ms).toBeLessThan(1500);
      } finally {
        (server as Server & { closeAll(): void }).closeAll();
        server.close();
      }
    });
  },
  { vendors: ['postgresql', 'mysql'] },
);
