import { HttpRequest } from '../../http/request.js';
import type { HttpResponseBase } from '../../http/response-base.js';
import type { View } from '../../urls/types.js';
import { andThen } from '../../utils/maybe-promise.js';

/**
 * Wraps a view so `change` sees each response it returns. A synchronous view stays synchronous;
 * an async one gives a Promise, as before.
 */
export function afterView<V extends View>(view: V, decorator: string, change: (response: HttpResponseBase) => void): V {
  const wrapped = function (this: unknown, request: HttpRequest, ...rest: unknown[]) {
    checkRequest(request, decorator);
    return andThen(view.call(this, request, ...rest), applyChange, change);
  };
  return named(wrapped, view);
}

function applyChange(response: HttpResponseBase, change: (response: HttpResponseBase) => void): HttpResponseBase {
  change(response);
  return response;
}

export function checkRequest(request: unknown, decorator: string): void {
  if (request instanceof HttpRequest) return;
  throw new TypeError(
    `${decorator} didn't receive an HttpRequest as its first argument. When decorating a method, ` +
      'decorate a function that takes the request first (e.g. an arrow function calling the method).',
  );
}

export function named<V extends View>(wrapped: (...args: never[]) => unknown, view: V): V {
  Object.defineProperty(wrapped, 'name', { value: view.name });
  return wrapped as unknown as V;
}
