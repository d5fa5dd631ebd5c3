import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The repository root, for imports written into throwaway projects. */
export const ROOT = new URL('../..', import.meta.url).pathname;

// The project lives in a temp dir, so the TypeScript loader is named by path, not by package.
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/esm/index.mjs')).href;

/** A throwaway project in a temp dir, driven through the real `canter` CLI. */
export interface CliProject {
  readonly dir: string;
  /** Runs `canter --settings <dir>/settings.ts ...args`; QUIET=1. */
  canter(...args: string[]): { status: number | null; out: string };
  remove(): void;
}

export function cliProject(prefix: string): CliProject {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  return {
    dir,
    canter: (...args) => {
      const run = spawnSync(process.execPath, ['--import', TSX, join(ROOT, 'src/cli.ts'), '--settings', join(dir, 'settings.ts'), ...args], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, QUIET: '1' },
      });
      return { status: run.status, out: run.stdout + run.stderr };
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
