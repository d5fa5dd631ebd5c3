import { ValidationError } from '../../db/errors.js';
import { checkOptions } from './options.js';
import { isPythonDigit } from './python-text.js';
import type { PasswordUser, PasswordValidator } from './types.js';

/**
 * Refuses passwords made only of digits (code `password_entirely_numeric`), as Python's
 * `isdigit()` sees them: `'42424242'`, and also `'²³'` or `'①②'`.
 *
 * @example new NumericPasswordValidator().validate('42424242'); // throws
 */
export class NumericPasswordValidator implements PasswordValidator {
  constructor(options: Record<string, never> = {}) {
    checkOptions('NumericPasswordValidator', options, []);
  }

  validate(password: string, _user?: PasswordUser | null): void {
    if (isPythonDigit(password)) throw new ValidationError(this.getErrorMessage(), { code: 'password_entirely_numeric' });
  }

  /** The message of a refusal; override it to say it your way. */
  getErrorMessage(): string {
    return 'This password is entirely numeric.';
  }

  getHelpText(): string {
    return 'Your password can’t be entirely numeric.';
  }
}
