/**
 * The user a password is checked against: any object whose attributes are read by name — a
 * User, or a plain object such as a form's cleaned data.
 */
export type PasswordUser = object;

/**
 * A password validator (Django's validator protocol). `validate()` throws canter/db's
 * ValidationError when the password is refused (it may return a Promise, for a validator that
 * needs I/O); `getHelpText()` says what it asks for; `passwordChanged()`, when present, is told
 * of each new password (by passwordChanged(), after a user's password was set).
 *
 * @example
 * class NoSpacesValidator implements PasswordValidator {
 *   validate(password: string): void {
 *     if (password.includes(' ')) throw new ValidationError('No spaces, please.', { code: 'password_has_spaces' });
 *   }
 *   getHelpText(): string { return 'Your password can’t contain spaces.'; }
 * }
 */
export interface PasswordValidator {
  validate(password: string, user?: PasswordUser | null): void | Promise<void>;
  getHelpText(): string;
  passwordChanged?(password: string, user?: PasswordUser | null): unknown;
}

/**
 * A validator class, as AUTH_PASSWORD_VALIDATORS' NAME may give it: built with the entry's OPTIONS
 * (in camelCase). Any class whose constructor takes at most an options object fits.
 */
export type PasswordValidatorClass = new (options?: never) => object;

/**
 * One entry of AUTH_PASSWORD_VALIDATORS: NAME is a validator class, a short name
 * (`'MinimumLengthValidator'`) or Django's path
 * (`'django.contrib.auth.password_validation.MinimumLengthValidator'`); OPTIONS are its
 * constructor's options, written as in Canter (`minLength`) or as in Django (`min_length`).
 */
export interface PasswordValidatorConfig {
  readonly NAME: string | PasswordValidatorClass;
  readonly OPTIONS?: Readonly<Record<string, unknown>>;
}
