import { getToken } from '../../src/csrf/index.js';
import type { HttpRequest } from '../../src/http/index.js';
import { HttpResponse } from '../../src/http/index.js';
import { redirect } from '../../src/shortcuts/index.js';
import { escapeHtml } from '../../src/views/debug/html.js';

const html = (body: string, status = 200): HttpResponse =>
  new HttpResponse(`<!doctype html>\n<html><body>\n${body}\n</body></html>\n`, { status, contentType: 'text/html; charset=utf-8' });

/** GET /counter/: `count` from the session (0 when absent) plus one, stored back; the body is the new count. */
export function counter(request: HttpRequest): HttpResponse {
  const count = Number(request.session.get('count') ?? 0) + 1;
  request.session.set('count', count);
  return new HttpResponse(String(count), { contentType: 'text/plain; charset=utf-8' });
}

// Seed 000's login form, with the CSRF token {% csrf_token %} puts in (templates arrive with their issue).
const loginForm = (request: HttpRequest): string => `<form action="/login/" method="POST">
  <input type="hidden" name="csrfmiddlewaretoken" value="${getToken(request)}" />
  <input type="text" name="username" />
  <input type="password" name="password" />
  <label><input type="checkbox" name="rmb" value="1" /> remember me for 10 s</label>
  <input type="submit" value="log in" />
</form>`;

/**
 * GET /login/ shows the form; POST /login/ checks root/123 (seed 000's example, until the auth
 * issue brings users), stores `username` and `is_login` in the session, keeps the session only
 * 10 s when "rmb" is ticked, and redirects to /index/. A wrong password gets the form again.
 */
export function login(request: HttpRequest): HttpResponse {
  if (request.method !== 'POST') return html(loginForm(request));
  const username = request.POST.get('username') ?? '';
  const password = request.POST.get('password') ?? '';
  if (username !== 'root' || password !== '123') return html(`<p>invalid login</p>\n${loginForm(request)}`);
  request.session.set('username', username);
  request.session.set('is_login', true);
  if (request.POST.get('rmb') === '1') request.session.setExpiry(10);
  return redirect('/index/');
}

/** GET /index/: answers only while the session says is_login; otherwise back to /login/. */
export function index(request: HttpRequest): HttpResponse {
  if (request.session.get('is_login') !== true) return redirect('/login/');
  const username = String(request.session.get('username') ?? '');
  return html(`<p>hello ${escapeHtml(username)}</p>\n<p><a href="/logout-session/">log out</a></p>`);
}

/** GET /logout-session/: flushes the session (seed 002's logout) and goes back to /login/. */
export async function logoutSession(request: HttpRequest): Promise<HttpResponse> {
  await request.session.flush();
  return redirect('/login/');
}
