import { createConnection } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { privateServerSkip, startMemcached, startMariadb, startPostgres, startRedis } from './lib/private-server.js';
import type { PrivateServer, PrivateServerKind } from './lib/private-server.js';

/** The harness the fault tests stand on: each private server starts, dies, freezes and comes back. */

const starters: Record<PrivateServerKind, () => Promise<PrivateServer>> = {
  postgresql: startPostgres,
  mariadb: startMariadb,
  redis: startRedis,
  memcached: startMemcached,
};

/** Whether a connection to the port is accepted within the time. */
function accepts(port: number, ms = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.setTimeout(ms, () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', () => resolve(false));
  });
}

for (const [kind, start] of Object.entries(starters) as [PrivateServerKind, () => Promise<PrivateServer>][]) {
  const skip = privateServerSkip(kind);
  describe.skipIf(skip !== undefined)(`private ${kind} server${skip === undefined ? '' : ` (skipped: ${skip})`}`, () => {
    let server: PrivateServer | undefined;
    afterAll(() => server?.destroy());

    it('starts on a free port of its own, is killed, and restarts on the same port', async () => {
      server = await start();
      expect(server.port).not.toBe({ postgresql: 5432, mariadb: 3306, redis: 6379, memcached: 11211 }[kind]);
      expect(server.url).toContain(`127.0.0.1:${server.port}`);
      expect(await accepts(server.port)).toBe(true);
      await server.kill();
      expect(server.running).toBe(false);
      expect(await accepts(server.port)).toBe(false);
      await server.start();
      expect(await accepts(server.port)).toBe(true);
    }, 60_000);

    it('freezes (connections hang) and thaws', async () => {
      if (server === undefined) throw new Error('the first test did not start the server');
      await server.start().catch(() => undefined);
      server.freeze();
      // The kernel still accepts connections on a frozen server's listening socket: the server
      // just never answers. The harness's own readiness probe must therefore time out.
      const probe = server.ping().then(() => 'answered', () => 'failed');
      const result = await Promise.race([probe, new Promise((resolve) => setTimeout(() => resolve('silent'), 700))]);
      expect(result).not.toBe('answered');
      server.thaw();
      await server.ping();
      await probe;
    }, 60_000);
  });
}
