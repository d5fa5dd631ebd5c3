import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Why private memcached servers cannot be spawned here (no binary), or undefined when they can.
 * Under CI=true a missing binary throws instead: CI must run every suite.
 */
export function memcachedUnavailable(binary = 'memcached'): string | undefined {
  const probe = spawnSync(binary, ['-h'], { stdio: 'ignore' });
  if (probe.error === undefined) return undefined;
  const reason = `the ${binary} binary is not installed (${probe.error.message})`;
  if (process.env.CI === 'true') throw new Error(`${reason}; under CI=true the memcached suites must run.`);
  return reason;
}

// The processes still running, killed if the test process exits without stopping them.
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

// memcached refuses to run as root without -u; the socket directory is opened up for that user.
const userArgs = (): string[] => (process.getuid?.() === 0 ? ['-u', 'nobody'] : []);

/**
 * A private memcached process for one test file: its own port (or unix socket), so the file
 * may flush it, stop it and kill it without touching the shared servers.
 *
 * @example
 * const server = await MemcachedProcess.start();
 * server.location; // '127.0.0.1:40123'
 * await server.stop();
 */
export class MemcachedProcess {
  readonly location: string;
  readonly #args: readonly string[];
  readonly #ready: () => Promise<void>;
  readonly #cleanup: () => void;
  #child: ChildProcess | undefined;

  private constructor(location: string, args: readonly string[], ready: () => Promise<void>, cleanup: () => void) {
    this.location = location;
    this.#args = args;
    this.#ready = ready;
    this.#cleanup = cleanup;
  }

  /** Starts memcached on a free TCP port of 127.0.0.1, or on a unix socket with `{ socket: true }`. */
  static async start(options: { socket?: boolean } = {}): Promise<MemcachedProcess> {
    let server: MemcachedProcess;
    if (options.socket === true) {
      const dir = mkdtempSync(join(tmpdir(), 'canter-memcached-'));
      chmodSync(dir, 0o777);
      const path = join(dir, 'memcached.sock');
      server = new MemcachedProcess(`unix:${path}`, ['-s', path], () => waitFor({ path }), () => rmSync(dir, { recursive: true, force: true }));
    } else {
      const port = await freePort();
      server = new MemcachedProcess(`127.0.0.1:${port}`, ['-l', '127.0.0.1', '-p', String(port)], () => waitFor({ port, host: '127.0.0.1' }), () => undefined);
    }
    await server.restart();
    return server;
  }

  /** Starts the process again (after kill) on the same address. */
  async restart(): Promise<void> {
    if (this.#child !== undefined) throw new Error(`memcached at ${this.location} is still running.`);
    const child = spawn('memcached', [...userArgs(), '-U', '0', '-m', '64', ...this.#args], { stdio: 'ignore' });
    this.#child = child;
    running.add(child);
    child.once('exit', () => {
      running.delete(child);
      if (this.#child === child) this.#child = undefined;
    });
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.once('exit', () => running.forEach((c) => c.kill('SIGKILL')));
    }
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`memcached for ${this.location} exited at start (code ${code}).`))),
    );
    await Promise.race([this.#ready(), exited]);
  }

  /**
   * SIGSTOP, and waits until every thread has stopped: the server hangs, connections stay open
   * and nothing answers. (Right after kill(), a worker thread can still answer a request.)
   */
  async pause(): Promise<void> {
    const pid = this.#child?.pid;
    if (pid === undefined) return;
    process.kill(pid, 'SIGSTOP');
    const deadline = Date.now() + 2000;
    let stopped = allStopped(pid);
    while (stopped === false && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      stopped = allStopped(pid);
    }
    if (stopped === undefined) await new Promise((resolve) => setTimeout(resolve, 50)); // no /proc to ask
  }

  /** SIGCONT after pause(). */
  resume(): void {
    this.#child?.kill('SIGCONT');
  }

  /** SIGKILL, and waits until the process has exited: the server is down. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (child === undefined) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGCONT');
    child.kill('SIGKILL');
    await exited;
  }

  /** Kills the process and removes its socket directory. */
  async stop(): Promise<void> {
    await this.kill();
    this.#cleanup();
  }
}

/**
 * A TCP relay in front of a server, in this process, for a fault a process signal cannot make:
 * with `hangUp` set it answers a client's request by closing the connection cleanly (a FIN, no
 * socket error) instead of passing the request on.
 *
 * @example
 * const relay = await TcpRelay.start(server.location);
 * relay.hangUp = true; // calls through relay.location now see their connection closed
 */
export class TcpRelay {
  readonly location: string;
  hangUp = false;
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();

  private constructor(server: Server, port: number) {
    this.#server = server;
    this.location = `127.0.0.1:${port}`;
  }

  /** Listens on a free port of 127.0.0.1 and relays to `target` (`host:port`). */
  static async start(target: string): Promise<TcpRelay> {
    const [host, port] = target.split(':') as [string, string];
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
    const relay = new TcpRelay(server, (server.address() as { port: number }).port);
    server.on('connection', (client) => {
      const upstream = connect(Number(port), host);
      for (const [socket, other] of [[client, upstream], [upstream, client]] as const) {
        relay.#sockets.add(socket);
        socket.on('error', () => undefined); // the other side's close() follows
        socket.once('close', () => {
          relay.#sockets.delete(socket);
          other.destroy();
        });
      }
      client.on('data', (chunk) => {
        if (relay.hangUp) client.end();
        else upstream.write(chunk);
      });
      upstream.pipe(client);
    });
    return relay;
  }

  async stop(): Promise<void> {
    this.#sockets.forEach((socket) => socket.destroy());
    await new Promise((resolve) => this.#server.close(resolve));
  }
}

/** Whether every thread of the process is stopped (state T in /proc), or undefined where /proc cannot tell. */
function allStopped(pid: number): boolean | undefined {
  try {
    return readdirSync(`/proc/${pid}/task`).every((thread) => {
      const stat = readFileSync(`/proc/${pid}/task/${thread}/stat`, 'utf8');
      return /[tT]/.test(stat.charAt(stat.lastIndexOf(')') + 2)); // "pid (name) state …"
    });
  } catch {
    return undefined;
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('No free port.');
  return address.port;
}

/** Waits until the address accepts connections (5 s at most). */
async function waitFor(address: { port: number; host: string } | { path: string }): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(address as { port: number; host: string });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`memcached did not start listening on ${JSON.stringify(address)} within 5 s.`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
