/** scrypt (RFC 7914) through node:crypto, on libuv's thread pool: Django's ScryptPasswordHasher. */
import { scrypt } from 'node:crypto';
import type { ScryptOptions } from 'node:crypto';
import { constantTimeCompare } from '../../signing/index.js';
import { BasePasswordHasher } from './base.js';
import type { DecodedPassword, SafeSummary } from './base.js';
import { MalformedPasswordHash } from './errors.js';
import { costField, isBase64, splitFields } from './fields.js';
import { maskHash } from './mask-hash.js';
import { passwordBytes } from './password-bytes.js';
import type { Password } from './password-bytes.js';

/** Django's dklen: 64 bytes of key. */
const KEY_LENGTH = 64;
const MAX_COST = 2 ** 31 - 1;

/** What decode() reads from `scrypt$N$salt$r$p$hash`. */
export interface DecodedScrypt extends DecodedPassword {
  readonly salt: string;
  readonly workFactor: number;
  readonly blockSize: number;
  readonly parallelism: number;
}

function scryptAsync(password: Buffer, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_LENGTH, options, (error, key) => (error === null ? resolve(key) : reject(error)));
  });
}

/**
 * scrypt with N = 2¹⁴, r = 8, p = 1 and a 64-byte key: `scrypt$16384$salt$8$1$<base64>`.
 * `maxmem` 0 keeps OpenSSL's limit (32 MiB), as Django's does; raise it with the costs.
 *
 * @example await new ScryptPasswordHasher().encode('lètmein', 'seasalt')
 */
export class ScryptPasswordHasher extends BasePasswordHasher {
  override readonly algorithm: string = 'scrypt';
  /** N, the CPU/memory cost: a power of two. */
  workFactor = 2 ** 14;
  /** r, the block size. */
  blockSize = 8;
  /** p, the parallelization. */
  parallelism = 1;
  /** The memory limit in bytes (about 128·N·r must fit); 0 keeps OpenSSL's 32 MiB. */
  maxmem = 0;

  /** `scrypt$N$salt$r$p$hash`; the costs default to this hasher's. */
  override async encode(password: Password, salt: string, n?: number, r?: number, p?: number): Promise<string> {
    this.checkEncodeArgs(password, salt);
    const N = n || this.workFactor;
    const blockSize = r || this.blockSize;
    const parallelism = p || this.parallelism;
    const options: ScryptOptions = { N, r: blockSize, p: parallelism };
    if (this.maxmem) options.maxmem = this.maxmem;
    const key = await scryptAsync(passwordBytes(password), Buffer.from(salt, 'utf8'), options);
    return `${this.algorithm}$${N}$${salt}$${blockSize}$${parallelism}$${key.toString('base64')}`;
  }

  override decode(encoded: string): DecodedScrypt {
    const [algorithm = '', n, salt = '', r, p, hash = ''] = splitFields(encoded, 6, this.algorithm);
    if (salt === '') throw new MalformedPasswordHash('The salt of a scrypt password hash is empty.');
    if (!isBase64(hash)) throw new MalformedPasswordHash('The hash of a scrypt password hash must be base64.');
    return {
      algorithm,
      workFactor: costField(n, 'work factor', 'scrypt', MAX_COST),
      salt,
      blockSize: costField(r, 'block size', 'scrypt', MAX_COST),
      parallelism: costField(p, 'parallelism', 'scrypt', MAX_COST),
      hash,
    };
  }

  /** @throws MalformedPasswordHash when the stored costs are ones scrypt refuses (N not a power of two, over maxmem). */
  override async verify(password: Password, encoded: string): Promise<boolean> {
    const decoded = this.decode(encoded);
    let again: string;
    try {
      again = await this.encode(password, decoded.salt, decoded.workFactor, decoded.blockSize, decoded.parallelism);
    } catch (error) {
      if (!isScryptParameterError(error)) throw error;
      throw new MalformedPasswordHash(`The costs of this scrypt password hash cannot be computed: ${(error as Error).message}`, { cause: error });
    }
    return constantTimeCompare(encoded, again);
  }

  override safeSummary(encoded: string): SafeSummary {
    const decoded = this.decode(encoded);
    return {
      algorithm: decoded.algorithm,
      'work factor': decoded.workFactor,
      'block size': decoded.blockSize,
      parallelism: decoded.parallelism,
      salt: maskHash(decoded.salt),
      hash: maskHash(decoded.hash),
    };
  }

  override mustUpdate(encoded: string): boolean {
    const decoded = this.decode(encoded);
    return decoded.workFactor !== this.workFactor || decoded.blockSize !== this.blockSize || decoded.parallelism !== this.parallelism;
  }

  /** scrypt's cost is too tangled (memory and time) to make up sensibly: nothing, as Django. */
  override async hardenRuntime(): Promise<void> {}
}

/** node:crypto's refusal of N, r, p or maxmem (thrown, or passed to the callback). */
function isScryptParameterError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof RangeError || code === 'ERR_CRYPTO_INVALID_SCRYPT_PARAMS' || code === 'ERR_OUT_OF_RANGE' || code === 'ERR_CRYPTO_SCRYPT_INVALID_PARAMETER';
}
