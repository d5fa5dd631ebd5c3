import { ValidationError } from '../../db/errors.js';
import { checkOptions } from './options.js';
import { codePointLength } from './python-text.js';
import type { PasswordUser, PasswordValidator } from './types.js';

/** MinimumLengthValidator's options. */
export interface MinimumLengthOptions {
  /** The fewest characters (code points) a password may have; 8 by default. */
  minLength?: number;
}

/**
 * Refuses passwords shorter than `minLength` characters (code `password_too_short`, params
 * `{ min_length }`). Characters are counted as Python counts them: an emoji is one.
 *
 * @example new MinimumLengthValidator({ minLength: 12 }).validate('django4242'); // throws
 */
export class MinimumLengthValidator implements PasswordValidator {
  readonly minLength: number;

  constructor(options: MinimumLengthOptions = {}) {
    checkOptions('MinimumLengthValidator', options, ['minLength']);
    this.minLength = options.minLength ?? 8;
  }

  validate(password: string, _user?: PasswordUser | null): void {
    if (codePointLength(password) < this.minLength) {
      throw new ValidationError(this.getErrorMessage(), { code: 'password_too_short', params: { min_length: this.minLength } });
    }
  }

  /** The message of a refusal; override it to say it your way. */
  getErrorMessage(): string {
    const n = Math.trunc(this.minLength);
    return this.minLength === 1
      ? `This password is too short. It must contain at least ${n} character.`
      : `This password is too short. It must contain at least ${n} characters.`;
  }

  getHelpText(): string {
    const n = Math.trunc(this.minLength);
    return this.minLength === 1
      ? `Your password must contain at least ${n} character.`
      : `Your password must contain at least ${n} characters.`;
  }
}
