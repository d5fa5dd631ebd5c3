import { Drop } from 'liquidjs';
import { ImproperlyConfigured } from '../conf/errors.js';
import { getSettings } from '../conf/settings/index.js';
import { getToken } from '../csrf/index.js';
import type { HttpRequest } from '../http/request.js';
import { andThen, firstAnswer, isThenable } from '../utils/maybe-promise.js';
import type { MaybePromise } from '../utils/maybe-promise.js';

/**
 * Context processors: functions of the request whose answers every template rendered for that
 * request sees (Django's OPTIONS.context_processors). The view's own context wins over them.
 * Values a page may not use are getters, computed only when a template reads them, so a page
 * that shows no user, message or form pays for none of them.
 *
 * @example
 * const siteName = (request: HttpRequest) => ({ site_name: 'Canter' });
 * TEMPLATES: [{ BACKEND: 'liquid', OPTIONS: { context_processors: ['request', 'debug', siteName] } }]
 */
export type ContextProcessor = (request: HttpRequest) => Readonly<Record<string, unknown>> | Promise<Readonly<Record<string, unknown>>>;

/** `request`: the HttpRequest itself. */
export function request(req: HttpRequest): Record<string, unknown> {
  return { request: req };
}

/**
 * `debug` (true) and `sql_queries` when DEBUG is on and the client's address is in INTERNAL_IPS;
 * nothing otherwise. `sql_queries` is an empty list until the database layer records queries.
 */
export function debug(req: HttpRequest): Record<string, unknown> {
  const settings = getSettings();
  if (!settings.DEBUG || !settings.INTERNAL_IPS.includes(req.META.REMOTE_ADDR ?? '')) return {};
  return { debug: true, sql_queries: [] };
}

/**
 * `csrf_token`: a masked CSRF token for this request's forms, made on first read (reading it makes
 * the response send the csrftoken cookie, as Django's get_token() does). Always installed, as in
 * Django; `{% csrf_token %}` reads it.
 */
export function csrf(req: HttpRequest): Record<string, unknown> {
  let token: string | undefined;
  return {
    get csrf_token(): string {
      return (token ??= getToken(req));
    },
  };
}

/** A user for templates when authentication is not installed yet. */
export const ANONYMOUS_USER: Readonly<{ isAuthenticated: false; isAnonymous: true; username: '' }> = Object.freeze({
  isAuthenticated: false,
  isAnonymous: true,
  username: '',
});

/** What `perms` asks of a user; the auth issue's User will have these. */
interface PermissionHolder {
  hasPerm?(perm: string): boolean | Promise<boolean>;
  hasModulePerms?(appLabel: string): boolean | Promise<boolean>;
}

/** `perms.app_label.codename` in a template asks user.hasPerm('app_label.codename'). */
export class PermWrapper extends Drop {
  readonly #user: PermissionHolder | PromiseLike<PermissionHolder>;

  constructor(user: unknown) {
    super();
    this.#user = (user ?? {}) as PermissionHolder | PromiseLike<PermissionHolder>;
  }

  override liquidMethodMissing(appLabel: string | number): PermLookup {
    return new PermLookup(this.#user, String(appLabel));
  }
}

/** `perms.app_label`: true when the user has some permission in the app. */
export class PermLookup extends Drop {
  readonly #user: PermissionHolder | PromiseLike<PermissionHolder>;
  readonly #appLabel: string;

  constructor(user: PermissionHolder | PromiseLike<PermissionHolder>, appLabel: string) {
    super();
    this.#user = user;
    this.#appLabel = appLabel;
  }

  override liquidMethodMissing(codename: string | number): boolean | Promise<boolean> {
    return andThen(this.#user as MaybePromise<PermissionHolder>, askPerm, `${this.#appLabel}.${String(codename)}`);
  }

  override valueOf(): boolean {
    if (isThenable(this.#user)) return false;
    const answer = this.#user.hasModulePerms?.(this.#appLabel);
    return answer === true;
  }
}

function askPerm(user: PermissionHolder, perm: string): boolean | Promise<boolean> {
  return user.hasPerm?.(perm) ?? false;
}

/**
 * `user` (request.user, or an anonymous placeholder when authentication is not installed) and
 * `perms`. Both are read only when a template uses them; a user AuthenticationMiddleware has not
 * loaded yet is loaded then (`request.auser()`, a Promise the template awaits), so a page that
 * shows no user costs no query.
 */
export function auth(req: HttpRequest): Record<string, unknown> {
  let user: unknown;
  const userOf = (): unknown => (user ??= requestUser(req) ?? ANONYMOUS_USER);
  return {
    get user(): unknown {
      return userOf();
    },
    get perms(): PermWrapper {
      return new PermWrapper(userOf());
    },
  };
}

/** request.user when loaded; its load (a Promise) when AuthenticationMiddleware ran but nothing asked yet. */
export function requestUser(req: HttpRequest): unknown {
  try {
    return optionalAttribute(req, 'user');
  } catch (error) {
    const auser = (req as unknown as { auser?: () => Promise<unknown> }).auser;
    if ((error as { code?: unknown }).code === 'E_USER_NOT_LOADED' && typeof auser === 'function') return auser.call(req);
    throw error;
  }
}

/** The message levels' numbers, as Django's messages framework numbers them. */
export const DEFAULT_MESSAGE_LEVELS: Readonly<Record<string, number>> = Object.freeze({
  DEBUG: 10,
  INFO: 20,
  SUCCESS: 25,
  WARNING: 30,
  ERROR: 40,
});

/**
 * `messages`: the request's message storage (set by the messages middleware as `_messages`, as in
 * Django), or an empty list; and DEFAULT_MESSAGE_LEVELS.
 */
export function messages(req: HttpRequest): Record<string, unknown> {
  return {
    get messages(): unknown {
      return optionalAttribute(req, '_messages') ?? [];
    },
    DEFAULT_MESSAGE_LEVELS,
  };
}

/**
 * The built-in processors as functions.
 * @example OPTIONS: { context_processors: [contextProcessors.request, siteName] }
 */
export const contextProcessors = Object.freeze({ request, debug, csrf, auth, messages });

/** The processors by short name and by Django's dotted path, for settings copied from Django. */
export const CONTEXT_PROCESSORS: Readonly<Record<string, ContextProcessor>> = Object.freeze({
  request,
  debug,
  csrf,
  auth,
  messages,
  'django.template.context_processors.request': request,
  'django.template.context_processors.debug': debug,
  'django.template.context_processors.csrf': csrf,
  'django.contrib.auth.context_processors.auth': auth,
  'django.contrib.messages.context_processors.messages': messages,
});

/**
 * Runs the processors in order and collects their values, later ones winning, in an object whose
 * prototype is `base`; getters stay getters, so lazy values stay lazy. Synchronous processors
 * cost no await.
 */
export async function runContextProcessors(
  processors: readonly ContextProcessor[],
  req: HttpRequest,
  base: object | null = null,
): Promise<Record<string, unknown>> {
  return applyContextProcessors(processors, req, Object.create(base) as Record<string, unknown>);
}

/**
 * Runs the processors in order and lays each answer over `values` (later ones winning); returns
 * `values`, synchronously unless a processor answers with a Promise.
 */
export function applyContextProcessors<T extends Record<string, unknown>>(
  processors: readonly ContextProcessor[],
  req: HttpRequest,
  values: T,
): T | Promise<T> {
  // No step "answers" (each lays its values over and returns nothing), so all of them run.
  const done = firstAnswer<ContextProcessor, HttpRequest, object, never>(processors, askProcessor, req, values);
  return isThenable(done) ? done.then(() => values) : values;
}

function askProcessor(processor: ContextProcessor, req: HttpRequest, values: object): MaybePromise<void> {
  return andThen(processor(req) as unknown, layOverAnswer, values, processor);
}

function layOverAnswer(answer: unknown, values: object, processor: ContextProcessor): void {
  layOver(values, answer, processor);
}

/** Copies a processor's answer onto `values`, getters as getters. */
export function layOver(values: object, answer: unknown, processor: ContextProcessor): void {
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) {
    throw new TypeError(
      `The context processor ${processor.name || '(anonymous)'} returned ${answer === null ? 'null' : Array.isArray(answer) ? 'an array' : typeof answer}; ` +
        'it must return an object of context values.',
    );
  }
  for (const key of Reflect.ownKeys(answer)) {
    const descriptor = Object.getOwnPropertyDescriptor(answer, key)!;
    // A frozen answer's properties are not configurable; a later processor may still override them.
    descriptor.configurable = true;
    Object.defineProperty(values, key, descriptor);
  }
}

/** request[name] when its middleware set it; undefined (not an error) when it did not. */
export function optionalAttribute(req: HttpRequest, name: string): unknown {
  try {
    return (req as unknown as Record<string, unknown>)[name];
  } catch (error) {
    if (error instanceof ImproperlyConfigured) return undefined;
    throw error;
  }
}
