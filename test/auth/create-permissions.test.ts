/**
 * createPermissions() makes what Django's create_permissions makes for a model: one permission per
 * Meta.defaultPermissions action and each of Meta.permissions, once.
 */
import { beforeAll, expect, it } from 'vitest';
import { authApp, builtinPermissions, ContentType, contentTypesApp, createPermissions, Permission } from '../../src/auth/models/index.js';
import { defineApp } from '../../src/conf/apps.js';
import { getSettings, overrideSettings } from '../../src/conf/settings/index.js';
import { connections, defineModel, fields, MigrationExecutor, MigrationLoader } from '../../src/db/index.js';
import { describeDatabases } from '../../src/testing/databases.js';

const Report = defineModel('newsroom.Report', { title: fields.CharField({ maxLength: 20 }) }, {
  defaultPermissions: ['view'],
  permissions: [['publish_report', 'Can publish report'], ['archive_report', 'Can archive report']],
});
const Desk = defineModel('newsroom.Desk', {}, { verboseName: 'news desk' });
const newsroomApp = defineApp({ label: 'newsroom', models: async () => ({ Report, Desk }) });
const APPS = [contentTypesApp, authApp, newsroomApp];

it('builtinPermissions lists the default actions, then Meta.permissions, named after the verbose name', () => {
  expect(builtinPermissions(Report)).toEqual([['view_report', 'Can view report'], ['publish_report', 'Can publish report'], ['archive_report', 'Can archive report']]);
  expect(builtinPermissions(Desk)).toEqual([
    ['add_desk', 'Can add news desk'], ['change_desk', 'Can change news desk'], ['delete_desk', 'Can delete news desk'], ['view_desk', 'Can view news desk'],
  ]);
});

await describeDatabases('createPermissions', () => {
  let restore: () => void;
  beforeAll(async () => {
    restore = overrideSettings({ INSTALLED_APPS: APPS, DATABASES: getSettings().DATABASES });
    for (const app of APPS) await app.models!();
    await new MigrationExecutor(connections.get(), await MigrationLoader.load(APPS)).migrate();
    return () => restore();
  });

  it("makes an app's content types and permissions, then nothing on a second run", async () => {
    ContentType.objects.clearCache();
    const made = await createPermissions('newsroom');
    expect(made.map((p) => p.codename).sort()).toEqual(['add_desk', 'archive_report', 'change_desk', 'delete_desk', 'publish_report', 'view_desk', 'view_report']);
    expect(await createPermissions('newsroom')).toEqual([]);
    const publish = await Permission.objects.getByNaturalKey('publish_report', 'newsroom', 'report');
    expect(String(publish)).toBe('Newsroom | report | Can publish report');
    expect(publish.naturalKey()).toEqual(['publish_report', 'newsroom', 'report']);
  });
});
