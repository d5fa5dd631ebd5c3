import { ImproperlyConfigured } from '../../conf/errors.js';
import { getSettings } from '../../conf/settings/index.js';
import { getPasswordValidators } from './registry.js';
import type { PasswordValidator, PasswordValidatorConfig } from './types.js';

// Validators by the AUTH_PASSWORD_VALIDATORS value they were built from: Django's lru_cache, which
// its setting_changed receiver clears; keyed by the value itself, it is never stale.
const built = new WeakMap<object, readonly PasswordValidator[]>();

/**
 * The validators of AUTH_PASSWORD_VALIDATORS, built at the first call and kept for as long as the
 * setting holds the same value (a new value, from overrideSettings() say, builds them afresh).
 *
 * @example passwordValidatorsHelpTexts(getDefaultPasswordValidators())
 */
export function getDefaultPasswordValidators(): readonly PasswordValidator[] {
  const config: unknown = getSettings().AUTH_PASSWORD_VALIDATORS;
  if (!Array.isArray(config)) {
    throw new ImproperlyConfigured(`AUTH_PASSWORD_VALIDATORS must be a list of { NAME, OPTIONS } entries, not ${typeof config}.`);
  }
  let validators = built.get(config);
  if (validators === undefined) {
    validators = Object.freeze(getPasswordValidators(config as readonly PasswordValidatorConfig[]));
    built.set(config, validators);
  }
  return validators;
}
