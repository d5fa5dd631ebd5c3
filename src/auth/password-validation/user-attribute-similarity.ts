import { ValidationError } from '../../db/errors.js';
import { Model } from '../../db/models/model.js';
import { InvalidPasswordValidatorOption } from './errors.js';
import { checkOptions } from './options.js';
import { codePointLength, splitOnNonWord } from './python-text.js';
import { exceedsMaximumLengthRatio, quickRatio } from './quick-ratio.js';
import type { PasswordUser, PasswordValidator } from './types.js';

/** UserAttributeSimilarityValidator's options. */
export interface UserAttributeSimilarityOptions {
  /** The user's attributes to compare with; `['username', 'first_name', 'last_name', 'email']` by default. */
  userAttributes?: readonly string[];
  /** The similarity (0.1 to 1) from which a password is refused; 0.7 by default. */
  maxSimilarity?: number;
}

/**
 * Refuses a password too similar to one of the user's attributes (code `password_too_similar`,
 * params `{ verbose_name }`): each attribute is compared whole and in parts split at anything
 * that is not a letter, digit or underscore (so an email's name and domain count alone), without
 * regard to case, by difflib's quick_ratio. Attributes the user lacks, or that are empty or not
 * strings, are passed over; without a user nothing is checked.
 *
 * The message names the attribute by its model field's verbose name (`email address`) when the
 * user is a model instance; for a plain object, by the attribute name with underscores as spaces.
 *
 * @example
 * new UserAttributeSimilarityValidator().validate('testclient', { username: 'testclient' });
 * // throws: The password is too similar to the username.
 */
export class UserAttributeSimilarityValidator implements PasswordValidator {
  static readonly DEFAULT_USER_ATTRIBUTES: readonly string[] = Object.freeze(['username', 'first_name', 'last_name', 'email']);
  readonly userAttributes: readonly string[];
  readonly maxSimilarity: number;

  constructor(options: UserAttributeSimilarityOptions = {}) {
    checkOptions('UserAttributeSimilarityValidator', options, ['userAttributes', 'maxSimilarity']);
    this.userAttributes = Object.freeze([...(options.userAttributes ?? UserAttributeSimilarityValidator.DEFAULT_USER_ATTRIBUTES)]);
    const maxSimilarity = options.maxSimilarity ?? 0.7;
    if (!(maxSimilarity >= 0.1)) {
      throw new InvalidPasswordValidatorOption(
        `max_similarity must be at least 0.1 (UserAttributeSimilarityValidator's maxSimilarity is ${String(maxSimilarity)}).`,
      );
    }
    this.maxSimilarity = maxSimilarity;
  }

  validate(password: string, user?: PasswordUser | null): void {
    if (user === undefined || user === null) return;
    const lowered = password.toLowerCase();
    const passwordLength = codePointLength(lowered);
    for (const name of this.userAttributes) {
      const value: unknown = (user as Record<string, unknown>)[name];
      if (typeof value !== 'string' || value === '') continue;
      const valueLower = value.toLowerCase();
      for (const part of [...splitOnNonWord(valueLower), valueLower]) {
        if (exceedsMaximumLengthRatio(passwordLength, this.maxSimilarity, codePointLength(part))) continue;
        if (quickRatio(lowered, part) >= this.maxSimilarity) {
          throw new ValidationError(this.getErrorMessage(), {
            code: 'password_too_similar',
            params: { verbose_name: verboseNameOf(user, name) },
          });
        }
      }
    }
  }

  /** The message of a refusal, `%(verbose_name)s` standing for the attribute; override it to say it your way. */
  getErrorMessage(): string {
    return 'The password is too similar to the %(verbose_name)s.';
  }

  getHelpText(): string {
    return 'Your password can’t be too similar to your other personal information.';
  }
}

/**
 * How the message names an attribute: a model field's verbose name; a model attribute that is no
 * field (a getter) by its name, as Django does; a plain object's attribute as a field of that name
 * would be called (underscores as spaces).
 */
function verboseNameOf(user: PasswordUser, name: string): string {
  if (user instanceof Model) {
    const field = user.model.meta.findField(name);
    if (field === undefined) return name;
    return field.options.verboseName ?? field.name.replaceAll('_', ' ');
  }
  return name.replaceAll('_', ' ');
}
