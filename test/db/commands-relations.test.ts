import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliProject, ROOT } from './cli-project.js';
import type { CliProject } from './cli-project.js';

/** makemigrations and migrate on two apps joined by a ForeignKey, through the real CLI. */

const root = ROOT;
let cli: CliProject;
let project: string;

function canter(...args: string[]): { status: number | null; out: string } {
  return cli.canter(...args);
}

beforeAll(() => {
  cli = cliProject('canter-cli-rel-');
  project = cli.dir;
  for (const app of ['people', 'loans']) mkdirSync(join(project, app, 'migrations'), { recursive: true });
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
    defineApp({ label: 'loans', migrations: new URL('./loans/migrations/', import.meta.url), models: () => import('./loans/models.js') }),
    defineApp({ label: 'people', migrations: new URL('./people/migrations/', import.meta.url), models: () => import('./people/models.js') }),
  ],
  DATABASES: { default: { ENGINE: 'sqlite', NAME: ${JSON.stringify(join(project, 'db.sqlite3'))} } },
});
`);
});

afterAll(() => cli.remove());

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
