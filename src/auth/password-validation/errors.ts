import { CanterError, ImproperlyConfigured } from '../../conf/errors.js';

/**
 * An AUTH_PASSWORD_VALIDATORS entry (or a getPasswordValidators() entry) whose NAME is neither a
 * validator class nor the name of one of Canter's validators. The message names it and lists the
 * names that are known.
 */
export class UnknownPasswordValidator extends ImproperlyConfigured {
  override readonly code: string = 'E_UNKNOWN_PASSWORD_VALIDATOR';
}

/**
 * A validator was given an option value it cannot work with (Django's ValueError), e.g.
 * UserAttributeSimilarityValidator's maxSimilarity below 0.1. The message is Django's, followed by
 * the value given.
 */
export class InvalidPasswordValidatorOption extends CanterError {
  override readonly code: string = 'E_PASSWORD_VALIDATOR_OPTION';
}
