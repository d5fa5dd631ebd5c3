import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** `canter clearsessions` and the sessions start-up check, run as a user runs them: the real CLI on a project in a temp dir. */

const ROOT = new URL('../../..', import.meta.url).pathname;
const CLI = join(ROOT, 'src/cli.ts');
let dir: string;

function canter(settings: string, ...args: string[]): { status: number | null; out: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', CLI, '--settings', join(dir, settings), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, QUIET: '1' },
  });
  return { status: run.status, out: run.stdout + run.stderr };
}

function writeSettings(file: string, body: string): void {
  writeFileSync(join(dir, file), `
import { defineSettings } from '${ROOT}src/core/index.ts';
import { SessionMiddleware, sessionsApp } from '${ROOT}src/sessions/index.ts';
export default defineSettings({
  SECRET_KEY: 'clearsessions',
  MIDDLEWARE: [SessionMiddleware],
  DATABASES: { default: { ENGINE: 'sqlite', NAME: ${JSON.stringify(join(dir, 'db.sqlite3'))} } },
  ${body}
});
`);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'canter-clearsessions-'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  writeSettings('db.ts', 'INSTALLED_APPS: [sessionsApp],');
  writeSettings('no-app.ts', 'INSTALLED_APPS: [],');
  writeSettings('cache.ts', "INSTALLED_APPS: [], SESSION_ENGINE: 'cache', CACHES: { default: { BACKEND: 'locmem' } },");
  writeSettings('bad-alias.ts', "INSTALLED_APPS: [], SESSION_ENGINE: 'cache', SESSION_CACHE_ALIAS: 'sessions', CACHES: { default: { BACKEND: 'locmem' } },");
  writeSettings('file.ts', `INSTALLED_APPS: [], SESSION_ENGINE: 'file', SESSION_FILE_PATH: ${JSON.stringify(join(dir, 'files'))},`);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('canter clearsessions', { timeout: 60_000 }, () => {
  it('deletes the expired rows of django_session and keeps the live ones', () => {
    expect(canter('db.ts', 'migrate').status).toBe(0);
    const db = new Database(join(dir, 'db.sqlite3'));
    const insert = db.prepare('INSERT INTO django_session (session_key, session_data, expire_date) VALUES (?, ?, ?)');
    const past = '2000-01-01 00:00:00';
    const future = '2999-01-01 00:00:00';
    for (let i = 0; i < 2500; i++) insert.run(`expired${String(i).padStart(25, '0')}`, 'x', past);
    for (let i = 0; i < 3; i++) insert.run(`live${String(i).padStart(28, '0')}`, 'x', future);
    db.close();
    const { status, out } = canter('db.ts', 'clearsessions', '--batch-size', '1000');
    expect(status).toBe(0);
    expect(out.trim()).toBe('Removed 2500 expired session(s).');
    const check = new Database(join(dir, 'db.sqlite3'), { readonly: true });
    const left = check.prepare('SELECT session_key FROM django_session ORDER BY session_key').all() as Array<{ session_key: string }>;
    check.close();
    expect(left.map((r) => r.session_key)).toEqual([0, 1, 2].map((i) => `live${String(i).padStart(28, '0')}`));
  });

  it('says the cache engine needs no clearing', () => {
    const { status, out } = canter('cache.ts', 'clearsessions');
    expect(status).toBe(0);
    expect(out.trim()).toBe('The CacheSessionStore store expires sessions itself: nothing to clear.');
  });

  it('removes the files of expired file sessions only', () => {
    const files = join(dir, 'files');
    rmSync(files, { recursive: true, force: true });
    mkdirSync(files);
    writeFileSync(join(files, 'sessionidoldoldoldoldoldoldoldoldoldold'), '');
    writeFileSync(join(files, 'sessionidnewnewnewnewnewnewnewnewnewnew'), '');
    writeFileSync(join(files, 'unrelated.txt'), 'keep me');
    const old = new Date(Date.now() - 15 * 86_400_000);
    utimesSync(join(files, 'sessionidoldoldoldoldoldoldoldoldoldold'), old, old);
    const { status, out } = canter('file.ts', 'clearsessions');
    expect(status).toBe(0);
    expect(out.trim()).toBe('Removed 1 expired session(s).');
    expect(readdirSync(files).sort()).toEqual(['sessionidnewnewnewnewnewnewnewnewnewnew', 'unrelated.txt']);
  });
});

describe('the sessions start-up check', { timeout: 60_000 }, () => {
  it('refuses the db engine without the sessions app, naming what to add', () => {
    const { status, out } = canter('no-app.ts', 'check');
    expect(status).toBe(1);
    expect(out).toContain('add sessionsApp (from \'canter/sessions\') to INSTALLED_APPS');
  });

  it('refuses a SESSION_CACHE_ALIAS that is not in CACHES', () => {
    const { status, out } = canter('bad-alias.ts', 'check');
    expect(status).toBe(1);
    expect(out).toContain('SESSION_CACHE_ALIAS is "sessions", which is not in CACHES ("default")');
  });

  it('passes a correct project', () => {
    expect(canter('db.ts', 'check').status).toBe(0);
  });
});
