/**
 * canter/auth's password hashing: Django's django.contrib.auth.hashers. Hashes are Django's
 * strings (`pbkdf2_sha256$1000000$salt$hash`…), so a Canter service and a Django site can check
 * each other's passwords; hashing is asynchronous and runs off the event loop.
 */
export { BasePasswordHasher } from './base.js';
export type { DecodedPassword, PasswordHasher, PasswordHasherClass, SafeSummary } from './base.js';
export { PBKDF2PasswordHasher, PBKDF2SHA1PasswordHasher } from './pbkdf2.js';
export type { DecodedPbkdf2 } from './pbkdf2.js';
export { Argon2PasswordHasher } from './argon2.js';
export type { DecodedArgon2 } from './argon2.js';
export { BCryptPasswordHasher, BCryptSHA256PasswordHasher } from './bcrypt.js';
export type { DecodedBcrypt } from './bcrypt.js';
export { ScryptPasswordHasher } from './scrypt.js';
export type { DecodedScrypt } from './scrypt.js';
export { MD5PasswordHasher, SHA1PasswordHasher } from './salted-digest.js';
export type { DecodedSaltedDigest } from './salted-digest.js';
export { UnsaltedMD5PasswordHasher, UnsaltedSHA1PasswordHasher } from './unsalted-digest.js';
export type { Password } from './password-bytes.js';
export { maskHash } from './mask-hash.js';
export { getHasher, getHashers, identifyHasher } from './registry.js';
export {
  checkPassword,
  isPasswordUsable,
  makePassword,
  UNUSABLE_PASSWORD_PREFIX,
  UNUSABLE_PASSWORD_SUFFIX_LENGTH,
} from './passwords.js';
export {
  HasherLibraryMissing,
  HasherNotImplemented,
  InvalidSalt,
  MalformedPasswordHash,
  UnencodablePassword,
  UnknownPasswordHasher,
} from './errors.js';
