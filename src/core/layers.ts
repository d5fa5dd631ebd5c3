import type { HttpRequest } from '../http/request.js';
import type { HttpResponseBase } from '../http/response-base.js';
import { checkResponse, isThenable, MiddlewareMixin } from './middleware.js';
import type { GetResponse, MaybePromise, MiddlewareInstance, MixinHooks, NoAnswer } from './middleware.js';

/** Turns an error inside a layer into the response the layers outside it will see. Never throws. */
export type ErrorToResponse = (request: HttpRequest, error: unknown) => Promise<HttpResponseBase>;

/**
 * One middleware layer of the onion, compiled once at start-up. The layer's answer is checked,
 * and an error inside it becomes a response before the layer outside sees it.
 *
 * Layers answer synchronously whenever every hook and the view did: a Promise is made only where
 * some code actually waited. On a pass-through request that saves a microtask per layer, which is
 * most of what a middleware costs. A MiddlewareMixin that keeps the mixin's own `call` gets its
 * hooks inlined here.
 */
export function compileLayer(layer: MiddlewareInstance, inner: GetResponse, name: string, onError: ErrorToResponse): GetResponse {
  if (layer instanceof MiddlewareMixin && layer.call === MiddlewareMixin.prototype.call) {
    return mixinLayer(layer, inner, onError);
  }
  const owner = { constructor: { name } };
  const settle = async (request: HttpRequest, pending: PromiseLike<unknown>): Promise<HttpResponseBase> => {
    try {
      const response = await pending;
      checkResponse(response, owner, 'call', false);
      return response;
    } catch (error) {
      return onError(request, error);
    }
  };
  return (request) => {
    try {
      const answer: unknown = layer.call(request);
      if (isThenable(answer)) return settle(request, answer);
      checkResponse(answer, owner, 'call', false);
      return answer;
    } catch (error) {
      return onError(request, error);
    }
  };
}

function mixinLayer(layer: MiddlewareMixin, inner: GetResponse, onError: ErrorToResponse): GetResponse {
  const hooks = layer as MixinHooks;
  const processRequest = hooks.processRequest?.bind(layer);
  const processResponse = hooks.processResponse?.bind(layer);

  // The outward half: processResponse, if the layer has one.
  const respond = (request: HttpRequest, response: HttpResponseBase): MaybePromise<HttpResponseBase> => {
    if (processResponse === undefined) return response;
    try {
      const late: unknown = processResponse(request, response);
      if (isThenable(late)) return settleLate(request, late);
      checkResponse(late, layer, 'processResponse', false);
      return late;
    } catch (error) {
      return onError(request, error);
    }
  };
  const settleLate = async (request: HttpRequest, pending: PromiseLike<unknown>): Promise<HttpResponseBase> => {
    try {
      const late = await pending;
      checkResponse(late, layer, 'processResponse', false);
      return late;
    } catch (error) {
      return onError(request, error);
    }
  };
  const afterInner = async (request: HttpRequest, pending: PromiseLike<HttpResponseBase>): Promise<HttpResponseBase> =>
    respond(request, await pending);
  const afterEarly = async (request: HttpRequest, pending: PromiseLike<HttpResponseBase | NoAnswer>): Promise<HttpResponseBase> => {
    let early: HttpResponseBase | NoAnswer;
    try {
      early = await pending;
      if (early != null) checkResponse(early, layer, 'processRequest', true);
    } catch (error) {
      return onError(request, error);
    }
    return respond(request, early ?? (await inner(request)));
  };

  return (request) => {
    let early: HttpResponseBase | NoAnswer;
    if (processRequest !== undefined) {
      try {
        const answer = processRequest(request);
        if (isThenable(answer)) return afterEarly(request, answer);
        early = answer;
        if (early != null) checkResponse(early, layer, 'processRequest', true);
      } catch (error) {
        return onError(request, error);
      }
    }
    // An early answer skips the inner layers but still goes back out through this one.
    const response = early ?? inner(request);
    return isThenable(response) ? afterInner(request, response) : respond(request, response);
  };
}
