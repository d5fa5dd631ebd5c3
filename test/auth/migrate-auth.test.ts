/**
 * auth and contenttypes migrate on every database: Django's 14 migrations, recorded under
 * Django's names; post_migrate makes the content types and the four permissions of each model,
 * once; the models match their migrations (makemigrations has nothing to write).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { authApp, ContentType, contentTypesApp, Group, Permission, User } from '../../src/auth/models/index.js';
import { getSettings, overrideSettings } from '../../src/conf/settings/index.js';
import { apps, detectChanges, MigrationExecutor, MigrationLoader, ProjectState } from '../../src/db/index.js';
import { describeDatabases } from '../../src/testing/databases.js';

const APPS = [contentTypesApp, authApp];

describe('auth models against their migrations', () => {
  it('makemigrations finds nothing to write for auth and contenttypes', async () => {
    for (const app of APPS) await app.models!();
    const loader = await MigrationLoader.load(APPS);
    const changes = detectChanges(loader.projectState(), ProjectState.fromApps(apps, ['auth', 'contenttypes']));
    expect([...changes].map(([app, ops]) => `${app}: ${ops.map((op) => op.describe()).join(', ')}`)).toEqual([]);
  });
});

await describeDatabases('migrate auth and contenttypes', ({ connection }) => {
  let restore: () => void;
  beforeAll(async () => {
    restore = overrideSettings({ INSTALLED_APPS: APPS, DATABASES: getSettings().DATABASES });
    for (const app of APPS) await app.models!();
    return () => restore();
  });

  it("applies Django's 14 migrations (dependencies first) and records them under Django's names", async () => {
    const executor = new MigrationExecutor(connection(), await MigrationLoader.load(APPS));
    const steps = await executor.migrate();
    expect(steps.map(([m]) => m.toString()).sort()).toEqual([
      'contenttypes.0001_initial', 'contenttypes.0002_remove_content_type_name',
      'auth.0001_initial', 'auth.0002_alter_permission_name_max_length', 'auth.0003_alter_user_email_max_length',
      'auth.0004_alter_user_username_opts', 'auth.0005_alter_user_last_login_null', 'auth.0006_require_contenttypes_0002',
      'auth.0007_alter_validators_add_error_messages', 'auth.0008_alter_user_username_max_length',
      'auth.0009_alter_user_last_name_max_length', 'auth.0010_alter_group_name_max_length',
      'auth.0011_update_proxy_permissions', 'auth.0012_alter_user_first_name_max_length',
    ].sort());
    expect(await executor.plan(executor.defaultTargets())).toEqual([]);
  });

  it("post_migrate made each model's content type and its four permissions, and a second migrate makes none", async () => {
    ContentType.objects.clearCache();
    const cts = (await ContentType.objects.all().orderBy('appLabel', 'modelName')).map((ct) => `${ct.appLabel}.${ct.modelName}`);
    expect(cts).toEqual(['auth.group', 'auth.permission', 'auth.user', 'contenttypes.contenttype']);
    const perms = await Permission.objects.all();
    expect(perms.map((p) => p.codename)).toEqual([ // Permission's ordering: app label, model, codename
      'add_group', 'change_group', 'delete_group', 'view_group',
      'add_permission', 'change_permission', 'delete_permission', 'view_permission',
      'add_user', 'change_user', 'delete_user', 'view_user',
      'add_contenttype', 'change_contenttype', 'delete_contenttype', 'view_contenttype',
    ]);
    expect(String(perms.find((p) => p.codename === 'add_user'))).toBe('Authentication and Authorization | user | Can add user');
    await new MigrationExecutor(connection(), await MigrationLoader.load(APPS)).migrate();
    expect(await Permission.objects.count()).toBe(16);
    expect(await ContentType.objects.count()).toBe(4);
  });

  it('users, groups and permissions work on the migrated tables', async () => {
    const user = await User.objects.createUser('ann', 'ann@EXAMPLE.com');
    const group = await Group.objects.create({ name: 'editors' });
    const perm = await Permission.objects.getByNaturalKey('change_user', 'auth', 'user');
    await group.permissions.add(perm);
    await user.groups.add(group);
    await user.user_permissions.add(perm);
    expect(user.email).toBe('ann@example.com');
    expect((await Group.objects.filter({ user__username: 'ann' })).map((g) => g.name)).toEqual(['editors']);
    expect(await perm.user_set.count()).toBe(1);
  });
});
