import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCacheDemo } from './lib/cache-demo.js';
import type { CacheDemo } from './lib/cache-demo.js';
import { between, counterProblems, describeSamples } from './lib/load.js';
import { expectSurvived, outageUnderLoad } from './lib/outage.js';
import { privateServerSkip, startMemcached } from './lib/private-server.js';
import type { PrivateServer } from './lib/private-server.js';

/**
 * Issue 11 on memcached: the demo keeps its sessions in a private memcached (SESSION_ENGINE=cache,
 * CACHE_URL=memcached://…; our own connection over memjs) that is frozen and killed and restarted
 * while clients count on /counter/. Defaults: SOCKET_TIMEOUT = 1 s, SOCKET_CONNECT_TIMEOUT = 1 s
 * (a call on a new connection may wait for both), the breaker's 0.5 s after a failure. memcached
 * keeps nothing across a restart, so after a kill every client starts a new session, once.
 */

const skip = privateServerSkip('memcached');

describe.skipIf(skip !== undefined)(`memcached going away under the demo${skip === undefined ? '' : ` (skipped: ${skip})`}`, () => {
  let server: PrivateServer;
  let demo: CacheDemo;

  beforeAll(async () => {
    server = await startMemcached();
    demo = await startCacheDemo(server, 'cache');
  }, 60_000);

  afterAll(async () => {
    demo?.stop();
    await server?.destroy();
  });

  it('frozen (SIGSTOP) under load: 500s within the timeouts while frozen, 200s within 2 s of SIGCONT, no count lost or stepped back', async () => {
    const outage = await outageUnderLoad(server, `${demo.base}/counter/`, { fault: 'freeze', downMs: 3000 });
    expectSurvived(demo.child, outage, { boundMs: 1000 + 1000 + 500 });
    expect(counterProblems(outage.samples)).toEqual([]);
    const frozen = between(outage.samples, outage.downAt + 2200, outage.upAt);
    expect(frozen.filter((s) => s.ms < 100).length, describeSamples(frozen)).toBeGreaterThan(frozen.length / 2);
  }, 40_000);

  it('killed and restarted under load: 500s at once while down, 200s within 2 s of the restart; each client starts one new session (memcached kept nothing)', async () => {
    const downMs = 2000;
    const outage = await outageUnderLoad(server, `${demo.base}/counter/`, { fault: 'kill', downMs });
    const { samples, upAt } = outage;
    // The one place a count may fall back to 1: the first answer after the restart.
    const fresh = new Set<number>();
    const problems = counterProblems(samples, { restartAllowed: (s) => {
      if (s.startedAt < upAt - 1000 || fresh.has(s.client)) return false;
      fresh.add(s.client);
      return true;
    } });
    expect(problems).toEqual([]);
    expect(fresh.size, describeSamples(samples)).toBe(new Set(samples.map((s) => s.client)).size);
    expect(demo.child.exitCode).toBeNull();
    expect(samples.filter((s) => s.status === 0)).toEqual([]);
    expect(samples.filter((s) => s.ms > 500).map((s) => s.ms), 'refused connections fail at once').toEqual([]);
    // Until the restart began (upAt is when it answered: requests may succeed just before).
    const down = between(samples, outage.downAt + 100, outage.downAt + downMs).filter((s) => s.startedAt + s.ms < outage.downAt + downMs);
    expect(down.filter((s) => s.status !== 500).map((s) => s.status), describeSamples(down)).toEqual([]);
    expect(down.length).toBeGreaterThan(0);
    expect(between(samples, upAt + 2000).filter((s) => s.status !== 200).map((s) => s.status)).toEqual([]);
  }, 40_000);

  it('logged every failed request on canter.request with the typed error, and nothing went unhandled', () => {
    expect(demo.output()).toContain('[ERROR] canter.request: Internal Server Error: /counter/');
    expect(demo.output()).toMatch(/CacheUnavailable: Cache 'default': memcached server 127\.0\.0\.1:\d+ /);
    expect(demo.output()).not.toMatch(/Unhandled|uncaught|ERR_UNHANDLED/i);
    expect(demo.child.exitCode).toBeNull();
  });
});
