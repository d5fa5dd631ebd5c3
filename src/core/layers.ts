import type { HttpRequest } from '../http/request.js';
import type { HttpResponseBase } from '../http/response-base.js';
import { isThenable } from '../utils/maybe-promise.js';
import { checkResponse } from '../middleware/mixin.js';
import type { GetResponse, MiddlewareInstance } from '../middleware/mixin.js';

/** Turns an error inside a layer into the response the layers outside it will see. Never throws. */
export type ErrorToResponse = (request: HttpRequest, error: unknown) => Promise<HttpResponseBase>;

/**
 * One middleware layer of the onion, compiled once at start-up. The layer's answer is checked,
 * and an error inside it becomes a response before the layer outside sees it.
 *
 * Layers answer synchronously whenever every hook and the view did (MiddlewareMixin's `call` is
 * sync-first): a Promise is made only where some code actually waited. On a pass-through request
 * that saves a microtask per layer, which is most of what a middleware costs.
 */
export function compileLayer(layer: MiddlewareInstance, name: string, onError: ErrorToResponse): GetResponse {
  const owner = { constructor: { name } };
  // Bound once: the layers are of many classes, and a bound call stays fast where looking up
  // `layer.call` on each of them would not.
  const call = layer.call.bind(layer);
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
      const answer: unknown = call(request);
      if (isThenable(answer)) return settle(request, answer);
      checkResponse(answer, owner, 'call', false);
      return answer;
    } catch (error) {
      return onError(request, error);
    }
  };
}
