import { CanterError, ImproperlyConfigured, PermissionDenied } from '../conf/errors.js';

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

/** withPerm() got a permission name not of the form 'app_label.codename'. Django's ValueError. */
export class InvalidPermissionName extends CanterError {
  override readonly code: string = 'E_INVALID_PERMISSION_NAME';
}

/** hasPerms() was given a single string, or something not iterable. Django's ValueError. */
export class PermListError extends CanterError {
  override readonly code: string = 'E_PERM_LIST';
}

/**
 * Beyond Django: too many failed logins for this username or from this address (LOGIN_THROTTLE).
 * A PermissionDenied, so uncaught it is a 403; a login view catches it to say so on its form.
 */
export class LoginThrottled extends PermissionDenied {
  override readonly code: string = 'E_LOGIN_THROTTLED';

  constructor(message: string, readonly retryAfter: number) {
    super(message);
  }
}

/**
 * A management command cannot do what it was asked (Django's CommandError): a missing
 * `--username` with `--noinput`, a user that does not exist, too many failed tries. The CLI
 * prints the message and exits with status 1.
 */
export class CommandError extends CanterError {
  override readonly code: string = 'E_AUTH_COMMAND';
}
