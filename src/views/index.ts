export { requireHttpMethods, requireGET, requirePOST, requireSafe } from './decorators/http.js';
export { cacheControl, cachePage, neverCache } from './decorators/cache.js';
export { varyOnCookie, varyOnHeaders } from './decorators/vary.js';
export { xframeOptionsDeny, xframeOptionsExempt, xframeOptionsSameorigin } from './decorators/clickjacking.js';
export { noAppendSlash } from './decorators/common.js';
export { pageNotFound, serverError, badRequest, permissionDenied } from './defaults.js';
export { technical404Response, technical500Response } from './debug.js';
