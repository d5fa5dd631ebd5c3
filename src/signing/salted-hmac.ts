/** Django's django.utils.crypto.salted_hmac: an HMAC whose key is derived from a salt and a secret. */
import { createHash, createHmac } from 'node:crypto';
import { getSettings } from '../conf/settings/index.js';
import { ImproperlyConfigured } from '../conf/errors.js';
import { InvalidAlgorithm } from './errors.js';

/** A secret as Django accepts one: text (encoded as UTF-8) or raw bytes. */
export type Secret = string | Uint8Array;

/** The hashlib names Django code passes as `algorithm`, mapped to node:crypto's names. */
const ALGORITHMS = {
  md5: 'md5',
  sha1: 'sha1',
  sha224: 'sha224',
  sha256: 'sha256',
  sha384: 'sha384',
  sha512: 'sha512',
  sha3_224: 'sha3-224',
  sha3_256: 'sha3-256',
  sha3_384: 'sha3-384',
  sha3_512: 'sha3-512',
  blake2b: 'blake2b512',
  blake2s: 'blake2s256',
} as const;

/** A hash algorithm by its Python hashlib name, as Django's settings and signers spell it. */
export type HashAlgorithm = keyof typeof ALGORITHMS;

/**
 * The node:crypto name of a hashlib algorithm; throws InvalidAlgorithm for anything else, so a
 * typo fails when a signer is built rather than when the first value is checked.
 */
export function nodeAlgorithm(algorithm: string): string {
  if (!Object.hasOwn(ALGORITHMS, algorithm)) {
    throw new InvalidAlgorithm(
      `${JSON.stringify(algorithm)} is not a hash algorithm signing supports; use one of ${Object.keys(ALGORITHMS).join(', ')}`,
    );
  }
  return ALGORITHMS[algorithm as HashAlgorithm];
}

/** Text as UTF-8 bytes, bytes as they are (Django's force_bytes). */
export function toBytes(value: Secret): Buffer {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

/** SECRET_KEY from the settings in force, refusing an empty one as Django does. */
export function secretKeySetting(): string {
  const key = getSettings().SECRET_KEY;
  if (key === '') throw new ImproperlyConfigured('The SECRET_KEY setting must not be empty; signing needs it.');
  return key;
}

/**
 * The HMAC digest of `value` under a key derived as hash(keySalt + secret); a different keySalt
 * for each use keeps one use's MACs from being valid for another. The secret defaults to
 * SECRET_KEY. The result equals Django's `salted_hmac(...).digest()` byte for byte.
 *
 * @example
 * saltedHmac('django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash', passwordHash, undefined, 'sha256');
 */
export function saltedHmac(keySalt: Secret, value: Secret, secret?: Secret, algorithm: HashAlgorithm = 'sha1'): Buffer {
  const hash = nodeAlgorithm(algorithm);
  return createHmac(hash, derivedKey(hash, keySalt, secret ?? secretKeySetting())).update(toBytes(value)).digest();
}

/** Derived keys of text salts and secrets, kept: every signature and check of a purpose needs the same one. */
const derivedKeys = new Map<string, Buffer>();
const DERIVED_KEYS_KEPT = 256;

/**
 * hash(keySalt + secret), always (even where HMAC would hash a long key itself), so the key is
 * Django's for every key length.
 */
function derivedKey(hash: string, keySalt: Secret, secret: Secret): Buffer {
  const cacheable = typeof keySalt === 'string' && typeof secret === 'string';
  const id = cacheable ? `${hash}:${keySalt.length}:${keySalt}${secret}` : ''; // the length keeps salt and secret apart
  const known = cacheable ? derivedKeys.get(id) : undefined;
  if (known !== undefined) return known;
  const key = createHash(hash).update(Buffer.concat([toBytes(keySalt), toBytes(secret)])).digest();
  if (cacheable) {
    if (derivedKeys.size >= DERIVED_KEYS_KEPT) derivedKeys.delete(derivedKeys.keys().next().value!);
    derivedKeys.set(id, key);
  }
  return key;
}
