import type { HttpRequest } from '../http/request.js';
import type { HttpResponseBase } from '../http/response-base.js';
import { checkResponse, isThenable, MiddlewareMixin } from './middleware.js';
import type { GetResponse, MiddlewareInstance, MixinHooks } from './middleware.js';

/** Turns an error inside a layer into the response the layers outside it will see. */
export type ErrorToResponse = (request: HttpRequest, error: unknown) => Promise<HttpResponseBase>;

/**
 * One middleware layer of the onion, compiled at start-up into a single async function: the
 * layer's answer is checked, and an error inside it becomes a response before the layer outside
 * sees it. A MiddlewareMixin whose `call` is the mixin's own gets its hooks inlined, so a request
 * pays one async step per layer rather than two.
 */
export function compileLayer(layer: MiddlewareInstance, inner: GetResponse, name: string, onError: ErrorToResponse): GetResponse {
  if (layer instanceof MiddlewareMixin && layer.call === MiddlewareMixin.prototype.call) {
    return mixinLayer(layer, inner, onError);
  }
  const owner = { constructor: { name } };
  return async (request) => {
    try {
      const answer = layer.call(request);
      const response: unknown = isThenable(answer) ? await answer : answer;
      checkResponse(response, owner, 'call', false);
      return response;
    } catch (error) {
      return onError(request, error);
    }
  };
}

function mixinLayer(layer: MiddlewareMixin, inner: GetResponse, onError: ErrorToResponse): GetResponse {
  const hooks = layer as MixinHooks;
  const processRequest = hooks.processRequest?.bind(layer);
  const processResponse = hooks.processResponse?.bind(layer);
  return async (request) => {
    try {
      let response: HttpResponseBase | null | undefined | void;
      if (processRequest !== undefined) {
        const early = processRequest(request);
        response = isThenable(early) ? await early : early;
        if (response != null) checkResponse(response, layer, 'processRequest', true);
      }
      response ??= await inner(request);
      if (processResponse === undefined) return response;
      const late = processResponse(request, response);
      const answer: unknown = isThenable(late) ? await late : late;
      checkResponse(answer, layer, 'processResponse', false);
      return answer;
    } catch (error) {
      return onError(request, error);
    }
  };
}
