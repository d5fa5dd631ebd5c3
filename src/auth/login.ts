import { PermissionDenied } from '../conf/errors.js';
import { getSettings } from '../conf/settings/index.js';
import { rotateToken } from '../csrf/index.js';
import type { HttpRequest } from '../http/request.js';
import { sessionSlot } from '../sessions/request-session.js';
import { constantTimeCompare } from '../signing/index.js';
import { authContext, type AuthContext } from './auth-context.js';
import { backendNamed, backendPathOf, resolveBackend } from './backends/registry.js';
import { AuthBackendRequired } from './errors.js';
import { AnonymousUser } from './models/index.js';
import { authStateOf, userSlot } from './request-user.js';
import type { RequestUser } from './request-user.js';
import { BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY } from './session-keys.js';
import { cleanseCredentials, userLoggedIn, userLoggedOut, userLoginFailed } from './signals.js';
import type { UserClass } from './signals.js';

/** A logged-in user as login() and getUser() need it: any user model instance. */
export interface SessionUser extends RequestUser {
  /** Set by authenticate(): the path of the backend that accepted the credentials. */
  backend?: string;
  getSessionAuthHash(secret?: string): string;
}

function contextOf(request: HttpRequest | null): AuthContext {
  const state = request === null ? undefined : authStateOf(request);
  return state !== undefined ? state.context : authContext(getSettings());
}

/**
 * Tries each of AUTHENTICATION_BACKENDS in order with the credentials and returns the first user
 * one accepts, with `user.backend` set to that backend's path. A backend that throws
 * PermissionDenied stops the search. When none accepts, sends userLoginFailed with the
 * credentials cleansed (passwords, tokens and keys replaced) and returns null.
 *
 * @example const user = await authenticate(request, { username, password });
 */
export async function authenticate(request: HttpRequest | null, credentials: Readonly<Record<string, unknown>>): Promise<SessionUser | null> {
  const context = contextOf(request);
  const throttle = request === null ? null : context.throttle;
  const username = credentials.username ?? credentials[context.usernameField()];
  if (throttle !== null) {
    try {
      await throttle.before(request!, username);
    } catch (error) {
      await userLoginFailed.asend('canter.auth', { credentials: cleanseCredentials(credentials), request });
      throw error;
    }
  }
  const user = await firstAccepting(context, request, credentials);
  if (user !== null) {
    await throttle?.succeeded(request!, username);
    return user;
  }
  await throttle?.failed(request!, username);
  await userLoginFailed.asend('canter.auth', { credentials: cleanseCredentials(credentials), request });
  return null;
}

async function firstAccepting(context: AuthContext, request: HttpRequest | null, credentials: Readonly<Record<string, unknown>>): Promise<SessionUser | null> {
  for (const { backend, path } of context.backends) {
    let user: unknown;
    try {
      user = await backend.authenticate(request, credentials);
    } catch (error) {
      if (error instanceof PermissionDenied) break;
      throw error;
    }
    if (user === null || user === undefined) continue;
    (user as SessionUser).backend = path;
    return user as SessionUser;
  }
  return null;
}

/**
 * Keeps the user in the session: a new session key (against session fixation; the session is
 * emptied first when it held another user), the user's id, backend and session auth hash, a new
 * CSRF token, `request.user`, and userLoggedIn (which updates last_login).
 */
export async function login(request: HttpRequest, user: SessionUser, backend?: string | (new () => unknown)): Promise<void> {
  const session = sessionSlot.get(request);
  const hash = user.getSessionAuthHash();
  if (session.has(SESSION_KEY)) {
    const stored = session.get(SESSION_KEY);
    const storedHash = session.get(HASH_SESSION_KEY);
    if (String(stored) !== String(user.pk) || (hash !== '' && !constantTimeCompare(typeof storedHash === 'string' ? storedHash : '', hash))) {
      await session.flush();
    }
  } else {
    await session.cycleKey();
  }
  session.set(SESSION_KEY, String(user.pk));
  session.set(BACKEND_SESSION_KEY, backendForLogin(request, user, backend));
  session.set(HASH_SESSION_KEY, hash);
  userSlot.set(request, user);
  rotateToken(request);
  await userLoggedIn.asend(user.constructor as UserClass, { request, user });
}

function backendForLogin(request: HttpRequest, user: SessionUser, backend: string | (new () => unknown) | undefined): string {
  if (typeof backend === 'function') return backendPathOf(resolveBackend(backend));
  if (typeof backend === 'string') return backendNamed(backend, contextOf(request).backends)?.path ?? backend;
  if (typeof user.backend === 'string') return user.backend;
  const backends = contextOf(request).backends;
  if (backends.length === 1) return backends[0]!.path;
  throw new AuthBackendRequired(
    'You have multiple authentication backends configured and therefore must provide the `backend` argument or set the `backend` attribute on the user.',
  );
}

/**
 * Ends the login: sends userLoggedOut (with the user, or null when nobody was logged in),
 * empties and deletes the session, and sets `request.user` to an AnonymousUser.
 */
export async function logout(request: HttpRequest): Promise<void> {
  let user = userSlot.of(request) as SessionUser | undefined;
  if (user === undefined && authStateOf(request) !== undefined) user = await request.auser() as unknown as SessionUser;
  const loggedIn = user !== undefined && user.isAuthenticated ? user : null;
  await userLoggedOut.asend(loggedIn === null ? null : (loggedIn.constructor as UserClass), { request, user: loggedIn });
  await sessionSlot.get(request).flush();
  if (userSlot.of(request) !== undefined || authStateOf(request) !== undefined) userSlot.set(request, new AnonymousUser());
}

/**
 * The user the request's session names, or an AnonymousUser: the backend stored at login must
 * still be in AUTHENTICATION_BACKENDS, must still know the user, and the session auth hash must
 * still match the user's password (so changing it logs every other session out). A hash made
 * under one of SECRET_KEY_FALLBACKS is accepted once and replaced; a mismatch empties the session.
 */
export async function getUser(request: HttpRequest): Promise<SessionUser | AnonymousUser> {
  const session = sessionSlot.get(request);
  const userId = session.get(SESSION_KEY);
  const path = session.get(BACKEND_SESSION_KEY);
  if (userId === undefined || path === undefined) return new AnonymousUser();
  const context = contextOf(request);
  const configured = backendNamed(path, context.backends);
  if (configured === undefined) return new AnonymousUser();
  const user = await configured.backend.getUser(userId) as SessionUser | null;
  if (user === null || user === undefined) return new AnonymousUser();
  const stored = session.get(HASH_SESSION_KEY);
  if (typeof stored === 'string' && stored !== '' && constantTimeCompare(stored, user.getSessionAuthHash())) return user;
  if (typeof stored === 'string' && stored !== '' && context.secretKeyFallbacks.some((secret) => constantTimeCompare(stored, user.getSessionAuthHash(secret)))) {
    await session.cycleKey();
    session.set(HASH_SESSION_KEY, user.getSessionAuthHash());
    return user;
  }
  await session.flush();
  return new AnonymousUser();
}

/**
 * After a password change, keeps the current session logged in (a new key, the new hash) while
 * every other session of the user is logged out by its stale hash. Django's
 * update_session_auth_hash.
 */
export async function updateSessionAuthHash(request: HttpRequest, user: SessionUser): Promise<void> {
  const session = sessionSlot.get(request);
  await session.cycleKey();
  const current = userSlot.of(request) as SessionUser | undefined;
  if (current !== undefined && current.isAuthenticated && String(current.pk) === String(user.pk)) {
    session.set(HASH_SESSION_KEY, user.getSessionAuthHash());
  } else if (String(session.get(SESSION_KEY)) === String(user.pk)) {
    session.set(HASH_SESSION_KEY, user.getSessionAuthHash());
  }
}
