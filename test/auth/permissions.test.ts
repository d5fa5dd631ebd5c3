/**
 * Permissions: user.hasPerm & co. over AUTHENTICATION_BACKENDS, ModelBackend's own and group
 * permissions (one query each, cached on the instance), superusers, inactive and anonymous
 * users, a backend that grants or refuses, withPerm(), and permissionRequired.
 */
import { beforeAll, beforeEach, expect, it } from 'vitest';
import {
  AnonymousUser,
  BaseBackend,
  ContentType,
  Group,
  InvalidPermissionName,
  ModelBackend,
  Permission,
  permissionRequired,
  PermListError,
  User,
} from '../../src/auth/index.js';
import type { BackendUser } from '../../src/auth/index.js';
import { overrideSettings, PermissionDenied } from '../../src/core/index.js';
import { captureQueries } from '../../src/db/index.js';
import { HttpResponse } from '../../src/http/index.js';
import { Client } from '../../src/testing/index.js';
import { describeDatabases } from '../../src/testing/databases.js';
import { path } from '../../src/urls/index.js';
import { authSite } from './lib/site.js';

/** Grants 'magic.wand' to everyone; refuses (PermissionDenied) 'magic.forbidden'. */
class MagicBackend extends BaseBackend {
  override async hasPerm(_user: BackendUser, perm: string): Promise<boolean> {
    if (perm === 'magic.forbidden') throw new PermissionDenied();
    return perm === 'magic.wand';
  }

  override async getAllPermissions(): Promise<Set<string>> {
    return new Set(['magic.wand']);
  }
}

const publish = permissionRequired('auth.change_user')(async () => new HttpResponse('changed'));
const publishOr403 = permissionRequired(['auth.change_user', 'auth.view_user'], { raiseException: true })(async () => new HttpResponse('viewed'));

await describeDatabases('permissions', () => {
  let ann: User;
  let changeUser: Permission;
  let viewUser: Permission;

  beforeAll(async () => {
    const restore = overrideSettings(authSite('permission-tests', {
      ROOT_URLCONF: { urlpatterns: [path('publish/', publish), path('strict/', publishOr403)] },
    }));
    return () => restore();
  });

  beforeEach(async () => {
    ContentType.objects.clearCache();
    ann = await User.objects.createUser('ann', 'ann@example.com', 'pw');
    const contentType = await ContentType.objects.getForModel(User);
    changeUser = await Permission.objects.create({ name: 'Can change user', contentType, codename: 'change_user' });
    viewUser = await Permission.objects.create({ name: 'Can view user', contentType, codename: 'view_user' });
  });

  const fresh = async () => User.objects.get({ pk: ann.pk });

  it('own permissions and group permissions, each in one query, then cached on the instance', async () => {
    await ann.user_permissions.add(changeUser);
    const editors = await Group.objects.create({ name: 'editors' });
    await editors.permissions.add(viewUser);
    await ann.groups.add(editors);
    const user = await fresh();
    const first = await captureQueries(() => user.getAllPermissions());
    expect([...first.result].sort()).toEqual(['auth.change_user', 'auth.view_user']);
    expect(first.queries).toHaveLength(2);
    expect([...await user.getUserPermissions()]).toEqual(['auth.change_user']);
    expect([...await user.getGroupPermissions()]).toEqual(['auth.view_user']);
    const again = await captureQueries(async () => [await user.hasPerm('auth.change_user'), await user.hasPerm('auth.view_user'), await user.hasPerm('auth.delete_user')]);
    expect(again.result).toEqual([true, true, false]);
    expect(again.queries).toEqual([]);
    expect(await user.hasPerms(['auth.change_user', 'auth.view_user'])).toBe(true);
    expect(await user.hasPerms(['auth.change_user', 'auth.delete_user'])).toBe(false);
    expect(await user.hasModulePerms('auth')).toBe(true);
    expect(await user.hasModulePerms('blog')).toBe(false);
  });

  it('a permission added later is seen by a freshly loaded user, not by the cached one', async () => {
    const user = await fresh();
    expect(await user.hasPerm('auth.change_user')).toBe(false);
    await ann.user_permissions.add(changeUser);
    expect(await user.hasPerm('auth.change_user')).toBe(false);
    expect(await (await fresh()).hasPerm('auth.change_user')).toBe(true);
  });

  it('an active superuser has every permission; an inactive user none, even a superuser', async () => {
    ann.is_superuser = true;
    await ann.save();
    expect(await (await fresh()).hasPerm('anything.at_all')).toBe(true);
    expect(await (await fresh()).hasModulePerms('anything')).toBe(true);
    expect((await (await fresh()).getAllPermissions()).size).toBe(await Permission.objects.count());
    ann.is_active = false;
    await ann.save();
    await ann.user_permissions.add(changeUser);
    const inactive = await fresh();
    expect(await inactive.hasPerm('auth.change_user')).toBe(false);
    expect((await inactive.getAllPermissions()).size).toBe(0);
  });

  it('an anonymous user has none, and answers without a query', async () => {
    const anonymous = new AnonymousUser();
    const { result, queries } = await captureQueries(async () => [
      await anonymous.hasPerm('auth.change_user'), await anonymous.hasModulePerms('auth'), (await anonymous.getAllPermissions()).size,
    ]);
    expect(result).toEqual([false, false, 0]);
    expect(queries).toEqual([]);
  });

  it('hasPerms needs a list: a single string is PermListError with Django\'s message', async () => {
    await expect(ann.hasPerms('auth.change_user' as never)).rejects.toBeInstanceOf(PermListError);
    await expect(new AnonymousUser().hasPerms('x' as never)).rejects.toThrow('perm_list must be an iterable of permissions.');
  });

  it('asks every backend: one may grant, one throwing PermissionDenied ends the check with false', async () => {
    const restore = overrideSettings({ AUTHENTICATION_BACKENDS: [MagicBackend, 'ModelBackend'] });
    try {
      await ann.user_permissions.add(changeUser);
      const user = await fresh();
      expect(await user.hasPerm('magic.wand')).toBe(true);
      expect(await user.hasPerm('auth.change_user')).toBe(true);
      expect(await user.hasPerm('magic.forbidden')).toBe(false);
      expect([...await user.getAllPermissions()].sort()).toEqual(['auth.change_user', 'magic.wand']);
      expect(await new AnonymousUser().hasPerm('magic.wand')).toBe(true);
    } finally {
      restore();
    }
  });

  it('withPerm: active users with the permission directly or through a group, superusers by default', async () => {
    const bob = await User.objects.createUser('bob');
    const root = await User.objects.createSuperuser('root', '', 'pw');
    const idle = await User.objects.createUser('idle', '', '', { is_active: false });
    await ann.user_permissions.add(changeUser);
    await idle.user_permissions.add(changeUser);
    const editors = await Group.objects.create({ name: 'editors' });
    await editors.permissions.add(changeUser);
    await bob.groups.add(editors);
    const backend = new ModelBackend();
    const names = async (qs: PromiseLike<unknown[]>) => ((await qs) as User[]).map((u) => u.username).sort();
    expect(await names(backend.withPerm('auth.change_user'))).toEqual(['ann', 'bob', 'root']);
    expect(await names(backend.withPerm(changeUser, { includeSuperusers: false }))).toEqual(['ann', 'bob']);
    expect(await names(backend.withPerm('auth.change_user', { isActive: false }))).toEqual(['idle']);
    expect(await names(backend.withPerm('auth.change_user', { isActive: null, includeSuperusers: false }))).toEqual(['ann', 'bob', 'idle']);
    expect(await names(backend.withPerm('auth.change_user', { obj: root }))).toEqual([]);
    expect(root.pk).toBeDefined();
    expect(() => backend.withPerm('auth')).toThrow(InvalidPermissionName);
    expect(() => backend.withPerm('a.b.c')).toThrow('Permission name should be in the form app_label.permission_codename.');
    expect(() => backend.withPerm(42 as never)).toThrow(TypeError);
  });

  it('permissionRequired: a redirect to log in, or a 403 with raiseException; through once granted', async () => {
    const client = new Client({ raiseRequestException: false });
    await client.forceLogin(ann);
    const denied = await client.get('/publish/');
    expect(denied.statusCode).toBe(302);
    expect(denied.headers.get('Location')).toBe('/accounts/login/?next=/publish/');
    expect((await client.get('/strict/')).statusCode).toBe(403);
    await ann.user_permissions.add(changeUser, viewUser);
    expect((await client.get('/publish/')).text).toBe('changed');
    expect((await client.get('/strict/')).text).toBe('viewed');
  });
}, { models: () => [ContentType, Permission, Group, User], flush: true, vendors: ['sqlite', 'postgresql', 'mysql'] });

