import { getDefaultPasswordValidators } from './defaults.js';

/**
 * The start-up check: builds the validators of AUTH_PASSWORD_VALIDATORS, so that an unknown NAME
 * (UnknownPasswordValidator), a misspelt option (TypeError), a maxSimilarity below 0.1 or an
 * unreadable passwordListPath (InvalidPasswordValidatorOption) stops `canter check` and
 * `canter runserver` instead of the first password change. The validators it builds are the ones
 * validatePassword() then uses.
 */
export function checkPasswordValidators(): void {
  getDefaultPasswordValidators();
}
