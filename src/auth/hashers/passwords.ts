/** Django's password functions: make_password(), check_password(), is_password_usable(). */
import { randomString } from '../../signing/index.js';
import type { BasePasswordHasher, PasswordHasher } from './base.js';
import { MalformedPasswordHash, UnencodablePassword, UnknownPasswordHasher } from './errors.js';
import { typeName } from './password-bytes.js';
import type { Password } from './password-bytes.js';
import { getHasher, identifyHasher } from './registry.js';

/** What an unusable password starts with; no hasher's output does. */
export const UNUSABLE_PASSWORD_PREFIX = '!';
/** The random characters after the prefix, so that no two unusable passwords are equal. */
export const UNUSABLE_PASSWORD_SUFFIX_LENGTH = 40;

/**
 * False only for a password made unusable (makePassword(null), setUnusablePassword()): one
 * starting with '!'. Anything else, even gibberish, counts as usable, as in Django.
 */
export function isPasswordUsable(encoded: string | null | undefined): boolean {
  return encoded === null || encoded === undefined || !encoded.startsWith(UNUSABLE_PASSWORD_PREFIX);
}

/**
 * The encoded password to store: `hasher` (the preferred one by default) with `salt`, or a
 * fresh salt when none is given. null (or undefined) gives an unusable password: '!' and 40
 * random characters.
 *
 * @throws TypeError (as a rejection) for a password that is neither a string nor bytes.
 * @example await makePassword('lètmein') // 'pbkdf2_sha256$1000000$…'
 */
export async function makePassword(
  password: Password | null | undefined,
  salt?: string | null,
  hasher: string | BasePasswordHasher = 'default',
): Promise<string> {
  if (password === null || password === undefined) {
    return UNUSABLE_PASSWORD_PREFIX + randomString(UNUSABLE_PASSWORD_SUFFIX_LENGTH);
  }
  if (typeof password !== 'string' && !(password instanceof Uint8Array)) {
    throw new TypeError(`Password must be a string or bytes, got ${typeName(password)}.`);
  }
  const chosen = getHasher(hasher);
  return chosen.encode(password, salt || chosen.salt());
}

/**
 * Whether `password` is the one `encoded` was made from. When it is and the hash should be
 * redone — made by another hasher than `preferred`, or the preferred one's mustUpdate() says so
 * — `setter(password)` is called (and awaited) to store a new one. A wrong password against a
 * weaker hash of the preferred algorithm spends the difference (hardenRuntime()), and a missing,
 * unusable, unknown or malformed hash still runs the preferred hasher once, so that the time
 * taken does not tell which case it was.
 *
 * @example
 * const ok = await checkPassword(raw, user.password, async (pw) => { await user.setPassword(pw); await user.save(); });
 */
export async function checkPassword(
  password: Password | null | undefined,
  encoded: string | null | undefined,
  setter?: ((password: Password) => unknown) | null,
  preferred: string | BasePasswordHasher = 'default',
): Promise<boolean> {
  const { isCorrect, mustUpdate } = await verifyPassword(password, encoded, preferred);
  if (setter && isCorrect && mustUpdate) await setter(password!);
  return isCorrect;
}

async function verifyPassword(
  password: Password | null | undefined,
  encoded: string | null | undefined,
  preferred: string | BasePasswordHasher,
): Promise<{ isCorrect: boolean; mustUpdate: boolean }> {
  const preferredHasher = getHasher(preferred);
  let hasher: PasswordHasher | undefined;
  if (password !== null && password !== undefined && typeof encoded === 'string' && isPasswordUsable(encoded)) {
    hasher = identified(encoded);
  }
  if (hasher !== undefined) {
    try {
      const hasherChanged = hasher.algorithm !== preferredHasher.algorithm;
      const mustUpdate = hasherChanged || preferredHasher.mustUpdate(encoded!);
      const isCorrect = await hasher.verify(password!, encoded!);
      // Only when the algorithm stays (a change says as much as the time would): make a wrong
      // password against a cheaper hash cost what one against the current cost does.
      if (!isCorrect && !hasherChanged && mustUpdate) await hasher.hardenRuntime(password!, encoded!);
      return { isCorrect, mustUpdate };
    } catch (error) {
      if (!(error instanceof MalformedPasswordHash || error instanceof UnencodablePassword)) throw error;
    }
  }
  // Nothing to verify against: run the default hasher once, so that the time taken does not
  // tell a user with an unusable password from a missing user or an unknown hasher.
  await makePassword(randomString(UNUSABLE_PASSWORD_SUFFIX_LENGTH));
  return { isCorrect: false, mustUpdate: false };
}

function identified(encoded: string): PasswordHasher | undefined {
  try {
    return identifyHasher(encoded);
  } catch (error) {
    if (error instanceof UnknownPasswordHasher) return undefined;
    throw error;
  }
}
