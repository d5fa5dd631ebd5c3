/**
 * `canter migrate` on a project with contentTypesApp and authApp, as a user runs it: Django's 14
 * migrations, then the permissions post_migrate makes; `makemigrations --check` finds the auth
 * models and their migrations in step; `showmigrations` lists Django's names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { cliProject, ROOT } from '../db/cli-project.js';
import type { CliProject } from '../db/cli-project.js';

let cli: CliProject;

beforeAll(() => {
  cli = cliProject('canter-auth-cli-');
  writeFileSync(join(cli.dir, 'settings.ts'), `
import { defineSettings } from '${ROOT}src/core/index.ts';
import { authApp, contentTypesApp } from '${ROOT}src/auth/models/index.ts';
export default defineSettings({
  SECRET_KEY: 'auth-cli',
  INSTALLED_APPS: [contentTypesApp, authApp],
  DATABASES: { default: { ENGINE: 'sqlite', NAME: ${JSON.stringify(join(cli.dir, 'db.sqlite3'))} } },
});
`);
});

afterAll(() => cli.remove());

describe('canter migrate with auth and contenttypes', { timeout: 120_000 }, () => {
  it("applies Django's 14 migrations and post_migrate makes each model's four permissions", () => {
    const { status, out } = cli.canter('migrate');
    expect(out).toContain('Applying contenttypes.0001_initial... OK');
    expect(out).toContain('Applying auth.0012_alter_user_first_name_max_length... OK');
    expect(status).toBe(0);
    const db = new Database(join(cli.dir, 'db.sqlite3'), { readonly: true });
    try {
      const rows = db.prepare('SELECT ct.app_label, p.codename FROM auth_permission p JOIN django_content_type ct ON ct.id = p.content_type_id ORDER BY ct.app_label, p.codename').all() as Array<{ app_label: string; codename: string }>;
      expect(rows.map((r) => `${r.app_label}.${r.codename}`)).toEqual([
        'auth.add_group', 'auth.add_permission', 'auth.add_user', 'auth.change_group', 'auth.change_permission', 'auth.change_user',
        'auth.delete_group', 'auth.delete_permission', 'auth.delete_user', 'auth.view_group', 'auth.view_permission', 'auth.view_user',
        'contenttypes.add_contenttype', 'contenttypes.change_contenttype', 'contenttypes.delete_contenttype', 'contenttypes.view_contenttype',
      ]);
    } finally {
      db.close();
    }
  });

  it('a second migrate has nothing to apply and makes no permission twice', () => {
    const { status, out } = cli.canter('migrate');
    expect(out).toContain('No migrations to apply.');
    expect(status).toBe(0);
    const db = new Database(join(cli.dir, 'db.sqlite3'), { readonly: true });
    try {
      expect((db.prepare('SELECT COUNT(*) AS n FROM auth_permission').get() as { n: number }).n).toBe(16);
    } finally {
      db.close();
    }
  });

  it('makemigrations --check finds the auth models and their migrations in step', () => {
    const { status, out } = cli.canter('makemigrations', '--check');
    expect(out).toContain('No changes detected');
    expect(status).toBe(0);
  });

  it("showmigrations lists Django's names, all applied", () => {
    const { status, out } = cli.canter('showmigrations', 'auth', 'contenttypes');
    expect(status).toBe(0);
    expect(out.match(/\[X\]/g)?.length).toBe(14);
    expect(out).toContain('[X] 0011_update_proxy_permissions');
    expect(out).toContain('[X] 0002_remove_content_type_name');
  });
});
