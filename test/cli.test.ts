import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { parseAddrPort } from '../src/core/management/index.js';

const root = new URL('..', import.meta.url).pathname;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Runs the real CLI (TypeScript through tsx) and resolves once it says it is serving. */
function canter(args: string[], readyCount = 1): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: root,
    env: { ...process.env, QUIET: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (data: Buffer) => {
      output += data.toString();
      if ((output.match(/serving on/g) ?? []).length >= readyCount) resolve({ child, output: () => output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`canter exited with ${code}: ${output}`)));
    setTimeout(() => reject(new Error(`canter did not start: ${output}`)), 15_000);
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

describe('parseAddrPort', () => {
  it('reads port, address:port and IPv6', () => {
    expect(parseAddrPort('8001')).toEqual({ host: '127.0.0.1', port: 8001 });
    expect(parseAddrPort('0.0.0.0:9000')).toEqual({ host: '0.0.0.0', port: 9000 });
    expect(parseAddrPort('[::1]:9000')).toEqual({ host: '::1', port: 9000 });
  });

  it('refuses what is not a port with a message that shows the valid forms', () => {
    expect(() => parseAddrPort('abc:def')).toThrow(/not a valid port number or address:port pair/);
    expect(() => parseAddrPort('99999')).toThrow(/not a valid port/);
  });
});

describe('canter runserver', { timeout: 60_000 }, () => {
  it('serves the settings module and stops gracefully on SIGTERM, finishing the request in flight', async () => {
    const port = await freePort();
    const { child } = await canter(['--settings', 'test/fixtures/cli-settings.ts', 'runserver', `127.0.0.1:${port}`]);
    const pid = await (await fetch(`http://127.0.0.1:${port}/pid/`)).text();
    expect(Number(pid)).toBe(child.pid);
    const slow = fetch(`http://127.0.0.1:${port}/slow/`).then((r) => r.text());
    await new Promise((r) => setTimeout(r, 100));
    const exit = exited(child);
    child.kill('SIGTERM');
    expect(await slow).toBe('slow done');
    expect(await exit).toBe(0);
  });

  it('--workers 2 answers from two processes', async () => {
    const port = await freePort();
    const { child } = await canter(['--settings', 'test/fixtures/cli-settings.ts', 'runserver', `127.0.0.1:${port}`, '--workers', '2'], 2);
    const pids = new Set<string>();
    for (let i = 0; i < 40 && pids.size < 2; i++) {
      pids.add(await (await fetch(`http://127.0.0.1:${port}/pid/`, { headers: { connection: 'close' } })).text());
    }
    const exit = exited(child);
    child.kill('SIGTERM');
    await exit;
    expect(pids.size).toBe(2);
  });

  it('a missing settings module is a clear error, exit code 1', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'check'], {
      cwd: root,
      env: { ...process.env, CANTER_SETTINGS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    expect(await exited(child)).toBe(1);
    expect(err).toContain('No settings module: pass --settings');
  });

  it('check validates the settings', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', '--settings', 'test/fixtures/cli-settings.ts', 'check'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    expect(await exited(child)).toBe(0);
    expect(out).toContain('System check identified no issues.');
  });

  it('check refuses a bad DATABASES, naming the setting and the valid engines', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', '--settings', 'test/fixtures/bad-db-settings.ts', 'check'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    expect(await exited(child)).toBe(1);
    expect(err).toMatch(/DATABASES\['default'\]\.ENGINE/);
    expect(err).toContain('oracle9i');
  });
});
