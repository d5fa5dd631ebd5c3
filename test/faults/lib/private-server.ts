/**
 * Private servers for the fault tests: a PostgreSQL cluster made with initdb, a MariaDB datadir,
 * a redis-server and a memcached, each on a free port in a temp directory of its own, so a test
 * can kill, freeze and restart it without touching the machine's shared services.
 *
 * Each server runs as the leader of its own process group: kill/freeze/thaw signal the whole
 * group (PostgreSQL's backends and MariaDB's threads go down or freeze with their server, as
 * on a real host failure), and a server a test forgot is killed when the test process exits.
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../lib/demo-process.js';

export type PrivateServerKind = 'postgresql' | 'mariadb' | 'redis' | 'memcached';

export interface PrivateServer {
  readonly kind: PrivateServerKind;
  readonly port: number;
  /** A URL Canter's settings take: postgres://postgres@127.0.0.1:port/test, mysql://root@…/test, redis://…/0, memcached://…. */
  readonly url: string;
  /** The server's own directory (data, socket, log). */
  readonly dir: string;
  /** Whether the server process is running (frozen counts as running). */
  readonly running: boolean;
  /** (Re)starts it on the same port and data; resolves once it answers a real request. */
  start(): Promise<void>;
  /** SIGKILL to the whole process group; resolves once the server has exited. */
  kill(): Promise<void>;
  /** A clean shutdown (SIGINT for PostgreSQL's fast shutdown, SIGTERM for the others). */
  stop(): Promise<void>;
  /** SIGSTOP to the group: sockets stay open, nothing answers. */
  freeze(): void;
  /** SIGCONT to the group. */
  thaw(): void;
  /** Kills it and removes its directory. */
  destroy(): Promise<void>;
  /** Resolves when the server answers one real request (PING, SELECT 1, version); rejects when it cannot. */
  ping(): Promise<void>;
  /** The server's log so far (for a failing test's message). */
  log(): string;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) signalGroup(child, 'SIGKILL');
});

const isRoot = process.getuid?.() === 0;

/**
 * Why this kind of private server cannot run on this machine, or undefined when it can. Under
 * CI=true a missing binary is an error, not a reason to skip.
 *
 * @example
 * const reason = privateServerSkip('postgresql'); if (reason) ctx.skip(reason);
 */
export function privateServerSkip(kind: PrivateServerKind): string | undefined {
  const missing = missingBinaries(kind);
  if (missing === undefined) return undefined;
  const reason = `${kind} fault tests need ${missing}, which is not installed`;
  if (process.env.CI === 'true') throw new Error(`${reason}; under CI=true they are required`);
  return reason;
}

function missingBinaries(kind: PrivateServerKind): string | undefined {
  switch (kind) {
    case 'postgresql':
      return postgresBin() === undefined ? 'initdb and postgres (Debian: postgresql)' : undefined;
    case 'mariadb':
      return which('mariadb-install-db') && which('mariadbd') ? undefined : 'mariadb-install-db and mariadbd (Debian: mariadb-server)';
    case 'redis':
      return which('redis-server') ? undefined : 'redis-server (Debian: redis-server)';
    case 'memcached':
      return which('memcached') ? undefined : 'memcached (Debian: memcached)';
  }
}

function which(binary: string): string | undefined {
  for (const dir of ['/usr/sbin', '/usr/bin', '/sbin', '/bin', '/usr/local/bin', ...(process.env.PATH ?? '').split(':')]) {
    if (dir !== '' && existsSync(join(dir, binary))) return join(dir, binary);
  }
  return undefined;
}

function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
    if (versions[0] !== undefined) return join(root, versions[0], 'bin');
  }
  const initdb = which('initdb');
  return initdb === undefined ? undefined : join(initdb, '..');
}

/** A PostgreSQL cluster (initdb, trust auth, user postgres) with a database `test`. */
export async function startPostgres(): Promise<PrivateServer> {
  const bin = postgresBin();
  if (bin === undefined) throw new Error(privateServerSkip('postgresql') ?? 'initdb is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'canter-fault-pg-'));
  // initdb and postgres refuse to run as root: when we are root they run as the postgres user.
  const owner = isRoot ? userIds('postgres') : undefined;
  if (owner !== undefined) chownSync(dir, owner.uid, owner.gid);
  const data = join(dir, 'data');
  await run(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync'], owner, dir);
  const port = await freePort();
  const server = new Server('postgresql', port, `postgres://postgres@127.0.0.1:${port}/test`, dir, {
    command: join(bin, 'postgres'),
    args: ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'full_page_writes=off'],
    owner,
    stopSignal: 'SIGINT',
    ready: () => run(join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-Atc', 'SELECT 1']),
  });
  await server.start();
  await run(join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-c', 'CREATE DATABASE test']);
  return server;
}

/** A MariaDB server with its own datadir; root without a password, and a database `test`. */
export async function startMariadb(): Promise<PrivateServer> {
  const dir = mkdtempSync(join(tmpdir(), 'canter-fault-mariadb-'));
  const data = join(dir, 'data');
  await run('mariadb-install-db', ['--no-defaults', `--datadir=${data}`, `--user=${isRoot ? 'root' : (process.env.USER ?? 'root')}`, '--auth-root-authentication-method=normal', '--skip-test-db']);
  const port = await freePort();
  const client = (sql: string) => run('mariadb', ['--no-defaults', '-h', '127.0.0.1', '-P', String(port), '-u', 'root', '-e', sql]);
  const server = new Server('mariadb', port, `mysql://root@127.0.0.1:${port}/test`, dir, {
    command: which('mariadbd') ?? 'mariadbd',
    args: [
      '--no-defaults', `--datadir=${data}`, `--port=${port}`, '--bind-address=127.0.0.1', `--socket=${join(dir, 'mariadb.sock')}`,
      `--pid-file=${join(dir, 'mariadb.pid')}`, ...(isRoot ? ['--user=root'] : []), '--skip-log-bin', '--innodb-buffer-pool-size=32M',
      '--innodb-flush-log-at-trx-commit=2', '--skip-name-resolve',
    ],
    stopSignal: 'SIGTERM',
    ready: () => client('SELECT 1'),
  });
  await server.start();
  await client('CREATE DATABASE test');
  return server;
}

export interface RedisOptions {
  /** Keep an append-only file so that a killed server restarts with everything it acknowledged. */
  appendOnly?: boolean;
}

/**
 * A redis-server in its own directory. Without appendOnly it keeps nothing, except that a
 * `SAVE` command writes dump.rdb there, which a restart loads: how a test brings Redis back
 * with old data.
 */
export async function startRedis(options: RedisOptions = {}): Promise<PrivateServer> {
  const dir = mkdtempSync(join(tmpdir(), 'canter-fault-redis-'));
  const port = await freePort();
  const server = new Server('redis', port, `redis://127.0.0.1:${port}/0`, dir, {
    command: 'redis-server',
    args: ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', options.appendOnly === true ? 'yes' : 'no', '--daemonize', 'no'],
    stopSignal: 'SIGTERM',
    ready: async () => {
      const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'PING']);
      if (!stdout.includes('PONG')) throw new Error(`redis answered ${stdout.trim()}`);
    },
  });
  await server.start();
  return server;
}

/** A memcached with 16 MB of memory. */
export async function startMemcached(): Promise<PrivateServer> {
  const dir = mkdtempSync(join(tmpdir(), 'canter-fault-memcached-'));
  const port = await freePort();
  const server = new Server('memcached', port, `memcached://127.0.0.1:${port}`, dir, {
    command: which('memcached') ?? 'memcached',
    args: ['-l', '127.0.0.1', '-p', String(port), '-U', '0', '-m', '16', ...(isRoot ? ['-u', 'root'] : [])],
    stopSignal: 'SIGTERM',
    ready: () => memcachedVersion(port),
  });
  await server.start();
  return server;
}

interface Launch {
  command: string;
  args: string[];
  owner?: { uid: number; gid: number } | undefined;
  stopSignal: NodeJS.Signals;
  /** Resolves when the server answers a real request; rejects while it cannot. */
  ready(): Promise<unknown>;
}

class Server implements PrivateServer {
  #child: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();
  #log = '';

  constructor(
    readonly kind: PrivateServerKind,
    readonly port: number,
    readonly url: string,
    readonly dir: string,
    readonly launch: Launch,
  ) {}

  get running(): boolean {
    return this.#child !== undefined;
  }

  log(): string {
    return this.#log;
  }

  async ping(): Promise<void> {
    await this.launch.ready();
  }

  async start(): Promise<void> {
    if (this.#child !== undefined) throw new Error(`the private ${this.kind} server on port ${this.port} is already running`);
    const child = spawn(this.launch.command, this.launch.args, {
      cwd: this.dir,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(this.launch.owner ?? {}),
    });
    live.add(child);
    this.#child = child;
    const append = (data: Buffer): void => {
      this.#log = (this.#log + data.toString()).slice(-20_000);
    };
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    this.#exited = new Promise((resolve) => {
      child.once('exit', () => {
        live.delete(child);
        if (this.#child === child) this.#child = undefined;
        resolve();
      });
    });
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (this.#child !== child) throw new Error(`the private ${this.kind} server exited while starting:\n${this.#log}`);
      try {
        await this.launch.ready();
        return;
      } catch (error) {
        if (Date.now() > deadline) {
          await this.kill();
          throw new Error(`the private ${this.kind} server did not answer within 30 s (${(error as Error).message}):\n${this.#log}`);
        }
        await sleep(50);
      }
    }
  }

  async kill(): Promise<void> {
    const child = this.#child;
    if (child === undefined) return;
    signalGroup(child, 'SIGKILL');
    await this.#exited;
    // PostgreSQL's backends are in the group too; wait until the port is free for a restart.
    await sleep(50);
  }

  async stop(): Promise<void> {
    const child = this.#child;
    if (child === undefined) return;
    signalGroup(child, 'SIGCONT');
    child.kill(this.launch.stopSignal);
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 20_000);
    await this.#exited;
    clearTimeout(timer);
  }

  freeze(): void {
    if (this.#child !== undefined) signalGroup(this.#child, 'SIGSTOP');
  }

  thaw(): void {
    if (this.#child !== undefined) signalGroup(this.#child, 'SIGCONT');
  }

  async destroy(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
  // PostgreSQL's backends call setsid() and leave the postmaster's group: without this a frozen
  // server's open connections would go on answering. They are the postmaster's direct children.
  for (const pid of childrenOf(child.pid)) {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function userIds(name: string): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

function run(command: string, args: string[], owner?: { uid: number; gid: number }, cwd?: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { encoding: 'utf8', timeout: 60_000, ...(owner ?? {}), ...(cwd === undefined ? {} : { cwd }) }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} failed: ${stderr.trim() || error.message}`));
      else resolve({ stdout, stderr });
    });
  });
}

async function memcachedVersion(port: number): Promise<void> {
  const { createConnection } = await import('node:net');
  await new Promise<void>((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => socket.write('version\r\n'));
    socket.setTimeout(1000, () => socket.destroy(new Error('no answer')));
    socket.on('data', (data) => {
      socket.destroy();
      if (data.toString().startsWith('VERSION')) resolve();
      else reject(new Error(`memcached answered ${data.toString().trim()}`));
    });
    socket.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
