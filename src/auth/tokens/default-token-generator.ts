import { PasswordResetTokenGenerator } from './generator.js';

/**
 * The shared generator Django's password-reset views use (default_token_generator). It reads
 * its settings at first use, so importing it before settings are configured is fine.
 */
export const defaultTokenGenerator = new PasswordResetTokenGenerator();
