import { fields } from '../../db/index.js';
import { sendMail } from '../../mail/index.js';
import type { SendMailOptions } from '../../mail/index.js';
import { abstractBaseUserFields, AbstractBaseUser } from './base-user.js';
import { PermissionsMixin } from './permissions-mixin.js';
import type { BaseUserValues, UserBase } from './base-user.js';
import { BaseUserManager } from './base-user-manager.js';
import { UserManager } from './user-manager.js';
import { unicodeUsernameValidator } from './username-validator.js';

/** The names a user model's groups and user_permissions relations take on Group and Permission. */
export interface PermissionsRelationNames {
  /** The reverse accessor (`group.user_set`); Django's 'user_set'. */
  relatedName?: string;
  /** The reverse name in queries (`Group.objects.filter({ user__… })`); Django's 'user'. */
  relatedQueryName?: string;
}

/**
 * The fields of Django's PermissionsMixin: `is_superuser` and the `groups` and `user_permissions`
 * many-to-many relations (join tables `<user table>_groups`, `<user table>_user_permissions`).
 * A second user model installed beside auth.User must give other relation names.
 */
export function permissionsMixinFields(names: PermissionsRelationNames = {}) {
  const related = { relatedName: names.relatedName ?? 'user_set', relatedQueryName: names.relatedQueryName ?? 'user' };
  return {
    is_superuser: fields.BooleanField({ default: false, verboseName: 'superuser status' }),
    groups: fields.ManyToManyField('auth.Group', { blank: true, verboseName: 'groups', ...related }),
    user_permissions: fields.ManyToManyField('auth.Permission', { blank: true, verboseName: 'user permissions', ...related }),
  };
}

/**
 * Django's AbstractUser fields, in Django's column order, made fresh for each model: spread them
 * into defineModel() to make a user model of your own with auth.User's columns.
 *
 * @example
 * export class Customer extends AbstractUser(defineModel('shop.Customer', {
 *   ...abstractUserFields({ relatedName: 'customer_set', relatedQueryName: 'customer' }),
 *   loyaltyPoints: fields.IntegerField({ default: 0 }),
 * })) {}
 */
export function abstractUserFields(names: PermissionsRelationNames = {}) {
  const { is_superuser, groups, user_permissions } = permissionsMixinFields(names);
  return {
    ...abstractBaseUserFields(),
    is_superuser,
    groups,
    user_permissions,
    username: fields.CharField({ maxLength: 150, unique: true, verboseName: 'username', validators: [unicodeUsernameValidator] }),
    first_name: fields.CharField({ maxLength: 150, blank: true, verboseName: 'first name' }),
    last_name: fields.CharField({ maxLength: 150, blank: true, verboseName: 'last name' }),
    email: fields.EmailField({ maxLength: 254, blank: true, verboseName: 'email address' }),
    is_staff: fields.BooleanField({ default: false, verboseName: 'staff status' }),
    is_active: fields.BooleanField({ default: true, verboseName: 'active' }),
    date_joined: fields.DateTimeField({ default: timezoneNow, verboseName: 'date joined' }),
  };
}

/** The current time: Django's timezone.now, the default of date_joined (one function, so migrations compare equal). */
export function timezoneNow(): Date {
  return new Date();
}

/** What AbstractUser's behaviour reads from an instance. */
export interface AbstractUserValues extends BaseUserValues {
  username: string;
  first_name: string;
  last_name: string;
  email: string;
  is_staff: boolean;
  is_active: boolean;
  is_superuser: boolean;
  date_joined: Date;
}

/**
 * Django's AbstractUser as a mixin over a model defined with `abstractUserFields()`: everything
 * AbstractBaseUser and PermissionsMixin give, plus the names, email normalization and, by
 * default, a UserManager as `objects` (a subclass may declare its own).
 */
export function AbstractUser<B extends UserBase<AbstractUserValues>>(Base: B) {
  abstract class User extends AbstractBaseUser(PermissionsMixin(Base)) {
    static override EMAIL_FIELD = 'email';
    static override REQUIRED_FIELDS: readonly string[] = ['email'];

    /** A UserManager (createUser, createSuperuser, getByNaturalKey), as Django's AbstractUser has. */
    static get objects(): UserManager<User & InstanceType<B>> {
      return UserManager.of(this as never) as UserManager<User & InstanceType<B>>;
    }

    /** First and last name with a space between, trimmed: Django's get_full_name. */
    getFullName(): string {
      return `${this.first_name} ${this.last_name}`.trim();
    }

    /** The first name: Django's get_short_name. */
    getShortName(): string {
      return this.first_name;
    }

    /**
     * Sends this user an email (to `email`): Django's email_user, through canter/mail's sendMail.
     *
     * @example await user.emailUser('Welcome', 'Hello!', 'noreply@example.com');
     */
    emailUser(subject: string, message: string, fromEmail: string | null = null, options: SendMailOptions = {}): Promise<number> {
      return sendMail(subject, message, fromEmail, [this.email], options);
    }

    /** Normalizes the username (NFKC) and the email's domain: Django's AbstractUser.clean(). */
    override clean(): void {
      super.clean();
      this.email = BaseUserManager.normalizeEmail(this.email);
    }
  }
  return User;
}
