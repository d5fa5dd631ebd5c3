import { CanterError } from '../conf/errors.js';

/** A CSRF token or cookie is not 32/64 letters and digits; `reason` says which. */
export class InvalidTokenFormat extends CanterError {
  override readonly code: string = 'E_CSRF_TOKEN_FORMAT';
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** A request failed the CSRF checks; `reason` is what the 403 page and the log say. */
export class RejectRequest extends CanterError {
  override readonly code: string = 'E_CSRF_REJECTED';
  override readonly status: number = 403;
  constructor(readonly reason: string) {
    super(reason);
  }
}
