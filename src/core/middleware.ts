import type { HttpRequest } from '../http/request.js';
import { HttpResponseBase as ResponseClass } from '../http/response-base.js';
import type { HttpResponseBase } from '../http/response.js';
import type { View } from '../urls/types.js';

export type MaybePromise<T> = T | Promise<T>;

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

  async call(request: HttpRequest): Promise<HttpResponseBase> {
    const hooks = this as MixinHooks;
    let response: HttpResponseBase | NoAnswer;
    if (hooks.processRequest !== undefined) {
      // Sync hooks are the common case; awaiting them anyway would cost a microtask each.
      const early = hooks.processRequest(request);
      response = isThenable(early) ? await early : early;
      if (response != null) checkResponse(response, this, 'processRequest', true);
    }
    response ??= await this.getResponse(request);
    if (hooks.processResponse !== undefined) {
      const late = hooks.processResponse(request, response);
      const answer: unknown = isThenable(late) ? await late : late;
      checkResponse(answer, this, 'processResponse', false);
      response = answer;
    }
    return response;
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

/** True for promises and other thenables. */
export function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
