import { getSettings } from '../../conf/settings/index.js';
import { csrfProtect } from '../../csrf/index.js';
import type { HttpRequest } from '../../http/request.js';
import { HttpResponseRedirect } from '../../http/response.js';
import type { HttpResponseBase } from '../../http/response-base.js';
import { resolveUrl } from '../../shortcuts/index.js';
import { TemplateResponse } from '../../http/template-response.js';
import type { View } from '../../urls/types.js';
import { neverCache } from '../../views/index.js';
import { loginNotRequired } from '../decorators.js';
import { login } from '../login.js';
import { REDIRECT_FIELD_NAME } from '../session-keys.js';
import { AuthenticationForm } from './authentication-form.js';
import { safeRedirectUrl } from './success-url.js';

/** LoginView's options (Django's class attributes). */
export interface LoginViewOptions {
  /** Default 'registration/login.html'. */
  templateName?: string;
  /** The parameter carrying where to go next. Default 'next'. */
  redirectFieldName?: string;
  /** Send an already logged-in user on at once (as after a login). Default false. */
  redirectAuthenticatedUser?: boolean;
  /** Where to go after logging in when no safe `next` says; default LOGIN_REDIRECT_URL. A URL or a URL pattern name. */
  nextPage?: string;
  /** Hosts besides the request's that `next` may point to. */
  successUrlAllowedHosts?: Iterable<string>;
  /** More template context. */
  extraContext?: Readonly<Record<string, unknown>>;
}

/**
 * Django's LoginView: GET shows `registration/login.html` with `form` (an AuthenticationForm)
 * and `next`; POST authenticates `username` and `password`, logs the user in and redirects to
 * the safe `next` (POST, then the query string) or LOGIN_REDIRECT_URL; wrong credentials show the
 * form again with its errors. CSRF-protected, never cached.
 *
 * @example path('accounts/login/', LoginView.asView(), { name: 'login' })
 */
export class LoginView {
  static asView(options: LoginViewOptions = {}): View {
    const view = new LoginView(options);
    const handle = (request: HttpRequest) => view.dispatch(request);
    // Open to anonymous users under LoginRequiredMiddleware, as Django 5.1 marks it.
    return loginNotRequired(neverCache(csrfProtect(handle as View)) as View);
  }

  readonly templateName: string;
  readonly redirectFieldName: string;

  constructor(readonly options: LoginViewOptions = {}) {
    this.templateName = options.templateName ?? 'registration/login.html';
    this.redirectFieldName = options.redirectFieldName ?? REDIRECT_FIELD_NAME;
  }

  async dispatch(request: HttpRequest): Promise<HttpResponseBase> {
    if (this.options.redirectAuthenticatedUser === true && (await request.auser()).isAuthenticated) {
      const to = this.successUrl(request);
      if (to === request.path) {
        throw new Error("Redirection loop for authenticated user detected. Check that your LOGIN_REDIRECT_URL doesn't point to a login page.");
      }
      return new HttpResponseRedirect(to);
    }
    if (request.method === 'POST') {
      const form = new AuthenticationForm(request, request.POST);
      if (await form.isValid()) {
        await login(request, form.getUser()!);
        return new HttpResponseRedirect(this.successUrl(request));
      }
      return this.page(request, form);
    }
    return this.page(request, new AuthenticationForm(request));
  }

  /** The safe `next`, else nextPage or LOGIN_REDIRECT_URL. */
  successUrl(request: HttpRequest): string {
    return safeRedirectUrl(request, this.redirectFieldName, this.options.successUrlAllowedHosts)
      || resolveUrl(this.options.nextPage ?? getSettings().LOGIN_REDIRECT_URL);
  }

  page(request: HttpRequest, form: AuthenticationForm): TemplateResponse {
    return new TemplateResponse(request, this.templateName, {
      form,
      [this.redirectFieldName]: safeRedirectUrl(request, this.redirectFieldName, this.options.successUrlAllowedHosts),
      site_name: request.getHost(),
      ...this.options.extraContext,
    });
  }
}
