/**
 * The unsalted MD5 and SHA1 hashers: very insecure, kept only because ancient Django installs
 * stored (and accepted) such hashes, so that they can log in once and be upgraded.
 */
import { createHash } from 'node:crypto';
import { constantTimeCompare } from '../../signing/index.js';
import { BasePasswordHasher } from './base.js';
import type { DecodedPassword, SafeSummary } from './base.js';
import { InvalidSalt, MalformedPasswordHash } from './errors.js';
import { maskHash } from './mask-hash.js';
import { passwordBytes } from './password-bytes.js';
import type { Password } from './password-bytes.js';

function hexDigest(digest: string, password: Password): string {
  return createHash(digest).update(passwordBytes(password)).digest('hex');
}

function checkEmptySalt(password: Password | null | undefined, salt: string): void {
  if (password === null || password === undefined) throw new TypeError('password must be provided.');
  if (salt !== '') throw new InvalidSalt('salt must be empty.');
}

/** Unsalted MD5: a bare 32-character hex digest (also read as `md5$$<digest>`). Never use it for new hashes. */
export class UnsaltedMD5PasswordHasher extends BasePasswordHasher {
  override readonly algorithm: string = 'unsalted_md5';

  /** Always '': this hasher takes no salt. */
  override salt(): string {
    return '';
  }

  /** The hex digest, with no algorithm prefix. @throws InvalidSalt unless `salt` is ''. */
  override async encode(password: Password, salt: string): Promise<string> {
    checkEmptySalt(password, salt);
    return hexDigest('md5', password);
  }

  override decode(encoded: string): DecodedPassword {
    return { algorithm: this.algorithm, hash: encoded, salt: null };
  }

  override async verify(password: Password, encoded: string): Promise<boolean> {
    const bare = encoded.length === 37 && encoded.startsWith('md5$$') ? encoded.slice(5) : encoded;
    return constantTimeCompare(bare, await this.encode(password, ''));
  }

  override safeSummary(encoded: string): SafeSummary {
    const decoded = this.decode(encoded);
    return { algorithm: decoded.algorithm, hash: maskHash(decoded.hash, 3) };
  }

  override async hardenRuntime(): Promise<void> {}
}

/** Unsalted SHA1: `sha1$$<hex digest>`. Never use it for new hashes. */
export class UnsaltedSHA1PasswordHasher extends BasePasswordHasher {
  override readonly algorithm: string = 'unsalted_sha1';

  /** Always '': this hasher takes no salt. */
  override salt(): string {
    return '';
  }

  /** `sha1$$<hex digest>`. @throws InvalidSalt unless `salt` is ''. */
  override async encode(password: Password, salt: string): Promise<string> {
    checkEmptySalt(password, salt);
    return `sha1$$${hexDigest('sha1', password)}`;
  }

  override decode(encoded: string): DecodedPassword {
    if (!encoded.startsWith('sha1$$')) throw new MalformedPasswordHash("This is not an unsalted_sha1 password hash: it must start with 'sha1$$'.");
    return { algorithm: this.algorithm, hash: encoded.slice(6), salt: null };
  }

  override async verify(password: Password, encoded: string): Promise<boolean> {
    return constantTimeCompare(encoded, await this.encode(password, ''));
  }

  override safeSummary(encoded: string): SafeSummary {
    const decoded = this.decode(encoded);
    return { algorithm: decoded.algorithm, hash: maskHash(decoded.hash) };
  }

  override async hardenRuntime(): Promise<void> {}
}
