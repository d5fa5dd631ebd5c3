/** What a password-reset token is made from: the parts of a user that change when it is used. */
import { pythonDatetimeText, type WallClockReader } from './python-datetime.js';

/**
 * The user a token is made for. Canter's User model fits it; so does any object with a primary
 * key, a password hash and a last login (Django's AbstractBaseUser fields).
 */
export interface TokenUser {
  /** The primary key; `id` is read when there is no `pk`. */
  readonly pk?: unknown;
  readonly id?: unknown;
  /** The password hash (it changes when the password is reset, even to the same password). */
  readonly password: string | null;
  /** When the user last logged in; null when never. */
  readonly last_login?: Date | null;
  /** The name of the field holding the email address; 'email' when absent. */
  getEmailFieldName?(): string;
}

/** Python's str() of a value as an f-string writes it (None for a missing value). */
function pythonText(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  return String(value);
}

/**
 * Django's PasswordResetTokenGenerator._make_hash_value: the primary key, the password hash, the
 * last login (to the second, as a naive datetime, on `loginClock`), the timestamp and the email
 * ('' when the user has none), run together.
 */
export function tokenHashValue(user: TokenUser, timestamp: number | bigint, loginClock: WallClockReader): string {
  const pk = user.pk !== undefined ? user.pk : user.id;
  const lastLogin = user.last_login;
  let login = '';
  if (lastLogin !== null && lastLogin !== undefined) {
    if (!(lastLogin instanceof Date) || Number.isNaN(lastLogin.getTime())) {
      throw new TypeError(`last_login must be a valid Date or null, got ${String(lastLogin)}.`);
    }
    login = pythonDatetimeText(loginClock(lastLogin));
  }
  const emailField = typeof user.getEmailFieldName === 'function' ? user.getEmailFieldName() : 'email';
  const email: unknown = (user as unknown as Record<string, unknown>)[emailField];
  return `${pythonText(pk)}${pythonText(user.password)}${login}${timestamp}${email ? String(email) : ''}`;
}
