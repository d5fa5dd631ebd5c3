import type { HttpRequest } from '../../http/request.js';
import { Q } from '../../db/index.js';
import type { Model, ModelClass, QuerySet } from '../../db/index.js';
import { getUserModel, Permission } from '../models/index.js';
import { InvalidPermissionName } from '../errors.js';
import { BaseBackend, type BackendUser } from './base.js';

/** Which of a user's permissions: their own, their groups', or both. */
type PermissionSource = 'user' | 'group' | 'all';

/**
 * Each user object's permissions, as Django caches them on the instance (`_perm_cache`…): a
 * fresh instance (loaded again) asks the database again.
 */
const permissionCache = new WeakMap<object, Partial<Record<PermissionSource, Set<string>>>>();

/** What ModelBackend uses of a user model instance. */
interface ModelUser extends Model {
  is_active?: boolean;
  checkPassword(raw: string): Promise<boolean>;
  setPassword(raw: string | null): Promise<void>;
}

interface UserModel extends ModelClass {
  USERNAME_FIELD: string;
  objects: ModelClass['objects'] & { getByNaturalKey(username: unknown): Promise<Model> };
}

/**
 * Django's ModelBackend: authenticates a username (the user model's USERNAME_FIELD) and password
 * against the user model, refusing inactive users; gives permissions from the user and from
 * their groups. An unknown username still costs one password hash, so response times do not
 * tell which usernames exist. Stored in the session as Django's path, so either side reads the
 * other's logins.
 */
export class ModelBackend extends BaseBackend {
  static override backendPath = 'django.contrib.auth.backends.ModelBackend';

  override async authenticate(_request: HttpRequest | null, credentials: Readonly<Record<string, unknown>>): Promise<Model | null> {
    const Users = getUserModel() as UserModel;
    const username = credentials.username ?? credentials[Users.USERNAME_FIELD];
    const password = credentials.password;
    if (username === undefined || username === null || typeof password !== 'string') return null;
    let user: ModelUser;
    try {
      user = await Users.objects.getByNaturalKey(username) as ModelUser;
    } catch (error) {
      if (!(error instanceof Users.DoesNotExist)) throw error;
      // Run the default hasher once, so an unknown username takes as long as a wrong password.
      await (new Users() as ModelUser).setPassword(password);
      return null;
    }
    return (await user.checkPassword(password)) && this.userCanAuthenticate(user) ? user : null;
  }

  /** False for users whose is_active is false; users without the field may authenticate. */
  userCanAuthenticate(user: BackendUser): boolean {
    return user.is_active !== false;
  }

  override async getUserPermissions(user: BackendUser, obj?: unknown): Promise<Set<string>> {
    return this.#permissions(user, obj, 'user');
  }

  override async getGroupPermissions(user: BackendUser, obj?: unknown): Promise<Set<string>> {
    return this.#permissions(user, obj, 'group');
  }

  override async getAllPermissions(user: BackendUser, obj?: unknown): Promise<Set<string>> {
    if (!isActiveUser(user) || obj !== undefined && obj !== null) return new Set();
    const cache = cacheOf(user);
    return (cache.all ??= await super.getAllPermissions(user));
  }

  override async hasPerm(user: BackendUser, perm: string, obj?: unknown): Promise<boolean> {
    return user.is_active !== false && await super.hasPerm(user, perm, obj);
  }

  /** True when the user has any permission in the app. */
  async hasModulePerms(user: BackendUser, appLabel: string): Promise<boolean> {
    if (user.is_active === false) return false;
    for (const perm of await this.getAllPermissions(user)) if (perm.slice(0, perm.indexOf('.')) === appLabel) return true;
    return false;
  }

  /**
   * The active users (by default) who have `perm` ('app_label.codename') directly or through a
   * group, and the superusers unless `includeSuperusers` is false. Django's with_perm.
   */
  withPerm(perm: string | Permission, options: { isActive?: boolean | null; includeSuperusers?: boolean; obj?: unknown } = {}): QuerySet<Model> {
    const { isActive = true, includeSuperusers = true, obj } = options;
    let which: (prefix: string) => Q;
    if (typeof perm === 'string') {
      const parts = perm.split('.');
      if (parts.length !== 2) throw new InvalidPermissionName('Permission name should be in the form app_label.permission_codename.');
      const [appLabel, codename] = parts as [string, string];
      which = (prefix) => Q({ [`${prefix}codename`]: codename, [`${prefix}contentType__appLabel`]: appLabel });
    } else if (perm instanceof Permission) {
      which = (prefix) => Q({ [`${prefix}pk`]: perm.pk });
    } else {
      throw new TypeError('The `perm` argument must be a string or a permission instance.');
    }
    const Users = getUserModel();
    if (obj !== undefined && obj !== null) return Users.objects.none() as QuerySet<Model>;
    const direct = which('user_permissions__');
    const viaGroups = which('groups__permissions__');
    let users = Users.objects.filter(Q.or(direct, viaGroups, ...(includeSuperusers ? [Q({ is_superuser: true })] : [])));
    if (isActive !== null) users = users.filter({ is_active: isActive } as never);
    return users.distinct() as QuerySet<Model>;
  }

  async #permissions(user: BackendUser, obj: unknown, from: 'user' | 'group'): Promise<Set<string>> {
    if (!isActiveUser(user) || obj !== undefined && obj !== null) return new Set();
    const cache = cacheOf(user);
    const cached = cache[from];
    if (cached !== undefined) return cached;
    const Users = getUserModel();
    const perms = (user as { is_superuser?: boolean }).is_superuser === true
      ? Permission.objects.all()
      : from === 'user'
        ? Permission.objects.filter({ [relatedQueryName(Users, 'user_permissions')]: user.pk } as never)
        : Permission.objects.filter({ [`group__${relatedQueryName(Users, 'groups')}`]: user.pk } as never);
    const rows = await perms.valuesList('contentType__appLabel', 'codename').orderBy() as unknown as Array<[string, string]>;
    return (cache[from] = new Set(rows.map(([app, codename]) => `${app}.${codename}`)));
  }

  override async getUser(userId: unknown): Promise<Model | null> {
    const Users = getUserModel();
    let pk: unknown;
    try {
      pk = Users.meta.pk.toJs(userId);
    } catch {
      return null;
    }
    const user = await Users.objects.filter({ pk } as never).first() as ModelUser | undefined;
    return user !== undefined && this.userCanAuthenticate(user) ? user : null;
  }
}

/** ModelBackend without the is_active check: inactive users may log in. */
export class AllowAllUsersModelBackend extends ModelBackend {
  static override backendPath = 'django.contrib.auth.backends.AllowAllUsersModelBackend';

  override userCanAuthenticate(): boolean {
    return true;
  }
}

function isActiveUser(user: BackendUser): boolean {
  return user.is_active !== false && user.isAnonymous !== true;
}

function cacheOf(user: object): Partial<Record<PermissionSource, Set<string>>> {
  let cache = permissionCache.get(user);
  if (cache === undefined) permissionCache.set(user, (cache = {}));
  return cache;
}

/** The name a user model's many-to-many field takes in queries from the other side (Django's related_query_name()). */
function relatedQueryName(Users: ModelClass, field: 'groups' | 'user_permissions'): string {
  const found = Users.meta.manyToMany.find((f) => f.name === field) as { relatedQueryName?: string } | undefined;
  return found?.relatedQueryName ?? Users.meta.modelName;
}
