import type { HttpRequest } from '../../src/http/index.js';
import { HttpResponse, JsonResponse } from '../../src/http/index.js';
import { ValueError } from './errors.js';
import { UserInfo } from './models.js';
import { pizzaCalls, pizzaDone } from './signals.js';

const text = (body: string): HttpResponse => new HttpResponse(body, { contentType: 'text/plain; charset=utf-8' });

/** GET /hello/: passes through every middleware and answers `ok`. */
export function hello(_request: HttpRequest): HttpResponse {
  return text('ok');
}

/**
 * GET /cached/: cachePage(15 minutes) in the URLconf; the body is when the view really ran (ms
 * since the epoch), so the same body for 15 minutes shows the cache answering.
 */
export function cached(_request: HttpRequest): HttpResponse {
  return text(String(Date.now()));
}

/** GET /error/: raises ValueError; Md2 answers 500 `error`. */
export function error(_request: HttpRequest): HttpResponse {
  throw new ValueError('the demo raises on purpose');
}

/** GET /pizza/: sends pizza_done and shows the call the receiver recorded. */
export function pizza(_request: HttpRequest): JsonResponse {
  pizzaDone.send('seven', { toppings: '123', size: '456' });
  return new JsonResponse(pizzaCalls[pizzaCalls.length - 1] ?? {});
}

/** GET /no-slash/: exists only with the slash; CommonMiddleware's APPEND_SLASH redirects to it. */
export function noSlash(_request: HttpRequest): HttpResponse {
  return text('no-slash');
}

/** GET /userinfo/create/?name=..&pwd=..: UserInfo.objects.create, which fires pre_save/post_save. */
export async function userinfoCreate(request: HttpRequest): Promise<JsonResponse> {
  const info = await UserInfo.objects.create({ name: request.GET.get('name') ?? '', pwd: request.GET.get('pwd') ?? '' });
  return new JsonResponse({ id: info.id });
}

/**
 * POST /api/echo/: CSRF-protected (the token from the X-CSRFToken header, seed 000's ajax, or the
 * csrfmiddlewaretoken field); answers the posted form or JSON body as JSON.
 */
export function apiEcho(request: HttpRequest): JsonResponse {
  if ((request.contentType ?? '').startsWith('application/json')) return new JsonResponse(request.json(), { safe: false });
  const form: Record<string, string> = {};
  for (const [key, value] of request.POST.items()) if (key !== 'csrfmiddlewaretoken') form[key] = value;
  return new JsonResponse(form);
}
