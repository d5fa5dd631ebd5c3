import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { pinned } from './pinning.js';

export interface RunningBenchServer {
  readonly port: number;
  readonly url: string;
  /** The server's own pid (taskset execs it in place). */
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (the OS picks it; released before the server binds it). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
  await exited;
  clearTimeout(timer);
}

/** More for startServer: flags after `--port N`, flags for node before the entry, the path of `url`. */
export interface StartOptions {
  args?: readonly string[];
  nodeArgs?: readonly string[];
  /** Default `/hello/`. */
  path?: string;
}

/**
 * Starts `node <entry> --port N` pinned to `cpu` and resolves once it prints `listening N`;
 * rejects (and kills it) if it exits first or stays silent for `timeoutMs`.
 */
export async function startServer(entry: string, cpu: number | null, timeoutMs = 15_000, options: StartOptions = {}): Promise<RunningBenchServer> {
  const port = await freePort();
  const nodeArgs = [...(options.nodeArgs ?? []), entry, '--port', String(port), ...(options.args ?? [])];
  const [command, args] = pinned(cpu, process.execPath, nodeArgs);
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer): void => {
    if (output.length < 4_000) output += chunk.toString('utf8');
  };
  child.stderr?.on('data', collect);

  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening ${port}" within ${timeoutMs} ms`)), timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      collect(chunk);
      if (output.includes(`listening ${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`exited (${signal ?? code}) before listening`));
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  try {
    await ready;
  } catch (error) {
    await stopChild(child);
    const detail = output.trim() ? `\n${output.trim()}` : '';
    throw new Error(`${(error as Error).message}${detail}`, { cause: error });
  }
  // Keep draining output so a chatty server never blocks on a full pipe.
  child.stdout?.resume();
  child.stderr?.resume();
  return { port, url: `http://127.0.0.1:${port}${options.path ?? '/hello/'}`, pid: child.pid, stop: () => stopChild(child) };
}
