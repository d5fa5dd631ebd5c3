/** bcrypt through the npm `bcrypt` package (loaded on first use), on libuv's thread pool. */
import { createHash } from 'node:crypto';
import { constantTimeCompare } from '../../signing/index.js';
import { BasePasswordHasher } from './base.js';
import type { DecodedPassword, SafeSummary } from './base.js';
import { BCRYPT_ALPHABET, bcryptSalt } from './bcrypt-salt.js';
import { InvalidSalt, MalformedPasswordHash, UnencodablePassword } from './errors.js';
import { maskHash } from './mask-hash.js';
import { passwordBytes } from './password-bytes.js';
import type { Password } from './password-bytes.js';

/** The part of the npm `bcrypt` package used here. */
interface BcryptLibrary {
  hash(data: Buffer, salt: string): Promise<string>;
}

/** What decode() reads from `bcrypt_sha256$2b$12$<salt><checksum>`. */
export interface DecodedBcrypt extends DecodedPassword {
  readonly salt: string;
  /** '2b' (or '2a', '2y' from other bcrypt writers). */
  readonly algostr: string;
  readonly workFactor: number;
  readonly checksum: string;
}

const BCRYPT_DATA = new RegExp(`^\\$(2[aby])\\$([0-9]{2})\\$([${BCRYPT_ALPHABET.replace(/[./]/g, '\\$&')}]{53})$`);
const BCRYPT_SALT = new RegExp(`^\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[${BCRYPT_ALPHABET.replace(/[./]/g, '\\$&')}]{22}`);
/** `$2b$12$` and the 22 characters of salt: what bcrypt takes as its salt. */
const SALT_LENGTH = 29;

/**
 * bcrypt over the hex SHA-256 of the password, so that no password is cut at bcrypt's 72 bytes
 * (Django's recommended bcrypt): `bcrypt_sha256$$2b$12$…`. Needs `npm install bcrypt`.
 *
 * @example await makePassword('lètmein', null, 'bcrypt_sha256')
 */
export class BCryptSHA256PasswordHasher extends BasePasswordHasher {
  override readonly algorithm: string = 'bcrypt_sha256';
  override readonly library: string = 'bcrypt';
  /** The digest the password goes through first; null for plain bcrypt. */
  readonly digest: string | null = 'sha256';
  /** log₂ of the work new hashes get (4 to 31). */
  rounds = 12;

  /** `$2b$<rounds>$<22 characters>`, made here: salt() needs no library. */
  override salt(): string {
    return bcryptSalt(this.rounds);
  }

  /** `algorithm$<bcrypt string>`; `salt` is bcrypt's (`$2b$12$…`, 29 characters or a whole hash). */
  override async encode(password: Password, salt: string): Promise<string> {
    if (typeof salt !== 'string' || !BCRYPT_SALT.test(salt)) {
      throw new InvalidSalt("salt must be a bcrypt salt: '$2b$', two digits of cost (04 to 31), '$' and 22 characters of bcrypt's base64; leave it out and one is drawn.");
    }
    const bcrypt = (await this.loadLibrary()) as BcryptLibrary;
    let secret = passwordBytes(password);
    if (this.digest !== null) secret = Buffer.from(createHash(this.digest).update(secret).digest('hex'), 'ascii');
    // The C library stops at a NUL byte, so 'a\0b' would pass for 'a'; Python's bcrypt refuses it too.
    if (secret.includes(0)) throw new UnencodablePassword('bcrypt cannot hash a password containing a NUL byte; use bcrypt_sha256.');
    // npm's bcrypt writes 2a and 2b only; 2y (PHP's name for 2b) hashes the same.
    const twoY = salt.startsWith('$2y$');
    const data = await bcrypt.hash(secret, twoY ? `$2b$${salt.slice(4, SALT_LENGTH)}` : salt.slice(0, SALT_LENGTH));
    return `${this.algorithm}$${twoY ? `$2y$${data.slice(4)}` : data}`;
  }

  override decode(encoded: string): DecodedBcrypt {
    const prefix = `${this.algorithm}$`;
    const match = encoded.startsWith(prefix) ? BCRYPT_DATA.exec(encoded.slice(prefix.length)) : null;
    if (match === null) {
      throw new MalformedPasswordHash(`This is not a ${this.algorithm} password hash: it must be '${prefix}' and a bcrypt string ($2b$, two digits of cost, $, 53 characters).`);
    }
    const [, algostr = '', cost = '', data = ''] = match;
    const workFactor = Number(cost);
    if (workFactor < 4 || workFactor > 31) throw new MalformedPasswordHash(`The work factor of a ${this.algorithm} password hash must be from 04 to 31.`);
    return { algorithm: this.algorithm, algostr, checksum: data.slice(22), salt: data.slice(0, 22), workFactor, hash: data.slice(22) };
  }

  override async verify(password: Password, encoded: string): Promise<boolean> {
    this.decode(encoded);
    return constantTimeCompare(encoded, await this.encode(password, encoded.slice(this.algorithm.length + 1)));
  }

  override safeSummary(encoded: string): SafeSummary {
    const decoded = this.decode(encoded);
    return {
      algorithm: decoded.algorithm,
      'work factor': decoded.workFactor,
      salt: maskHash(decoded.salt),
      checksum: maskHash(decoded.checksum),
    };
  }

  override mustUpdate(encoded: string): boolean {
    return this.decode(encoded).workFactor !== this.rounds;
  }

  /** bcrypt's cost is logarithmic: runs the hash again 2^(rounds − stored) − 1 times with the stored salt. */
  override async hardenRuntime(password: Password, encoded: string): Promise<void> {
    const decoded = this.decode(encoded);
    const salt = encoded.slice(this.algorithm.length + 1, this.algorithm.length + 1 + SALT_LENGTH);
    for (let extra = 2 ** (this.rounds - decoded.workFactor) - 1; extra > 0; extra--) {
      await this.encode(password, salt);
    }
  }
}

/**
 * Plain bcrypt: `bcrypt$$2b$12$…`. Passwords are cut at 72 bytes, so prefer bcrypt_sha256.
 * Needs `npm install bcrypt`.
 */
export class BCryptPasswordHasher extends BCryptSHA256PasswordHasher {
  override readonly algorithm: string = 'bcrypt';
  override readonly digest: string | null = null;
}
