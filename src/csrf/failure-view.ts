import { ImproperlyConfigured } from '../conf/errors.js';
import { getSettings } from '../conf/settings/index.js';
import type { HttpRequest } from '../http/request.js';
import { HttpResponseForbidden } from '../http/response.js';
import type { HttpResponseBase } from '../http/response-base.js';
import { escapeHtml } from '../views/debug/html.js';
import { REASON_NO_CSRF_COOKIE, REASON_NO_REFERER } from './checks.js';

/** A view answering a request CSRF refused: `(request, reason) => response` (CSRF_FAILURE_VIEW). */
export type CsrfFailureView = (request: HttpRequest, reason: string) => HttpResponseBase | Promise<HttpResponseBase>;

/**
 * The default 403 page: says the CSRF check failed and, with DEBUG on, why and how to fix it;
 * without DEBUG it gives nothing away but the most common cause a visitor can fix (cookies).
 */
export function csrfFailure(_request: HttpRequest, reason: string): HttpResponseBase {
  // A view, run only for a refused request: it reads DEBUG as it renders, as Django's csrf_failure does.
  const debug = getSettings().DEBUG;
  const parts = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="NONE,NOARCHIVE"><title>403 Forbidden</title></head><body>',
    '<h1>Forbidden <span>(403)</span></h1>',
    '<p>CSRF verification failed. Request aborted.</p>',
  ];
  if (reason === REASON_NO_REFERER) {
    parts.push(
      '<p>You are seeing this message because this HTTPS site requires a “Referer header” to be sent by your web browser, but none was sent. ' +
        'This header is required for security reasons, to ensure that your browser is not being hijacked by third parties.</p>',
    );
  }
  if (reason === REASON_NO_CSRF_COOKIE) {
    parts.push(
      '<p>You are seeing this message because this site requires a CSRF cookie when submitting forms. ' +
        'This cookie is required for security reasons, to ensure that your browser is not being hijacked by third parties.</p>',
      '<p>If you have configured your browser to disable cookies, please re-enable them, at least for this site, or for “same-origin” requests.</p>',
    );
  }
  if (debug) {
    parts.push(
      `<h2>Reason given for failure:</h2><pre>${escapeHtml(reason)}</pre>`,
      '<p>In general, this can occur when there is a genuine Cross Site Request Forgery, or when the CSRF mechanism has not been used correctly. For POST forms, you need to ensure:</p>',
      '<ul><li>Your browser is accepting cookies.</li>',
      '<li>The view passes a request to the template’s render method (<code>render(request, …)</code>).</li>',
      '<li>In the template, there is a <code>{% csrf_token %}</code> tag inside each POST form that targets an internal URL.</li>',
      '<li>Ajax requests send the token in the <code>X-CSRFToken</code> header (CSRF_HEADER_NAME), read from the <code>csrftoken</code> cookie.</li>',
      '<li>If you are not using CsrfViewMiddleware, you must use <code>csrfProtect</code> on any view that uses the <code>csrf_token</code> tag, as well as those that accept the POST data.</li>',
      '<li>The form has a valid CSRF token. After logging in in another browser tab or hitting the back button after a login, you may need to reload the page with the form, because the token is rotated after a login.</li></ul>',
      '<p>You’re seeing the help section of this page because you have <code>DEBUG = true</code> in your settings. Change that to false, and only the initial error message will be displayed.</p>',
    );
  } else {
    parts.push('<p>More information is available with DEBUG=true.</p>');
  }
  parts.push('</body></html>', '');
  return new HttpResponseForbidden(parts.join('\n'), { contentType: 'text/html; charset=utf-8' });
}

/** The view CSRF_FAILURE_VIEW names, or the default page; resolved with the other CSRF options. */
export function failureView(setting: unknown): CsrfFailureView {
  if (setting === null || setting === undefined) return csrfFailure;
  if (typeof setting === 'function') return setting as CsrfFailureView;
  throw new ImproperlyConfigured(`CSRF_FAILURE_VIEW is ${JSON.stringify(setting)}; it must be a view function (request, reason) => response, or null for the default page.`);
}
