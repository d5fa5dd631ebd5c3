import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** makemigrations and migrate on two apps joined by a ForeignKey, through the real CLI. */

const root = new URL('../..', import.meta.url).pathname;
const tsx = pathToFileURL(join(root, 'node_modules/tsx/dist/esm/index.mjs')).href;
let project: string;

function canter(...args: string[]): { status: number | null; out: string } {
  const run = spawnSync(process.execPath, ['--import', tsx, join(root, 'src/cli.ts'), '--settings', join(project, 'settings.ts'), ...args], {
    cwd: project,
    encoding: 'utf8',
    env: { ...process.env, QUIET: '1' },
  });
  return { status: run.status, out: run.stdout + run.stderr };
}

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'canter-cli-rel-'));
  for (const app of ['people', 'loans']) mkdirSync(join(project, app, 'migrations'), { recursive: true });
  writeFileSync(join(project, 'package.json'), '{ "type": "module" }\n');
  // The loan app is listed first and its model points at the other app's model by label.
  writeFileSync(join(project, 'loans', 'models.ts'), `
import { defineModel, fields } from '${root}src/db/index.ts';
export const Loan = defineModel('loans.Loan', { person: fields.ForeignKey('people.Person', { onDelete: 'PROTECT' }) });
`);
  writeFileSync(join(project, 'people', 'models.ts'), `
import { defineModel, fields } from '${root}src/db/index.ts';
export const Person = defineModel('people.Person', { name: fields.CharField({ maxLength: 20 }), friend: fields.ForeignKey('self', { onDelete: 'SET_NULL', null: true }) });
`);
  writeFileSync(join(project, 'settings.ts'), `
import { defineApp, defineSettings } from '${root}src/core/index.ts';
export default defineSettings({
  SECRET_KEY: 'cli',
  INSTALLED_APPS: [
    defineApp({ label: 'loans', migrations: new URL('./loans/migrations/', import.meta.url), models: () => import('./loans/models.ts') }),
    defineApp({ label: 'people', migrations: new URL('./people/migrations/', import.meta.url), models: () => import('./people/models.ts') }),
  ],
  DATABASES: { default: { ENGINE: 'sqlite', NAME: ${JSON.stringify(join(project, 'db.sqlite3'))} } },
});
`);
});

afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('makemigrations with a ForeignKey across apps', { timeout: 60_000 }, () => {
  it("writes the pointing app's migration depending on the other app's, and migrate applies both in order", () => {
    const made = canter('makemigrations', '--import-from', `${root}src/db/index.ts`);
    expect(made.status, made.out).toBe(0);
    expect(readdirSync(join(project, 'loans', 'migrations'))).toEqual(['0001_initial.ts']);
    const loans = readFileSync(join(project, 'loans', 'migrations', '0001_initial.ts'), 'utf8');
    expect(loans).toContain("dependencies: [['people', '0001_initial']]");
    expect(loans).toContain("person: fields.ForeignKey('people.Person', {");
    expect(readFileSync(join(project, 'people', 'migrations', '0001_initial.ts'), 'utf8')).toContain("friend: fields.ForeignKey('people.Person', {");
    const migrated = canter('migrate');
    expect(migrated.status, migrated.out).toBe(0);
    expect(migrated.out.indexOf('people.0001_initial')).toBeLessThan(migrated.out.indexOf('loans.0001_initial'));
    expect(canter('makemigrations', '--check').status).toBe(0);
  });
});
