import type { HttpRequest } from '../http/request.js';
import {
  HttpResponseBadRequest,
  HttpResponseForbidden,
  HttpResponseNotFound,
  HttpResponseServerError,
} from '../http/response.js';
import type { HttpResponse } from '../http/response.js';

/**
 * The plain error pages a site shows when DEBUG is off and its URLconf names no handler404 etc.
 * They reveal nothing about the request or the error.
 */

export function pageNotFound(_request: HttpRequest, _exception?: unknown): HttpResponse {
  return new HttpResponseNotFound(
    '<!doctype html>\n<html lang="en"><head><title>Not Found</title></head><body>' +
      '<h1>Not Found</h1><p>The requested resource was not found on this server.</p></body></html>\n',
  );
}

export function serverError(_request: HttpRequest): HttpResponse {
  return new HttpResponseServerError(
    '<!doctype html>\n<html lang="en"><head><title>Server Error (500)</title></head><body>' +
      '<h1>Server Error (500)</h1></body></html>\n',
  );
}

export function badRequest(_request: HttpRequest, _exception?: unknown): HttpResponse {
  return new HttpResponseBadRequest(
    '<!doctype html>\n<html lang="en"><head><title>Bad Request (400)</title></head><body>' +
      '<h1>Bad Request (400)</h1></body></html>\n',
  );
}

export function permissionDenied(_request: HttpRequest, _exception?: unknown): HttpResponse {
  return new HttpResponseForbidden(
    '<!doctype html>\n<html lang="en"><head><title>403 Forbidden</title></head><body>' +
      '<h1>403 Forbidden</h1></body></html>\n',
  );
}

/** 413: the body was larger than DATA_UPLOAD_MAX_MEMORY_SIZE. */
export function payloadTooLarge(_request: HttpRequest, _exception?: unknown): HttpResponse {
  const response = new HttpResponseBadRequest(
    '<!doctype html>\n<html lang="en"><head><title>Payload Too Large (413)</title></head><body>' +
      '<h1>Payload Too Large (413)</h1></body></html>\n',
  );
  response.statusCode = 413;
  return response;
}
