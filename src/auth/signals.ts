import { Signal } from '../dispatch/index.js';
import type { HttpRequest } from '../http/request.js';

/** What a user model class is, as a signal sender: any class. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type UserClass = abstract new (...args: any[]) => unknown;

/** Sent by login() once the session holds the user; sender: the user's class. */
export const userLoggedIn = new Signal<{ request: HttpRequest; user: unknown }, UserClass>('user_logged_in');

/** Sent by logout() before the session is flushed; `user` is null when nobody was logged in. */
export const userLoggedOut = new Signal<{ request: HttpRequest; user: unknown }, UserClass | null>('user_logged_out');

/**
 * Sent by authenticate() when no backend accepted the credentials; sender: the name of the
 * module (`'canter.auth'`, as Django sends `__name__`). The credentials are cleansed first.
 */
export const userLoginFailed = new Signal<{ credentials: Record<string, unknown>; request: HttpRequest | null }, string>('user_login_failed');

/** What cleansed values are replaced with: Django's substitute, so logs read the same. */
export const CLEANSED_SUBSTITUTE = '********************';

/** Names whose values never leave authenticate(), matched case-insensitively anywhere in the name. */
const SENSITIVE = /api|token|key|secret|password|pass|signature/i;

/** A copy of the credentials with every sensitive value replaced (Django's cleanse_setting rule). */
export function cleanseCredentials(credentials: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const cleansed: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(credentials)) cleansed[name] = SENSITIVE.test(name) ? CLEANSED_SUBSTITUTE : value;
  return cleansed;
}

/** What updateLastLogin needs of a user: a model instance whose class may have a last_login field. */
interface LastLoginUser {
  last_login?: Date | null;
  save(options: { updateFields: string[] }): Promise<void>;
  constructor: { meta?: { fields?: ReadonlyArray<{ name: string }> } };
}

/**
 * The userLoggedIn receiver that records the time of the login in `last_login`, saving that field
 * alone: Django's update_last_login. A user model without a last_login field is left alone (Django
 * does not connect the receiver for one).
 */
export async function updateLastLogin({ user }: { user: unknown }): Promise<void> {
  const target = user as LastLoginUser;
  if (!target.constructor.meta?.fields?.some((field) => field.name === 'last_login')) return;
  target.last_login = new Date();
  await target.save({ updateFields: ['last_login'] });
}

/** Connects updateLastLogin to userLoggedIn, once (Django's auth AppConfig.ready()). */
export function connectUpdateLastLogin(): void {
  userLoggedIn.connect(updateLastLogin, { dispatchUid: 'canter.auth.updateLastLogin' });
}
