import { CanterError } from '../../conf/errors.js';

/**
 * A user manager was given values it cannot make a user from: Django's ValueError from
 * create_user()/create_superuser(), with Django's message ("The given username must be set",
 * "Superuser must have is_staff=True.").
 */
export class InvalidUserData extends CanterError {
  override readonly code: string = 'E_INVALID_USER_DATA';
}

/** AnonymousUser has no row: saving, deleting or setting its password is refused, as in Django. */
export class AnonymousUserNotStored extends CanterError {
  override readonly code: string = 'E_ANONYMOUS_USER_NOT_STORED';

  constructor(message = "Canter doesn't provide a DB representation for AnonymousUser.", options?: ErrorOptions) {
    super(message, options);
  }
}
