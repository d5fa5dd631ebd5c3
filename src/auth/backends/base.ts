import type { HttpRequest } from '../../http/request.js';

/** A user as the backends see it: what permission checks read. */
export interface BackendUser {
  readonly pk: unknown;
  readonly is_active?: boolean;
  readonly isAnonymous?: boolean;
}

/**
 * Django's BaseBackend: every method answers "no" (null, an empty set, false), so a backend
 * implements only what it supports. authenticate() receives the request (or null) and the
 * credentials given to `authenticate()`; a backend that does not handle them returns null, one
 * that wants to stop every later backend throws PermissionDenied.
 *
 * The path stored in the session (`_auth_user_backend`) is the class's `backendPath` when it
 * has one (the built-in ones give Django's dotted paths, so either side reads the other's
 * sessions), else its class name.
 */
export class BaseBackend {
  /** The name stored in the session for users this backend authenticated. */
  static backendPath?: string;

  async authenticate(_request: HttpRequest | null, _credentials: Readonly<Record<string, unknown>>): Promise<unknown> {
    return null;
  }

  async getUser(_userId: unknown): Promise<unknown> {
    return null;
  }

  async getUserPermissions(_user: BackendUser, _obj?: unknown): Promise<Set<string>> {
    return new Set();
  }

  async getGroupPermissions(_user: BackendUser, _obj?: unknown): Promise<Set<string>> {
    return new Set();
  }

  async getAllPermissions(user: BackendUser, obj?: unknown): Promise<Set<string>> {
    return new Set([...await this.getUserPermissions(user, obj), ...await this.getGroupPermissions(user, obj)]);
  }

  async hasPerm(user: BackendUser, perm: string, obj?: unknown): Promise<boolean> {
    return (await this.getAllPermissions(user, obj)).has(perm);
  }
}

/** A backend class as AUTHENTICATION_BACKENDS may hold it. */
export type BackendClass = (new () => BaseBackend) & { backendPath?: string };
