import { isThenable } from '../../core/middleware.js';
import { HttpRequest } from '../../http/request.js';
import type { HttpResponseBase } from '../../http/response-base.js';
import type { View } from '../../urls/types.js';

/**
 * Wraps a view so `change` sees each response it returns. A synchronous view stays synchronous;
 * an async one gives a Promise, as before.
 */
export function afterView<V extends View>(view: V, decorator: string, change: (response: HttpResponseBase) => void): V {
  const wrapped = function (this: unknown, request: HttpRequest, ...rest: unknown[]) {
    checkRequest(request, decorator);
    const answer = view.call(this, request, ...rest);
    if (isThenable(answer)) {
      return answer.then((response) => {
        change(response);
        return response;
      });
    }
    change(answer);
    return answer;
  };
  return named(wrapped, view);
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
