/** Django's TimestampSigner: a Signer that also signs when it signed, so age can be checked. */
import { b62Decode, b62Encode } from './base62.js';
import { BadSignature, SignatureExpired } from './errors.js';
import { JSONSerializer } from './json-serializer.js';
import { decodePayload } from './payload.js';
import { Signer } from './signer.js';
import type { SignerOptions, UnsignObjectOptions } from './signer.js';

export interface TimestampSignerOptions extends SignerOptions {
  /** Milliseconds since the epoch, as Date.now(); replace it in tests to move time. */
  clock?: () => number;
}

export interface UnsignTimestampedOptions extends UnsignObjectOptions {
  /** Reject a signature older than this many seconds with SignatureExpired. */
  maxAge?: number;
}

/**
 * Signs `value:timestamp:signature`, the timestamp being whole seconds in base 62.
 *
 * @example
 * const signer = new TimestampSigner({ salt: 'password-reset' });
 * const token = signer.sign('user-42');
 * signer.unsign(token, 3600); // 'user-42', or SignatureExpired an hour later
 */
export class TimestampSigner extends Signer {
  static override readonly defaultSalt: string = 'django.core.signing.TimestampSigner';

  readonly #clock: () => number;

  constructor(options: TimestampSignerOptions = {}) {
    // Read Date.now at each call, so fake timers installed after construction still apply.
    const { clock = () => Date.now(), ...signerOptions } = options;
    super(signerOptions);
    this.#clock = clock;
  }

  /** The current time as signed: whole seconds since the epoch in base 62. */
  timestamp(): string {
    return b62Encode(Math.floor(this.#clock() / 1000));
  }

  override sign(value: string): string {
    return super.sign(`${value}${this.sep}${this.timestamp()}`);
  }

  /**
   * The signed value, once its signature matches; with `maxAge` (seconds), also once it is no
   * older than that. A signature exactly maxAge seconds old is still accepted, as in Django.
   */
  override unsign(signedValue: string, maxAge?: number): string {
    const result = super.unsign(signedValue);
    const at = result.lastIndexOf(this.sep);
    if (at < 0) throw new BadSignature(`No "${this.sep}" found before the signature: the value carries no timestamp`);
    let signedAt: number;
    try {
      signedAt = b62Decode(result.slice(at + this.sep.length));
    } catch (error) {
      throw new BadSignature('The signed timestamp is not a base 62 number', { cause: error });
    }
    if (maxAge !== undefined) {
      // NaN would compare false against every age and so turn the check off.
      if (typeof maxAge !== 'number' || Number.isNaN(maxAge)) throw new TypeError(`maxAge must be a number of seconds, got ${String(maxAge)}`);
      const age = this.#clock() / 1000 - signedAt;
      if (age > maxAge) throw new SignatureExpired(`Signature age ${age} > ${maxAge} seconds`);
    }
    return result.slice(0, at);
  }

  /** The object signObject() signed, checking its age when `maxAge` is given. */
  override unsignObject(signedObject: string, options: UnsignTimestampedOptions = {}): unknown {
    return decodePayload(this.unsign(signedObject, options.maxAge), options.serializer ?? JSONSerializer);
  }
}
