/** The hashers Canter ships, by algorithm name and by Django's class name. */
import { Argon2PasswordHasher } from './argon2.js';
import type { PasswordHasherClass } from './base.js';
import { BCryptPasswordHasher, BCryptSHA256PasswordHasher } from './bcrypt.js';
import { PBKDF2PasswordHasher, PBKDF2SHA1PasswordHasher } from './pbkdf2.js';
import { MD5PasswordHasher, SHA1PasswordHasher } from './salted-digest.js';
import { ScryptPasswordHasher } from './scrypt.js';
import { UnsaltedMD5PasswordHasher, UnsaltedSHA1PasswordHasher } from './unsalted-digest.js';

/** One built-in hasher: its algorithm, its class's name in django.contrib.auth.hashers, its class. */
export interface BuiltInHasher {
  readonly algorithm: string;
  readonly djangoName: string;
  readonly Hasher: PasswordHasherClass;
}

/** Every built-in hasher, in Django's order. */
export const BUILT_IN_HASHERS: readonly BuiltInHasher[] = [
  { algorithm: 'pbkdf2_sha256', djangoName: 'PBKDF2PasswordHasher', Hasher: PBKDF2PasswordHasher },
  { algorithm: 'pbkdf2_sha1', djangoName: 'PBKDF2SHA1PasswordHasher', Hasher: PBKDF2SHA1PasswordHasher },
  { algorithm: 'argon2', djangoName: 'Argon2PasswordHasher', Hasher: Argon2PasswordHasher },
  { algorithm: 'bcrypt_sha256', djangoName: 'BCryptSHA256PasswordHasher', Hasher: BCryptSHA256PasswordHasher },
  { algorithm: 'bcrypt', djangoName: 'BCryptPasswordHasher', Hasher: BCryptPasswordHasher },
  { algorithm: 'scrypt', djangoName: 'ScryptPasswordHasher', Hasher: ScryptPasswordHasher },
  { algorithm: 'md5', djangoName: 'MD5PasswordHasher', Hasher: MD5PasswordHasher },
  { algorithm: 'sha1', djangoName: 'SHA1PasswordHasher', Hasher: SHA1PasswordHasher },
  { algorithm: 'unsalted_md5', djangoName: 'UnsaltedMD5PasswordHasher', Hasher: UnsaltedMD5PasswordHasher },
  { algorithm: 'unsalted_sha1', djangoName: 'UnsaltedSHA1PasswordHasher', Hasher: UnsaltedSHA1PasswordHasher },
];

/** The module Django's PASSWORD_HASHERS paths name. */
export const DJANGO_HASHERS_MODULE = 'django.contrib.auth.hashers.';

/** The built-in class a PASSWORD_HASHERS string names (`'pbkdf2_sha256'` or Django's path), if any. */
export function builtInHasher(name: string): PasswordHasherClass | undefined {
  const djangoName = name.startsWith(DJANGO_HASHERS_MODULE) ? name.slice(DJANGO_HASHERS_MODULE.length) : undefined;
  return BUILT_IN_HASHERS.find((h) => (djangoName === undefined ? h.algorithm === name : h.djangoName === djangoName))?.Hasher;
}
