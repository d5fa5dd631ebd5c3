/**
 * auth and contenttypes make Django 3.2's schema, and either side sees a database the other
 * migrated as up to date. Django 3.2 (Debian's python3-django, with python3-psycopg2) migrates one
 * fresh PostgreSQL database and Canter another; their columns, constraints, indexes, recorded
 * migrations and the permissions post_migrate made must be the same. Django 3.2 has exactly the
 * 14 migrations Canter ships (later Django versions add none to these two apps).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authApp, contentTypesApp } from '../../src/auth/models/index.js';
import { configureSettings, overrideSettings, settingsConfigured } from '../../src/conf/settings/index.js';
import { connections, MigrationExecutor, MigrationLoader } from '../../src/db/index.js';
import { BACKENDS } from '../../src/db/connections/backends/index.js';
import { resolveDatabase } from '../../src/db/connections/config.js';
import { Connection } from '../../src/db/connections/wrapper.js';
import { probeDatabase, TEST_DATABASE_URLS } from '../../src/testing/databases.js';

const APPS = [contentTypesApp, authApp];
const PYTHON = '/usr/bin/python3';
const TABLES = ['django_content_type', 'auth_permission', 'auth_group', 'auth_group_permissions', 'auth_user', 'auth_user_groups', 'auth_user_user_permissions'];

/** Why Django 3.2 cannot run here, or undefined when it can. */
function djangoMissing(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import django, psycopg2; print(django.get_version())'], { encoding: 'utf8' });
  if (probe.status !== 0) return `Django with psycopg2 is not importable by ${PYTHON} (apt-get install python3-django python3-psycopg2): ${(probe.stderr || String(probe.error)).trim().split('\n').pop()}`;
  if (!probe.stdout.startsWith('3.2')) return `${PYTHON} has Django ${probe.stdout.trim()}, not 3.2`;
  return undefined;
}

const pg = await probeDatabase('postgresql', TEST_DATABASE_URLS.postgresql);
const missing = pg.skip ?? djangoMissing();
if (missing !== undefined && process.env.CI === 'true') throw new Error(`${missing}; under CI=true the Django schema comparison must run.`);

const serverUrl = new URL(TEST_DATABASE_URLS.postgresql);
const suffix = `${process.pid}_${Date.now().toString(36)}`;
const DJANGO_DB = `canter_dj_${suffix}`;
const CANTER_DB = `canter_ct_${suffix}`;

function urlOf(name: string): string {
  const url = new URL(serverUrl.href);
  url.pathname = `/${name}`;
  return url.href;
}

function connectionTo(name: string): Connection {
  return new Connection(resolveDatabase(`compat_${name}`, { URL: urlOf(name) }), BACKENDS.postgresql);
}

/** Runs django-admin for the Django project in `dir` against `database`; returns stdout. */
function djangoAdmin(dir: string, database: string, ...args: string[]): string {
  const run = spawnSync(PYTHON, ['-m', 'django', ...args], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, PYTHONPATH: dir, DJANGO_SETTINGS_MODULE: 'compat_settings', COMPAT_DB: database },
  });
  if (run.status !== 0) throw new Error(`django-admin ${args.join(' ')} failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  return run.stdout;
}

/** What we compare: columns, constraints, indexes, recorded migrations, the permissions made. */
async function schemaOf(connection: Connection): Promise<Record<string, unknown>> {
  const tables = TABLES.map((t) => `'${t}'`).join(', ');
  const columns = await connection.execute(
    `SELECT table_name, column_name, ordinal_position, data_type, is_nullable, character_maximum_length, numeric_precision
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name IN (${tables})
      ORDER BY table_name, ordinal_position`,
  );
  const constraints = await connection.execute(
    `SELECT rel.relname AS table_name, con.conname, con.contype, con.condeferrable, con.condeferred,
            pg_get_constraintdef(con.oid) AS definition
       FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid JOIN pg_namespace ns ON ns.oid = rel.relnamespace
      WHERE ns.nspname = 'public' AND rel.relname IN (${tables})
      ORDER BY rel.relname, con.conname`,
  );
  const indexes = await connection.execute(
    `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename IN (${tables}) ORDER BY tablename, indexname`,
  );
  const migrations = await connection.execute(`SELECT app, name FROM django_migrations WHERE app IN ('auth', 'contenttypes') ORDER BY app, name`);
  const permissions = await connection.execute(
    `SELECT ct.app_label, ct.model, p.codename, p.name FROM auth_permission p JOIN django_content_type ct ON ct.id = p.content_type_id
      ORDER BY ct.app_label, ct.model, p.codename`,
  );
  return { columns: columns.rows, constraints: constraints.rows, indexes: indexes.rows, migrations: migrations.rows, permissions: permissions.rows };
}

describe.skipIf(missing !== undefined)("auth's schema is Django 3.2's (PostgreSQL)", () => {
  let dir: string;
  let admin: Connection;
  let restore: (() => void) | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'canter-django-compat-'));
    writeFileSync(join(dir, 'compat_settings.py'), [
      'import os',
      "SECRET_KEY = 'canter-schema-compat'",
      "INSTALLED_APPS = ['django.contrib.contenttypes', 'django.contrib.auth']",
      'DATABASES = {',
      "    'default': {",
      "        'ENGINE': 'django.db.backends.postgresql',",
      "        'NAME': os.environ['COMPAT_DB'],",
      `        'USER': ${JSON.stringify(decodeURIComponent(serverUrl.username || 'postgres'))},`,
      `        'PASSWORD': ${JSON.stringify(decodeURIComponent(serverUrl.password))},`,
      `        'HOST': ${JSON.stringify(serverUrl.hostname)},`,
      `        'PORT': ${JSON.stringify(serverUrl.port || '5432')},`,
      '    }',
      '}',
      "DEFAULT_AUTO_FIELD = 'django.db.models.AutoField'",
      'USE_TZ = True',
      '',
    ].join('\n'));
    admin = connectionTo(serverUrl.pathname.slice(1) || 'postgres');
    for (const name of [DJANGO_DB, CANTER_DB]) await admin.execute(`CREATE DATABASE "${name}"`);
    if (!settingsConfigured()) configureSettings({ DEBUG: true, SECRET_KEY: 'canter-schema-compat' });
    restore = overrideSettings({ INSTALLED_APPS: APPS, DATABASES: { default: { URL: urlOf(CANTER_DB) } } });
    for (const app of APPS) await app.models!();
  }, 180_000);

  afterAll(async () => {
    await connections.closeAll();
    restore?.();
    for (const name of [DJANGO_DB, CANTER_DB]) await admin?.execute(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  async function canterExecutor(): Promise<MigrationExecutor> {
    return new MigrationExecutor(connections.get(), await MigrationLoader.load(APPS));
  }

  it('Django 3.2 and Canter each migrate a fresh database to the same columns, constraints, indexes, migration rows and permissions', async () => {
    djangoAdmin(dir, DJANGO_DB, 'migrate', '--no-input');
    await (await canterExecutor()).migrate();
    const django = connectionTo(DJANGO_DB);
    try {
      const [theirs, ours] = [await schemaOf(django), await schemaOf(connections.get())];
      expect(ours.columns).toEqual(theirs.columns);
      expect(ours.constraints).toEqual(theirs.constraints);
      expect(ours.indexes).toEqual(theirs.indexes);
      expect(ours.migrations).toEqual(theirs.migrations);
      expect((ours.migrations as unknown[]).length).toBe(14);
      expect(ours.permissions).toEqual(theirs.permissions);
    } finally {
      await django.close();
    }
  }, 180_000);

  it("after Django's migrate, Canter's migrate has nothing to do", async () => {
    restore?.();
    await connections.closeAll();
    restore = overrideSettings({ INSTALLED_APPS: APPS, DATABASES: { default: { URL: urlOf(DJANGO_DB) } } });
    const executor = await canterExecutor();
    expect(await executor.plan(executor.defaultTargets())).toEqual([]);
    await connections.closeAll();
  }, 60_000);

  it("after Canter's migrate, Django's migrate --plan and showmigrations have nothing to apply", () => {
    expect(djangoAdmin(dir, CANTER_DB, 'migrate', '--plan')).toContain('No planned migration operations.');
    const shown = djangoAdmin(dir, CANTER_DB, 'showmigrations', 'auth', 'contenttypes');
    expect(shown.match(/\[X\]/g)?.length).toBe(14);
    expect(shown).not.toContain('[ ]');
  }, 120_000);
});

if (missing !== undefined) {
  describe.skip(`auth's schema is Django 3.2's (PostgreSQL) — skipped: ${missing}`, () => {
    it.skip(missing, () => undefined);
  });
}
