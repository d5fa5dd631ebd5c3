import { getSettings } from '../../conf/settings/index.js';
import { csrfProtect } from '../../csrf/index.js';
import type { HttpRequest } from '../../http/request.js';
import { HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect } from '../../http/response.js';
import type { HttpResponseBase } from '../../http/response-base.js';
import { TemplateResponse } from '../../http/template-response.js';
import { resolveUrl } from '../../shortcuts/index.js';
import type { View } from '../../urls/types.js';
import { neverCache } from '../../views/index.js';
import { logout } from '../login.js';
import { REDIRECT_FIELD_NAME } from '../session-keys.js';
import { safeRedirectUrl } from './success-url.js';

/** LogoutView's options (Django's class attributes). */
export interface LogoutViewOptions {
  /** Where to go after logging out; else LOGOUT_REDIRECT_URL; else the page itself. */
  nextPage?: string;
  /** Default 'registration/logged_out.html' (shown when there is nowhere else to go). */
  templateName?: string;
  redirectFieldName?: string;
  successUrlAllowedHosts?: Iterable<string>;
  extraContext?: Readonly<Record<string, unknown>>;
}

/**
 * Django 5's LogoutView: POST only (GET is 405, so a link or an image cannot log anyone out);
 * logs out, then redirects to a safe `next`, `nextPage` or LOGOUT_REDIRECT_URL, or renders
 * `registration/logged_out.html` when none applies. CSRF-protected, never cached.
 *
 * @example path('accounts/logout/', LogoutView.asView({ nextPage: '/' }), { name: 'logout' })
 */
export class LogoutView {
  static asView(options: LogoutViewOptions = {}): View {
    const view = new LogoutView(options);
    const handle = (request: HttpRequest) => view.dispatch(request);
    return neverCache(csrfProtect(handle as View)) as View;
  }

  readonly templateName: string;
  readonly redirectFieldName: string;

  constructor(readonly options: LogoutViewOptions = {}) {
    this.templateName = options.templateName ?? 'registration/logged_out.html';
    this.redirectFieldName = options.redirectFieldName ?? REDIRECT_FIELD_NAME;
  }

  async dispatch(request: HttpRequest): Promise<HttpResponseBase> {
    if (request.method === 'OPTIONS') {
      const response = new HttpResponse('');
      response.headers.set('Allow', 'POST, OPTIONS');
      response.headers.set('Content-Length', '0');
      return response;
    }
    if (request.method !== 'POST') return new HttpResponseNotAllowed(['POST', 'OPTIONS']);
    await logout(request);
    const to = this.successUrl(request);
    if (to !== request.getFullPath()) return new HttpResponseRedirect(to);
    return new TemplateResponse(request, this.templateName, { title: 'Logged out', site_name: request.getHost(), ...this.options.extraContext });
  }

  successUrl(request: HttpRequest): string {
    const next = safeRedirectUrl(request, this.redirectFieldName, this.options.successUrlAllowedHosts);
    if (next !== '') return next;
    if (this.options.nextPage !== undefined) return resolveUrl(this.options.nextPage);
    const configured = getSettings().LOGOUT_REDIRECT_URL;
    return configured ? resolveUrl(configured) : request.path;
  }
}
