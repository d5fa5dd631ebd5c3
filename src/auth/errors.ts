import { CanterError, ImproperlyConfigured } from '../conf/errors.js';

/**
 * `request.user` was read before it was loaded. AuthenticationMiddleware only installs a loader:
 * `await request.auser()` loads the user (the decorators and LoginView do it themselves), after
 * which `request.user` is synchronous.
 */
export class UserNotLoaded extends CanterError {
  override readonly code: string = 'E_USER_NOT_LOADED';
}

/** An AUTHENTICATION_BACKENDS entry names no backend Canter knows. */
export class UnknownAuthBackend extends ImproperlyConfigured {
  override readonly code: string = 'E_UNKNOWN_AUTH_BACKEND';
}

/**
 * login() could not tell which backend authenticated the user: several are configured, and
 * neither a `backend` argument nor `user.backend` (set by authenticate()) says which. Django's
 * ValueError.
 */
export class AuthBackendRequired extends CanterError {
  override readonly code: string = 'E_AUTH_BACKEND_REQUIRED';
}
