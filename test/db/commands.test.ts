import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliProject, ROOT } from './cli-project.js';
import type { CliProject } from './cli-project.js';

/** The migration commands, run as a user runs them: the real CLI on a project in a temp dir. */

const root = ROOT;
let cli: CliProject;
let project: string;

function canter(...args: string[]): { status: number | null; out: string } {
  return cli.canter(...args);
}

function writeModels(extraField: boolean, textName = 'text'): void {
  writeFileSync(join(project, 'models.ts'), `
import { defineModel, fields } from '${root}src/db/index.ts';
export const Note = defineModel('notes.Note', {
  ${textName}: fields.CharField({ maxLength: 100 }),
  ${extraField ? 'stars: fields.IntegerField({ default: 0 }),' : ''}
});
`);
}

beforeAll(() => {
  cli = cliProject('canter-cli-');
  project = cli.dir;
  mkdirSync(join(project, 'migrations'));
  writeModels(false);
  writeFileSync(join(project, 'settings.ts'), `
import { defineApp, defineSettings } from '${root}src/core/index.ts';
export default defineSettings({
  SECRET_KEY: 'cli',
  INSTALLED_APPS: [defineApp({ label: 'notes', migrations: new URL('./migrations/', import.meta.url), models: () => import('./models.js') })],
  DATABASES: { default: { ENGINE: 'sqlite', NAME: ${JSON.stringify(join(project, 'db.sqlite3'))} } },
});
`);
});

afterAll(() => cli.remove());

describe('makemigrations, migrate, showmigrations, sqlmigrate', { timeout: 60_000 }, () => {
  it('makemigrations writes the initial migration', () => {
    const { status, out } = canter('makemigrations', '--import-from', `${root}src/db/index.ts`);
    expect(out).toContain("Migrations for 'notes':");
    expect(out).toContain('- Create model Note');
    expect(status).toBe(0);
    expect(readdirSync(join(project, 'migrations'))).toEqual(['0001_initial.ts']);
    expect(readFileSync(join(project, 'migrations/0001_initial.ts'), 'utf8')).toContain('text: fields.CharField({ maxLength: 100 })');
  });

  it('--check passes when the models match the migrations', () => {
    const { status, out } = canter('makemigrations', '--check');
    expect(out).toContain('No changes detected');
    expect(status).toBe(0);
  });

  it('sqlmigrate prints the CREATE TABLE without running it', () => {
    const { status, out } = canter('sqlmigrate', 'notes', '0001');
    expect(status).toBe(0);
    expect(out).toMatch(/CREATE TABLE "notes_note"/);
    expect(canter('showmigrations').out).toContain('[ ] 0001_initial');
  });

  it('migrate applies it and showmigrations marks it', () => {
    const { status, out } = canter('migrate');
    expect(out).toContain('Applying notes.0001_initial... OK');
    expect(status).toBe(0);
    expect(canter('showmigrations').out).toContain('[X] 0001_initial');
    expect(canter('migrate').out).toContain('No migrations to apply.');
  });

  it('a changed model fails --check, then gets a second migration', () => {
    writeModels(true);
    const check = canter('makemigrations', '--check');
    expect(check.status).toBe(1);
    expect(check.out).toContain('- Add field stars to note');
    canter('makemigrations', '--import-from', `${root}src/db/index.ts`);
    expect(readdirSync(join(project, 'migrations')).sort()).toEqual(['0001_initial.ts', '0002_note_stars.ts']);
    expect(canter('migrate').out).toContain('Applying notes.0002_note_stars... OK');
  });

  it('migrate back to zero unapplies both; an unknown target is a clear error', () => {
    const back = canter('migrate', 'notes', 'zero');
    expect(back.out).toContain('Unapplying notes.0002_note_stars... OK');
    expect(back.out).toContain('Unapplying notes.0001_initial... OK');
    const unknown = canter('migrate', 'notes', '0009');
    expect(unknown.status).toBe(1);
    expect(unknown.out).toContain("Cannot find a migration matching '0009' from app 'notes'");
  });

  it('a renamed field is a rename only when confirmed (--rename), so no column is dropped by a guess', () => {
    canter('migrate');
    writeModels(true, 'body');
    const guessed = canter('makemigrations', '--dry-run', '--no-input');
    expect(guessed.out).toContain('- Add field body to note');
    expect(guessed.out).toContain('- Remove field text from note');
    const renamed = canter('makemigrations', '--rename', 'Note.text=body', '--import-from', `${root}src/db/index.ts`);
    expect(renamed.out).toContain('- Rename field text on note to body');
    expect(renamed.status).toBe(0);
    expect(canter('migrate').out).toContain('Applying notes.0003_rename_text_note_body... OK');
  });
});
