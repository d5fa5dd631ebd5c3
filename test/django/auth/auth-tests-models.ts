/**
 * The models of Django's tests/auth_tests/models that the ported tests use, in an app labelled
 * `auth_tests` as Django's is. Each user model is a Canter model built with canter/auth's
 * AbstractBaseUser mixin and fields, as a project's custom user model would be.
 */
import { AbstractBaseUser, abstractBaseUserFields, BaseUserManager } from '../../../src/auth/index.js';
import { defineApp } from '../../../src/conf/apps.js';
import { defineModel, fields, registerModel } from '../../../src/db/index.js';

/** Django's auth_tests app: no verbose name of its own, so it is 'Auth_Tests'. */
export const authTestsApp = defineApp({ label: 'auth_tests', models: () => import('./auth-tests-models.js') });

/** auth_tests.models.with_custom_email_field.CustomEmailField: the address is `email_address`. */
export class CustomEmailField extends AbstractBaseUser(defineModel('auth_tests.CustomEmailField', {
  ...abstractBaseUserFields(),
  password: fields.CharField({ maxLength: 255 }),
  username: fields.CharField({ maxLength: 255 }),
  email_address: fields.EmailField({ null: true }),
  is_active: fields.BooleanField({ default: true }),
})) {
  static override EMAIL_FIELD = 'email_address';
  static override USERNAME_FIELD = 'username';
  static override get objects(): BaseUserManager<CustomEmailField> {
    return BaseUserManager.of(this) as BaseUserManager<CustomEmailField>;
  }
}

/** auth_tests.models.custom_user.CustomUser: the email is the username. */
export class CustomUser extends AbstractBaseUser(defineModel('auth_tests.CustomUser', {
  ...abstractBaseUserFields(),
  email: fields.EmailField({ maxLength: 255, unique: true, verboseName: 'email address' }),
  is_active: fields.BooleanField({ default: true }),
  is_admin: fields.BooleanField({ default: false }),
  date_of_birth: fields.DateField(),
  first_name: fields.CharField({ maxLength: 50 }),
})) {
  static override USERNAME_FIELD = 'email';
  static override REQUIRED_FIELDS: readonly string[] = ['date_of_birth', 'first_name'];
  /** Django's CustomUserManager is a BaseUserManager (ModelBackend finds users through getByNaturalKey). */
  static override get objects(): BaseUserManager<CustomUser> {
    return BaseUserManager.of(this) as BaseUserManager<CustomUser>;
  }
}

/** auth_tests.models.with_integer_username.IntegerUsernameUser. */
export class IntegerUsernameUser extends AbstractBaseUser(defineModel('auth_tests.IntegerUsernameUser', {
  ...abstractBaseUserFields(),
  username: fields.IntegerField(),
})) {
  static override USERNAME_FIELD = 'username';
}

/** auth_tests.models.is_active.IsActiveTestUser1: no is_active field, so AbstractBaseUser's (true) is read. */
export class IsActiveTestUser1 extends AbstractBaseUser(defineModel('auth_tests.IsActiveTestUser1', {
  ...abstractBaseUserFields(),
  username: fields.CharField({ maxLength: 30, unique: true }),
})) {
  static override USERNAME_FIELD = 'username';
}

/** A user model with AbstractBaseUser alone and nothing overridden. */
export class BareBaseUser extends AbstractBaseUser(defineModel('auth_tests.BareBaseUser', { ...abstractBaseUserFields() })) {}

export const AUTH_TESTS_MODELS = [CustomEmailField, CustomUser, IntegerUsernameUser, IsActiveTestUser1, BareBaseUser];
for (const model of AUTH_TESTS_MODELS) registerModel(model);
