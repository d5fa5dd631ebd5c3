/**
 * The pages Canter shows a developer when DEBUG is on: Django's technical 404 and 500. The
 * handler calls them; nothing here may throw, since they run when something already failed.
 */
import type { HttpRequest } from '../http/request.js';
import { HttpResponse } from '../http/response.js';
import { notFoundHtml, notFoundReport } from './debug/not-found.js';
import { errorReport } from './debug/report.js';
import { acceptsHtml, messageOf } from './debug/request-info.js';
import { serverErrorHtml } from './debug/server-error-html.js';
import { notFoundText, serverErrorText } from './debug/text.js';

const HTML = 'text/html; charset=utf-8';
const TEXT = 'text/plain; charset=utf-8';

/**
 * DEBUG's 404 page: the request, the message, and the URL patterns tried in order.
 *
 * @example technical404Response(request, new Resolver404('nope/', [['blog/']])) // 404, lists `blog/`
 */
export function technical404Response(request: HttpRequest, error: unknown): HttpResponse {
  return respond(request, 404, (html) => {
    const report = notFoundReport(request, error);
    return html ? notFoundHtml(report) : notFoundText(report);
  }, error);
}

/**
 * DEBUG's error page for a 500 (or the 400 and 413 Django also explains this way): the error
 * and its causes, the stack with source, the request, and the settings with secrets masked.
 *
 * @example technical500Response(request, new TypeError('x is undefined'), 500)
 */
export function technical500Response(request: HttpRequest, error: unknown, status: number): HttpResponse {
  return respond(request, status, (html) => {
    const report = errorReport(request, error, status);
    return html ? serverErrorHtml(report) : serverErrorText(report);
  }, error);
}

function respond(request: HttpRequest, status: number, render: (html: boolean) => string, error: unknown): HttpResponse {
  const html = acceptsHtml(request);
  let body: string;
  try {
    body = render(html);
  } catch (renderError) {
    // A bug in this page must still leave the developer something to go on.
    body = `${messageOf(error)}\n\n(The DEBUG page failed too: ${messageOf(renderError)})\n`;
    return new HttpResponse(body, { status, contentType: TEXT, headers: { 'X-Content-Type-Options': 'nosniff' } });
  }
  // nosniff: the text variant repeats request data verbatim and must never be taken for HTML.
  return new HttpResponse(body, { status, contentType: html ? HTML : TEXT, headers: { 'X-Content-Type-Options': 'nosniff' } });
}
