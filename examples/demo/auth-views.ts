import { authenticate, login as authLogin, LoginThrottled, loginRequired, logout as authLogout, updateSessionAuthHash, User } from '../../src/auth/index.js';
import type { HttpRequest, HttpResponse } from '../../src/http/index.js';
import { urlHasAllowedHostAndScheme } from '../../src/http/index.js';
import { redirect, render } from '../../src/shortcuts/index.js';

/**
 * GET /login/ shows the form; POST /login/ authenticates username and password, logs the user
 * in (for 10 s when "rmb" is ticked) and goes to `next` (the form's, else the query string's)
 * when it is a safe local URL, else to /backend/. Bad credentials get the form again with
 * "invalid login".
 */
export async function login(request: HttpRequest): Promise<HttpResponse> {
  const next = request.POST.get('next') || request.GET.get('next') || '';
  if (request.method !== 'POST') return render(request, 'login.html', { next });
  const username = request.POST.get('username') ?? '';
  let user;
  try {
    user = await authenticate(request, { username, password: request.POST.get('password') ?? '' });
  } catch (error) {
    // LOGIN_THROTTLE: too many failures for this name or from this address.
    if (error instanceof LoginThrottled) return render(request, 'login.html', { error: error.message, username, next });
    throw error;
  }
  if (user === null) return render(request, 'login.html', { error: 'invalid login', username, next });
  await authLogin(request, user);
  if (request.POST.get('rmb') === '1') request.session.setExpiry(10);
  const safe = next !== '' && urlHasAllowedHostAndScheme(next, [request.getHost()], request.isSecure());
  return redirect(safe ? next : '/backend/');
}

/** GET /backend/: for logged-in users only; says hello and links /logout/. */
export const backend = loginRequired(async (request: HttpRequest): Promise<HttpResponse> => render(request, 'backend.html', {}));

/** GET /logout/: logs out (the session is flushed) and goes back to /login/. */
export async function logout(request: HttpRequest): Promise<HttpResponse> {
  await authLogout(request);
  return redirect('/login/');
}

/**
 * GET /signup/ shows the form; POST creates the user (username, password, repeat_password,
 * email) and sends them to /login/. A taken name gets the form with `user_exist`, passwords that
 * differ `repeat_error`, a missing name or password `empty`.
 */
export async function signup(request: HttpRequest): Promise<HttpResponse> {
  if (request.method !== 'POST') return render(request, 'signup.html', {});
  const username = request.POST.get('username') ?? '';
  const email = request.POST.get('email') ?? '';
  const password = request.POST.get('password') ?? '';
  const again = (error: string) => render(request, 'signup.html', { error, username, email });
  if (username === '' || password === '') return again('empty');
  if (password !== request.POST.get('repeat_password')) return again('repeat_error');
  if (await User.objects.filter({ username }).exists()) return again('user_exist');
  await User.objects.createUser(username, email, password);
  return redirect('/login/');
}

/**
 * GET /set_password/ shows the form (logged-in users only); POST checks old_password, sets
 * new_password when repeat_password matches, keeps this session logged in (every other session
 * of the user is logged out) and goes to /backend/. Errors: `password_error`, `empty`,
 * `repeat_error`.
 */
export const setPassword = loginRequired(async (request: HttpRequest): Promise<HttpResponse> => {
  if (request.method !== 'POST') return render(request, 'set_password.html', {});
  const user = request.user as User;
  const oldPassword = request.POST.get('old_password') ?? '';
  const newPassword = request.POST.get('new_password') ?? '';
  const again = (error: string) => render(request, 'set_password.html', { error });
  if (!(await user.checkPassword(oldPassword))) return again('password_error');
  if (newPassword === '') return again('empty');
  if (newPassword !== request.POST.get('repeat_password')) return again('repeat_error');
  await user.setPassword(newPassword);
  await user.save();
  await updateSessionAuthHash(request, user);
  return redirect('/backend/');
});
