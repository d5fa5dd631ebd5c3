/** PASSWORD_HASHERS, built into hasher instances: Django's get_hashers(), get_hasher(), identify_hasher(). */
import { ImproperlyConfigured } from '../../conf/errors.js';
import { getSettings } from '../../conf/settings/index.js';
import { BasePasswordHasher } from './base.js';
import type { PasswordHasher } from './base.js';
import { BUILT_IN_HASHERS, builtInHasher, DJANGO_HASHERS_MODULE } from './builtins.js';
import { UnknownPasswordHasher } from './errors.js';

/** The hashers of one PASSWORD_HASHERS value. */
interface Hashers {
  readonly all: readonly PasswordHasher[];
  /** By algorithm; when two share one, the later wins (as Django's dict). */
  readonly byAlgorithm: ReadonlyMap<string, PasswordHasher>;
}

// Built once per PASSWORD_HASHERS value, keyed by the value itself: an overrideSettings() that
// changes it gets fresh instances, one that leaves it alone keeps them (cost fields included).
const built = new WeakMap<object, Hashers>();

function hashersInForce(): Hashers {
  const setting: unknown = getSettings().PASSWORD_HASHERS;
  if (!Array.isArray(setting)) {
    throw new ImproperlyConfigured(`PASSWORD_HASHERS is ${typeof setting}; it must be an array of hasher names or classes, the preferred first.`);
  }
  let hashers = built.get(setting);
  if (hashers === undefined) {
    hashers = buildHashers(setting);
    built.set(setting, hashers);
  }
  return hashers;
}

/**
 * Builds one hasher per entry: an algorithm name (`'pbkdf2_sha256'`), Django's class path
 * (`'django.contrib.auth.hashers.PBKDF2PasswordHasher'`) or a hasher class.
 * @throws ImproperlyConfigured naming the entry at fault and what is valid.
 */
export function buildHashers(setting: readonly unknown[]): Hashers {
  if (setting.length === 0) {
    throw new ImproperlyConfigured("PASSWORD_HASHERS is empty; it must name at least one hasher, the preferred first (Django's default: ['pbkdf2_sha256', 'pbkdf2_sha1', 'argon2', 'bcrypt_sha256', 'scrypt']).");
  }
  const all = setting.map((entry, i) => {
    const Hasher = typeof entry === 'string' ? builtInHasher(entry) : entry;
    if (typeof Hasher !== 'function' || !(Hasher.prototype instanceof BasePasswordHasher || Hasher === BasePasswordHasher)) {
      throw new ImproperlyConfigured(
        `PASSWORD_HASHERS[${i}] is ${describe(entry)}; each entry must be an algorithm name (${BUILT_IN_HASHERS.map((h) => `'${h.algorithm}'`).join(', ')}), ` +
          `Django's class path ('${DJANGO_HASHERS_MODULE}PBKDF2PasswordHasher'…) or a BasePasswordHasher subclass.`,
      );
    }
    const hasher = new (Hasher as new () => BasePasswordHasher)();
    if (!hasher.algorithm) throw new ImproperlyConfigured(`hasher doesn't specify an algorithm name: PASSWORD_HASHERS[${i}] (${describe(entry)})`);
    return hasher as PasswordHasher;
  });
  return { all, byAlgorithm: new Map(all.map((hasher) => [hasher.algorithm, hasher])) };
}

function describe(entry: unknown): string {
  if (typeof entry === 'function') return `the function ${entry.name || '(anonymous)'}`;
  return typeof entry === 'string' ? `'${entry}'` : String(entry);
}

/** The hashers PASSWORD_HASHERS names, in its order: Django's get_hashers(). */
export function getHashers(): readonly PasswordHasher[] {
  return hashersInForce().all;
}

/**
 * The shared hasher instance for an algorithm, or the preferred one (the first of
 * PASSWORD_HASHERS) for 'default'. A hasher instance is returned as it is. Its cost fields are
 * writable, and the instance lasts as long as the PASSWORD_HASHERS value does.
 *
 * @throws UnknownPasswordHasher when PASSWORD_HASHERS has no hasher of that algorithm.
 * @example getHasher().algorithm // 'pbkdf2_sha256'
 */
export function getHasher(algorithm: string | BasePasswordHasher = 'default'): PasswordHasher {
  if (algorithm instanceof BasePasswordHasher) return algorithm as PasswordHasher;
  const hashers = hashersInForce();
  const hasher = algorithm === 'default' ? hashers.all[0] : hashers.byAlgorithm.get(algorithm);
  if (hasher === undefined) {
    throw new UnknownPasswordHasher(`Unknown password hashing algorithm '${algorithm}'. Did you specify it in the PASSWORD_HASHERS setting?`);
  }
  return hasher;
}

/**
 * The hasher of an encoded password, by the algorithm at its head (a bare 32-character hex
 * digest or `md5$$…` is unsalted MD5, `sha1$$…` of 46 characters unsalted SHA1, as Django's).
 *
 * @throws UnknownPasswordHasher when that algorithm is not in PASSWORD_HASHERS.
 * @example identifyHasher('pbkdf2_sha256$1000000$salt$hash').algorithm // 'pbkdf2_sha256'
 */
export function identifyHasher(encoded: string): PasswordHasher {
  let algorithm: string;
  if ((encoded.length === 32 && !encoded.includes('$')) || (encoded.length === 37 && encoded.startsWith('md5$$'))) {
    algorithm = 'unsalted_md5';
  } else if (encoded.length === 46 && encoded.startsWith('sha1$$')) {
    algorithm = 'unsalted_sha1';
  } else {
    algorithm = encoded.split('$', 1)[0]!;
  }
  return getHasher(algorithm);
}
