import { ImproperlyConfigured } from '../conf/errors.js';
import { getSettings } from '../conf/settings/index.js';
import type { HttpRequest } from '../http/request.js';
import type { HttpResponseBase } from '../http/response-base.js';
import { MiddlewareMixin } from '../middleware/mixin.js';
import type { GetResponse, MixinHooks } from '../middleware/mixin.js';
import { sessionOf } from '../sessions/request-session.js';
import type { View } from '../urls/types.js';
import type { MaybePromise } from '../utils/maybe-promise.js';
import { authContext } from './auth-context.js';
import { getUser } from './login.js';
import { redirectForLogin } from './redirect-to-login.js';
import { setAuthState, type AuthState, type RequestUser } from './request-user.js';
import { REDIRECT_FIELD_NAME } from './session-keys.js';

const loadUser = (request: HttpRequest): Promise<RequestUser> => getUser(request) as Promise<RequestUser>;

/**
 * Gives each request a lazy `request.user`: it only installs the loader, so a request that never
 * asks costs nothing, and one without a session cookie no query; `await request.auser()` loads
 * it (one user query for a logged-in session) and keeps it. Needs SessionMiddleware before it.
 * AUTHENTICATION_BACKENDS and SECRET_KEY_FALLBACKS are read once, when the chain is built.
 *
 * @example MIDDLEWARE: [SessionMiddleware, CsrfViewMiddleware, AuthenticationMiddleware]
 */
export class AuthenticationMiddleware extends MiddlewareMixin implements MixinHooks {
  readonly #context: AuthState['context'];

  constructor(getResponse: GetResponse) {
    super(getResponse);
    this.#context = authContext(getSettings());
  }

  processRequest(request: HttpRequest): undefined {
    if (sessionOf(request) === undefined) {
      throw new ImproperlyConfigured(
        'AuthenticationMiddleware needs SessionMiddleware: edit MIDDLEWARE to put SessionMiddleware (canter/sessions) before AuthenticationMiddleware (canter/auth).',
      );
    }
    setAuthState(request, { context: this.#context, load: loadUser });
    return undefined;
  }
}

/** What loginRequired options a view may carry for LoginRequiredMiddleware. */
interface LoginRequiredView {
  loginRequired?: boolean;
  loginUrl?: string;
  redirectFieldName?: string | null;
}

/**
 * Django 5.1's LoginRequiredMiddleware: every view needs a logged-in user unless marked with
 * loginNotRequired(); anonymous requests are redirected to the view's login URL (from
 * loginRequired({ loginUrl })) or LOGIN_URL, with the path in the view's redirect field or
 * `redirectFieldName`. Put it after AuthenticationMiddleware. LOGIN_URL is read once, when the
 * chain is built.
 *
 * @example class SignInFirst extends LoginRequiredMiddleware { override redirectFieldName = 'return_to'; }
 */
export class LoginRequiredMiddleware extends MiddlewareMixin implements MixinHooks {
  /** The query parameter carrying the path to come back to, for views that name none. */
  redirectFieldName: string | null = REDIRECT_FIELD_NAME;
  readonly #loginUrl: string;

  constructor(getResponse: GetResponse) {
    super(getResponse);
    this.#loginUrl = getSettings().LOGIN_URL;
  }

  processView(request: HttpRequest, view: View): MaybePromise<HttpResponseBase | undefined> {
    // The mark first: a view open to everyone costs no user load.
    if ((view as unknown as LoginRequiredView).loginRequired === false) return undefined;
    return request.auser().then((user) => (user.isAuthenticated ? undefined : this.handleNoPermission(request, view)));
  }

  /** The view's login URL (loginRequired({ loginUrl })), else LOGIN_URL; neither is ImproperlyConfigured. */
  getLoginUrl(view: unknown): string {
    const loginUrl = (view as LoginRequiredView | null)?.loginUrl || this.#loginUrl;
    if (!loginUrl) {
      throw new ImproperlyConfigured(
        'No login URL to redirect to. Define settings.LOGIN_URL or provide a login_url via the '
          + "'django.contrib.auth.decorators.login_required' decorator.",
      );
    }
    return String(loginUrl);
  }

  /** The view's redirect field name (loginRequired({ redirectFieldName })), else this middleware's. */
  getRedirectFieldName(view: unknown): string | null {
    const own = (view as LoginRequiredView | null)?.redirectFieldName;
    return own === undefined ? this.redirectFieldName : own;
  }

  /** The redirect to the login page for an anonymous request. */
  handleNoPermission(request: HttpRequest, view: unknown): HttpResponseBase {
    return redirectForLogin(request, this.getLoginUrl(view), this.getRedirectFieldName(view));
  }
}
