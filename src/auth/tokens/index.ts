/**
 * canter/auth's password-reset tokens (Django's django.contrib.auth.tokens).
 *
 * @example
 * import { defaultTokenGenerator } from 'canter/auth';
 * const link = `/reset/${uidb64}/${defaultTokenGenerator.makeToken(user)}/`;
 */
export { PasswordResetTokenGenerator } from './generator.js';
export { defaultTokenGenerator } from './default-token-generator.js';
export type { TokenUser } from './token-user.js';
