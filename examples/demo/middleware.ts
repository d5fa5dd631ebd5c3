import { getLogger, MiddlewareMixin } from '../../src/core/index.js';
import type { HttpRequest, HttpResponseBase } from '../../src/http/index.js';
import { HttpResponse } from '../../src/http/index.js';
import { ValueError } from './errors.js';

/** The demo's trace log; QUIET=1 silences it. */
export const trace = getLogger('demo');

/** Seed 002's first tracing middleware. */
export class Md1 extends MiddlewareMixin {
  processRequest(_request: HttpRequest): void {
    trace.info('Md1 request');
  }

  processView(): void {
    trace.info('Md1 view');
  }

  processResponse(_request: HttpRequest, response: HttpResponseBase): HttpResponseBase {
    trace.info('Md1 response');
    return response;
  }
}

/** Seed 002's second tracing middleware; turns a ValueError into seed 001's custom error page. */
export class Md2 extends MiddlewareMixin {
  processRequest(_request: HttpRequest): void {
    trace.info('Md2 request');
  }

  processView(): void {
    trace.info('Md2 view');
  }

  processException(_request: HttpRequest, exception: unknown): HttpResponse | undefined {
    trace.info('Md2 exception');
    if (exception instanceof ValueError) return new HttpResponse('error', { status: 500, contentType: 'text/plain; charset=utf-8' });
    return undefined;
  }

  processResponse(_request: HttpRequest, response: HttpResponseBase): HttpResponseBase {
    trace.info('Md2 response');
    return response;
  }
}
