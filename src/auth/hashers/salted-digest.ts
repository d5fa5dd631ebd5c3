/** The salted MD5 and SHA1 hashers: legacy, kept so that old hashes still log in and get upgraded. */
import { createHash } from 'node:crypto';
import { constantTimeCompare } from '../../signing/index.js';
import { BasePasswordHasher } from './base.js';
import type { DecodedPassword, SafeSummary } from './base.js';
import { MalformedPasswordHash } from './errors.js';
import { splitFields } from './fields.js';
import { maskHash, mustUpdateSalt } from './mask-hash.js';
import { passwordBytes } from './password-bytes.js';
import type { Password } from './password-bytes.js';

/** What decode() reads from `md5$salt$hexdigest`. */
export interface DecodedSaltedDigest extends DecodedPassword {
  readonly salt: string;
}

/**
 * `algorithm$salt$hex(digest(salt + password))`, one digest, no work factor: not recommended,
 * and not in the default PASSWORD_HASHERS. Listing it after a strong hasher lets old hashes log
 * in once and be stored again with the strong one.
 */
abstract class SaltedDigestPasswordHasher extends BasePasswordHasher {
  abstract override readonly algorithm: string;
  /** The node:crypto digest name. */
  protected abstract readonly digest: string;

  override async encode(password: Password, salt: string): Promise<string> {
    this.checkEncodeArgs(password, salt);
    const hash = createHash(this.digest).update(Buffer.from(salt, 'utf8')).update(passwordBytes(password)).digest('hex');
    return `${this.algorithm}$${salt}$${hash}`;
  }

  override decode(encoded: string): DecodedSaltedDigest {
    const [algorithm = '', salt = '', hash = ''] = splitFields(encoded, 3, this.algorithm);
    if (salt === '') throw new MalformedPasswordHash(`The salt of a ${this.algorithm} password hash is empty.`);
    return { algorithm, hash, salt };
  }

  override async verify(password: Password, encoded: string): Promise<boolean> {
    const decoded = this.decode(encoded);
    return constantTimeCompare(encoded, await this.encode(password, decoded.salt));
  }

  override safeSummary(encoded: string): SafeSummary {
    const decoded = this.decode(encoded);
    return { algorithm: decoded.algorithm, salt: maskHash(decoded.salt, 2), hash: maskHash(decoded.hash) };
  }

  /** True for a salt shorter than salt() draws. */
  override mustUpdate(encoded: string): boolean {
    return mustUpdateSalt(this.decode(encoded).salt, this.saltEntropy);
  }

  /** No work factor, so nothing to make up. */
  override async hardenRuntime(): Promise<void> {}
}

/** Salted MD5: `md5$salt$hexdigest` (not recommended). */
export class MD5PasswordHasher extends SaltedDigestPasswordHasher {
  override readonly algorithm: string = 'md5';
  protected override readonly digest = 'md5';
}

/** Salted SHA1: `sha1$salt$hexdigest` (not recommended; Django 5.1 dropped it, Canter keeps it to read old rows). */
export class SHA1PasswordHasher extends SaltedDigestPasswordHasher {
  override readonly algorithm: string = 'sha1';
  protected override readonly digest = 'sha1';
}
