import { ValidationError } from '../../db/errors.js';
import { InvalidPasswordValidatorOption } from './errors.js';
import { checkOptions } from './options.js';
import { builtInPasswordList, readPasswordList } from './password-list.js';
import { pythonStrip } from './python-text.js';
import type { PasswordUser, PasswordValidator } from './types.js';

/** CommonPasswordValidator's options. */
export interface CommonPasswordOptions {
  /**
   * A file of passwords to refuse instead of the built-in list: one a line, plain or gzipped, as
   * Django's — so `'/path/to/django/contrib/auth/common-passwords.txt.gz'` gives Django's own list.
   */
  passwordListPath?: string;
}

/**
 * Refuses a common password (code `password_too_common`): one on the list once lower-cased and
 * stripped of surrounding whitespace. The built-in list (about 49,000 passwords from
 * @zxcvbn-ts/language-common) is loaded at the first check and shared; a `passwordListPath` is
 * read when the validator is built, so a wrong path fails at start-up.
 *
 * @example new CommonPasswordValidator().validate('letmein'); // throws: This password is too common.
 */
export class CommonPasswordValidator implements PasswordValidator {
  readonly #passwords: ReadonlySet<string> | undefined;

  constructor(options: CommonPasswordOptions = {}) {
    checkOptions('CommonPasswordValidator', options, ['passwordListPath']);
    if (options.passwordListPath !== undefined) this.#passwords = readList(options.passwordListPath);
  }

  /** The passwords refused, lower-cased. */
  get passwords(): ReadonlySet<string> {
    return this.#passwords ?? builtInPasswordList();
  }

  validate(password: string, _user?: PasswordUser | null): void {
    if (this.passwords.has(pythonStrip(password.toLowerCase()))) {
      throw new ValidationError(this.getErrorMessage(), { code: 'password_too_common' });
    }
  }

  /** The message of a refusal; override it to say it your way. */
  getErrorMessage(): string {
    return 'This password is too common.';
  }

  getHelpText(): string {
    return 'Your password can’t be a commonly used password.';
  }
}

function readList(path: string): ReadonlySet<string> {
  try {
    return readPasswordList(path);
  } catch (error) {
    throw new InvalidPasswordValidatorOption(
      `CommonPasswordValidator's passwordListPath ${JSON.stringify(path)} cannot be read (${(error as Error).message}); ` +
        'give a plain or gzipped text file of one password a line.',
      { cause: error },
    );
  }
}
