export { requireHttpMethods, requireGET, requirePOST, requireSafe } from './decorators/http.js';
export { pageNotFound, serverError, badRequest, permissionDenied } from './defaults.js';
export { technical404Response, technical500Response } from './debug.js';
