/**
 * ContentType and its manager's per-process cache (Django's ContentTypeManager), the content
 * types post_migrate makes, and auth/contenttypes migrations unapplied and applied again.
 */
import { beforeAll, expect, it } from 'vitest';
import { authApp, ContentType, contentTypesApp, createContentTypes, Group, Permission, User } from '../../src/auth/models/index.js';
import { getSettings, overrideSettings } from '../../src/conf/settings/index.js';
import { connections, MigrationExecutor, MigrationLoader } from '../../src/db/index.js';
import { tableExists } from '../../src/db/schema/introspect.js';
import { describeDatabases } from '../../src/testing/databases.js';

const APPS = [contentTypesApp, authApp];

async function executor(): Promise<MigrationExecutor> {
  return new MigrationExecutor(connections.get(), await MigrationLoader.load(APPS));
}

await describeDatabases('contenttypes', ({ connection }) => {
  let restore: () => void;
  beforeAll(async () => {
    restore = overrideSettings({ INSTALLED_APPS: APPS, DATABASES: getSettings().DATABASES });
    for (const app of APPS) await app.models!();
    await (await executor()).migrate();
    ContentType.objects.clearCache();
    return () => restore();
  });

  it('getForModel reads a content type once, then answers from the cache by model, id and natural key', async () => {
    ContentType.objects.clearCache();
    const ct = await ContentType.objects.getForModel(Group);
    expect([ct.appLabel, ct.modelName]).toEqual(['auth', 'group']);
    // Gone from the table, still known to the process: no query was made.
    await connection().execute(`UPDATE django_content_type SET model = 'renamed' WHERE id = ${Number(ct.id)}`);
    expect(await ContentType.objects.getForModel(Group)).toBe(ct);
    expect(await ContentType.objects.getForModel(new Group({ name: 'x' }))).toBe(ct);
    expect(await ContentType.objects.getForId(ct.id)).toBe(ct);
    expect(await ContentType.objects.getByNaturalKey('auth', 'group')).toBe(ct);
    await connection().execute(`UPDATE django_content_type SET model = 'group' WHERE id = ${Number(ct.id)}`);
    ContentType.objects.clearCache();
    const again = await ContentType.objects.getForModel(Group);
    expect(again).not.toBe(ct);
    expect(again.id).toBe(ct.id);
  });

  it('getForModel makes the content type of a model that has none yet', async () => {
    await ContentType.objects.filter({ appLabel: 'auth', modelName: 'group' }).delete();
    ContentType.objects.clearCache();
    const ct = await ContentType.objects.getForModel(Group);
    expect(await ContentType.objects.filter({ appLabel: 'auth', modelName: 'group' }).count()).toBe(1);
    expect((await ContentType.objects.getForModels([Group, User])).get(Group)).toBe(ct);
    // Its permissions went with the old row (CASCADE); createPermissions would make them again.
    expect(await Permission.objects.filter({ codename: 'add_group' }).count()).toBe(0);
  });

  it("names itself as Django 5.x: '<app verbose name> | <model verbose name>', the stored name when the model is gone", async () => {
    const ct = await ContentType.objects.getForModel(User);
    expect([String(ct), ct.name, ct.appLabeledName]).toEqual(['Authentication and Authorization | user', 'user', 'Authentication and Authorization | user']);
    expect(ct.modelClass()).toBe(User);
    expect(ct.naturalKey()).toEqual(['auth', 'user']);
    expect(String(await ContentType.objects.getForModel(ContentType))).toBe('Content Types | content type');
    const stale = new ContentType({ appLabel: 'gone', modelName: 'thing' });
    expect([String(stale), stale.name, stale.modelClass()]).toEqual(['thing', 'thing', null]);
  });

  it('getObjectForThisType and getAllObjectsForThisType query the model it stands for', async () => {
    await User.objects.createUser('ct-ann');
    const ct = await ContentType.objects.getForModel(User);
    expect(((await ct.getObjectForThisType({ username: 'ct-ann' })) as User).username).toBe('ct-ann');
    expect(await ct.getAllObjectsForThisType({ username: 'ct-ann' }).count()).toBe(1);
  });

  it('createContentTypes makes only what is missing', async () => {
    await ContentType.objects.filter({ appLabel: 'auth', modelName: 'permission' }).delete();
    expect((await createContentTypes('auth')).map((ct) => ct.modelName)).toEqual(['permission']);
    expect(await createContentTypes('auth')).toEqual([]);
  });

  it('unapplies every auth and contenttypes migration (contenttypes zero) and applies them again', async () => {
    const steps = await (await executor()).migrate([['contenttypes', null]]);
    expect(steps).toHaveLength(14);
    expect(steps.every(([, backwards]) => backwards)).toBe(true);
    for (const table of ['django_content_type', 'auth_permission', 'auth_user', 'auth_user_groups']) expect(await tableExists(connection(), table)).toBe(false);
    ContentType.objects.clearCache();
    await (await executor()).migrate();
    expect(await Permission.objects.count()).toBe(16);
  });

  // Last: changing DATABASES closes every connection, SQLite's in-memory default with it.
  it('keeps a cache per database connection: another DATABASES starts afresh', async () => {
    const ct = await ContentType.objects.getForModel(Group);
    const other = overrideSettings({ DATABASES: { ...getSettings().DATABASES, default: { ENGINE: 'sqlite', NAME: ':memory:' } } });
    try {
      await (await executor()).migrate();
      const there = await ContentType.objects.getForModel(Group);
      expect(there).not.toBe(ct);
      expect([there.appLabel, there.modelName]).toEqual(['auth', 'group']);
    } finally {
      await connections.get().close();
      other();
    }
  });
});
