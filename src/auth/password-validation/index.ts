/*
 * canter/auth's password validation (Django's django.contrib.auth.password_validation): the
 * validators AUTH_PASSWORD_VALIDATORS names, and the functions that run them.
 */
export { validatePassword, passwordChanged, passwordValidatorsHelpTexts, passwordValidatorsHelpTextHtml } from './validate.js';
export { getDefaultPasswordValidators } from './defaults.js';
export { checkPasswordValidators } from './checks.js';
export { getPasswordValidators } from './registry.js';
export { MinimumLengthValidator } from './minimum-length.js';
export type { MinimumLengthOptions } from './minimum-length.js';
export { UserAttributeSimilarityValidator } from './user-attribute-similarity.js';
export type { UserAttributeSimilarityOptions } from './user-attribute-similarity.js';
export { CommonPasswordValidator } from './common-password.js';
export type { CommonPasswordOptions } from './common-password.js';
export { NumericPasswordValidator } from './numeric.js';
export { UnknownPasswordValidator, InvalidPasswordValidatorOption } from './errors.js';
export type { PasswordUser, PasswordValidator, PasswordValidatorClass, PasswordValidatorConfig } from './types.js';
