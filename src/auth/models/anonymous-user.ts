import type { QuerySet } from '../../db/index.js';
import { permList, userGetPermissions, userHasModulePerms, userHasPerm } from '../permissions.js';
import { AnonymousUserNotStored } from './errors.js';
import { Group } from './group.js';
import { Permission } from './permission.js';

/**
 * The user of a request nobody is logged in to: Django's AnonymousUser. It has no row; its
 * groups and permissions are empty, and saving or deleting it is refused.
 *
 * @example
 * const user = new AnonymousUser();
 * [user.isAuthenticated, user.username, await user.groups.count()]; // [false, '', 0]
 */
export class AnonymousUser {
  readonly id = null;
  readonly pk = null;
  readonly username = '';
  readonly is_staff = false;
  readonly is_active = false;
  readonly is_superuser = false;

  /** Always false. */
  get isAuthenticated(): boolean {
    return false;
  }

  /** Always true. */
  get isAnonymous(): boolean {
    return true;
  }

  /** Empty, as Django's EmptyManager(Group). */
  get groups(): QuerySet<Group> {
    return Group.objects.none();
  }

  /** Empty, as Django's EmptyManager(Permission). */
  get user_permissions(): QuerySet<Permission> {
    return Permission.objects.none();
  }

  getUsername(): string {
    return this.username;
  }

  /** What the backends give an anonymous user (ModelBackend: nothing). */
  getUserPermissions(obj?: unknown): Promise<Set<string>> {
    return userGetPermissions(this, obj, 'user');
  }

  getGroupPermissions(obj?: unknown): Promise<Set<string>> {
    return userGetPermissions(this, obj, 'group');
  }

  getAllPermissions(obj?: unknown): Promise<Set<string>> {
    return userGetPermissions(this, obj, 'all');
  }

  hasPerm(perm: string, obj?: unknown): Promise<boolean> {
    return userHasPerm(this, perm, obj);
  }

  async hasPerms(perms: Iterable<string>, obj?: unknown): Promise<boolean> {
    for (const perm of permList(perms)) if (!(await this.hasPerm(perm, obj))) return false;
    return true;
  }

  hasModulePerms(appLabel: string): Promise<boolean> {
    return userHasModulePerms(this, appLabel);
  }

  save(): Promise<never> {
    return Promise.reject(new AnonymousUserNotStored());
  }

  delete(): Promise<never> {
    return Promise.reject(new AnonymousUserNotStored());
  }

  setPassword(_raw: string | null): Promise<never> {
    return Promise.reject(new AnonymousUserNotStored());
  }

  checkPassword(_raw: string | null): Promise<never> {
    return Promise.reject(new AnonymousUserNotStored());
  }

  /** Every AnonymousUser equals every other, as in Django. */
  equals(other: unknown): boolean {
    return other instanceof AnonymousUser;
  }

  toString(): string {
    return 'AnonymousUser';
  }

  /** Django refuses int(AnonymousUser()); `+user` or `Number(user)` is refused the same way. */
  [Symbol.toPrimitive](hint: string): string {
    if (hint === 'number') throw new TypeError('Cannot cast AnonymousUser to int. Are you trying to use it in place of User?');
    return this.toString();
  }
}
