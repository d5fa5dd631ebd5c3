import { PermissionDenied } from '../conf/errors.js';
import type { BaseBackend, BackendUser } from './backends/base.js';
import { configuredBackends } from './backends/registry.js';
import { PermListError } from './errors.js';

/** A backend's optional module-permission check (ModelBackend has one; BaseBackend does not). */
type ModuleAware = BaseBackend & { hasModulePerms?: (user: BackendUser, appLabel: string) => Promise<boolean> };

function backends(): readonly BaseBackend[] {
  return configuredBackends().map((b) => b.backend);
}

/** The permissions every backend gives the user, from its own grants, its groups', or both. */
export async function userGetPermissions(user: BackendUser, obj: unknown, from: 'user' | 'group' | 'all'): Promise<Set<string>> {
  const found = new Set<string>();
  for (const backend of backends()) {
    const perms = from === 'user'
      ? await backend.getUserPermissions(user, obj)
      : from === 'group' ? await backend.getGroupPermissions(user, obj) : await backend.getAllPermissions(user, obj);
    for (const perm of perms) found.add(perm);
  }
  return found;
}

/** True when a backend grants the permission; a backend throwing PermissionDenied ends the check with false. */
export async function userHasPerm(user: BackendUser, perm: string, obj?: unknown): Promise<boolean> {
  for (const backend of backends()) {
    try {
      if (await backend.hasPerm(user, perm, obj)) return true;
    } catch (error) {
      if (error instanceof PermissionDenied) return false;
      throw error;
    }
  }
  return false;
}

/** True when a backend grants any permission in the app; PermissionDenied ends the check with false. */
export async function userHasModulePerms(user: BackendUser, appLabel: string): Promise<boolean> {
  for (const backend of backends() as ModuleAware[]) {
    if (backend.hasModulePerms === undefined) continue;
    try {
      if (await backend.hasModulePerms(user, appLabel)) return true;
    } catch (error) {
      if (error instanceof PermissionDenied) return false;
      throw error;
    }
  }
  return false;
}

/**
 * The perm list hasPerms() takes: an iterable of permission names, never a single string
 * (Django's ValueError, kept as its message).
 */
export function permList(perms: unknown): readonly string[] {
  if (typeof perms === 'string' || perms === null || typeof perms !== 'object' || !(Symbol.iterator in perms)) {
    throw new PermListError('perm_list must be an iterable of permissions.');
  }
  return [...(perms as Iterable<string>)];
}
