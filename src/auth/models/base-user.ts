import { fields } from '../../db/index.js';
import type { Model } from '../../db/index.js';
import { randomString, saltedHmac } from '../../signing/index.js';
import { checkPassword, isPasswordUsable, makePassword, UNUSABLE_PASSWORD_PREFIX, UNUSABLE_PASSWORD_SUFFIX_LENGTH } from '../hashers/index.js';
import { passwordChanged } from '../password-validation/index.js';

const SESSION_AUTH_HASH_SALT = 'django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash';

/**
 * The fields of Django's AbstractBaseUser, made fresh for each model: `password` (varchar 128)
 * and `last_login` (nullable).
 */
export function abstractBaseUserFields() {
  return {
    password: fields.CharField({ maxLength: 128, verboseName: 'password' }),
    last_login: fields.DateTimeField({ null: true, blank: true, verboseName: 'last login' }),
  };
}

/** What AbstractBaseUser's behaviour reads from an instance. */
export interface BaseUserValues {
  password: string;
  last_login: Date | null;
}

/** The statics a user model class says about itself. */
export interface UserModelStatics {
  /** The field that identifies a user (unique): 'username' for auth.User. */
  readonly USERNAME_FIELD: string;
  /** The field holding the address; 'email' by default. */
  readonly EMAIL_FIELD: string;
  /** Fields createsuperuser asks for besides USERNAME_FIELD and the password. */
  readonly REQUIRED_FIELDS: readonly string[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type UserBase<T> = new (...args: any[]) => Model & T;

/**
 * Django's AbstractBaseUser as a mixin over a defined model with `abstractBaseUserFields()`:
 * the username/email field names, the password state and the session auth hash.
 *
 * @example
 * export class Member extends AbstractBaseUser(defineModel('club.Member', {
 *   email: fields.EmailField({ unique: true }), ...abstractBaseUserFields(),
 * })) {
 *   static override USERNAME_FIELD = 'email';
 * }
 */
export function AbstractBaseUser<B extends UserBase<BaseUserValues>>(Base: B) {
  abstract class BaseUser extends Base {
    /** The raw password setPassword() was given, until save() tells the validators (Django's `_password`). */
    #rawPassword: string | null = null;

    /** Whether the user may log in: the model's field, else always true (Django's class attribute). */
    declare is_active: boolean;

    static USERNAME_FIELD = 'username';
    static EMAIL_FIELD = 'email';
    static REQUIRED_FIELDS: readonly string[] = [];

    /**
     * Django's normalize_username: NFKC, so look-alike characters (U+2126 OHM SIGN and U+03A9
     * OMEGA) make one username; anything but a string is returned as it is.
     */
    static normalizeUsername<T>(username: T): T {
      return (typeof username === 'string' ? username.normalize('NFKC') : username) as T;
    }

    /** The class's USERNAME_FIELD, EMAIL_FIELD and REQUIRED_FIELDS. */
    get userStatics(): UserModelStatics {
      return this.constructor as unknown as UserModelStatics;
    }

    /** The value of USERNAME_FIELD. */
    getUsername(): string {
      return (this as unknown as Record<string, string>)[this.userStatics.USERNAME_FIELD]!;
    }

    /** The name of the email field (EMAIL_FIELD). */
    getEmailFieldName(): string {
      return this.userStatics.EMAIL_FIELD;
    }

    /** Normalizes the username (NFKC): Django's AbstractBaseUser.clean(). */
    clean(): void {
      const field = this.userStatics.USERNAME_FIELD;
      const self = this as unknown as Record<string, unknown>;
      self[field] = (this.constructor as typeof BaseUser).normalizeUsername(self[field]);
    }

    /** `[username]`: Django's natural key. */
    naturalKey(): [string] {
      return [this.getUsername()];
    }

    /** Always true for a user from the database: the way to tell one from AnonymousUser. */
    get isAuthenticated(): boolean {
      return true;
    }

    /** Always false, as opposed to AnonymousUser. */
    get isAnonymous(): boolean {
      return false;
    }

    /**
     * Hashes and sets the password (does not save); null sets an unusable one. The next save()
     * calls the password validators' passwordChanged(), once.
     */
    async setPassword(raw: string | null): Promise<void> {
      this.password = await makePassword(raw);
      this.#rawPassword = raw;
    }

    /**
     * True when `raw` is the password. When the hasher asks for it (another preferred hasher, more
     * iterations) the hash is upgraded and saved (`updateFields: ['password']`) — not a password
     * change, so passwordChanged() is not called.
     */
    checkPassword(raw: string | null): Promise<boolean> {
      return checkPassword(raw, this.password, async (password) => {
        await this.setPassword(typeof password === 'string' ? password : Buffer.from(password).toString('utf8'));
        this.#rawPassword = null;
        await this.save({ updateFields: ['password'] });
      });
    }

    /** Saves, then tells the password validators of a password set since the last save. */
    override async save(options?: Parameters<Model['save']>[0]): Promise<void> {
      await super.save(options);
      const raw = this.#rawPassword;
      if (raw !== null) {
        this.#rawPassword = null;
        await passwordChanged(raw, this as never);
      }
    }

    /** Sets a password no raw password matches (does not save): Django's set_unusable_password. */
    setUnusablePassword(): void {
      this.password = UNUSABLE_PASSWORD_PREFIX + randomString(UNUSABLE_PASSWORD_SUFFIX_LENGTH);
    }

    /** False after setUnusablePassword() (or a user made without a password). */
    hasUsablePassword(): boolean {
      return isPasswordUsable(this.password);
    }

    /**
     * The HMAC of the password hash that login() stores in the session, so that changing the
     * password logs other sessions out: Django's get_session_auth_hash (sha256), byte for byte.
     */
    getSessionAuthHash(secret?: string): string {
      return saltedHmac(SESSION_AUTH_HASH_SALT, this.password, secret, 'sha256').toString('hex');
    }

    /** The same hash under each of SECRET_KEY_FALLBACKS: Django's get_session_auth_fallback_hash. */
    *getSessionAuthFallbackHash(fallbacks: readonly string[]): Generator<string> {
      for (const secret of fallbacks) yield this.getSessionAuthHash(secret);
    }

    override toString(): string {
      return this.getUsername();
    }
  }
  // Django's AbstractBaseUser.is_active = True: a class attribute, so a model without the field
  // reads true, and a model with it shadows this with its own value. A writable prototype value
  // (not a class field, which would overwrite the loaded one) behaves the same way.
  if (!Object.prototype.hasOwnProperty.call(Base.prototype, 'is_active')) {
    Object.defineProperty(BaseUser.prototype, 'is_active', { value: true, writable: true, enumerable: false, configurable: true });
  }
  return BaseUser;
}
