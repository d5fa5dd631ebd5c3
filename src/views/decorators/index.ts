export { requireHttpMethods, requireGET, requirePOST, requireSafe } from './http.js';
export { cacheControl, cachePage, neverCache } from './cache.js';
export { varyOnCookie, varyOnHeaders } from './vary.js';
export { xframeOptionsDeny, xframeOptionsExempt, xframeOptionsSameorigin } from './clickjacking.js';
export { noAppendSlash } from './common.js';
