import { csrfProtect } from '../../csrf/index.js';
import { ValidationError } from '../../db/index.js';
import type { ModelClass } from '../../db/index.js';
import type { HttpRequest } from '../../http/request.js';
import { HttpResponseRedirect } from '../../http/response.js';
import type { HttpResponseBase } from '../../http/response-base.js';
import { TemplateResponse } from '../../http/template-response.js';
import { sendMail } from '../../mail/index.js';
import { resolveUrl } from '../../shortcuts/index.js';
import { renderToString } from '../../templates/index.js';
import type { View } from '../../urls/types.js';
import { neverCache } from '../../views/index.js';
import { loginNotRequired } from '../decorators.js';
import { login } from '../login.js';
import type { SessionUser } from '../login.js';
import { getUserModel } from '../models/index.js';
import { validatePassword } from '../password-validation/index.js';
import { defaultTokenGenerator, type PasswordResetTokenGenerator } from '../tokens/index.js';

/** Where the reset token waits in the session once the link was opened: Django's name. */
export const INTERNAL_RESET_SESSION_TOKEN = '_password_reset_token';
/** What replaces the token in the URL after it was checked, so it never leaks through Referer. */
const RESET_URL_TOKEN = 'set-password';

/** Django's urlsafe_base64_encode(force_bytes(pk)): base64url without padding. */
export function uidOf(pk: unknown): string {
  return Buffer.from(String(pk), 'utf8').toString('base64url');
}

interface ResettableUser extends SessionUser {
  save(): Promise<unknown>;
  is_active?: boolean;
  password: string;
  setPassword(raw: string): Promise<void>;
  getEmailFieldName?(): string;
}

/** The active users with this email (case-insensitively) and a usable password: Django's PasswordResetForm.get_users. */
async function usersWithEmail(email: string): Promise<ResettableUser[]> {
  const Users = getUserModel() as ModelClass & { EMAIL_FIELD?: string };
  const field = Users.EMAIL_FIELD ?? 'email';
  const found = await Users.objects.filter({ [`${field}__iexact`]: email, is_active: true } as never) as unknown as ResettableUser[];
  const wanted = email.normalize('NFKC').toLowerCase();
  return found.filter((user) => !user.password.startsWith('!')
    && String((user as unknown as Record<string, unknown>)[field] ?? '').normalize('NFKC').toLowerCase() === wanted);
}

export interface PasswordResetViewOptions {
  templateName?: string;
  emailTemplateName?: string;
  subjectTemplateName?: string;
  htmlEmailTemplateName?: string;
  fromEmail?: string | null;
  successUrl?: string;
  tokenGenerator?: PasswordResetTokenGenerator;
  extraEmailContext?: Readonly<Record<string, unknown>>;
  extraContext?: Readonly<Record<string, unknown>>;
}

/**
 * Django's PasswordResetView: GET shows a form asking for an email; POST mails each active user
 * with that address (and a usable password) a one-time link — `uid` and `token` in the email
 * template's context, with `protocol`, `domain` and `user` — and always redirects to
 * `password_reset_done`, whether or not the address is known (no account enumeration).
 */
export class PasswordResetView {
  static asView(options: PasswordResetViewOptions = {}): View {
    const view = new PasswordResetView(options);
    return loginNotRequired(neverCache(csrfProtect(((request: HttpRequest) => view.dispatch(request)) as View)) as View);
  }

  constructor(readonly options: PasswordResetViewOptions = {}) {}

  async dispatch(request: HttpRequest): Promise<HttpResponseBase> {
    const page = (errors: Record<string, string[]>) => new TemplateResponse(request, this.options.templateName ?? 'registration/password_reset_form.html', {
      form: { errors, email: { value: request.POST.get('email') ?? '' } }, title: 'Password reset', ...this.options.extraContext,
    });
    if (request.method !== 'POST') return page({});
    const email = (request.POST.get('email') ?? '').trim();
    if (email === '') return page({ email: ['This field is required.'] });
    if (!/^[^@\s]+@[^@\s]+$/.test(email) || email.length > 254) return page({ email: ['Enter a valid email address.'] });
    const generator = this.options.tokenGenerator ?? defaultTokenGenerator;
    for (const user of await usersWithEmail(email)) {
      const context = {
        email, domain: request.getHost(), site_name: request.getHost(), uid: uidOf(user.pk), user,
        token: generator.makeToken(user as never), protocol: request.isSecure() ? 'https' : 'http', ...this.options.extraEmailContext,
      };
      const subject = (await renderToString(this.options.subjectTemplateName ?? 'registration/password_reset_subject.txt', context)).replace(/[\r\n]+/g, '').trim();
      const body = await renderToString(this.options.emailTemplateName ?? 'registration/password_reset_email.html', context);
      const html = this.options.htmlEmailTemplateName === undefined ? null : await renderToString(this.options.htmlEmailTemplateName, context);
      const field = user.getEmailFieldName?.() ?? 'email';
      await sendMail(subject, body, this.options.fromEmail ?? null, [String((user as unknown as Record<string, unknown>)[field])], { htmlMessage: html });
    }
    return new HttpResponseRedirect(resolveUrl(this.options.successUrl ?? 'password_reset_done'));
  }
}

/**
 * Django's PasswordResetConfirmView, at `reset/<uidb64>/<token>/`: a valid link stores the token
 * in the session and redirects to the same URL with `set-password` in its place; that page asks
 * for `new_password1`/`new_password2` (AUTH_PASSWORD_VALIDATORS), sets the password (which makes
 * the token invalid), optionally logs the user in, and redirects to `password_reset_complete`.
 * An invalid or used link renders the page with `validlink` false.
 */
export class PasswordResetConfirmView {
  static asView(options: { templateName?: string; successUrl?: string; postResetLogin?: boolean; postResetLoginBackend?: string; tokenGenerator?: PasswordResetTokenGenerator } = {}): View {
    const view = new PasswordResetConfirmView(options);
    return loginNotRequired(neverCache(csrfProtect(((request: HttpRequest, kwargs?: Record<string, string>) => view.dispatch(request, kwargs)) as View)) as View);
  }

  constructor(readonly options: { templateName?: string; successUrl?: string; postResetLogin?: boolean; postResetLoginBackend?: string; tokenGenerator?: PasswordResetTokenGenerator } = {}) {}

  async dispatch(request: HttpRequest, kwargs: Readonly<Record<string, string>> = {}): Promise<HttpResponseBase> {
    const generator = this.options.tokenGenerator ?? defaultTokenGenerator;
    const uidb64 = String(kwargs.uidb64 ?? '');
    const token = String(kwargs.token ?? '');
    const user = await userFromUid(uidb64);
    const page = (validlink: boolean, errors: Record<string, string[]> = {}) => new TemplateResponse(request, this.options.templateName ?? 'registration/password_reset_confirm.html', {
      validlink, form: validlink ? { errors } : null, title: validlink ? 'Enter new password' : 'Password reset unsuccessful',
    });
    if (user === null) return page(false);
    if (token === RESET_URL_TOKEN) {
      const stored = request.session.get(INTERNAL_RESET_SESSION_TOKEN);
      if (typeof stored !== 'string' || !generator.checkToken(user as never, stored)) return page(false);
      if (request.method !== 'POST') return page(true);
      const first = request.POST.get('new_password1') ?? '';
      const second = request.POST.get('new_password2') ?? '';
      const errors: Record<string, string[]> = {};
      if (first === '') (errors.new_password1 ??= []).push('This field is required.');
      if (second === '') (errors.new_password2 ??= []).push('This field is required.');
      if (first !== '' && second !== '' && first !== second) (errors.new_password2 ??= []).push('The two password fields didn’t match.');
      if (Object.keys(errors).length === 0) {
        try {
          await validatePassword(second, user as never);
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          errors.new_password2 = error.messages;
        }
      }
      if (Object.keys(errors).length > 0) return page(true, errors);
      await user.setPassword(first);
      await user.save();
      request.session.delete(INTERNAL_RESET_SESSION_TOKEN);
      if (this.options.postResetLogin === true) await login(request, user, this.options.postResetLoginBackend);
      return new HttpResponseRedirect(resolveUrl(this.options.successUrl ?? 'password_reset_complete'));
    }
    if (!generator.checkToken(user as never, token)) return page(false);
    // Keep the token out of the URL (and so out of Referer headers): store it and redirect.
    request.session.set(INTERNAL_RESET_SESSION_TOKEN, token);
    const path = request.path;
    return new HttpResponseRedirect(path.slice(0, path.lastIndexOf(token)) + RESET_URL_TOKEN + path.slice(path.lastIndexOf(token) + token.length));
  }
}

async function userFromUid(uidb64: string): Promise<ResettableUser | null> {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(uidb64)) return null;
  const Users = getUserModel();
  let pk: unknown;
  try {
    pk = Users.meta.pk.toJs(Buffer.from(uidb64, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  return (await Users.objects.filter({ pk } as never).first() as ResettableUser | undefined) ?? null;
}

/** Django's PasswordResetDoneView and PasswordResetCompleteView: pages that say what happened. */
export const PasswordResetDoneView = {
  asView(options: { templateName?: string } = {}): View {
    return loginNotRequired((async (request: HttpRequest) =>
      new TemplateResponse(request, options.templateName ?? 'registration/password_reset_done.html', { title: 'Password reset sent' })) as View);
  },
};

export const PasswordResetCompleteView = {
  asView(options: { templateName?: string } = {}): View {
    return loginNotRequired((async (request: HttpRequest) =>
      new TemplateResponse(request, options.templateName ?? 'registration/password_reset_complete.html', { title: 'Password reset complete', login_url: resolveUrl('login') })) as View);
  },
};
