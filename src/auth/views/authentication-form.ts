import type { HttpRequest } from '../../http/request.js';
import type { QueryDict } from '../../http/query-dict.js';
import { authenticate } from '../login.js';
import type { SessionUser } from '../login.js';
import { getUserModel } from '../models/index.js';

/** The user model's username field as the form shows it. */
interface UsernameFieldInfo {
  name: string;
  verboseName: string;
  maxLength: number | undefined;
}

function usernameField(): UsernameFieldInfo {
  const Users = getUserModel() as unknown as { USERNAME_FIELD?: string; meta: { getField(name: string): { verboseName?: string; maxLength?: number } } };
  const name = Users.USERNAME_FIELD ?? 'username';
  const field = Users.meta.getField(name);
  return { name, verboseName: field.verboseName ?? name, maxLength: field.maxLength ?? 254 };
}

/**
 * Django's AuthenticationForm, without a forms framework: `username` and `password` from the
 * POST data, authenticate() with them, and Django's messages — 'This field is required.',
 * "Please enter a correct username and password. Note that both fields may be case-sensitive."
 * (code invalid_login), "This account is inactive." (inactive). Templates read `form.errors`,
 * `form.nonFieldErrors`, `form.username.value`, `form.username.errors`.
 */
export class AuthenticationForm {
  readonly errors: Record<string, string[]> = {};
  readonly data: Readonly<Record<string, string>>;
  #user: SessionUser | null = null;
  #validated: Promise<boolean> | undefined;

  constructor(readonly request: HttpRequest | null, data?: QueryDict) {
    this.data = data === undefined ? {} : { username: data.get('username') ?? '', password: data.get('password') ?? '' };
  }

  /** True when the form was given data (a POST). */
  get isBound(): boolean {
    return 'username' in this.data;
  }

  /** The username field's value and errors, for templates. */
  get username(): { value: string; errors: string[]; label: string } {
    return { value: this.data.username ?? '', errors: this.errors.username ?? [], label: capitalize(usernameField().verboseName) };
  }

  /** The password field's errors (its value is never shown again). */
  get password(): { value: string; errors: string[] } {
    return { value: '', errors: this.errors.password ?? [] };
  }

  /** Errors about the form as a whole (wrong credentials, inactive account). */
  get nonFieldErrors(): string[] {
    return this.errors.__all__ ?? [];
  }

  /** Validates once: required fields, then authenticate(); true when a user was found and may log in. */
  isValid(): Promise<boolean> {
    return (this.#validated ??= this.#validate());
  }

  /** The authenticated user, once isValid() said true. */
  getUser(): SessionUser | null {
    return this.#user;
  }

  async #validate(): Promise<boolean> {
    if (!this.isBound) return false;
    const field = usernameField();
    const username = this.data.username ?? '';
    const password = this.data.password ?? '';
    if (username === '') this.#add('username', 'This field is required.');
    else if (field.maxLength !== undefined && [...username].length > field.maxLength) {
      this.#add('username', `Ensure this value has at most ${field.maxLength} characters (it has ${[...username].length}).`);
    }
    if (password === '') this.#add('password', 'This field is required.');
    if (Object.keys(this.errors).length > 0) return false;
    const user = await authenticate(this.request, { username, password });
    if (user === null) {
      this.#add('__all__', `Please enter a correct ${field.verboseName} and password. Note that both fields may be case-sensitive.`);
      return false;
    }
    if ((user as { is_active?: boolean }).is_active === false) {
      this.#add('__all__', 'This account is inactive.');
      return false;
    }
    this.#user = user;
    return true;
  }

  #add(field: string, message: string): void {
    (this.errors[field] ??= []).push(message);
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
