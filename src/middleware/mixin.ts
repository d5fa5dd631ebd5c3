import type { HttpRequest } from '../http/request.js';
import { HttpResponseBase as ResponseClass } from '../http/response-base.js';
import type { HttpResponseBase } from '../http/response.js';
import type { View } from '../urls/types.js';
import { andThen, isThenable } from '../utils/maybe-promise.js';
import type { MaybePromise } from '../utils/maybe-promise.js';

/**
 * The next layer inwards: the rest of the middleware, the URL resolution and the view. It answers
 * synchronously when nothing inside waited, so always `await` it rather than calling `.then()`.
 */
export type GetResponse = (request: HttpRequest) => MaybePromise<HttpResponseBase>;

/** A hook's "no answer": go on to the next layer or the view. */
export type NoAnswer = null | undefined | void;

/** The three hooks the handler calls outside the onion, each optional. */
export interface MiddlewareHooks {
  /**
   * Runs just before the view, outermost middleware first. Returning a response skips the later
   * processView hooks and the view (it may call `view` itself and return its answer).
   */
  processView?(
    request: HttpRequest,
    view: View,
    args: readonly unknown[],
    kwargs: Readonly<Record<string, unknown>>,
  ): MaybePromise<HttpResponseBase | NoAnswer>;
  /**
   * Runs when the view (or a template render) throws, innermost middleware first; the first
   * response returned wins and the rest are skipped. Returning nothing passes the error on.
   */
  processException?(request: HttpRequest, exception: unknown): MaybePromise<HttpResponseBase | NoAnswer>;
  /**
   * Runs for responses that have render() (TemplateResponse), innermost first, before rendering;
   * must return a response (the same one changed, or another).
   */
  processTemplateResponse?(request: HttpRequest, response: HttpResponseBase): MaybePromise<HttpResponseBase>;
}

/** A middleware instance of the class style: `call()` is Django's `__call__`. */
export interface MiddlewareInstance extends MiddlewareHooks {
  call(request: HttpRequest): MaybePromise<HttpResponseBase>;
}

/** A middleware of the function style: the handler, with any hooks attached as properties. */
export type MiddlewareFunction = ((request: HttpRequest) => MaybePromise<HttpResponseBase>) & MiddlewareHooks;

/** A class whose constructor takes getResponse (MiddlewareMixin subclasses, or any with `call`). */
export type MiddlewareClass = new (getResponse: GetResponse) => MiddlewareInstance;

/**
 * A factory called once at start-up with getResponse; returns the per-request function (or an
 * object with `call`). It may throw MiddlewareNotUsed to leave the chain.
 *
 * @example
 * const timing: MiddlewareFactory = (getResponse) => async (request) => {
 *   const started = performance.now();
 *   const response = await getResponse(request);
 *   response.headers.set('Server-Timing', `app;dur=${performance.now() - started}`);
 *   return response;
 * };
 */
export type MiddlewareFactory = (getResponse: GetResponse) => MiddlewareFunction | MiddlewareInstance;

export type MiddlewareEntry = MiddlewareClass | MiddlewareFactory;

/** The hooks a MiddlewareMixin subclass may define: the two onion halves and the three others. */
export interface MixinHooks extends MiddlewareHooks {
  processRequest?(request: HttpRequest): MaybePromise<HttpResponseBase | NoAnswer>;
  processResponse?(request: HttpRequest, response: HttpResponseBase): MaybePromise<HttpResponseBase>;
}

/**
 * Django's MiddlewareMixin: write `processRequest` and/or `processResponse` (and any of the three
 * other hooks) and the mixin does the calling. An answer from processRequest skips the inner layers
 * and the view but still passes through this layer's processResponse and every layer outside it.
 *
 * @example
 * class Md1 extends MiddlewareMixin {
 *   processRequest(request: HttpRequest) { log('Md1 request'); }
 *   processResponse(request: HttpRequest, response: HttpResponseBase) { log('Md1 response'); return response; }
 * }
 */
export abstract class MiddlewareMixin implements MiddlewareInstance {
  // The hooks are not declared here, so subclasses define them without `override`; a subclass can
  // `implements MixinHooks` to have their signatures checked.
  protected readonly getResponse: GetResponse;

  constructor(getResponse: GetResponse) {
    this.getResponse = getResponse;
  }

  /**
   * Runs processRequest, the inner layers unless it answered, then processResponse. The answer is
   * synchronous when every one of them was: a Promise is made only where one of them waited.
   */
  call(request: HttpRequest): MaybePromise<HttpResponseBase> {
    const hooks = this as MixinHooks;
    if (hooks.processRequest === undefined) return MiddlewareMixin.#inward(undefined, this, request);
    return andThen(hooks.processRequest(request), MiddlewareMixin.#inward, this, request);
  }

  // The halves of call() are static so they can be handed to andThen() as they are: a closure per
  // request would cost more than the Promise that andThen() saves.
  static #inward(early: HttpResponseBase | NoAnswer, layer: MiddlewareMixin, request: HttpRequest): MaybePromise<HttpResponseBase> {
    if (early == null) return andThen(layer.getResponse(request), MiddlewareMixin.#outward, layer, request);
    checkResponse(early, layer, 'processRequest', true);
    // An early answer skips the inner layers but still goes back out through this one.
    return MiddlewareMixin.#outward(early, layer, request);
  }

  static #outward(response: HttpResponseBase, layer: MiddlewareMixin, request: HttpRequest): MaybePromise<HttpResponseBase> {
    const hooks = layer as MixinHooks;
    if (hooks.processResponse === undefined) return response;
    return andThen(hooks.processResponse(request, response), MiddlewareMixin.#checkedLate, layer);
  }

  static #checkedLate(late: unknown, layer: MiddlewareMixin): HttpResponseBase {
    checkResponse(late, layer, 'processResponse', false);
    return late;
  }
}

/** Throws a clear error when a hook answered something that is not a response. */
export function checkResponse(
  value: unknown,
  owner: object,
  hook: string,
  nullable: boolean,
): asserts value is HttpResponseBase {
  if (value instanceof ResponseClass) return;
  if (nullable && value == null) return;
  const who = `${owner.constructor?.name ?? 'middleware'}.${hook}`;
  const what = value === undefined ? 'undefined' : value === null ? 'null' : isThenable(value) ? 'a Promise inside a value (missing await?)' : `a ${typeof value}`;
  throw new TypeError(
    `${who} didn't return an HttpResponse object; it returned ${what}.` +
      (nullable ? ' Return an HttpResponse, or null/undefined to continue.' : ' Return the response (or a new one).'),
  );
}
