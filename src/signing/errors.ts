/**
 * The signing errors. Both are what Django raises, so code ported from Django catches the same
 * thing: SignatureExpired is a BadSignature, and a handler for the one catches the other.
 */
import { CanterError } from '../conf/errors.js';

/**
 * A signed value did not verify: no separator, a signature that matches none of the keys, or a
 * payload that verified but could not be decoded.
 *
 * @example
 * try { signer.unsign(cookie); } catch (e) { if (e instanceof BadSignature) return defaultValue; throw e; }
 */
export class BadSignature extends CanterError {
  override readonly code: string = 'E_BAD_SIGNATURE';
}

/**
 * The signature is genuine but older than the `maxAge` the caller allowed.
 *
 * @example
 * try { loads(token, { maxAge: 3600 }); } catch (e) { if (e instanceof SignatureExpired) askToLogInAgain(); }
 */
export class SignatureExpired extends BadSignature {
  override readonly code: string = 'E_SIGNATURE_EXPIRED';
}

/**
 * A hash algorithm name that is not one of hashlib's that Django's signing can use (Django's
 * django.utils.crypto.InvalidAlgorithm).
 *
 * @example
 * new Signer({ algorithm: 'sha256' }); // fine; 'sha-256' would throw InvalidAlgorithm
 */
export class InvalidAlgorithm extends CanterError {
  override readonly code: string = 'E_INVALID_ALGORITHM';
}
