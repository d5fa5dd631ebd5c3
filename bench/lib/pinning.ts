import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';

/** Which CPU the server gets and which the load generator gets; null when we can't pin. */
export interface Pinning {
  server: number | null;
  load: number | null;
  note: string;
}

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Server on CPU 0, load on CPU 1, this runner on CPU 1 too (it sleeps while load runs). */
export function choosePinning(): Pinning {
  if (!hasTaskset()) {
    return { server: null, load: null, note: 'UNPINNED: taskset not found (apt-get install -y util-linux)' };
  }
  if (cpus().length < 2) {
    return { server: null, load: null, note: 'UNPINNED: fewer than 2 CPUs' };
  }
  try {
    execFileSync('taskset', ['-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
  } catch {
    // Not fatal: the runner only waits while load runs.
  }
  return { server: 0, load: 1, note: 'server on CPU 0, load generator on CPU 1' };
}

/** The command line for `command args…` pinned to `cpu` (unchanged when cpu is null). */
export function pinned(cpu: number | null, command: string, args: readonly string[]): [string, string[]] {
  return cpu === null ? [command, [...args]] : ['taskset', ['-c', String(cpu), command, ...args]];
}
