import { MiddlewareMixin } from './mixin.js';
import type { MixinHooks } from './mixin.js';
import { splitHeaderList } from '../http/cache-control.js';
import { getConditionalResponse, parseHttpDate, setResponseEtag } from '../http/conditional.js';
import type { HttpRequest } from '../http/request.js';
import type { HttpResponseBase } from '../http/response-base.js';

/**
 * Answers conditional GETs, as Django's ConditionalGetMiddleware: gives a non-streaming response
 * without an ETag one (the MD5 of its body) unless Cache-Control says no-store, then answers
 * 304 Not Modified when If-None-Match or If-Modified-Since says the client's copy is current
 * (and 412 when If-Match or If-Unmodified-Since fail). Only GET: a HEAD has no body to hash, and
 * for other methods it is too late to refuse once the view has run.
 *
 * @example MIDDLEWARE: [SecurityMiddleware, ConditionalGetMiddleware, CommonMiddleware]
 */
export class ConditionalGetMiddleware extends MiddlewareMixin implements MixinHooks {
  processResponse(request: HttpRequest, response: HttpResponseBase): HttpResponseBase {
    if (request.method !== 'GET') return response;
    if (!response.headers.has('ETag') && this.needsEtag(response)) setResponseEtag(response);
    const etag = response.headers.get('ETag');
    const lastModifiedHeader = response.headers.get('Last-Modified');
    const lastModified = lastModifiedHeader ? parseHttpDate(lastModifiedHeader) : null;
    if (!etag && !lastModified) return response;
    return getConditionalResponse(request, { etag: etag ?? null, lastModified, response }) ?? response;
  }

  /** True when the response may be given an ETag: its Cache-Control has no no-store. */
  needsEtag(response: HttpResponseBase): boolean {
    return !splitHeaderList(response.headers.get('Cache-Control')).some((d) => d.toLowerCase() === 'no-store');
  }
}
