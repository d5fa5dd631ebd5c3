/** The password hashers' errors: Django's ValueErrors, each its own class with a stable code. */
import { BadRequest, CanterError, ImproperlyConfigured } from '../../conf/errors.js';

/**
 * An algorithm that PASSWORD_HASHERS does not list: asked of getHasher(), or found at the head of
 * an encoded password by identifyHasher(). checkPassword() answers false instead of throwing.
 */
export class UnknownPasswordHasher extends CanterError {
  override readonly code: string = 'E_UNKNOWN_PASSWORD_HASHER';
}

/** A salt encode() cannot use: empty, or holding the `$` that separates the encoded fields. */
export class InvalidSalt extends CanterError {
  override readonly code: string = 'E_INVALID_SALT';
}

/** The npm package a hasher needs (argon2, bcrypt) is not installed, or would not load. */
export class HasherLibraryMissing extends ImproperlyConfigured {
  override readonly code: string = 'E_HASHER_LIBRARY_MISSING';
}

/** A hasher class left out a method every hasher must provide (Django's NotImplementedError). */
export class HasherNotImplemented extends CanterError {
  override readonly code: string = 'E_HASHER_NOT_IMPLEMENTED';
}

/**
 * An encoded password its hasher cannot read: missing fields, a cost that is not a number in
 * range, a salt or hash that is not what the algorithm writes. checkPassword() answers false.
 */
export class MalformedPasswordHash extends CanterError {
  override readonly code: string = 'E_MALFORMED_PASSWORD_HASH';
}

/**
 * A password string with a lone surrogate (half of a UTF-16 pair), which has no UTF-8 form; as
 * Python's str.encode() refuses it, Canter refuses to hash it rather than hash a replacement
 * character; bcrypt refuses a NUL byte, which its C library would stop at. checkPassword()
 * answers false; from makePassword() in a view it answers 400 (such a password comes from the
 * client: JSON's `"\ud800"`).
 */
export class UnencodablePassword extends BadRequest {
  override readonly code: string = 'E_UNENCODABLE_PASSWORD';
}
