/**
 * The user models of Django's tests/auth_tests/models that test_auth_backends.py swaps in with
 * AUTH_USER_MODEL, in the `auth_tests` app as Django's are: ExtensionUser, CustomPermissionsUser,
 * CustomUserWithoutIsActiveField and UUIDUser. (CustomUser is in auth-tests-models.ts.) The
 * many-to-many relations to Group and Permission get names of their own, as a second user model
 * installed beside auth.User must.
 */
import { randomUUID } from 'node:crypto';
import {
  AbstractBaseUser, abstractBaseUserFields, AbstractUser, BaseUserManager, abstractUserFields, permissionsMixinFields, PermissionsMixin, UserManager,
} from '../../../src/auth/index.js';
import { defineModel, fields, registerModel } from '../../../src/db/index.js';

/** auth_tests.models.custom_user.ExtensionUser: AbstractUser with a date of birth. */
export class ExtensionUser extends AbstractUser(defineModel('auth_tests.ExtensionUser', {
  ...abstractUserFields({ relatedName: 'extensionuser_set', relatedQueryName: 'extensionuser' }),
  date_of_birth: fields.DateField(),
})) {
  static override REQUIRED_FIELDS: readonly string[] = ['email', 'date_of_birth'];
  static override get objects(): UserManager<ExtensionUser> {
    return UserManager.of(this) as UserManager<ExtensionUser>;
  }
}

/** auth_tests.models.custom_permissions.CustomPermissionsUser: AbstractBaseUser + PermissionsMixin, the email as username. */
export class CustomPermissionsUser extends PermissionsMixin(AbstractBaseUser(defineModel('auth_tests.CustomPermissionsUser', {
  ...abstractBaseUserFields(),
  ...permissionsMixinFields({ relatedName: 'custompermissionsuser_set', relatedQueryName: 'custompermissionsuser' }),
  email: fields.EmailField({ maxLength: 255, unique: true, verboseName: 'email address' }),
  date_of_birth: fields.DateField(),
}))) {
  static override USERNAME_FIELD = 'email';
  static override REQUIRED_FIELDS: readonly string[] = ['date_of_birth'];
  /** Django's CustomPermissionsUserManager is a BaseUserManager; its create_user is written out in the test. */
  static override get objects(): BaseUserManager<CustomPermissionsUser> {
    return BaseUserManager.of(this) as BaseUserManager<CustomPermissionsUser>;
  }
}

/** auth_tests.models.custom_user.CustomUserWithoutIsActiveField. */
export class CustomUserWithoutIsActiveField extends AbstractBaseUser(defineModel('auth_tests.CustomUserWithoutIsActiveField', {
  ...abstractBaseUserFields(),
  username: fields.CharField({ maxLength: 150, unique: true }),
  email: fields.EmailField({ unique: true }),
})) {
  static override USERNAME_FIELD = 'username';
  static override get objects(): UserManager<CustomUserWithoutIsActiveField> {
    return UserManager.of(this) as UserManager<CustomUserWithoutIsActiveField>;
  }
}

/** auth_tests.models.uuid_pk.UUIDUser: AbstractUser with a UUID primary key. */
export class UUIDUser extends AbstractUser(defineModel('auth_tests.UUIDUser', {
  id: fields.UUIDField({ primaryKey: true, default: () => randomUUID() }),
  ...abstractUserFields({ relatedName: 'uuid_users', relatedQueryName: 'uuid_user' }),
})) {
  static override get objects(): UserManager<UUIDUser> {
    return UserManager.of(this) as UserManager<UUIDUser>;
  }
}

export const BACKEND_TEST_MODELS = [ExtensionUser, CustomPermissionsUser, CustomUserWithoutIsActiveField, UUIDUser];
for (const model of BACKEND_TEST_MODELS) registerModel(model);
