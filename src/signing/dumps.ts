/** Django's signing.dumps()/loads(): objects as URL-safe, timestamped, signed strings. */
import { JSONSerializer } from './json-serializer.js';
import type { Serializer } from './json-serializer.js';
import type { Secret } from './salted-hmac.js';
import { TimestampSigner } from './timestamp-signer.js';

/** Django's default salt for dumps()/loads(). */
export const DEFAULT_DUMPS_SALT = 'django.core.signing';

export interface DumpsOptions {
  /** SECRET_KEY when absent. */
  key?: Secret;
  /** Namespace your tokens: a salt per purpose keeps one purpose's tokens from passing for another's. */
  salt?: string;
  serializer?: Serializer;
  /** zlib-compress when that makes the result shorter (the result then starts with '.'). */
  compress?: boolean;
  /** Milliseconds since the epoch, for tests. */
  clock?: () => number;
}

export interface LoadsOptions {
  key?: Secret;
  salt?: string;
  serializer?: Serializer;
  /** Reject tokens older than this many seconds with SignatureExpired. */
  maxAge?: number;
  /** Older keys to accept; SECRET_KEY_FALLBACKS when absent. */
  fallbackKeys?: readonly Secret[];
  clock?: () => number;
}

/**
 * Serializes, optionally compresses, base64s and signs an object with a timestamp; the result
 * equals what Django's signing.dumps() gives for the same data, key, salt and second.
 *
 * @example
 * const token = dumps({ user: 42 }, { salt: 'unsubscribe' });
 * loads(token, { salt: 'unsubscribe', maxAge: 86_400 }); // { user: 42 }
 */
export function dumps(value: unknown, options: DumpsOptions = {}): string {
  const { key, salt = DEFAULT_DUMPS_SALT, serializer = JSONSerializer, compress = false, clock } = options;
  return new TimestampSigner({ key, salt, clock }).signObject(value, { serializer, compress });
}

/**
 * The object dumps() signed; BadSignature when tampered with or signed with another key or salt,
 * SignatureExpired when older than `maxAge` seconds.
 *
 * @example
 * loads('ImhlbGxvIg:1r31eq:…', { maxAge: 60 });
 */
export function loads(signed: string, options: LoadsOptions = {}): unknown {
  const { key, salt = DEFAULT_DUMPS_SALT, serializer = JSONSerializer, maxAge, fallbackKeys, clock } = options;
  return new TimestampSigner({ key, salt, fallbackKeys, clock }).unsignObject(signed, { serializer, maxAge });
}
