import type { HttpRequest } from '../../src/http/index.js';
import { HttpResponse } from '../../src/http/index.js';
import { redirect, render } from '../../src/shortcuts/index.js';

/** GET /counter/: `count` from the session (0 when absent) plus one, stored back; the body is the new count. */
export function counter(request: HttpRequest): HttpResponse {
  const count = Number(request.session.get('count') ?? 0) + 1;
  request.session.set('count', count);
  return new HttpResponse(String(count), { contentType: 'text/plain; charset=utf-8' });
}

/**
 * GET /session-login/ shows the form; POST checks root/123 (seed 000's session-only example:
 * no users, just the session), stores `username` and `is_login` in the session, keeps the
 * session only 10 s when "rmb" is ticked, and redirects to /index/. A wrong password gets the
 * form again. The real login, with users, is /login/ (auth-views.ts).
 */
export async function sessionLogin(request: HttpRequest): Promise<HttpResponse> {
  if (request.method !== 'POST') return render(request, 'session-login.html', {});
  const username = request.POST.get('username') ?? '';
  const password = request.POST.get('password') ?? '';
  if (username !== 'root' || password !== '123') return render(request, 'session-login.html', { error: 'invalid login', username });
  request.session.set('username', username);
  request.session.set('is_login', true);
  if (request.POST.get('rmb') === '1') request.session.setExpiry(10);
  return redirect('/index/');
}

/** GET /index/: answers only while the session says is_login; otherwise back to /session-login/. */
export async function index(request: HttpRequest): Promise<HttpResponse> {
  if (request.session.get('is_login') !== true) return redirect('/session-login/');
  return render(request, 'index.html', { username: request.session.get('username') });
}

/** GET /logout-session/: flushes the session (seed 002's logout) and goes back to /session-login/. */
export async function logoutSession(request: HttpRequest): Promise<HttpResponse> {
  await request.session.flush();
  return redirect('/session-login/');
}
