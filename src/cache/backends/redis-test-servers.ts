/**
 * Test-only: private redis-server processes on free ports, for fault tests (stop, kill,
 * restart) and a Redis Cluster of several masters. Never imported by the framework itself.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

// Servers a test forgot to stop die with the test process rather than outlive it.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Why private redis-server processes cannot run here (binaries missing), or undefined when they can. */
export function redisBinariesMissing(): string | undefined {
  for (const binary of ['redis-server', 'redis-cli']) {
    const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
    if (probe.error !== undefined || probe.status !== 0) return `${binary} is not installed (${probe.error?.message ?? probe.stderr.trim()})`;
  }
  return undefined;
}

/** A private redis-server: on 127.0.0.1:port and on a unix socket, in its own temp directory. */
export class TestRedisServer {
  readonly port: number;
  readonly dir: string;
  readonly socketPath: string;
  readonly #args: string[];
  #child: ChildProcess | undefined;

  private constructor(port: number, cluster: boolean) {
    this.port = port;
    this.dir = mkdtempSync(join(tmpdir(), 'canter-redis-'));
    this.socketPath = join(this.dir, 'redis.sock');
    this.#args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir,
      '--unixsocket', this.socketPath, '--unixsocketperm', '700', '--logfile', '', '--repl-diskless-sync-delay', '0'];
    if (cluster) this.#args.push('--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '5000');
  }

  /**
   * Starts a server on a free port (whose cluster-bus port, port + 10000, is free too).
   *
   * @example
   * const server = await TestRedisServer.start();
   * try { use(server.url) } finally { await server.stop(); }
   */
  static async start(options: { cluster?: boolean } = {}): Promise<TestRedisServer> {
    const server = new TestRedisServer(await freePortPair(), options.cluster === true);
    await server.restart();
    return server;
  }

  /** `redis://127.0.0.1:port/db`. */
  url(db = 0): string {
    return `redis://127.0.0.1:${this.port}/${db}`;
  }

  /** Simulates a hung server: it keeps its sockets but answers nothing. */
  pause(): void {
    this.#child?.kill('SIGSTOP');
  }

  resume(): void {
    this.#child?.kill('SIGCONT');
  }

  /** Simulates a crash: SIGKILL, waiting for the process to be gone. */
  async kill(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;
    running.delete(child);
  }

  /** Starts the server again on the same port (and data directory); resolves when it accepts connections. */
  async restart(): Promise<void> {
    await this.kill();
    const child = spawn('redis-server', this.#args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child = child;
    running.add(child);
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server on port ${this.port} did not start in 10 s:\n${output}`)), 10_000);
      const done = (error?: Error): void => {
        clearTimeout(timer);
        child.stdout.removeAllListeners('data');
        if (error === undefined) resolve();
        else reject(error);
      };
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) done();
      });
      child.once('exit', (code, signal) => done(new Error(`redis-server on port ${this.port} exited (${code ?? signal}):\n${output}`)));
    });
    child.removeAllListeners('exit');
    child.stdout.resume();
    child.stderr.resume();
  }

  /** Kills the server and removes its directory. */
  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A Redis Cluster of private masters (no replicas), every slot assigned and the state ok. */
export class TestRedisCluster {
  readonly servers: readonly TestRedisServer[];

  private constructor(servers: readonly TestRedisServer[]) {
    this.servers = servers;
  }

  /**
   * @example
   * const cluster = await TestRedisCluster.start(3);
   * const LOCATION = cluster.urls(); // with OPTIONS: { CLUSTER: true }
   */
  static async start(masters = 3): Promise<TestRedisCluster> {
    const servers: TestRedisServer[] = [];
    try {
      for (let i = 0; i < masters; i++) servers.push(await TestRedisServer.start({ cluster: true }));
      const nodes = servers.map((s) => `127.0.0.1:${s.port}`);
      await run('redis-cli', ['--cluster', 'create', ...nodes, '--cluster-replicas', '0', '--cluster-yes'], { timeout: 30_000 });
      const deadline = Date.now() + 20_000;
      for (const server of servers) {
        for (;;) {
          const { stdout } = await run('redis-cli', ['-p', String(server.port), 'cluster', 'info']);
          if (stdout.includes('cluster_state:ok')) break;
          if (Date.now() > deadline) throw new Error(`Redis Cluster node ${server.port} is not ok:\n${stdout}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      return new TestRedisCluster(servers);
    } catch (error) {
      await Promise.all(servers.map((s) => s.stop()));
      throw error;
    }
  }

  /** The nodes' URLs, for LOCATION. */
  urls(): string[] {
    return this.servers.map((s) => s.url());
  }

  async stop(): Promise<void> {
    await Promise.all(this.servers.map((s) => s.stop()));
  }
}

/** A free TCP port p on 127.0.0.1 with p + 10000 free too (Redis Cluster's bus port). */
async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await listenOnce(0);
    if (port <= 55_535 && (await listenOnce(port + 10_000).then(() => true, () => false))) return port;
  }
  throw new Error('No free pair of ports (p, p + 10000) for redis-server.');
}

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : port));
    });
  });
}
