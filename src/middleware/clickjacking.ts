import { MiddlewareMixin } from './mixin.js';
import type { GetResponse, MixinHooks } from './mixin.js';
import { getSettings } from '../conf/settings/index.js';
import type { HttpRequest } from '../http/request.js';
import type { HttpResponseBase } from '../http/response-base.js';

declare module '../http/response-base.js' {
  interface HttpResponseBase {
    /**
     * True when XFrameOptionsMiddleware must not add X-Frame-Options to this response (Django's
     * `xframe_options_exempt` attribute); the xframeOptionsExempt decorator sets it.
     */
    xframeOptionsExempt?: boolean;
  }
}

/**
 * Django's XFrameOptionsMiddleware, the clickjacking guard: sends `X-Frame-Options` with the
 * X_FRAME_OPTIONS setting (`DENY` by default, or `SAMEORIGIN`) so other sites cannot show the
 * page in a frame. A response that already has the header keeps it, and one marked
 * `xframeOptionsExempt` (see the decorators in canter/views) gets none. Override
 * getXframeOptionsValue() to choose per request. X_FRAME_OPTIONS is read once, when the
 * middleware chain is built.
 *
 * @example MIDDLEWARE: [SecurityMiddleware, SessionMiddleware, CommonMiddleware, XFrameOptionsMiddleware]
 */
export class XFrameOptionsMiddleware extends MiddlewareMixin implements MixinHooks {
  readonly #value: string;

  constructor(getResponse: GetResponse) {
    super(getResponse);
    this.#value = getSettings().X_FRAME_OPTIONS.toUpperCase();
  }

  processResponse(request: HttpRequest, response: HttpResponseBase): HttpResponseBase {
    if (response.headers.has('X-Frame-Options') || response.xframeOptionsExempt) return response;
    response.headers.set('X-Frame-Options', this.getXframeOptionsValue(request, response));
    return response;
  }

  /** The header's value: X_FRAME_OPTIONS, upper-cased. */
  getXframeOptionsValue(_request: HttpRequest, _response: HttpResponseBase): string {
    return this.#value;
  }
}
