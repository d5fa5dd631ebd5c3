import type { HttpRequest } from '../http/request.js';
import { requestSettingsFrom } from '../http/request-settings.js';
import type { RequestSettings } from '../http/request-settings.js';
import { HttpResponseBase } from '../http/response-base.js';
import { UrlResolver } from '../urls/index.js';
import type { ResolverMatch, View } from '../urls/types.js';
import { MiddlewareNotUsed } from '../conf/errors.js';
import { responseForException } from './exception-response.js';
import { getLogger } from '../conf/log.js';
import { compileLayer } from './layers.js';
import { andThen, firstAnswer, isThenable } from '../utils/maybe-promise.js';
import type { MaybePromise } from '../utils/maybe-promise.js';
import { checkResponse } from '../middleware/mixin.js';
import type {
  GetResponse,
  MiddlewareEntry,
  MiddlewareFunction,
  MiddlewareHooks,
  MiddlewareInstance,
  NoAnswer,
} from '../middleware/mixin.js';
import { getSettings } from '../conf/settings/index.js';
import type { Settings } from '../conf/settings/index.js';
import { requestFinished, requestStarted } from './signals.js';

type ViewHook = NonNullable<MiddlewareHooks['processView']>;
type ExceptionHook = NonNullable<MiddlewareHooks['processException']>;
type TemplateHook = NonNullable<MiddlewareHooks['processTemplateResponse']>;

/** Where the async continuation of #getResponse picks up. */
type AsyncStage =
  | { hooks: PromiseLike<HttpResponseBase | undefined> }
  | { view: PromiseLike<HttpResponseBase> }
  | { viewError: unknown };

interface Renderable extends HttpResponseBase {
  render(): Promise<unknown> | unknown;
}

/**
 * Turns a request into a response: Django's BaseHandler. The middleware chain, the URL resolver
 * and the hook lists are built once, here, from the settings given; handle() does no set-up work.
 *
 * @example
 * const handler = new Handler(getSettings());
 * const response = await handler.handle(request);
 */
export class Handler {
  readonly settings: Settings;
  /** What every request this handler answers reads of the settings, frozen (the server hands it on). */
  readonly requestSettings: RequestSettings;
  readonly #resolver: UrlResolver;
  readonly #chain: GetResponse;
  readonly #viewHooks: ViewHook[] = [];
  readonly #exceptionHooks: ExceptionHook[] = [];
  readonly #templateHooks: TemplateHook[] = [];

  constructor(settings: Settings = getSettings()) {
    this.settings = settings;
    this.requestSettings = requestSettingsFrom(settings);
    this.#resolver = new UrlResolver(settings.ROOT_URLCONF ?? { urlpatterns: [] });
    const onError = (request: HttpRequest, error: unknown) => responseForException(request, error, this.settings);
    let handler: GetResponse = (request) => this.#getResponse(request);
    for (const entry of [...settings.MIDDLEWARE].reverse()) {
      let layer: MiddlewareInstance;
      try {
        layer = instantiate(entry, handler);
      } catch (error) {
        if (!(error instanceof MiddlewareNotUsed)) throw error;
        if (settings.DEBUG) getLogger('canter.request').debug(`MiddlewareNotUsed(${entry.name}): ${error.message}`);
        continue;
      }
      // Django's order: processView outermost first; processException and
      // processTemplateResponse innermost first.
      if (layer.processView) this.#viewHooks.unshift(layer.processView.bind(layer));
      if (layer.processTemplateResponse) this.#templateHooks.push(layer.processTemplateResponse.bind(layer));
      if (layer.processException) this.#exceptionHooks.push(layer.processException.bind(layer));
      handler = compileLayer(layer, entry.name || 'middleware', onError);
    }
    this.#chain = handler;
  }

  /**
   * Answers one request: sends request_started, reads the body, runs the chain. Never throws. The
   * answer is synchronous when nothing on the way waited; `await` it either way.
   */
  handle(request: HttpRequest): MaybePromise<HttpResponseBase> {
    if (request.hasBody || requestStarted.hasListeners()) return this.#handleSlowly(request);
    return this.#chain(request);
  }

  async #handleSlowly(request: HttpRequest): Promise<HttpResponseBase> {
    if (requestStarted.hasListeners()) {
      await requestStarted.asendRobust(Handler, { environ: request.META });
    }
    if (request.hasBody) await request.load();
    return this.#chain(request);
  }

  /**
   * After the bytes are out: closes the response, removes upload temp files, sends
   * request_finished. Synchronous when there is nothing to wait for, which is the usual case.
   */
  finish(request: HttpRequest, response: HttpResponseBase): void | Promise<void> {
    if (!response.hasClosers && !request.hasTemporaryFiles && !requestFinished.hasListeners()) return;
    return this.#finishSlowly(request, response);
  }

  async #finishSlowly(request: HttpRequest, response: HttpResponseBase): Promise<void> {
    try {
      await response.close();
      await request.cleanup();
    } finally {
      if (requestFinished.hasListeners()) await requestFinished.asendRobust(Handler);
    }
  }

  /** The resolver built from ROOT_URLCONF (CommonMiddleware asks it whether a path exists). */
  get resolver(): UrlResolver {
    return this.#resolver;
  }

  /**
   * The innermost step: resolve, processView hooks, the view, template rendering. Errors become
   * responses. It stays synchronous until some hook or the view returns a Promise; from there
   * #finishAsync takes over at the same point.
   */
  #getResponse(request: HttpRequest): MaybePromise<HttpResponseBase> {
    try {
      const match = this.#resolver.resolve(request.pathInfo);
      request.resolverMatch = match;
      const early = firstAnswer(this.#viewHooks, callViewHook, request, match);
      if (isThenable(early)) return this.#finishAsync(request, match, { hooks: early });
      let response = early;
      if (response == null) {
        let answer: ReturnType<View>;
        try {
          answer = callView(match, request);
        } catch (error) {
          return this.#finishAsync(request, match, { viewError: error });
        }
        if (isThenable(answer)) return this.#finishAsync(request, match, { view: answer });
        checkViewResponse(answer, match.func);
        response = answer;
      }
      return isRenderable(response) ? this.#renderGuarded(request, response) : response;
    } catch (error) {
      return responseForException(request, error, this.settings);
    }
  }

  /** The rest of #getResponse once something returned a Promise, picking up where it was. */
  async #finishAsync(request: HttpRequest, match: ResolverMatch, at: AsyncStage): Promise<HttpResponseBase> {
    try {
      let response = 'hooks' in at ? await at.hooks : undefined;
      if (response == null) {
        try {
          if ('viewError' in at) throw at.viewError;
          response = await ('view' in at ? at.view : callView(match, request));
        } catch (error) {
          response = await this.#processException(request, error);
        }
        checkViewResponse(response, match.func);
      }
      return isRenderable(response) ? await this.#render(request, response) : response;
    } catch (error) {
      return responseForException(request, error, this.settings);
    }
  }

  async #renderGuarded(request: HttpRequest, response: Renderable): Promise<HttpResponseBase> {
    try {
      return await this.#render(request, response);
    } catch (error) {
      return responseForException(request, error, this.settings);
    }
  }

  /** processTemplateResponse hooks, innermost first, then render(); a render error goes to processException. */
  async #render(request: HttpRequest, response: HttpResponseBase): Promise<HttpResponseBase> {
    for (const hook of this.#templateHooks) {
      response = await hook(request, response);
      checkResponse(response, hook, 'processTemplateResponse', false);
    }
    try {
      if (isRenderable(response)) await response.render();
      return response;
    } catch (error) {
      // As in Django, the answer processException gives for a failed render gets no template hooks.
      const answer = await this.#processException(request, error);
      if (isRenderable(answer)) await answer.render();
      return answer;
    }
  }

  /** processException hooks, innermost first; the first answer wins, none re-throws the error. */
  async #processException(request: HttpRequest, error: unknown): Promise<HttpResponseBase> {
    const response = await firstAnswer(this.#exceptionHooks, callExceptionHook, request, error);
    if (response === undefined) throw error;
    return response;
  }
}

/** Calls the view as Django does: named arguments win; positional ones only when there are none. */
export function callView(match: ResolverMatch, request: HttpRequest): ReturnType<View> {
  const view = match.func;
  for (const _ in match.kwargs) return view(request, match.kwargs);
  if (match.args.length > 0) return view(request, ...match.args);
  return view(request);
}

// The hook callers hand to firstAnswer(): module functions, so the walk makes no closure per request.

function callViewHook(hook: ViewHook, request: HttpRequest, match: ResolverMatch): MaybePromise<HttpResponseBase | NoAnswer> {
  return andThen(hook(request, match.func, match.args, match.kwargs), checkHookAnswer, hook, 'processView');
}

function callExceptionHook(hook: ExceptionHook, request: HttpRequest, error: unknown): MaybePromise<HttpResponseBase | NoAnswer> {
  return andThen(hook(request, error), checkHookAnswer, hook, 'processException');
}

function checkHookAnswer(answer: HttpResponseBase | NoAnswer, hook: ViewHook | ExceptionHook, name: string): HttpResponseBase | NoAnswer {
  if (answer != null) checkResponse(answer, hook, name, true);
  return answer;
}

function instantiate(entry: MiddlewareEntry, getResponse: GetResponse): MiddlewareInstance {
  if (typeof (entry as { prototype?: { call?: unknown } }).prototype?.call === 'function') {
    return new (entry as new (g: GetResponse) => MiddlewareInstance)(getResponse);
  }
  const made = (entry as (g: GetResponse) => MiddlewareFunction | MiddlewareInstance)(getResponse);
  if (typeof made === 'function') {
    const fn = made;
    return {
      call: (request) => fn(request),
      processView: fn.processView?.bind(fn),
      processException: fn.processException?.bind(fn),
      processTemplateResponse: fn.processTemplateResponse?.bind(fn),
    };
  }
  if (made !== null && typeof made === 'object' && typeof made.call === 'function') return made;
  throw new TypeError(
    `Middleware ${entry.name || '(anonymous)'} returned ${String(made)} at start-up; a factory must return ` +
      'a function (request) => response, or an object with call(request).',
  );
}

function isRenderable(response: HttpResponseBase): response is Renderable {
  return typeof (response as Partial<Renderable>).render === 'function';
}

function checkViewResponse(response: unknown, view: View): asserts response is HttpResponseBase {
  if (response instanceof HttpResponseBase) return;
  const what = response === undefined ? 'undefined' : response === null ? 'null' : `a ${typeof response}`;
  throw new TypeError(
    `The view ${view.name || '(anonymous)'} didn't return an HttpResponse object. It returned ${what} instead.`,
  );
}
