/** The password hasher contract: Django's BasePasswordHasher. */
import { randomString, RANDOM_STRING_CHARS } from '../../signing/index.js';
import { HasherLibraryMissing, HasherNotImplemented, InvalidSalt } from './errors.js';
import { saltLength } from './mask-hash.js';
import type { Password } from './password-bytes.js';

/** What decode() reads out of an encoded password; each hasher adds its own cost fields. */
export interface DecodedPassword {
  readonly algorithm: string;
  readonly hash: string;
  /** null for the unsalted legacy hashers. */
  readonly salt: string | null;
  readonly [field: string]: unknown;
}

/** safeSummary(): Django's labels ('algorithm', 'iterations', 'salt', 'hash'…) to values fit to show. */
export type SafeSummary = Record<string, string | number>;

/** A hasher class as PASSWORD_HASHERS may name it: built with no arguments. */
export type PasswordHasherClass = new () => BasePasswordHasher;

/**
 * The base of every password hasher. A hasher names its `algorithm` (the head of what it
 * encodes) and provides encode(), decode(), verify() and safeSummary(); mustUpdate() and
 * hardenRuntime() say when a stored hash should be redone and how to spend the time a weaker
 * hash saves. Hashing is asynchronous and runs off the event loop; the rest is synchronous.
 *
 * @example
 * class PBKDF2WithMoreIterations extends PBKDF2PasswordHasher {
 *   override iterations = PBKDF2PasswordHasher.prototype.iterations * 2; // keeps 'pbkdf2_sha256'
 * }
 */
export class BasePasswordHasher {
  /** The name at the head of what this hasher encodes (`pbkdf2_sha256`); null on the base. */
  readonly algorithm: string | null = null;
  /** The npm package loadLibrary() imports, or null for a hasher that needs none. */
  readonly library: string | null = null;
  /** Bits of entropy salt() draws; a stored salt with fewer makes mustUpdate() true. */
  saltEntropy = 128;
  #library: Promise<unknown> | undefined;

  /** A fresh random salt: letters and digits carrying at least `saltEntropy` bits (22 characters). */
  salt(): string {
    return randomString(saltLength(this.saltEntropy), RANDOM_STRING_CHARS);
  }

  /** Whether `password` is the one `encoded` was made from. */
  verify(_password: Password, _encoded: string): Promise<boolean> {
    return Promise.reject(new HasherNotImplemented('subclasses of BasePasswordHasher must provide a verify() method'));
  }

  /**
   * The encoded value to store, normally `algorithm$salt$hash` (under 128 characters).
   * @throws InvalidSalt (as a rejection) for a salt the format cannot hold.
   */
  encode(_password: Password, _salt: string): Promise<string> {
    return Promise.reject(new HasherNotImplemented('subclasses of BasePasswordHasher must provide an encode() method'));
  }

  /**
   * The fields of an encoded value: `algorithm`, `hash`, `salt`, and the hasher's own (`iterations`…).
   * @throws MalformedPasswordHash when `encoded` is not of this hasher's form.
   */
  decode(_encoded: string): DecodedPassword {
    throw new HasherNotImplemented('subclasses of BasePasswordHasher must provide a decode() method.');
  }

  /** What may be shown of an encoded value (salt and hash masked), under Django's labels. */
  safeSummary(_encoded: string): SafeSummary {
    throw new HasherNotImplemented('subclasses of BasePasswordHasher must provide a safeSummary() method');
  }

  /** Whether `encoded` should be made again with this hasher's current costs (or a longer salt). */
  mustUpdate(_encoded: string): boolean {
    return false;
  }

  /**
   * Spends the work that `encoded`'s lower cost saved compared with this hasher's current cost,
   * so a wrong password takes as long against an old hash as against a new one. checkPassword()
   * calls it; the base only warns that a hasher should provide it.
   */
  hardenRuntime(_password: Password, _encoded: string): Promise<void> {
    process.emitWarning('subclasses of BasePasswordHasher should provide a hardenRuntime() method');
    return Promise.resolve();
  }

  /**
   * Imports the npm package named by `library`, once.
   * @throws HasherLibraryMissing (as a rejection) naming the package to install.
   */
  loadLibrary(): Promise<unknown> {
    this.#library ??= this.#import();
    return this.#library;
  }

  async #import(): Promise<unknown> {
    const name = this.constructor.name;
    if (this.library === null) {
      throw new HasherNotImplemented(`Hasher '${name}' doesn't specify a library attribute`);
    }
    try {
      return await import(this.library);
    } catch (error) {
      this.#library = undefined;
      const reason = error instanceof Error ? error.message : String(error);
      throw new HasherLibraryMissing(
        `Couldn't load '${name}' algorithm library: ${reason}. Install it with \`npm install ${this.library}\`, or take '${this.algorithm ?? name}' out of PASSWORD_HASHERS.`,
        { cause: error },
      );
    }
  }

  /** Django's _check_encode_args: a password, and a salt without `$`. */
  protected checkEncodeArgs(password: Password | null | undefined, salt: string | null | undefined): void {
    if (password === null || password === undefined) throw new TypeError('password must be provided.');
    if (!salt || salt.includes('$')) throw new InvalidSalt('salt must be provided and cannot contain $.');
  }
}

/** A hasher that PASSWORD_HASHERS has built: its algorithm is set. */
export type PasswordHasher = BasePasswordHasher & { readonly algorithm: string };
