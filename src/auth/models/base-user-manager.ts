import { Manager } from '../../db/index.js';
import type { Model } from '../../db/index.js';

/**
 * The manager every user model's manager builds on: Django's BaseUserManager.
 *
 * @example await MyUser.objects.getByNaturalKey('ann@example.com');
 */
export class BaseUserManager<U extends Model> extends Manager<U> {
  /**
   * The address with its domain lower-cased (the local part may be case-sensitive, so it stays);
   * null or undefined give ''. Django's normalize_email.
   *
   * @example BaseUserManager.normalizeEmail('Ann@EXAMPLE.com'); // 'Ann@example.com'
   */
  static normalizeEmail(email: string | null | undefined): string {
    const value = email ?? '';
    const trimmed = value.trim();
    const at = trimmed.lastIndexOf('@');
    if (at < 0) return value;
    return `${trimmed.slice(0, at)}@${trimmed.slice(at + 1).toLowerCase()}`;
  }

  /** The user whose USERNAME_FIELD holds this value: Django's get_by_natural_key. */
  getByNaturalKey(username: unknown): Promise<U> {
    const field = (this.model as unknown as { USERNAME_FIELD?: string }).USERNAME_FIELD ?? 'username';
    return this.get({ [field]: username } as never);
  }
}
