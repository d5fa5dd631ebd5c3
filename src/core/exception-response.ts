import type { HttpRequest } from '../http/request.js';
import type { HttpResponseBase } from '../http/response.js';
import type { UrlConf, View } from '../urls/types.js';
import { technical404Response, technical500Response } from '../views/debug.js';
import { badRequest, pageNotFound, payloadTooLarge, permissionDenied, serverError } from '../views/defaults.js';
import { BadRequest, Http404, PermissionDenied, RequestDataTooBig, SuspiciousOperation } from '../conf/errors.js';
import { getLogger } from '../conf/log.js';
import type { Settings } from '../conf/settings/index.js';
import { gotRequestException } from './signals.js';

const requestLog = getLogger('canter.request');

/**
 * Turns an error thrown by a view or middleware into the answer Django gives: 404, 403, 400, 413
 * or 500, through the URLconf's handler404/403/400/500 when it names one, or the technical pages
 * when DEBUG is on. Never throws.
 */
export async function responseForException(request: HttpRequest, error: unknown, s: Settings): Promise<HttpResponseBase> {
  const urlconf = s.ROOT_URLCONF;
  if (error instanceof Http404) {
    requestLog.warning(`Not Found: ${request.path}`, { extra: { status: 404 } });
    return s.DEBUG ? technical404Response(request, error) : errorPage(request, error, urlconf?.handler404, pageNotFound, urlconf);
  }
  if (error instanceof PermissionDenied) {
    requestLog.warning(`Forbidden (Permission denied): ${request.path}`, { extra: { status: 403 } });
    return errorPage(request, error, urlconf?.handler403, permissionDenied, urlconf);
  }
  if (error instanceof RequestDataTooBig) {
    getLogger('canter.security.RequestDataTooBig').error(error.message);
    return s.DEBUG ? technical500Response(request, error, 413) : payloadTooLarge(request, error);
  }
  if (error instanceof SuspiciousOperation || error instanceof BadRequest) {
    if (error instanceof SuspiciousOperation) getLogger(`canter.security.${error.name}`).error(error.message);
    else requestLog.warning(`Bad Request: ${request.path}`, { extra: { status: 400 } });
    return s.DEBUG ? technical500Response(request, error, 400) : errorPage(request, error, urlconf?.handler400, badRequest, urlconf);
  }
  try {
    await gotRequestException.asendRobust(undefined, { request, exception: error });
  } catch {
    // A broken receiver must not stop the 500 page.
  }
  requestLog.error(`Internal Server Error: ${request.path}`, { error, extra: { status: 500 } });
  if (s.DEBUG) return technical500Response(request, error, 500);
  return errorPage(request, error, urlconf?.handler500, serverError, urlconf);
}

async function errorPage(
  request: HttpRequest,
  error: unknown,
  custom: View | undefined,
  fallback: (request: HttpRequest, error?: unknown) => HttpResponseBase,
  _urlconf: UrlConf | null,
): Promise<HttpResponseBase> {
  if (custom === undefined) return fallback(request, error);
  try {
    const response = await (fallback === serverError ? custom(request) : custom(request, error));
    if (response !== undefined && response !== null) return response;
    throw new TypeError(`The error handler ${custom.name || '(anonymous)'} returned nothing.`);
  } catch (handlerError) {
    requestLog.error(`The error handler ${custom.name || '(anonymous)'} failed for ${request.path}`, { error: handlerError });
    return serverError(request);
  }
}
