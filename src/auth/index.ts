/**
 * canter/auth: Django's django.contrib.auth (issue 13). Each part keeps its public API in its
 * own index; this file only gathers them.
 */
export * from './hashers/index.js';
export * from './password-validation/index.js';
export * from './tokens/index.js';
export * from './models/index.js';
