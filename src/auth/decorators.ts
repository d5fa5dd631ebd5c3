import { PermissionDenied } from '../conf/errors.js';
import type { HttpRequest } from '../http/request.js';
import type { HttpResponseBase } from '../http/response-base.js';
import type { View } from '../urls/types.js';
import { checkRequest, named } from '../views/decorators/wrap.js';
import { redirectForLogin } from './redirect-to-login.js';
import type { RequestUser } from './request-user.js';
import { REDIRECT_FIELD_NAME } from './session-keys.js';

/** Where the login decorators send a request that fails their test. */
export interface LoginRedirectOptions {
  /** The login page: a URL or URL pattern name. Default LOGIN_URL. */
  loginUrl?: string;
  /** The query parameter carrying the path to come back to; null leaves it out. Default 'next'. */
  redirectFieldName?: string | null;
}

type Decorator = <V extends View>(view: V) => V;

/**
 * Runs the view when `test(user)` passes (it may return a Promise), else redirects to the login
 * page with `next` set to the request's path. Django's user_passes_test.
 *
 * @example export const staffOnly = userPassesTest((user) => user.is_staff === true)(dashboard);
 */
export function userPassesTest<U = RequestUser>(
  test: (user: U) => boolean | Promise<boolean>,
  options: LoginRedirectOptions = {},
): Decorator {
  const redirectFieldName = options.redirectFieldName === undefined ? REDIRECT_FIELD_NAME : options.redirectFieldName;
  return <V extends View>(view: V): V => {
    const wrapped = async function (this: unknown, request: HttpRequest, ...rest: unknown[]): Promise<HttpResponseBase> {
      checkRequest(request, 'userPassesTest');
      const user = await request.auser();
      if (await test(user as U)) return await (view.call(this, request, ...rest) as Promise<HttpResponseBase> | HttpResponseBase);
      return redirectForLogin(request, options.loginUrl, redirectFieldName);
    };
    // What LoginRequiredMiddleware reads of a decorated view, as Django's wrapper carries them.
    return Object.assign(named(wrapped, view), { loginUrl: options.loginUrl, redirectFieldName }) as unknown as V;
  };
}

/**
 * Lets only logged-in users through; others go to the login page with `next`. Use it bare or
 * with options. Django's login_required.
 *
 * @example export const profile = loginRequired(async (request) => new HttpResponse(request.user.username));
 * @example export const settingsPage = loginRequired({ loginUrl: '/signin/' })(settingsView);
 */
export function loginRequired<V extends View>(view: V): V;
export function loginRequired(options: LoginRedirectOptions): Decorator;
export function loginRequired<V extends View>(viewOrOptions: V | LoginRedirectOptions): V | Decorator {
  if (typeof viewOrOptions === 'function') return userPassesTest((user: RequestUser) => user.isAuthenticated)(viewOrOptions);
  return userPassesTest((user: RequestUser) => user.isAuthenticated, viewOrOptions);
}

/** Marks a view as open to anonymous users under LoginRequiredMiddleware. Django 5.1's login_not_required. */
export function loginNotRequired<V extends View>(view: V): V {
  (view as unknown as { loginRequired: boolean }).loginRequired = false;
  return view;
}

/** What permissionRequired needs of a user. */
interface PermissionUser {
  hasPerms(perms: readonly string[]): Promise<boolean>;
}

/**
 * Runs the view when the user has every permission (`'app_label.codename'`); otherwise throws
 * PermissionDenied (a 403) with `raiseException`, else redirects to the login page. Django's
 * permission_required.
 *
 * @example export const publish = permissionRequired('blog.publish_post', { raiseException: true })(publishView);
 */
export function permissionRequired(perm: string | readonly string[], options: LoginRedirectOptions & { raiseException?: boolean } = {}): Decorator {
  const perms = typeof perm === 'string' ? [perm] : [...perm];
  return userPassesTest(async (user: PermissionUser) => {
    if (await user.hasPerms(perms)) return true;
    if (options.raiseException) throw new PermissionDenied();
    return false;
  }, options);
}
