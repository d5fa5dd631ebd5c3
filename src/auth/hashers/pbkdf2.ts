/** PBKDF2 with HMAC-SHA256 (Django's default) and with HMAC-SHA1, on node:crypto's thread pool. */
import { pbkdf2 } from 'node:crypto';
import { promisify } from 'node:util';
import { constantTimeCompare } from '../../signing/index.js';
import { BasePasswordHasher } from './base.js';
import type { DecodedPassword, SafeSummary } from './base.js';
import { MalformedPasswordHash } from './errors.js';
import { costField, isBase64, splitFields } from './fields.js';
import { maskHash, mustUpdateSalt } from './mask-hash.js';
import { passwordBytes } from './password-bytes.js';
import type { Password } from './password-bytes.js';

const pbkdf2Async = promisify(pbkdf2);

/** The most iterations node:crypto accepts (a signed 32-bit count). */
const MAX_ITERATIONS = 2 ** 31 - 1;

/** What decode() reads from `pbkdf2_sha256$iterations$salt$hash`. */
export interface DecodedPbkdf2 extends DecodedPassword {
  readonly salt: string;
  readonly iterations: number;
}

/**
 * PBKDF2 + HMAC-SHA256, 1,000,000 iterations (Django 5.2's count); the hash is the digest's
 * 32 bytes in base64. The work runs on libuv's thread pool, so the event loop keeps serving.
 * Raising `iterations` is safe: older hashes are redone at the next login.
 *
 * @example await new PBKDF2PasswordHasher().encode('lètmein', 'seasalt2')
 * // 'pbkdf2_sha256$1000000$seasalt2$…='
 */
export class PBKDF2PasswordHasher extends BasePasswordHasher {
  override readonly algorithm: string = 'pbkdf2_sha256';
  /** The iterations new hashes get; a stored hash with another count must be updated. */
  iterations = 1_000_000;
  /** The HMAC digest, as node:crypto names it; change `algorithm` with it. */
  readonly digest: string = 'sha256';

  /** `algorithm$iterations$salt$hash`; `iterations` defaults to this hasher's. */
  override async encode(password: Password, salt: string, iterations?: number): Promise<string> {
    this.checkEncodeArgs(password, salt);
    const rounds = iterations || this.iterations;
    const key = await pbkdf2Async(passwordBytes(password), Buffer.from(salt, 'utf8'), rounds, digestLength(this.digest), this.digest);
    return `${this.algorithm}$${rounds}$${salt}$${key.toString('base64')}`;
  }

  override decode(encoded: string): DecodedPbkdf2 {
    const [algorithm = '', iterations, salt = '', hash = ''] = splitFields(encoded, 4, this.algorithm);
    if (salt === '') throw new MalformedPasswordHash(`The salt of a ${this.algorithm} password hash is empty.`);
    if (!isBase64(hash)) throw new MalformedPasswordHash(`The hash of a ${this.algorithm} password hash must be base64.`);
    return { algorithm, hash, iterations: costField(iterations, 'iteration count', this.algorithm, MAX_ITERATIONS), salt };
  }

  override async verify(password: Password, encoded: string): Promise<boolean> {
    const decoded = this.decode(encoded);
    return constantTimeCompare(encoded, await this.encode(password, decoded.salt, decoded.iterations));
  }

  override safeSummary(encoded: string): SafeSummary {
    const decoded = this.decode(encoded);
    return {
      algorithm: decoded.algorithm,
      iterations: decoded.iterations,
      salt: maskHash(decoded.salt),
      hash: maskHash(decoded.hash),
    };
  }

  override mustUpdate(encoded: string): boolean {
    const decoded = this.decode(encoded);
    return decoded.iterations !== this.iterations || mustUpdateSalt(decoded.salt, this.saltEntropy);
  }

  /** Runs the iterations the stored hash is short of this hasher's count. */
  override async hardenRuntime(password: Password, encoded: string): Promise<void> {
    const decoded = this.decode(encoded);
    const extra = this.iterations - decoded.iterations;
    if (extra > 0) await this.encode(password, decoded.salt, extra);
  }
}

/** PBKDF2 + HMAC-SHA1 (PKCS #5's default PRF, as OpenSSL's PKCS5_PBKDF2_HMAC_SHA1): `pbkdf2_sha1`. */
export class PBKDF2SHA1PasswordHasher extends PBKDF2PasswordHasher {
  override readonly algorithm: string = 'pbkdf2_sha1';
  override readonly digest: string = 'sha1';
}

const DIGEST_LENGTHS: Readonly<Record<string, number>> = { sha1: 20, sha224: 28, sha256: 32, sha384: 48, sha512: 64 };

/** The derived key's length: the digest's own size, as Django's pbkdf2() with dklen=None. */
function digestLength(digest: string): number {
  const length = DIGEST_LENGTHS[digest.toLowerCase()];
  if (length === undefined) throw new TypeError(`PBKDF2 digest '${digest}' is not one of ${Object.keys(DIGEST_LENGTHS).join(', ')}.`);
  return length;
}
