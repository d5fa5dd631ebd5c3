import type { Model } from '../../db/index.js';
import { permList, userGetPermissions, userHasModulePerms, userHasPerm } from '../permissions.js';

/** What the permission checks read of a user. */
interface PermissionsValues {
  is_active?: boolean;
  is_superuser?: boolean;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Base<T> = new (...args: any[]) => Model & T;

/**
 * Django's PermissionsMixin: a user's permissions, asked of every backend in
 * AUTHENTICATION_BACKENDS (ModelBackend reads the user's own and their groups'). An active
 * superuser has every permission. All of it is async: the backends query.
 *
 * @example if (await user.hasPerm('blog.publish_post')) { … }
 */
export function PermissionsMixin<B extends Base<PermissionsValues>>(Base: B) {
  abstract class WithPermissions extends Base {
    /** 'app_label.codename' of every permission the user has directly. */
    getUserPermissions(obj?: unknown): Promise<Set<string>> {
      return userGetPermissions(this, obj, 'user');
    }

    /** … through their groups. */
    getGroupPermissions(obj?: unknown): Promise<Set<string>> {
      return userGetPermissions(this, obj, 'group');
    }

    /** … either way. */
    getAllPermissions(obj?: unknown): Promise<Set<string>> {
      return userGetPermissions(this, obj, 'all');
    }

    /** True when the user has the permission ('app_label.codename'); always for an active superuser. */
    async hasPerm(perm: string, obj?: unknown): Promise<boolean> {
      if (this.is_active === true && this.is_superuser === true) return true;
      return userHasPerm(this, perm, obj);
    }

    /** True when the user has every permission of the list (a list: a single string is an error). */
    async hasPerms(perms: Iterable<string>, obj?: unknown): Promise<boolean> {
      for (const perm of permList(perms)) if (!(await this.hasPerm(perm, obj))) return false;
      return true;
    }

    /** True when the user has any permission in the app; always for an active superuser. */
    async hasModulePerms(appLabel: string): Promise<boolean> {
      if (this.is_active === true && this.is_superuser === true) return true;
      return userHasModulePerms(this, appLabel);
    }
  }
  return WithPermissions;
}
