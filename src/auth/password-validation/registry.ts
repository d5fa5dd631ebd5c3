import { CommonPasswordValidator } from './common-password.js';
import { UnknownPasswordValidator } from './errors.js';
import { MinimumLengthValidator } from './minimum-length.js';
import { NumericPasswordValidator } from './numeric.js';
import type { PasswordValidator, PasswordValidatorClass, PasswordValidatorConfig } from './types.js';
import { UserAttributeSimilarityValidator } from './user-attribute-similarity.js';

const BUILT_IN: Readonly<Record<string, PasswordValidatorClass>> = Object.freeze({
  MinimumLengthValidator,
  UserAttributeSimilarityValidator,
  CommonPasswordValidator,
  NumericPasswordValidator,
});

const DJANGO_MODULE = 'django.contrib.auth.password_validation.';

/**
 * Builds the validators a configuration names (Django's get_password_validators): for each entry,
 * NAME's class with OPTIONS. NAME is a class, a built-in's short name or its Django path; OPTIONS
 * keys may be Django's (`min_length`), which are given to the class in camelCase (`minLength`).
 *
 * @throws UnknownPasswordValidator for a NAME that is none of these.
 * @example getPasswordValidators([{ NAME: 'MinimumLengthValidator', OPTIONS: { minLength: 12 } }])
 */
export function getPasswordValidators(config: Iterable<PasswordValidatorConfig>): PasswordValidator[] {
  const validators: PasswordValidator[] = [];
  for (const entry of config) {
    // A class's options type is its own affair: the entry's OPTIONS are handed over as they are.
    const Validator = resolve(entry) as unknown as new (options: Record<string, unknown>) => PasswordValidator;
    validators.push(new Validator(camelCaseKeys(entry.OPTIONS ?? {})));
  }
  return validators;
}

function resolve(entry: PasswordValidatorConfig): PasswordValidatorClass {
  const name: unknown = (entry as Partial<PasswordValidatorConfig> | null)?.NAME;
  if (typeof name === 'function') return name as PasswordValidatorClass;
  if (typeof name === 'string') {
    const short = name.startsWith(DJANGO_MODULE) ? name.slice(DJANGO_MODULE.length) : name;
    if (Object.hasOwn(BUILT_IN, short)) return BUILT_IN[short]!;
  }
  throw new UnknownPasswordValidator(
    `The module in NAME could not be imported: ${typeof name === 'string' ? name : String(name)}. Check your AUTH_PASSWORD_VALIDATORS setting. ` +
      `NAME must be a validator class, or one of ${Object.keys(BUILT_IN).join(', ')} (alone or after '${DJANGO_MODULE}').`,
  );
}

function camelCaseKeys(options: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(options).map(([key, value]) => [key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()), value]));
}
