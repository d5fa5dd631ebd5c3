import { csrfProtect } from '../../csrf/index.js';
import { ValidationError } from '../../db/index.js';
import type { HttpRequest } from '../../http/request.js';
import { HttpResponseRedirect } from '../../http/response.js';
import type { HttpResponseBase } from '../../http/response-base.js';
import { TemplateResponse } from '../../http/template-response.js';
import { resolveUrl } from '../../shortcuts/index.js';
import type { View } from '../../urls/types.js';
import { neverCache } from '../../views/index.js';
import { loginRequired } from '../decorators.js';
import { updateSessionAuthHash } from '../login.js';
import type { SessionUser } from '../login.js';
import { validatePassword } from '../password-validation/index.js';

/** What the password change asks of the user. */
interface ChangingUser extends SessionUser {
  checkPassword(raw: string): Promise<boolean>;
  setPassword(raw: string): Promise<void>;
  save(): Promise<unknown>;
}

/**
 * Django's PasswordChangeForm without a forms framework: `old_password`, `new_password1`,
 * `new_password2`; Django's messages ('Your old password was entered incorrectly. Please enter it
 * again.', 'The two password fields didn’t match.', 'This field is required.') and the
 * AUTH_PASSWORD_VALIDATORS' messages on new_password2.
 */
export class PasswordChangeForm {
  readonly errors: Record<string, string[]> = {};

  constructor(readonly user: ChangingUser, readonly data?: Readonly<Record<string, string>>) {}

  async isValid(): Promise<boolean> {
    if (this.data === undefined) return false;
    const old = this.data.old_password ?? '';
    const first = this.data.new_password1 ?? '';
    const second = this.data.new_password2 ?? '';
    for (const [name, value] of [['old_password', old], ['new_password1', first], ['new_password2', second]] as const) {
      if (value === '') this.#add(name, 'This field is required.');
    }
    if (old !== '' && !(await this.user.checkPassword(old))) this.#add('old_password', 'Your old password was entered incorrectly. Please enter it again.');
    if (first !== '' && second !== '' && first !== second) this.#add('new_password2', 'The two password fields didn’t match.');
    if (Object.keys(this.errors).length > 0) return false;
    try {
      await validatePassword(second, this.user as never);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      for (const message of error.messages) this.#add('new_password2', message);
      return false;
    }
    return true;
  }

  /** Sets and saves the new password (after isValid()). */
  async save(): Promise<void> {
    await this.user.setPassword(this.data!.new_password1!);
    await this.user.save();
  }

  #add(field: string, message: string): void {
    (this.errors[field] ??= []).push(message);
  }
}

export interface PasswordChangeViewOptions {
  /** Default 'registration/password_change_form.html'. */
  templateName?: string;
  /** Where to go once changed: a URL or a URL pattern name. Default 'password_change_done'. */
  successUrl?: string;
  extraContext?: Readonly<Record<string, unknown>>;
}

/**
 * Django's PasswordChangeView: for logged-in users (loginRequired); GET shows the form, POST
 * checks the old password and the new one (AUTH_PASSWORD_VALIDATORS), sets it, keeps this
 * session logged in (updateSessionAuthHash — every other session of the user is logged out) and
 * redirects to `successUrl`. CSRF-protected, never cached.
 */
export class PasswordChangeView {
  static asView(options: PasswordChangeViewOptions = {}): View {
    const view = new PasswordChangeView(options);
    const handle = (request: HttpRequest) => view.dispatch(request);
    return neverCache(csrfProtect(loginRequired(handle as View))) as View;
  }

  constructor(readonly options: PasswordChangeViewOptions = {}) {}

  async dispatch(request: HttpRequest): Promise<HttpResponseBase> {
    const user = (await request.auser()) as unknown as ChangingUser;
    if (request.method !== 'POST') return this.page(request, new PasswordChangeForm(user));
    const form = new PasswordChangeForm(user, {
      old_password: request.POST.get('old_password') ?? '',
      new_password1: request.POST.get('new_password1') ?? '',
      new_password2: request.POST.get('new_password2') ?? '',
    });
    if (!(await form.isValid())) return this.page(request, form);
    await form.save();
    await updateSessionAuthHash(request, user);
    return new HttpResponseRedirect(resolveUrl(this.options.successUrl ?? 'password_change_done'));
  }

  page(request: HttpRequest, form: PasswordChangeForm): TemplateResponse {
    return new TemplateResponse(request, this.options.templateName ?? 'registration/password_change_form.html', {
      form,
      title: 'Password change',
      ...this.options.extraContext,
    });
  }
}

/** Django's PasswordChangeDoneView: a page for logged-in users saying it is done. */
export class PasswordChangeDoneView {
  static asView(options: { templateName?: string; extraContext?: Readonly<Record<string, unknown>> } = {}): View {
    const handle = async (request: HttpRequest) =>
      new TemplateResponse(request, options.templateName ?? 'registration/password_change_done.html', { title: 'Password change successful', ...options.extraContext });
    return loginRequired(handle as View);
  }
}
