import { ValidationError } from '../../db/errors.js';
import { conditionalEscape, markSafe } from '../../templates/safe.js';
import type { SafeString } from '../../templates/safe.js';
import { getDefaultPasswordValidators } from './defaults.js';
import type { PasswordUser, PasswordValidator } from './types.js';

/**
 * Checks a password with every validator (AUTH_PASSWORD_VALIDATORS' when none are given) and
 * throws one ValidationError holding all their messages, in order, each with its code
 * (`error.messages`, `error.errorList[i].code`). Resolves when every validator accepts it.
 * Errors other than ValidationError are not caught.
 *
 * @example
 * try { await validatePassword(form.password, user); }
 * catch (error) { if (error instanceof ValidationError) form.addError('password', error.messages); else throw error; }
 */
export async function validatePassword(
  password: string,
  user?: PasswordUser | null,
  validators: Iterable<Pick<PasswordValidator, 'validate'>> = getDefaultPasswordValidators(),
): Promise<void> {
  if (typeof password !== 'string') {
    throw new TypeError(`validatePassword() takes the password as a string, not ${password === null ? 'null' : typeof password}.`);
  }
  const errors: ValidationError[] = [];
  for (const validator of validators) {
    try {
      await validator.validate(password, user);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      errors.push(error);
    }
  }
  if (errors.length > 0) throw new ValidationError(errors);
}

/**
 * Tells every validator that has a passwordChanged() method that the user's password was changed
 * (call it after saving a new password). Resolves once each has finished.
 *
 * @example await user.setPassword(raw); await user.save(); await passwordChanged(raw, user);
 */
export async function passwordChanged(
  password: string,
  user?: PasswordUser | null,
  validators: Iterable<Partial<Pick<PasswordValidator, 'passwordChanged'>>> = getDefaultPasswordValidators(),
): Promise<void> {
  for (const validator of validators) {
    if (typeof validator.passwordChanged === 'function') await validator.passwordChanged(password, user);
  }
}

/**
 * The help text of every validator, in order (AUTH_PASSWORD_VALIDATORS' when none are given).
 *
 * @example passwordValidatorsHelpTexts() // ['Your password must contain at least 8 characters.', …]
 */
export function passwordValidatorsHelpTexts(
  validators: Iterable<Pick<PasswordValidator, 'getHelpText'>> = getDefaultPasswordValidators(),
): string[] {
  return Array.from(validators, (validator) => validator.getHelpText());
}

/**
 * The help texts as an HTML list, `<ul><li>…</li></ul>`, each text escaped; `''` when there are
 * none. Marked safe, so a template writes it as it is.
 *
 * @example render(request, 'signup.html', { passwordHelp: passwordValidatorsHelpTextHtml() })
 */
export function passwordValidatorsHelpTextHtml(validators?: Iterable<Pick<PasswordValidator, 'getHelpText'>>): SafeString {
  const items = passwordValidatorsHelpTexts(validators)
    .map((text) => `<li>${String(conditionalEscape(text))}</li>`)
    .join('');
  return markSafe(items === '' ? '' : `<ul>${items}</ul>`);
}
