export { HttpRequest } from './request.js';
export type { RequestSource } from './request.js';
export { requestSettingsFrom } from './request-settings.js';
export type { RequestSettings } from './request-settings.js';
export {
  HttpResponse,
  HttpResponseBase,
  HttpResponseRedirect,
  HttpResponsePermanentRedirect,
  HttpResponseNotModified,
  HttpResponseBadRequest,
  HttpResponseForbidden,
  HttpResponseNotFound,
  HttpResponseNotAllowed,
  HttpResponseGone,
  HttpResponseServerError,
  JsonResponse,
} from './response.js';
export type { Content, CookieOptions, ResponseCookie, ResponseInit } from './response.js';
export { StreamingHttpResponse, FileResponse } from './streaming.js';
export type { StreamSource, FileResponseOptions } from './streaming.js';
export { TemplateResponse, setTemplateLoader } from './template-response.js';
export type { RenderableTemplate, TemplateLoader } from './template-response.js';
export { ResponseHeaders } from './response-headers.js';
export { HttpHeaders } from './request-headers.js';
export { defineRequestSlot, RequestSlotMissing, RequestSlotTaken } from './request-slot.js';
export type { RequestSlot, RequestSlotOptions } from './request-slot.js';
export { QueryDict } from './query-dict.js';
export { MultiValueDict } from './multi-value-dict.js';
export { parseCookieHeader, serializeCookie } from './cookies.js';
export * from './errors.js';
export { Http404 } from '../conf/errors.js';
export {
  addNeverCacheHeaders,
  getMaxAge,
  hasVaryHeader,
  maxAgeIn,
  maxAgeOf,
  parseCacheControl,
  patchCacheControl,
  patchResponseHeaders,
  patchVaryHeaders,
  splitHeaderList,
} from './cache-control.js';
export type { CacheControlDirectives, DirectiveValue, ParsedCacheControl } from './cache-control.js';
export { getConditionalResponse, httpDate, parseEtags, parseHttpDate, quoteEtag, setResponseEtag } from './conditional.js';
export type { ConditionalOptions } from './conditional.js';
export { MAX_JSON_DEPTH, parseJsonBody } from './json-body.js';
export { absoluteUri } from './absolute-uri.js';
export { urlHasAllowedHostAndScheme } from './url-has-allowed-host-and-scheme.js';
