import { HttpRequest } from '../http/request.js';
import { defineRequestSlot, RequestSlotTaken } from '../http/request-slot.js';
import type { AuthContext } from './auth-context.js';
import { UserNotLoaded } from './errors.js';

/** What a request's user is: a user model instance, or an AnonymousUser. */
export interface RequestUser {
  readonly pk: unknown;
  readonly isAuthenticated: boolean;
  readonly isAnonymous: boolean;
}

declare module '../http/request.js' {
  interface HttpRequest {
    /**
     * The logged-in user, or an AnonymousUser. Loaded by `await request.auser()` (the login
     * decorators and views call it); reading it before then throws UserNotLoaded. Settable, for
     * tests and RequestFactory requests.
     */
    user: RequestUser;
    /** Loads request.user once (one session read, at most one user query) and returns it. */
    auser(): Promise<RequestUser>;
  }
}

/** What AuthenticationMiddleware leaves on a request: how to load its user, and the load once started. */
export interface AuthState {
  readonly context: AuthContext;
  readonly load: (request: HttpRequest) => Promise<RequestUser>;
  loading?: Promise<RequestUser>;
}

const authState = defineRequestSlot<AuthState>('canter.auth', { missing: 'x', property: false });

const MISSING = 'add AuthenticationMiddleware (canter/auth) to MIDDLEWARE, after SessionMiddleware.';

/** request.user: filled by `await request.auser()`, by login()/logout(), or by a test. */
export const userSlot = defineRequestSlot<RequestUser>('user', {
  missing: MISSING,
  pending: (request) => (authState.of(request) === undefined
    ? undefined
    : new UserNotLoaded('request.user was read before it was loaded: `await request.auser()` first (loginRequired and LoginView do).')),
});

/** The middleware's state on a request, or undefined when AuthenticationMiddleware did not run. */
export function authStateOf(request: HttpRequest): AuthState | undefined {
  return authState.of(request);
}

/** Installs the loader (AuthenticationMiddleware does this on every request; it costs no query). */
export function setAuthState(request: HttpRequest, state: AuthState): void {
  authState.set(request, state);
}

if ('auser' in HttpRequest.prototype) throw new RequestSlotTaken("HttpRequest already has an 'auser' member.");
Object.defineProperty(HttpRequest.prototype, 'auser', {
  configurable: true,
  writable: true,
  value: function auser(this: HttpRequest): Promise<RequestUser> {
    const user = userSlot.of(this);
    if (user !== undefined) return Promise.resolve(user);
    const state = authState.of(this);
    if (state === undefined) {
      try {
        return Promise.resolve(userSlot.get(this));
      } catch (error) {
        return Promise.reject(error as Error);
      }
    }
    return (state.loading ??= state.load(this).then((loaded) => {
      if (userSlot.of(this) === undefined) userSlot.set(this, loaded);
      return userSlot.get(this);
    }));
  },
});
