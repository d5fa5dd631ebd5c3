/**
 * Django's Signer: `value:signature`, where the signature is URL-safe base64 of a salted HMAC of
 * the value. Values signed here verify in Django 3.2–5.x with the same key and salt, and back.
 */
import { getSettings, settingsConfigured } from '../conf/settings/index.js';
import { b64Encode } from './base64.js';
import { constantTimeCompare } from './constant-time.js';
import { BadSignature } from './errors.js';
import { JSONSerializer } from './json-serializer.js';
import type { Serializer } from './json-serializer.js';
import { decodePayload, encodePayload } from './payload.js';
import { nodeAlgorithm, saltedHmac, secretKeySetting } from './salted-hmac.js';
import type { HashAlgorithm, Secret } from './salted-hmac.js';

export interface SignerOptions {
  /** The signing key; SECRET_KEY when absent or empty. */
  key?: Secret;
  /** Written between value and signature; must not be made only of URL-safe base64 characters. */
  sep?: string;
  /** Namespaces the signatures; defaults to Django's `django.core.signing.<ClassName>`. */
  salt?: string;
  /** A hashlib name; 'sha256' as in Django 3.2 (by its default setting) and 4+. */
  algorithm?: HashAlgorithm;
  /** Older keys still accepted by unsign(), never used to sign; SECRET_KEY_FALLBACKS when absent. */
  fallbackKeys?: readonly Secret[];
}

export interface SignObjectOptions {
  serializer?: Serializer;
  /** zlib-compress the serialized bytes when that makes them shorter. */
  compress?: boolean;
}

export interface UnsignObjectOptions {
  serializer?: Serializer;
}

// Django's _SEP_UNSAFE, including its quirk: A-z also spans [ \ ] ^ _ and the backtick.
const UNSAFE_SEP = /^[A-z0-9\-_=]*$/;
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Signs and verifies strings.
 *
 * @example
 * const signer = new Signer({ key: 'secret', salt: 'invitations' });
 * const token = signer.sign('user-42');      // 'user-42:…'
 * signer.unsign(token);                       // 'user-42'; throws BadSignature if tampered with
 */
export class Signer {
  /** The salt when none is given: Django's `module.ClassName` for this class. */
  static readonly defaultSalt: string = 'django.core.signing.Signer';

  readonly sep: string;
  readonly salt: string;
  readonly algorithm: HashAlgorithm;
  // Private, so a signer that ends up in a log or an error report does not carry the key with it.
  readonly #key: Secret;
  readonly #fallbackKeys: readonly Secret[];

  constructor(options: SignerOptions = {}) {
    const { key, sep = ':', salt, algorithm = 'sha256', fallbackKeys } = options;
    if (UNSAFE_SEP.test(sep)) {
      throw new RangeError(`Unsafe Signer separator: ${JSON.stringify(sep)} (cannot be empty or consist of only A-z0-9-_=)`);
    }
    nodeAlgorithm(algorithm);
    this.sep = sep;
    this.salt = salt || new.target.defaultSalt;
    this.algorithm = algorithm;
    this.#key = key === undefined || key.length === 0 ? secretKeySetting() : key;
    // An explicit key works without configured settings; Django would insist on them here.
    this.#fallbackKeys = [...(fallbackKeys ?? (settingsConfigured() ? getSettings().SECRET_KEY_FALLBACKS : []))];
  }

  /** The signature of `value` under the current key. */
  signature(value: string): string {
    return this.#signature(value, this.#key);
  }

  /** `value`, the separator, and the signature. */
  sign(value: string): string {
    if (LONE_SURROGATE.test(value)) {
      throw new TypeError('Cannot sign a string with a lone surrogate: it has no UTF-8 form, so Django could not verify it');
    }
    return `${value}${this.sep}${this.signature(value)}`;
  }

  /** The value a signed string carries, once its signature matches the key or a fallback key. */
  unsign(signedValue: string): string {
    const at = signedValue.lastIndexOf(this.sep);
    if (at < 0) throw new BadSignature(`No "${this.sep}" found in value`);
    const value = signedValue.slice(0, at);
    const sig = signedValue.slice(at + this.sep.length);
    // UTF-8 encoding replaces a lone surrogate with U+FFFD, so such a value would verify under
    // another string's signature; refuse it outright.
    if (!LONE_SURROGATE.test(value)) {
      for (const key of [this.#key, ...this.#fallbackKeys]) {
        if (constantTimeCompare(sig, this.#signature(value, key))) return value;
      }
    }
    throw new BadSignature(`Signature "${sig}" does not match`);
  }

  /**
   * Serializes (JSON by default), optionally compresses, and signs an object.
   *
   * @example
   * signer.signObject({ cart: [1, 2] }, { compress: true });
   */
  signObject(value: unknown, options: SignObjectOptions = {}): string {
    return this.sign(encodePayload(value, options.serializer ?? JSONSerializer, options.compress));
  }

  /** The object signObject() signed; BadSignature if the signature or the payload is bad. */
  unsignObject(signedObject: string, options: UnsignObjectOptions = {}): unknown {
    return decodePayload(this.unsign(signedObject), options.serializer ?? JSONSerializer);
  }

  #signature(value: string, key: Secret): string {
    return b64Encode(saltedHmac(`${this.salt}signer`, value, key, this.algorithm));
  }
}
