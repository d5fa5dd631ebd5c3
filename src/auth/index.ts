/**
 * canter/auth: Django's django.contrib.auth (issue 13). Each part keeps its public API in its
 * own index; this file only gathers them.
 */
export * from './hashers/index.js';
export * from './password-validation/index.js';
export * from './tokens/index.js';
export * from './models/index.js';
export { authenticate, login, logout, getUser, updateSessionAuthHash } from './login.js';
export type { SessionUser } from './login.js';
export type { RequestUser } from './request-user.js';
export { SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY, REDIRECT_FIELD_NAME } from './session-keys.js';
export { userLoggedIn, userLoggedOut, userLoginFailed, CLEANSED_SUBSTITUTE } from './signals.js';
export { AuthenticationMiddleware, LoginRequiredMiddleware } from './middleware.js';
export { loginRequired, loginNotRequired, userPassesTest, permissionRequired } from './decorators.js';
export type { LoginRedirectOptions } from './decorators.js';
export { redirectToLogin } from './redirect-to-login.js';
export { BaseBackend } from './backends/base.js';
export type { BackendClass, BackendUser } from './backends/base.js';
export { ModelBackend, AllowAllUsersModelBackend } from './backends/model-backend.js';
export { UserNotLoaded, UnknownAuthBackend, AuthBackendRequired, LoginThrottled, InvalidPermissionName, PermListError, CommandError } from './errors.js';
export { LoginThrottle } from './throttle.js';
export * from './views/index.js';
