import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCacheDemo } from './lib/cache-demo.js';
import type { CacheDemo } from './lib/cache-demo.js';
import { between, counterProblems, describeSamples } from './lib/load.js';
import { expectSurvived, outageUnderLoad } from './lib/outage.js';
import { privateServerSkip, startRedis } from './lib/private-server.js';
import type { PrivateServer } from './lib/private-server.js';

/**
 * Issue 11 on Redis: the demo keeps its sessions in a private Redis (SESSION_ENGINE=cache,
 * CACHE_URL=redis://…) that is frozen (SIGSTOP: sockets open, no answers) and killed and restarted
 * while clients count on /counter/. The cache's defaults bound every call: SOCKET_TIMEOUT = 1 s,
 * SOCKET_CONNECT_TIMEOUT = 1 s, and after a failure the breaker fails calls at once for 0.5 s, so a
 * request waits for at most one timeout. The server keeps an append-only file, so a SIGKILL loses
 * nothing it acknowledged and every session must come back whole.
 */

const skip = privateServerSkip('redis');

describe.skipIf(skip !== undefined)(`Redis going away under the demo${skip === undefined ? '' : ` (skipped: ${skip})`}`, () => {
  let server: PrivateServer;
  let demo: CacheDemo;

  beforeAll(async () => {
    server = await startRedis({ appendOnly: true });
    demo = await startCacheDemo(server, 'cache');
  }, 60_000);

  afterAll(async () => {
    demo?.stop();
    await server?.destroy();
  });

  it('frozen (SIGSTOP) under load: 500s within SOCKET_TIMEOUT while frozen, 200s within 2 s of SIGCONT, no count lost or stepped back', async () => {
    const outage = await outageUnderLoad(server, `${demo.base}/counter/`, { fault: 'freeze', downMs: 3000 });
    // One timeout (1 s) per request at most, not one per cache call: the breaker fails the rest at once.
    expectSurvived(demo.child, outage, { boundMs: 1000 + 1000 });
    expect(counterProblems(outage.samples)).toEqual([]);
    // Most requests made while frozen did not wait for a timeout at all.
    const frozen = between(outage.samples, outage.downAt + 1200, outage.upAt);
    expect(frozen.filter((s) => s.ms < 100).length, describeSamples(frozen)).toBeGreaterThan(frozen.length / 2);
  }, 40_000);

  it('killed and restarted (append-only file) under load: 500s at once while down, 200s within 2 s of the restart, every session whole', async () => {
    const outage = await outageUnderLoad(server, `${demo.base}/counter/`, { fault: 'kill', downMs: 2000 });
    // Refused connections fail at once: far below the timeouts.
    expectSurvived(demo.child, outage, { boundMs: 500 });
    expect(counterProblems(outage.samples)).toEqual([]);
  }, 40_000);

  it('logged every failed request on canter.request with the typed error, and nothing went unhandled', () => {
    expect(demo.output()).toContain('[ERROR] canter.request: Internal Server Error: /counter/');
    expect(demo.output()).toMatch(/CacheUnavailable: Cache 'default' could not \w+: Redis at redis:\/\/127\.0\.0\.1:\d+\/0: /);
    expect(demo.output()).not.toMatch(/Unhandled|uncaught|ERR_UNHANDLED/i);
    expect(demo.child.exitCode).toBeNull();
  });
});
