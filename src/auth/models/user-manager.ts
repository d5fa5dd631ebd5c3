import type { Model, QuerySet } from '../../db/index.js';
import type { BackendClass } from '../backends/base.js';
import { configuredBackends, resolveBackend } from '../backends/registry.js';
import { AuthBackendRequired } from '../errors.js';
import { BaseUserManager } from './base-user-manager.js';
import { InvalidUserData } from './errors.js';
import { makePassword } from '../hashers/index.js';

/** Field values createUser()/createSuperuser() take beside the username, email and password. */
export type ExtraUserFields = Readonly<Record<string, unknown>>;

/** What withPerm() takes beside the permission: Django's keyword arguments. */
export interface WithPermOptions {
  /** true (the default): active users only; false: inactive ones only; null: both. */
  isActive?: boolean | null;
  /** Superusers have every permission (default true). */
  includeSuperusers?: boolean;
  /** The backend to ask: a class, or a name AUTHENTICATION_BACKENDS takes; needed when several are configured. */
  backend?: string | BackendClass;
  obj?: unknown;
}

interface PermissionQuerying {
  withPerm?(perm: unknown, options: { isActive?: boolean | null; includeSuperusers?: boolean; obj?: unknown }): QuerySet<Model>;
}

interface UserClassStatics {
  normalizeUsername?<T>(username: T): T;
  USERNAME_FIELD?: string;
}

/**
 * auth.User's manager (and that of user models built with AbstractUser): Django's UserManager.
 *
 * @example
 * const ann = await User.objects.createUser('ann', 'ann@EXAMPLE.com', 's3cret');
 * const root = await User.objects.createSuperuser('root', 'root@example.com', 's3cret');
 */
export class UserManager<U extends Model = Model> extends BaseUserManager<U> {
  /** Kept for data migrations' historical models, as Django's use_in_migrations. */
  static useInMigrations = true;

  /**
   * Makes and saves a user: the email's domain lower-cased, the username NFKC-normalized, the
   * password hashed (none, or null: an unusable password). is_staff and is_superuser default to false.
   */
  createUser(username: string, email?: string | null, password?: string | null, extra: ExtraUserFields = {}): Promise<U> {
    return this.#createUser(username, email, password, { is_staff: false, is_superuser: false, ...extra });
  }

  /** createUser() with is_staff and is_superuser true; false for either is an InvalidUserData error. */
  createSuperuser(username: string, email?: string | null, password?: string | null, extra: ExtraUserFields = {}): Promise<U> {
    const values = { is_staff: true, is_superuser: true, ...extra };
    if (values.is_staff !== true) return Promise.reject(new InvalidUserData('Superuser must have is_staff=True.'));
    if (values.is_superuser !== true) return Promise.reject(new InvalidUserData('Superuser must have is_superuser=True.'));
    return this.#createUser(username, email, password, values);
  }

  /**
   * The users who have `perm` ('app_label.codename' or a Permission), as the backend answers:
   * Django's with_perm. Without `backend` the only configured backend is asked (several are an
   * AuthBackendRequired error); a backend without withPerm() answers no users.
   *
   * @example await User.objects.withPerm('blog.change_post', { includeSuperusers: false });
   */
  withPerm(perm: unknown, options: WithPermOptions = {}): QuerySet<U> {
    const { isActive = true, includeSuperusers = true, obj } = options;
    let backend: PermissionQuerying;
    if (options.backend === undefined) {
      const backends = configuredBackends();
      if (backends.length !== 1) {
        throw new AuthBackendRequired('You have multiple authentication backends configured and therefore must provide the `backend` argument.');
      }
      backend = backends[0]!.backend as PermissionQuerying;
    } else if (typeof options.backend !== 'string' && typeof options.backend !== 'function') {
      throw new TypeError(`backend must be a dotted import path string or a backend class (got ${describe(options.backend)}).`);
    } else {
      backend = new (resolveBackend(options.backend))() as PermissionQuerying;
    }
    if (typeof backend.withPerm !== 'function') return this.none();
    return backend.withPerm(perm, { isActive, includeSuperusers, obj }) as QuerySet<U>;
  }

  async #createUser(username: string, email: string | null | undefined, password: string | null | undefined, extra: ExtraUserFields): Promise<U> {
    if (!username) throw new InvalidUserData('The given username must be set');
    const model = this.model as unknown as UserClassStatics;
    const normalized = model.normalizeUsername?.(username) ?? username.normalize('NFKC');
    const field = model.USERNAME_FIELD ?? 'username';
    const user = new this.model({ ...extra, [field]: normalized, email: BaseUserManager.normalizeEmail(email) }) as U & { password: string };
    user.password = await makePassword(password ?? null);
    await user.save();
    return user;
  }
}

function describe(value: unknown): string {
  if (value instanceof Uint8Array) return `b'${Buffer.from(value).toString('latin1')}'`;
  return typeof value === 'object' && value !== null ? Object.prototype.toString.call(value) : String(value);
}
