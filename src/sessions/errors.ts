import { BadRequest, CanterError, SuspiciousOperation } from '../conf/errors.js';

/** save(mustCreate=true) found the key taken; create() then draws another key. Django's CreateError. */
export class CreateError extends CanterError {
  override readonly code: string = 'E_SESSION_CREATE';
}

/**
 * The cache engine gave up creating a session: the cache refused to add 10,000 fresh keys in a
 * row, so it takes no writes (full, read-only, or a backend whose add() never stores). Django
 * raises a plain RuntimeError here.
 */
export class SessionCreateFailed extends CanterError {
  override readonly code: string = 'E_SESSION_CREATE_FAILED';
}

/** save() of an existing session found it gone from the store (deleted meanwhile). Django's UpdateError. */
export class UpdateError extends CanterError {
  override readonly code: string = 'E_SESSION_UPDATE';
}

/**
 * The request's session was deleted by another request before this one could save it (a logout
 * in another tab, say): answers 400, as Django's SessionInterrupted does.
 */
export class SessionInterrupted extends BadRequest {
  override readonly code: string = 'E_SESSION_INTERRUPTED';
}

/** A session key with characters the store cannot use in a name (the file engine's guard). */
export class InvalidSessionKey extends SuspiciousOperation {
  override readonly code: string = 'E_INVALID_SESSION_KEY';
}

/** The session was read before its data was loaded: `await session.load()` first (the middleware does). */
export class SessionNotLoaded extends CanterError {
  override readonly code: string = 'E_SESSION_NOT_LOADED';
}

/** A value that JSON cannot hold was put in the session (a function, a bigint, a Map, NaN…). */
export class SessionValueError extends CanterError {
  override readonly code: string = 'E_SESSION_VALUE';
}

/** The signed_cookies engine's cookie would be larger than browsers keep (4093 bytes). */
export class SessionTooLarge extends CanterError {
  override readonly code: string = 'E_SESSION_TOO_LARGE';
}
