import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createConnection, createServer } from 'node:net';

/** Starting the demo (`npm start`'s program) as a child process, for tests that need it over HTTP. */

const root = new URL('../..', import.meta.url).pathname;

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Whether something listens on 127.0.0.1:port. */
export function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/** Skips the test (or fails it under CI=true) when a server it needs is not listening. */
export async function requireServer(label: string, port: number | undefined, context: { skip(note?: string): void }): Promise<void> {
  if (port === undefined || (await reachable(port))) return;
  if (process.env.CI === 'true') throw new Error(`${label} on 127.0.0.1:${port} is unreachable; under CI=true it is required`);
  context.skip(`${label} on 127.0.0.1:${port} is unreachable`);
}

/** Starts the demo with these environment variables on a free port; resolves once it listens. */
export async function startDemo(env: Record<string, string>): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'examples/demo/main.ts'], {
    cwd: root,
    env: { ...process.env, QUIET: '1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (data: Buffer): void => {
      output += data.toString();
      if (output.includes('Canter demo on')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`the demo exited with ${code}: ${output}`)));
    setTimeout(() => reject(new Error(`the demo did not start: ${output}`)), 30_000);
  });
  return { child, base: `http://127.0.0.1:${port}` };
}
