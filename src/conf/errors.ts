/**
 * The framework's core error classes. Each has a stable `code`; those that a request can cause
 * carry the HTTP `status` the handler answers with.
 */

export class CanterError extends Error {
  /** A stable identifier, e.g. `E_IMPROPERLY_CONFIGURED`; safe to switch on. */
  readonly code: string = 'E_CANTER';
  /** The HTTP status a request that raised this error gets, when one applies. */
  readonly status: number | undefined = undefined;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Settings or wiring are wrong; raised at start-up, never for a request. */
export class ImproperlyConfigured extends CanterError {
  override readonly code: string = 'E_IMPROPERLY_CONFIGURED';
}

/** A middleware factory or class throws this at start-up to take itself out of the chain. */
export class MiddlewareNotUsed extends CanterError {
  override readonly code: string = 'E_MIDDLEWARE_NOT_USED';
}

/** Throw from a view to answer 404. */
export class Http404 extends CanterError {
  override readonly code: string = 'E_HTTP_404';
  override readonly status: number = 404;
  constructor(message = 'Not Found', options?: ErrorOptions) {
    super(message, options);
  }
}

/** Throw from a view to answer 403. */
export class PermissionDenied extends CanterError {
  override readonly code: string = 'E_PERMISSION_DENIED';
  override readonly status: number = 403;
  constructor(message = 'Permission denied', options?: ErrorOptions) {
    super(message, options);
  }
}

/** The request is malformed in a way a view cannot fix: answers 400. */
export class BadRequest extends CanterError {
  override readonly code: string = 'E_BAD_REQUEST';
  override readonly status: number = 400;
}

/** The user did something suspicious (a forged Host, a hostile body): answers 400 and is logged. */
export class SuspiciousOperation extends CanterError {
  override readonly code: string = 'E_SUSPICIOUS_OPERATION';
  override readonly status: number = 400;
}

/** The Host header is not in ALLOWED_HOSTS, or is not a valid host. */
export class DisallowedHost extends SuspiciousOperation {
  override readonly code: string = 'E_DISALLOWED_HOST';
}

/** A redirect to a scheme other than http, https or ftp was attempted. */
export class DisallowedRedirect extends SuspiciousOperation {
  override readonly code: string = 'E_DISALLOWED_REDIRECT';
}

/** A multipart body is malformed (no boundary, truncated, bad headers). */
export class SuspiciousMultipartForm extends SuspiciousOperation {
  override readonly code: string = 'E_SUSPICIOUS_MULTIPART_FORM';
}

/** More fields than DATA_UPLOAD_MAX_NUMBER_FIELDS. */
export class TooManyFieldsSent extends SuspiciousOperation {
  override readonly code: string = 'E_TOO_MANY_FIELDS_SENT';
}

/** More files than DATA_UPLOAD_MAX_NUMBER_FILES. */
export class TooManyFilesSent extends SuspiciousOperation {
  override readonly code: string = 'E_TOO_MANY_FILES_SENT';
}

/** The body is larger than DATA_UPLOAD_MAX_MEMORY_SIZE: answers 413. */
export class RequestDataTooBig extends CanterError {
  override readonly code: string = 'E_REQUEST_DATA_TOO_BIG';
  override readonly status: number = 413;
}

/** The status a thrown value maps to: its own `status` when it is one of ours, else 500. */
export function statusOf(error: unknown): number {
  if (error instanceof CanterError && error.status !== undefined) return error.status;
  return 500;
}
