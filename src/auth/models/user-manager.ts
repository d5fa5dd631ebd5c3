import type { Model } from '../../db/index.js';
import { BaseUserManager } from './base-user-manager.js';
import { InvalidUserData } from './errors.js';
import { makePassword } from '../hashers/index.js';

/** Field values createUser()/createSuperuser() take beside the username, email and password. */
export type ExtraUserFields = Readonly<Record<string, unknown>>;

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
