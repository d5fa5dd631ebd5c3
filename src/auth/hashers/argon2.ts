/** Argon2 through the npm `argon2` package (loaded on first use), on libuv's thread pool. */
import { timingSafeEqual } from 'node:crypto';
import { BasePasswordHasher } from './base.js';
import type { DecodedPassword, SafeSummary } from './base.js';
import { formatPhc, parsePhc, VARIETIES } from './argon2-format.js';
import type { Argon2Parameters } from './argon2-format.js';
import { InvalidSalt, MalformedPasswordHash } from './errors.js';
import { maskHash, mustUpdateSalt } from './mask-hash.js';
import { passwordBytes } from './password-bytes.js';
import type { Password } from './password-bytes.js';

/** The part of the npm `argon2` package used here: a raw hash with every parameter given. */
interface Argon2Library {
  hash(password: Buffer, options: {
    raw: true;
    type: 0 | 1 | 2;
    version: number;
    salt: Buffer;
    hashLength: number;
    timeCost: number;
    memoryCost: number;
    parallelism: number;
  }): Promise<Buffer>;
}

/** argon2-cffi's defaults that Django keeps: version 0x13 and a 16-byte hash. */
const VERSION = 0x13;
const HASH_LENGTH = 16;
/** Argon2's shortest salt. */
const MIN_SALT_BYTES = 8;

/** What decode() reads from `argon2$argon2id$v=19$m=102400,t=2,p=8$<salt>$<hash>`. */
export interface DecodedArgon2 extends DecodedPassword {
  readonly salt: string;
  readonly variety: string;
  readonly version: number;
  readonly memoryCost: number;
  readonly timeCost: number;
  readonly parallelism: number;
  /** Everything parsed, bytes included. */
  readonly params: Argon2Parameters;
}

/**
 * Argon2id (the Password Hashing Competition's winner) with Django's costs: 2 passes over
 * 100 MiB in 8 lanes, a 16-byte hash. Reads Django's argon2i and argon2id hashes, with or
 * without a version. Needs `npm install argon2`.
 *
 * @example await makePassword('lètmein', null, 'argon2') // 'argon2$argon2id$v=19$m=102400,t=2,p=8$…'
 */
export class Argon2PasswordHasher extends BasePasswordHasher {
  override readonly algorithm: string = 'argon2';
  override readonly library: string = 'argon2';
  /** Passes over memory. */
  timeCost = 2;
  /** Memory in KiB. */
  memoryCost = 102_400;
  /** Lanes. */
  parallelism = 8;

  /** `argon2` and the PHC string, the salt's UTF-8 bytes hashed as given. */
  override async encode(password: Password, salt: string): Promise<string> {
    const saltBytes = Buffer.from(salt ?? '', 'utf8');
    if (saltBytes.length < MIN_SALT_BYTES) {
      throw new InvalidSalt(`salt must be at least ${MIN_SALT_BYTES} bytes for argon2 (Argon2's minimum); leave it out and one is drawn.`);
    }
    const hash = await this.#hash(password, saltBytes);
    return this.algorithm + formatPhc('argon2id', VERSION, this.memoryCost, this.timeCost, this.parallelism, saltBytes, hash);
  }

  override decode(encoded: string): DecodedArgon2 {
    const prefix = `${this.algorithm}$`;
    if (!encoded.startsWith(prefix)) throw new MalformedPasswordHash(`This is not an argon2 password hash: it must start with '${prefix}'.`);
    const params = parsePhc(encoded.slice(this.algorithm.length));
    return {
      algorithm: this.algorithm,
      hash: params.hashText,
      memoryCost: params.memoryCost,
      parallelism: params.parallelism,
      // Django decodes the salt as Latin-1: one character per byte.
      salt: params.salt.toString('latin1'),
      timeCost: params.timeCost,
      variety: params.variety,
      version: params.version,
      params,
    };
  }

  /**
   * Hashes again with every parameter the stored hash names (any variety, version and length).
   * @throws MalformedPasswordHash when the library refuses those parameters (a memory cost it cannot allocate…).
   */
  override async verify(password: Password, encoded: string): Promise<boolean> {
    const { params } = this.decode(encoded);
    const argon2 = (await this.loadLibrary()) as Argon2Library;
    const secret = passwordBytes(password);
    let hash: Buffer;
    try {
      hash = await argon2.hash(secret, {
        raw: true,
        type: VARIETIES[params.variety]!,
        version: params.version,
        salt: params.salt,
        hashLength: params.hash.length,
        timeCost: params.timeCost,
        memoryCost: params.memoryCost,
        parallelism: params.parallelism,
      });
    } catch (error) {
      throw new MalformedPasswordHash(`The parameters of this argon2 password hash cannot be computed: ${(error as Error).message}`, { cause: error });
    }
    return hash.length === params.hash.length && timingSafeEqual(hash, params.hash);
  }

  override safeSummary(encoded: string): SafeSummary {
    const decoded = this.decode(encoded);
    return {
      algorithm: decoded.algorithm,
      variety: decoded.variety,
      version: decoded.version,
      'memory cost': decoded.memoryCost,
      'time cost': decoded.timeCost,
      parallelism: decoded.parallelism,
      salt: maskHash(decoded.salt),
      hash: maskHash(decoded.hash),
    };
  }

  /** True unless the hash is argon2id, version 19, 16 bytes, with this hasher's costs and a full salt. */
  override mustUpdate(encoded: string): boolean {
    const { params, salt } = this.decode(encoded);
    return (
      params.variety !== 'argon2id' ||
      params.version !== VERSION ||
      params.hash.length !== HASH_LENGTH ||
      params.timeCost !== this.timeCost ||
      params.memoryCost !== this.memoryCost ||
      params.parallelism !== this.parallelism ||
      mustUpdateSalt(salt, this.saltEntropy)
    );
  }

  /** Argon2's cost is too tangled (memory, passes, lanes) to make up sensibly: nothing, as Django. */
  override async hardenRuntime(): Promise<void> {}

  async #hash(password: Password, salt: Buffer): Promise<Buffer> {
    const argon2 = (await this.loadLibrary()) as Argon2Library;
    const options = { raw: true, type: VARIETIES.argon2id!, version: VERSION, salt, hashLength: HASH_LENGTH } as const;
    return argon2.hash(passwordBytes(password), { ...options, timeCost: this.timeCost, memoryCost: this.memoryCost, parallelism: this.parallelism });
  }
}
